# SPDX-License-Identifier: BSD-3-Clause
"""newlib and the POSIX layer: image size, clean build time with newlib, getpid() and write(/dev/null) vs Linux."""

import os
import re
import shutil
import subprocess

from bench import BENCH_DIR, ROOT
from qemubench import accel_of, qemu_cmd

NAME = "posix"

# One program, three builds: Tessera linuxu, Tessera kvm, native glibc.
BENCH_C = r"""#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char *argv[])
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	int fd = open("/dev/null", O_WRONLY);
	volatile long sink = 0;
	double t0, best_pid = 1e18, best_wr = 1e18;

	if (fd < 0) {
		perror("/dev/null");
		return 1;
	}
	for (int round = 0; round < 5; round++) {
		t0 = now();
		for (long i = 0; i < n; i++)
			sink += getpid();
		if ((now() - t0) / n < best_pid)
			best_pid = (now() - t0) / n;
		t0 = now();
		for (long i = 0; i < n; i++)
			sink += write(fd, "x", 1);
		if ((now() - t0) / n < best_wr)
			best_wr = (now() - t0) / n;
	}
	printf("getpid_ns %.2f\nwrite_devnull_ns %.2f\n", best_pid, best_wr);
	return sink == 0;
}
"""


def write_app(d):
    app = os.path.join(d, "posixbench")
    os.makedirs(app, exist_ok=True)
    with open(os.path.join(app, "main.c"), "w") as f:
        f.write(BENCH_C)
    with open(os.path.join(app, "Makefile.uk"), "w") as f:
        f.write("$(eval $(call addlib,appposixbench))\n"
                "APPPOSIXBENCH_SRCS-y += $(APPPOSIXBENCH_BASE)/main.c\n")
    with open(os.path.join(app, "Config.uk"), "w") as f:
        f.write("config APPPOSIXBENCH\n\tbool\n\tdefault y\n\tselect LIBNEWLIBC\n")
    return app


def parse(out):
    vals = dict(re.findall(r"^(\w+) ([\d.]+)", out, re.M))
    return float(vals["getpid_ns"]), float(vals["write_devnull_ns"])


def run(b):
    work = os.path.join(BENCH_DIR, "posix-work")
    os.makedirs(work, exist_ok=True)
    app = write_app(work)
    cache = os.environ.get("UK_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tessera")

    # Clean build including newlib: a private cache holding only the
    # archive (copied from the usual cache, fetched there if needed).
    subprocess.run(["make", "--no-print-directory", "-C", ROOT, "A=apps/posixdemo",
                    f"O={work}/fetch", f"C={work}/fetch.config", "fetch"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    clean_cache = os.path.join(work, "clean-cache")
    shutil.rmtree(clean_cache, ignore_errors=True)
    os.makedirs(os.path.join(clean_cache, "archives"))
    src = os.path.join(cache, "archives", "newlib-3.3.0.tar.xz")
    if os.path.exists(src):
        shutil.copy(src, os.path.join(clean_cache, "archives"))
    old = os.environ.get("UK_CACHE")
    os.environ["UK_CACHE"] = clean_cache
    try:
        d, wall, cpu = b.build("posix-demo-clean", "apps/posixdemo",
                               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"])
    finally:
        if old is None:
            del os.environ["UK_CACHE"]
        else:
            os.environ["UK_CACHE"] = old
    b.figure("clean build of posixdemo incl. newlib, -j2: wall", f"{wall:.1f}", "s")
    b.figure("clean build of posixdemo incl. newlib: CPU", f"{cpu:.1f}", "s")
    d2, wall2, _ = b.build("posix-demo-cached", "apps/posixdemo",
                           ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"])
    b.figure("clean build with newlib in the cache, -j2: wall", f"{wall2:.1f}", "s")
    img = os.path.join(d2, "posixdemo_linuxu-x86_64")
    b.figure("posixdemo (newlib) linuxu image, stripped", os.path.getsize(img), "B")
    dk, _, _ = b.build("posix-demo-kvm", "apps/posixdemo",
                       ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y",
                        "# CONFIG_PLAT_LINUXU is not set"])
    b.figure("posixdemo (newlib) kvm image, stripped",
             os.path.getsize(os.path.join(dk, "posixdemo_kvm-x86_64")), "B")

    # getpid and write(/dev/null): unikernel vs the same C natively.
    du, _, _ = b.build("posix-bench-linuxu", app,
                       ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"])
    out = b.sh([os.path.join(du, "posixbench_linuxu-x86_64"), "--", "2000000"])
    u_pid, u_wr = parse(out)
    native = os.path.join(work, "posixbench-native")
    b.sh(["gcc", "-O2", "-o", native, os.path.join(app, "main.c")])
    n_pid, n_wr = parse(b.sh([native, "2000000"]))
    b.figure("getpid(): Linux native (glibc, a system call)", f"{n_pid:.1f}", "ns")
    b.figure("getpid(): Tessera linuxu (a function call)", f"{u_pid:.2f}", "ns",
             f"{n_pid / max(u_pid, 0.01):.0f}x cheaper")
    b.figure("write(/dev/null, 1 byte): Linux native", f"{n_wr:.1f}", "ns")
    b.figure("write(/dev/null, 1 byte): Tessera linuxu", f"{u_wr:.2f}", "ns",
             f"{n_wr / max(u_wr, 0.01):.0f}x cheaper")
    if shutil.which("qemu-system-x86_64"):
        dkb, _, _ = b.build("posix-bench-kvm", app,
                            ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y",
                             "# CONFIG_PLAT_LINUXU is not set"])
        kimg = os.path.join(dkb, "posixbench_kvm-x86_64")
        r = subprocess.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "--timeout",
                            "300", "-k", kimg, "-a", "-- 200000"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=330)
        accel = "KVM" if accel_of(qemu_cmd(kimg)) == "KVM" else "TCG emulation"
        try:
            k_pid, k_wr = parse(r.stdout.decode(errors="replace"))
            b.figure("getpid(): Tessera kvm", f"{k_pid:.2f}", "ns", accel)
            b.figure("write(/dev/null, 1 byte): Tessera kvm", f"{k_wr:.2f}", "ns", accel)
        except KeyError:
            b.figure("kvm run", "failed", "", r.stderr.decode(errors="replace")[-200:])
