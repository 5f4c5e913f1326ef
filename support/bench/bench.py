# SPDX-License-Identifier: BSD-3-Clause
"""Benchmark driver: runs support/bench/bench_*.py, each of which defines

    NAME = "linuxu"            # what `bench <word>` selects on
    def run(b): ...            # b: the helper object below

and prints its figures through b.figure(). Builds go to build/bench/<name>.
Nothing here passes or fails on timing; a benchmark only fails when what
it measures cannot be built or run.
"""

import glob
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
BENCH_DIR = os.path.join(ROOT, "build", "bench")


class B:
    def __init__(self, name):
        self.name = name

    def figure(self, what, value, unit="", note=""):
        line = f"  {what:<52} {value:>14} {unit}"
        if note:
            line += f"  ({note})"
        print(line.rstrip(), flush=True)

    def build(self, name, app, config, libs=(), make_args=(), clean=True):
        """Build app with the config fragment in build/bench/<name>;
        returns (build dir, wall seconds, cpu seconds)."""
        d = os.path.join(BENCH_DIR, name)
        if clean and os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d, exist_ok=True)
        app = app if os.path.isabs(app) else os.path.join(ROOT, app)
        frag = os.path.join(d, "defconfig")
        with open(frag, "w") as f:
            f.write("\n".join(config) + "\n")
        base = ["make", "--no-print-directory", "-C", ROOT, f"A={app}", f"O={d}",
                f"C={d}/.config"] + (["L=" + ":".join(libs)] if libs else []) + list(make_args)
        self.sh(base + ["defconfig", f"UK_DEFCONFIG={frag}"])
        t0, r0 = time.monotonic(), os.times()
        self.sh(base + ["-j2"])
        r1 = os.times()
        cpu = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
        return d, time.monotonic() - t0, cpu

    def sh(self, cmd, timeout=1800, **kw):
        """Run cmd (bounded by timeout seconds); its output, or raise."""
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout, **kw)
        if r.returncode != 0:
            sys.stdout.write(r.stdout.decode(errors="replace")[-3000:])
            raise RuntimeError(f"command failed ({r.returncode}): {' '.join(cmd)}")
        return r.stdout.decode(errors="replace")

    def wall(self, cmd, runs=20, timeout=600, **kw):
        """Median wall seconds of runs executions of cmd (output discarded);
        each run is bounded by timeout seconds."""
        times = []
        for _ in range(runs):
            t0 = time.monotonic()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, timeout=timeout, **kw)
            times.append(time.monotonic() - t0)
        return statistics.median(times)

    def instructions(self, cmd):
        """Instructions executed by cmd, counted by callgrind (user space only)."""
        out = os.path.join(BENCH_DIR, f"callgrind.{os.getpid()}.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=1800)
        os.unlink(out) if os.path.exists(out) else None
        for line in r.stderr.decode(errors="replace").splitlines():
            if "Collected :" in line:
                return int(line.split(":")[1].strip())
        raise RuntimeError("callgrind gave no count:\n" + r.stderr.decode(errors="replace")[-2000:])


def main():
    args = sys.argv[1:]
    mods = []
    for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "bench_*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods.append(mod)
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if args and args[0] == "--list":
        for m in mods:
            print(f"{m.NAME:<16} {(m.__doc__ or '').strip().splitlines()[0]}")
        return 0
    chosen = [m for m in mods if not args or any(a in m.NAME for a in args)]
    if not chosen:
        print(f"no benchmark matches {' '.join(args)} (see bench --list)")
        return 2
    os.makedirs(BENCH_DIR, exist_ok=True)
    failed = 0
    for m in chosen:
        print(f"== {m.NAME}: {(m.__doc__ or '').strip().splitlines()[0]}", flush=True)
        try:
            m.run(B(m.NAME))
        except Exception as e:  # report, go on with the others
            print(f"  could not measure: {e}", flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
