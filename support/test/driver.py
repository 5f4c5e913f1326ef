# SPDX-License-Identifier: BSD-3-Clause
"""Tessera's integration test driver.

Test suites are the files support/test/suite_*.py. Each declares builds
(an application plus a configuration fragment) and tests (functions that
build what they need, run images and check what happened):

    from driver import Build, test

    HELLO = Build("hello-linuxu-x86_64", "apps/helloworld",
                  ["CONFIG_PLAT_LINUXU=y"])

    @test("helloworld/linuxu-x86_64: prints its arguments")
    def _(t):
        img = t.build(HELLO).image("linuxu")
        r = t.run([img, "a"])
        t.expect_status(r, 0)
        t.expect_in(r.out, "Argument 1: a")

Every build happens once, in its own directory under build/tests/, however
many tests use it. Tests run in parallel (-j). A test that cannot run here
for a reason outside the project (no network) calls t.skip(why): it is
printed as SKIP and counted on a line of its own ("N skipped") before the
last one. The last line printed is "N passed, N failed"; the exit status
is 1 if anything failed.
"""

import argparse
import fcntl
import glob
import importlib.util
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
TESTS_DIR = os.path.join(ROOT, "build", "tests")
JOBS = os.cpu_count() or 2
VERBOSE = False


class TestFailure(Exception):
    """A check failed; the message says which and what was seen."""


class TestSkipped(Exception):
    """The test cannot run here (t.skip); the message says why."""


class Build:
    """An application built with a configuration fragment.

    app: application directory (relative to the project root, or absolute)
    config: list of "CONFIG_X=y" lines; everything else takes its default
    libs: external library folders (the L= of the build driver)
    make_args: more make variables ("V=1", "CROSS_COMPILE=...")
    timeout: seconds the build may take
    """

    registry = {}

    def __init__(self, name, app, config, libs=(), make_args=(), timeout=900):
        if name in Build.registry:
            raise ValueError(f"build {name} declared twice")
        self.name = name
        self.app = app if os.path.isabs(app) else os.path.join(ROOT, app)
        self.config = list(config)
        self.libs = list(libs)
        self.make_args = list(make_args)
        self.timeout = timeout
        self.dir = os.path.join(TESTS_DIR, name)
        self.lock = threading.Lock()
        self.done = False
        self.error = None
        self.log = os.path.join(self.dir, "build.log")
        Build.registry[name] = self

    def make_cmd(self, *goals):
        cmd = ["make", "--no-print-directory", "-C", ROOT, f"A={self.app}",
               f"O={self.dir}", f"C={os.path.join(self.dir, '.config')}"]
        if self.libs:
            cmd.append("L=" + ":".join(self.libs))
        return cmd + self.make_args + list(goals)

    def ensure(self):
        """Build once; later callers wait for the first and share its result."""
        with self.lock:
            if not self.done:
                self.done = True
                try:
                    self._build()
                except TestFailure as e:
                    self.error = str(e)
            if self.error:
                raise TestFailure(f"build {self.name} failed: {self.error}")
        return self

    def _build(self):
        if os.path.isdir(self.dir):
            shutil.rmtree(self.dir)
        os.makedirs(self.dir)
        frag = os.path.join(self.dir, "defconfig")
        with open(frag, "w") as f:
            f.write("\n".join(self.config) + "\n")
        with open(self.log, "w") as log:
            for cmd in (self.make_cmd("defconfig", f"UK_DEFCONFIG={frag}"),
                        self.make_cmd(f"-j{JOBS}")):
                log.write("$ " + " ".join(cmd) + "\n")
                log.flush()
                try:
                    rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL,
                                        timeout=self.timeout).returncode
                except subprocess.TimeoutExpired:
                    raise TestFailure(f"timed out after {self.timeout}s (log: {self.log})")
                if rc != 0:
                    raise TestFailure(f"make exited with {rc}\n" + tail(self.log, 25))

    def image(self, plat, arch=None):
        """Path of the stripped image for plat (and arch, default from the config)."""
        arch = arch or self.arch()
        name = self.config_value("CONFIG_UK_NAME") or os.path.basename(self.app)
        path = os.path.join(self.dir, f"{name}_{plat}-{arch}")
        if not os.path.exists(path):
            raise TestFailure(f"build {self.name} made no image {path}")
        return path

    def arch(self):
        return self.config_value("CONFIG_UK_ARCH") or "x86_64"

    def config_value(self, key):
        try:
            with open(os.path.join(self.dir, ".config")) as f:
                for line in f:
                    if line.startswith(key + "="):
                        return line.split("=", 1)[1].strip().strip('"')
        except FileNotFoundError:
            pass
        return None


class Result:
    """What a run produced: status (negative: killed by that signal)."""

    def __init__(self, cmd, status, out, err, timed_out, seconds):
        self.cmd = cmd
        self.status = status
        self.out = out
        self.err = err
        self.timed_out = timed_out
        self.seconds = seconds

    def describe(self):
        s = f"$ {' '.join(self.cmd)}\n"
        s += "(timed out) " if self.timed_out else ""
        s += f"status {self.status}\n"
        both = self.out + (("\n[stderr]\n" + self.err) if self.err else "")
        lines = both.splitlines()
        if len(lines) > 40 and not VERBOSE:
            lines = ["..."] + lines[-40:]
        return s + "\n".join("  | " + l for l in lines)


class T:
    """Handed to each test: builds, runs and checks."""

    def __init__(self, name):
        self.name = name
        self.notes = []

    def build(self, b):
        return b.ensure()

    def run(self, cmd, timeout=30, stdin="null", input=None, env=None, cwd=None):
        """Run cmd. stdin: "null", "pipe" (input= bytes/str is written) or
        "tty" (stdin and stdout are a pseudo terminal). stderr is kept apart
        except with "tty"."""
        cmd = [str(c) for c in cmd]
        start = time.monotonic()
        if stdin == "tty":
            return self._run_tty(cmd, timeout, input, env, cwd, start)
        if isinstance(input, str):
            input = input.encode()
        try:
            p = subprocess.run(cmd, input=input if stdin == "pipe" else None,
                               stdin=subprocess.DEVNULL if stdin == "null" else None,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout, env=env, cwd=cwd,
                               start_new_session=True)
            return Result(cmd, p.returncode, p.stdout.decode(errors="replace"),
                          p.stderr.decode(errors="replace"), False,
                          time.monotonic() - start)
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace")
            err = (e.stderr or b"").decode(errors="replace")
            return Result(cmd, None, out, err, True, time.monotonic() - start)

    def _run_tty(self, cmd, timeout, input, env, cwd, start):
        master, slave = pty.openpty()
        p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                             env=env, cwd=cwd, start_new_session=True)
        os.close(slave)
        if input:
            os.write(master, input.encode() if isinstance(input, str) else input)
        chunks, timed_out = [], False
        while True:
            left = timeout - (time.monotonic() - start)
            if left <= 0:
                timed_out = True
                break
            r, _, _ = select.select([master], [], [], min(left, 0.5))
            if r:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: every holder of the slave side closed it
                    break
                if not data:
                    break
                chunks.append(data)
            elif p.poll() is not None:
                break
        if timed_out:
            os.killpg(p.pid, signal.SIGKILL)
        status = p.wait()
        os.close(master)
        out = b"".join(chunks).decode(errors="replace").replace("\r\n", "\n")
        return Result(cmd, None if timed_out else status, out, "", timed_out,
                      time.monotonic() - start)

    # Checks. Each raises TestFailure with what it saw.
    def fail(self, msg, result=None):
        if result is not None:
            msg += "\n" + result.describe()
        raise TestFailure(msg)

    def expect(self, cond, msg, result=None):
        if not cond:
            self.fail(msg, result)

    def expect_status(self, r, status):
        if r.timed_out:
            self.fail(f"timed out (expected exit status {status})", r)
        if r.status != status:
            self.fail(f"exit status {r.status}, expected {status}", r)

    def expect_in(self, text, needle, r=None):
        if needle not in text:
            self.fail(f"expected output to contain {needle!r}", r)

    def expect_not_in(self, text, needle, r=None):
        if needle in text:
            self.fail(f"expected output not to contain {needle!r}", r)

    def expect_regex(self, text, pattern, r=None):
        m = re.search(pattern, text, re.M)
        if not m:
            self.fail(f"expected output to match /{pattern}/", r)
        return m

    def skip(self, why):
        """Stop the test as skipped: something outside the project that it
        needs (the network, a mirror) is not available. Never for a
        failure of the project's own code."""
        raise TestSkipped(why)

    def note(self, text):
        """A figure or remark printed under the test's result line."""
        self.notes.append(text)


def tail(path, n):
    try:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return ""
    return "\n".join("  | " + l for l in lines[-n:])


TESTS = []


def test(name, needs=()):
    """Register a test. needs: commands that must exist (else it fails
    saying which is missing: support/scripts/setup installs them)."""
    def register(fn):
        if any(t[0] == name for t in TESTS):
            raise ValueError(f"test {name!r} declared twice")
        TESTS.append((name, fn, tuple(needs)))
        return fn
    return register


def load_suites():
    # Suites "import driver": make that this very module, not a second copy.
    sys.modules.setdefault("driver", sys.modules[__name__])
    for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "suite_*.py"))):
        modname = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(modname, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[modname] = mod
        spec.loader.exec_module(mod)


def run_one(entry, print_lock, counts):
    name, fn, needs = entry
    t = T(name)
    start = time.monotonic()
    missing = [c for c in needs if not shutil.which(c)]
    try:
        if missing:
            raise TestFailure("missing " + ", ".join(missing) +
                              ": run support/scripts/setup")
        fn(t)
        outcome, detail = "PASS", ""
    except TestSkipped as e:
        outcome, detail = "SKIP", str(e)
    except TestFailure as e:
        outcome, detail = "FAIL", str(e)
    except Exception:
        outcome, detail = "FAIL", traceback.format_exc()
    secs = time.monotonic() - start
    with print_lock:
        print(f"{outcome}  {name}  ({secs:.1f}s)", flush=True)
        for n in t.notes:
            print(f"      {n}", flush=True)
        for line in detail.splitlines():
            print(f"      {line}", flush=True)
        counts[outcome] += 1


def main():
    global JOBS, VERBOSE
    ap = argparse.ArgumentParser(
        prog="runtests",
        description="Build and run Tessera's test images; prints 'N passed, N failed' last.")
    ap.add_argument("-k", dest="patterns", action="append", default=[],
                    help="run only tests whose name contains this text (repeatable)")
    ap.add_argument("-j", dest="jobs", type=int, default=JOBS,
                    help=f"tests run at once, and make -j for builds (default {JOBS})")
    ap.add_argument("-v", dest="verbose", action="store_true",
                    help="show the whole output of failed runs")
    ap.add_argument("--list", action="store_true", help="list the tests and stop")
    args = ap.parse_args()
    JOBS, VERBOSE = max(1, args.jobs), args.verbose

    load_suites()
    selected = [t for t in TESTS
                if not args.patterns or any(p in t[0] for p in args.patterns)]
    if args.list:
        for t in selected:
            print(t[0])
        return 0
    if not selected:
        print("no test matches " + " ".join(args.patterns))
        print("0 passed, 0 failed")
        return 1
    os.makedirs(TESTS_DIR, exist_ok=True)
    # Two runs at once would rebuild the same build/tests/<name> under each
    # other: the second waits for the first.
    run_lock = open(os.path.join(TESTS_DIR, ".lock"), "w")
    try:
        fcntl.flock(run_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("runtests: another run is using build/tests; waiting for it", flush=True)
        fcntl.flock(run_lock, fcntl.LOCK_EX)
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    lock = threading.Lock()
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        for f in [pool.submit(run_one, t, lock, counts) for t in selected]:
            f.result()
    if counts["SKIP"]:
        print(f"{counts['SKIP']} skipped (lines starting with SKIP say why)", flush=True)
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed", flush=True)
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
