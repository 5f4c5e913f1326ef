# SPDX-License-Identifier: BSD-3-Clause
"""helloworld on linuxu-x86_64: build time, size, start-up cost vs static glibc."""

import os
import re
import subprocess
import time

from bench import ROOT

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
    # What a rebuild costs: nothing changed, then one option that a single
    # source mentions (the default heap size: plat/linuxu/memory.c).
    base = ["make", "--no-print-directory", "-C", ROOT, "A=apps/helloworld", f"O={d}",
            f"C={d}/.config", "-j2"]
    t0 = time.monotonic()
    b.sh(base)
    b.figure("no-op make (nothing changed)", f"{time.monotonic() - t0:.2f}", "s")
    cfg = os.path.join(d, ".config")
    with open(cfg) as f:
        text = f.read()
    with open(cfg, "w") as f:
        f.write(re.sub(r"CONFIG_LINUXU_DEFAULT_HEAPMB=\d+", "CONFIG_LINUXU_DEFAULT_HEAPMB=24",
                       text))
    t0 = time.monotonic()
    out = b.sh(base)
    b.figure("rebuild after one option change (default heap size)",
             f"{time.monotonic() - t0:.2f}", "s",
             f"{len(re.findall(r'^  CC ', out, re.M))} object(s) recompiled")
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
