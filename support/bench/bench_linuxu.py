# SPDX-License-Identifier: BSD-3-Clause
"""helloworld on linuxu-x86_64: build time, size, start-up cost vs static glibc."""

import os
import subprocess

NAME = "linuxu"

HELLO_C = r"""#include <stdio.h>
int main(int argc, char *argv[])
{
	printf("Hello world!\n");
	for (int i = 1; i < argc; i++)
		printf("Argument %d: %s\n", i, argv[i]);
	return 0;
}
"""


def run(b):
    d, wall, cpu = b.build("linuxu-hello", "apps/helloworld",
                           ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"])
    img = os.path.join(d, "helloworld_linuxu-x86_64")
    b.figure("clean build, make -j2: wall", f"{wall:.2f}", "s")
    b.figure("clean build, make -j2: CPU (user+sys)", f"{cpu:.2f}", "s")
    b.figure("stripped image size", os.path.getsize(img), "B")
    b.figure("instructions per run (callgrind)", f"{b.instructions([img]):,}")

    native = os.path.join(d, "hello-glibc-static")
    src = native + ".c"
    with open(src, "w") as f:
        f.write(HELLO_C)
    b.sh(["gcc", "-static", "-O2", src, "-o", native])
    subprocess.run(["strip", "-o", native + ".stripped", native], check=True)
    b.figure("static glibc hello: stripped size", os.path.getsize(native + ".stripped"), "B")
    b.figure("static glibc hello: instructions per run", f"{b.instructions([native]):,}")

    ours = b.wall([img], runs=200)
    theirs = b.wall([native], runs=200)
    b.figure("median wall per run (200 runs)", f"{ours * 1e6:.0f}", "us")
    b.figure("static glibc: median wall per run", f"{theirs * 1e6:.0f}", "us",
             f"ours/glibc = {ours / theirs:.2f}")
