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
many tests use it. Tests run in parallel (-j).

Every test has a time limit (DEFAULT_TIMEOUT seconds, or @test(...,
timeout=N)), counted without the time it waits for builds (those have
their own limit). A test past its limit is stopped: the processes it
started are killed, and it fails with its name, "timed out", and the last
lines of the command it was running.

A test that cannot run here for a reason outside the project (no network,
not root for a tap device or a mount namespace) calls t.skip(why): it is
printed as SKIP with the reason. In-image test cases that report SKIPPED
(uktest's UK_TEST_SKIP), checked with t.check_uktest(), are printed as SKIP
lines of their own. The last line printed is "N passed, N failed, N
skipped"; the exit status is 1 if anything failed.
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
DEFAULT_TIMEOUT = 300  # seconds a test may take, builds not counted


class TestFailure(Exception):
    """A check failed; the message says which and what was seen."""


class TestSkipped(Exception):
    """The test cannot run here (t.skip); the message says why."""


class TestCancelled(Exception):
    """The test ran past its time limit and was stopped."""


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
        self.skipped_cases = []  # (case, reason) from check_uktest
        self.lock = threading.Lock()
        self.start = time.monotonic()
        self.build_seconds, self.build_since = 0.0, None
        self.cancelled = False
        self.procs = set()
        self.current = None  # the command running now
        self.last = None  # the Result of the last command that ended

    def build(self, b):
        """b, built (once per run; the time waited is not the test's)."""
        self.check_cancelled()
        with self.lock:
            self.build_since = time.monotonic()
        try:
            return b.ensure()
        finally:
            with self.lock:
                self.build_seconds += time.monotonic() - self.build_since
                self.build_since = None

    def elapsed(self):
        """Seconds the test has run, builds not counted."""
        now = time.monotonic()
        with self.lock:
            waiting = self.build_seconds + (now - self.build_since
                                            if self.build_since else 0)
        return now - self.start - waiting

    def cancel(self):
        """Stop the test: kill what it runs; its next step raises."""
        with self.lock:
            self.cancelled = True
            procs = list(self.procs)
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass

    def check_cancelled(self):
        if self.cancelled:
            raise TestCancelled()

    def _started(self, p, cmd):
        with self.lock:
            self.procs.add(p)
            self.current = cmd
        if self.cancelled:  # cancelled while starting it
            os.killpg(p.pid, signal.SIGKILL)

    def _ended(self, p, result):
        with self.lock:
            self.procs.discard(p)
            self.last = result
        self.check_cancelled()

    def run(self, cmd, timeout=30, stdin="null", input=None, env=None, cwd=None):
        """Run cmd. stdin: "null", "pipe" (input= bytes/str is written) or
        "tty" (stdin and stdout are a pseudo terminal). stderr is kept apart
        except with "tty"."""
        cmd = [str(c) for c in cmd]
        self.check_cancelled()
        start = time.monotonic()
        if stdin == "tty":
            return self._run_tty(cmd, timeout, input, env, cwd, start)
        if isinstance(input, str):
            input = input.encode()
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin == "pipe" else
                             subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, cwd=cwd,
                             start_new_session=True)
        self._started(p, cmd)
        timed_out = False
        try:
            out, err = p.communicate(input=input if stdin == "pipe" else None,
                                     timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            out, err = p.communicate()
        r = Result(cmd, None if timed_out else p.returncode,
                   out.decode(errors="replace"), err.decode(errors="replace"),
                   timed_out, time.monotonic() - start)
        self._ended(p, r)
        return r

    def _run_tty(self, cmd, timeout, input, env, cwd, start):
        master, slave = pty.openpty()
        p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                             env=env, cwd=cwd, start_new_session=True)
        self._started(p, cmd)
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
        r = Result(cmd, None if timed_out else status, out, "", timed_out,
                   time.monotonic() - start)
        self._ended(p, r)
        return r

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

    def check_uktest(self, r, image=None):
        """The uktest report in r is whole and clean: exactly the cases the
        image holds (its .dbg's uk_testtab entries, read with nm) each
        reported once, none FAILED, and the summary agrees. SKIPPED cases
        are recorded (the driver prints and counts them as skipped).
        image: default, the first word of r's command that has a .dbg.
        Returns the summary line."""
        if image is None:
            image = next((c for c in r.cmd if os.path.isfile(c + ".dbg")), None)
            if image is None:
                self.fail("no image with a .dbg in the command", r)
        expected = uktest_cases(image)
        out = r.out.replace("\r\n", "\n")
        if r.err:
            out += "\n" + r.err
        seen = {}
        for m in re.finditer(r"^\[ (PASSED|FAILED|SKIPPED) \] ([A-Za-z0-9_]+): "
                             r"([A-Za-z0-9_]+)(?:: (.*))?$", out, re.M):
            key = f"{m.group(2)}_{m.group(3)}"
            if key in seen:
                self.fail(f"uktest case {m.group(2)}: {m.group(3)} reported twice", r)
            seen[key] = (m.group(1), f"{m.group(2)}: {m.group(3)}", m.group(4))
        summary = self.expect_regex(out, r"^uktest: (\d+) passed, (\d+) failed, "
                                         r"(\d+) skipped$", r)
        failed = [v[1] for v in seen.values() if v[0] == "FAILED"]
        if failed:
            self.fail("uktest cases failed: " + ", ".join(failed), r)
        missing = sorted(set(expected) - set(seen))
        if missing:
            self.fail(f"{len(missing)} of the image's {len(expected)} uktest cases did not "
                      "report: " + ", ".join(missing), r)
        extra = sorted(set(seen) - set(expected))
        if extra:
            self.fail("uktest reported cases the image does not hold: " + ", ".join(extra), r)
        counts = [sum(1 for v in seen.values() if v[0] == k)
                  for k in ("PASSED", "FAILED", "SKIPPED")]
        if [int(g) for g in summary.groups()] != counts:
            self.fail(f"the summary {summary.group(0)!r} disagrees with the case lines "
                      f"({counts[0]} passed, {counts[1]} failed, {counts[2]} skipped)", r)
        for state, case, why in seen.values():
            if state == "SKIPPED":
                self.skipped_cases.append((case, why or "no reason given"))
        return summary.group(0)

    def skip(self, why):
        """Stop the test as skipped: something outside the project that it
        needs (the network, a mirror) is not available. Never for a
        failure of the project's own code."""
        raise TestSkipped(why)

    def note(self, text):
        """A figure or remark printed under the test's result line."""
        self.notes.append(text)


def uktest_cases(image):
    """Names (suite_name) of the uktest cases linked into image, from the
    symbols of its .dbg (UK_TESTCASE defines __uk_testcase_<suite>_<name>)."""
    dbg = image + ".dbg"
    with open(dbg, "rb") as f:
        head = f.read(20)
    nm = "aarch64-linux-gnu-nm" if head[18:20] == b"\xb7\x00" and \
        os.uname().machine != "aarch64" else "nm"
    p = subprocess.run([nm, dbg], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=60)
    if p.returncode != 0:
        raise TestFailure(f"{nm} {dbg} failed: {p.stderr.decode(errors='replace')}")
    cases = []
    for line in p.stdout.decode().splitlines():
        sym = line.split()[-1] if line.strip() else ""
        if sym.startswith("__uk_testcase_"):
            cases.append(sym[len("__uk_testcase_"):].split(".")[0])
    if not cases:
        raise TestFailure(f"{dbg} holds no uktest case")
    return cases


def symbol(dbg, addr, addr2line="addr2line"):
    """The function containing addr (a hex string) in the image with
    symbols dbg, or "??"."""
    r = subprocess.run([addr2line, "-f", "-e", dbg, addr], capture_output=True,
                       text=True, timeout=30, stdin=subprocess.DEVNULL)
    return r.stdout.splitlines()[0] if r.returncode == 0 and r.stdout else "??"


def load_offset(out):
    """The offset a crash report says the image was moved by (kvm with
    CONFIG_KVM_ASLR: "Image load offset: 0x..."), else 0."""
    m = re.search(r"^Image load offset: (0x[0-9a-f]+)", out, re.M)
    return int(m.group(1), 16) if m else 0


def link_addrs(out, addrs):
    """addrs (hex strings) from a report in out, as addresses in the .dbg
    image: less the load offset the report printed."""
    off = load_offset(out)
    return [hex(int(a, 16) - off) for a in addrs]


def frame_names(dbg, addrs, addr2line="addr2line"):
    """Functions of a backtrace's first frames. A return address after a
    call to a function that never returns (UK_CRASH) may lie just past the
    caller's end, in the next function: the address one byte before it is
    looked up too."""
    names = []
    for a in addrs[:6]:
        names += [symbol(dbg, a, addr2line), symbol(dbg, hex(int(a, 16) - 1), addr2line)]
    return names


_ACCEL = {}
_ACCEL_LOCK = threading.Lock()


def launcher_accel(image):
    """The accelerator qemu-guest --accel auto takes for image ("kvm" or
    "tcg"): asked of the launcher itself (its --dry-run command), whose
    probe decides; never guessed from /dev/kvm."""
    with _ACCEL_LOCK:
        if image not in _ACCEL:
            p = subprocess.run([os.path.join(ROOT, "support", "scripts", "qemu-guest"),
                                "-q", "-k", image, "--dry-run"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               timeout=120, text=True)
            m = re.search(r" -accel (\w+)", p.stdout)
            if p.returncode != 0 or not m:
                raise TestFailure(f"qemu-guest --dry-run failed: {p.stderr.strip()}")
            _ACCEL[image] = m.group(1)
        return _ACCEL[image]


def tail(path, n):
    try:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return ""
    return "\n".join("  | " + l for l in lines[-n:])


TESTS = []


def test(name, needs=(), timeout=DEFAULT_TIMEOUT):
    """Register a test. needs: commands that must exist (else it fails
    saying which is missing: support/scripts/setup installs them).
    timeout: seconds it may run, builds not counted."""
    def register(fn):
        if any(t[0] == name for t in TESTS):
            raise ValueError(f"test {name!r} declared twice")
        TESTS.append((name, fn, tuple(needs), timeout))
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
    name, fn, needs, limit = entry
    t = T(name)
    outcome = {}

    def body():
        missing = [c for c in needs if not shutil.which(c)]
        try:
            if missing:
                raise TestFailure("missing " + ", ".join(missing) +
                                  ": run support/scripts/setup")
            fn(t)
            outcome["r"] = ("PASS", "")
        except TestSkipped as e:
            outcome["r"] = ("SKIP", str(e))
        except TestFailure as e:
            outcome["r"] = ("FAIL", str(e))
        except TestCancelled:
            pass
        except Exception:
            outcome["r"] = ("FAIL", traceback.format_exc())

    worker = threading.Thread(target=body, name=name, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.5)
        if worker.is_alive() and t.elapsed() > limit:
            t.cancel()
            worker.join(10)
            outcome["r"] = ("FAIL", timeout_report(t, limit))
            break
    result, detail = outcome.get("r", ("FAIL", "the test ended without a result"))
    secs = time.monotonic() - t.start
    with print_lock:
        print(f"{result}  {name}  ({secs:.1f}s)", flush=True)
        for n in t.notes:
            print(f"      {n}", flush=True)
        for line in detail.splitlines():
            print(f"      {line}", flush=True)
        counts[result] += 1
        if result != "FAIL":
            for case, why in t.skipped_cases:
                print(f"SKIP  {name} / {case}: {why}", flush=True)
                counts["SKIP"] += 1


def timeout_report(t, limit):
    """What a test that ran past its limit was doing."""
    msg = f"timed out: '{t.name}' ran past its limit of {limit:g} s (builds not counted)"
    if t.current is not None and (t.last is None or t.last.cmd is not t.current):
        msg += "\nit was running: $ " + " ".join(t.current)
    if t.last is not None:
        msg += "\nlast command and its output:\n" + t.last.describe()
    return msg


def main():
    global JOBS, VERBOSE
    ap = argparse.ArgumentParser(
        prog="runtests",
        description="Build and run Tessera's test images; prints 'N passed, N failed, "
                    "N skipped' last. Each test has a time limit (default "
                    f"{DEFAULT_TIMEOUT} s, builds not counted); one past it fails.")
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
        print("0 passed, 0 failed, 0 skipped")
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
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped",
          flush=True)
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
