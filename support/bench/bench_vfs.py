# SPDX-License-Identifier: BSD-3-Clause
"""What vfscore's locks cost: pwrite, pread, open+close and stat of a ramfs
file, under the cooperative scheduler (locks compiled out), the
cooperative one with CONFIG_LIBVFSCORE_LOCKS=y, and the preemptive one
(locks always on).

Instructions are counted by callgrind inside each workload function alone
(a loop of N calls, one thread, so every lock is uncontended), divided by
N: stable from run to run. Wall nanoseconds per call are measured inside
the program (best of 5 rounds) and printed for the record.
"""

import os
import re
import subprocess

from bench import BENCH_DIR

NAME = "vfs"
N = 100000
LINUXU = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"]
VARIANTS = [  # (label, configuration)
    ("coop", ["CONFIG_LIBUKSCHEDCOOP=y"]),
    ("coop + LIBVFSCORE_LOCKS", ["CONFIG_LIBUKSCHEDCOOP=y", "CONFIG_LIBVFSCORE_LOCKS=y"]),
    ("preempt", ["CONFIG_LIBUKSCHEDPREEMPT=y"]),
]
OPS = ("pwrite", "pread", "open_close", "stat")

BENCH_C = r"""#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#define PATH "/vfsbench/dir/file"

static int fd;
static char buf[64];
static volatile long sink;

/* Each: n calls of one operation on a 64-byte ramfs file. */
__attribute__((noinline)) void work_pwrite(long n)
{
	for (long i = 0; i < n; i++)
		sink += pwrite(fd, buf, sizeof(buf), 0);
}

__attribute__((noinline)) void work_pread(long n)
{
	for (long i = 0; i < n; i++)
		sink += pread(fd, buf, sizeof(buf), 0);
}

__attribute__((noinline)) void work_open_close(long n)
{
	for (long i = 0; i < n; i++)
		sink += close(open(PATH, O_RDONLY));
}

__attribute__((noinline)) void work_stat(long n)
{
	struct stat st;

	for (long i = 0; i < n; i++)
		sink += stat(PATH, &st);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void measure(const char *name, void (*fn)(long), long n)
{
	double best = 1e18;

	for (int round = 0; round < 5; round++) {
		double t0 = now();

		fn(n);
		if ((now() - t0) / n < best)
			best = (now() - t0) / n;
	}
	printf("%s_ns %.2f\n", name, best);
}

int main(int argc, char *argv[])
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	int once = argc > 2; /* under callgrind: one round each */

	mkdir("/vfsbench", 0755);
	mkdir("/vfsbench/dir", 0755);
	fd = open(PATH, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf)) {
		perror(PATH);
		return 1;
	}
	if (once) {
		work_pwrite(n);
		work_pread(n);
		work_open_close(n);
		work_stat(n);
		return 0;
	}
	measure("pwrite", work_pwrite, n);
	measure("pread", work_pread, n);
	measure("open_close", work_open_close, n);
	measure("stat", work_stat, n);
	return 0;
}
"""


def write_app(d):
    app = os.path.join(d, "vfsbench")
    os.makedirs(app, exist_ok=True)
    files = {
        "main.c": BENCH_C,
        "Makefile.uk": "$(eval $(call addlib,appvfsbench))\n"
                       "APPVFSBENCH_SRCS-y += $(APPVFSBENCH_BASE)/main.c\n",
        "Config.uk": "config APPVFSBENCH\n\tbool\n\tdefault y\n\tselect LIBNEWLIBC\n",
    }
    for name, text in files.items():
        with open(os.path.join(app, name), "w") as f:
            f.write(text)
    return app


def instructions(img):
    """{op: instructions per call} counted inside each work_<op>()."""
    res = {}
    for op in OPS:
        out = os.path.join(BENCH_DIR, f"callgrind-vfs.{os.getpid()}.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--toggle-collect=work_{op}",
                            f"--callgrind-out-file={out}", img, "--", str(N), "once"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=1800)
        if os.path.exists(out):
            os.unlink(out)
        m = re.search(r"Collected : (\d+)", r.stderr.decode(errors="replace"))
        if not m:
            raise RuntimeError("callgrind gave no count:\n" +
                               r.stderr.decode(errors="replace")[-2000:])
        res[op] = int(m.group(1)) / N
    return res


def run(b):
    work = os.path.join(BENCH_DIR, "vfs-work")
    os.makedirs(work, exist_ok=True)
    app = write_app(work)
    results = {}
    for label, extra in VARIANTS:
        name = "vfs-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        d, _, _ = b.build(name, app, LINUXU + extra)
        with open(os.path.join(d, ".config")) as f:
            locks = "CONFIG_LIBVFSCORE_LOCKS=y" in f.read()
        img = os.path.join(d, "vfsbench_linuxu-x86_64")
        walls = dict((k, float(v)) for k, v in
                     re.findall(r"^(\w+)_ns ([\d.]+)", b.sh([img, "--", str(N)]), re.M))
        results[label] = (instructions(img + ".dbg"), walls, locks)
    base = results[VARIANTS[0][0]][0]
    print(f"  ramfs file of 64 B, one thread (uncontended locks); {N:,} calls each",
          flush=True)
    for label, (instr, walls, locks) in results.items():
        for op in OPS:
            note = f"locks {'on' if locks else 'off'}, wall {walls[op]:.1f} ns"
            if label != VARIANTS[0][0]:
                note += f", {instr[op] - base[op]:+.0f} instr vs coop"
            b.figure(f"{label}: {op.replace('_', '+')} instructions per call",
                     f"{instr[op]:.0f}", "", note)
