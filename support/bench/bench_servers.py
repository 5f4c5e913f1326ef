# SPDX-License-Identifier: BSD-3-Clause
"""Servers: Redis 7.0 and nginx 1.22 in kvm-x86_64 guests against Debian's native redis-server and nginx and a Linux guest running them, redis-benchmark and wrk; smallest memory; image size; boot to first request.

Everything runs in a network namespace the benchmark creates (as bench
net does): the guests' NIC is a tap device there (qemu-guest -n tap:tap0,
the guest 172.44.0.2, the host side 172.44.0.1), the native servers
listen on the namespace's loopback, and the load generators run there
too. Without root the guests fall back to QEMU user networking with a
host forward on 127.0.0.1, labelled so: that forward listens with a
backlog of 1 and loses connections of a burst of 50 connects (see
doc/servers.md). Both are measured in one run with the same load
generator, one after the other. Every load run is bounded
(redis-benchmark by count and a timeout, wrk by time), every guest by
the launcher's --timeout, and every process is killed at the end.

The third column is a Linux guest (support/scripts/linux-guest: Debian
12's kernel, busybox and the same Debian binaries in an initramfs)
booted by QEMU with the same -m, one vCPU, the same accelerator (what
the launcher's KVM probe chooses) and the same virtio-net NIC on a tap
device of its own in the same namespace (tap1: the guest 172.44.1.2, the
host side 172.44.1.1), under the same loads. Both guests are up at once
and the loads alternate between them, ROUNDS times each; the figures
are medians, so that a change in the machine's load hits both alike.
Both guests run under the same accelerator, so their ratio is a fair
comparison even under TCG. If the Linux guest cannot be assembled
(no apt, no network), the benchmark says why and measures the rest.
"""

import contextlib
import ctypes
import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import statistics
import time

from bench import ROOT
from bench_net import wrk_figures

NAME = "servers"
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
LAUNCHER = os.path.join(ROOT, "support/scripts/qemu-guest")
LINUX_GUEST = os.path.join(ROOT, "support/scripts/linux-guest")
ROOTFS = os.path.join(ROOT, "apps/nginx/rootfs")
REDIS_ARGS = "-- --save '' --appendonly no --protected-mode no"
# redis-benchmark's request count, natively and in the guest.
REDIS_N_NATIVE = 100000
REDIS_N_GUEST = 100000
GUEST_IP, HOST_IP = "172.44.0.2", "172.44.0.1"
# The Linux guest's own tap device (tap1) and subnet, in the same namespace:
# both guests run at once, and their loads alternate.
LINUX_IP, LINUX_HOST_IP = "172.44.1.2", "172.44.1.1"
# Rounds of each load, alternating between the two guests.
ROUNDS = 3
CLONE_NEWNET = 0x40000000
# Memory sizes tried for the smallest -m (MiB), searched by halving.
MEMS = (4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 256)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Net:
    """Where the guests are reached. As root: a network namespace of this
    thread's own (unshare(CLONE_NEWNET), which children inherit) with a
    tap device tap0; the guest listens on GUEST_IP at the server's own
    port (the Linux guest: tap1, LINUX_IP). Otherwise QEMU user networking, a forward from a free port on
    127.0.0.1. On leaving, the thread goes back to its namespace, and the
    new one (with tap0) disappears with its last process."""

    def __init__(self):
        self.tap = os.geteuid() == 0
        self.label = "tap in a network namespace" if self.tap else \
            "QEMU user networking (not root: no namespace)"

    def __enter__(self):
        if self.tap:
            self.old = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.unshare(CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
            self.libc = libc
            for cmd in (["ip", "link", "set", "lo", "up"],
                        ["ip", "tuntap", "add", "tap0", "mode", "tap"],
                        ["ip", "addr", "add", f"{HOST_IP}/24", "dev", "tap0"],
                        ["ip", "link", "set", "tap0", "up"],
                        ["ip", "tuntap", "add", "tap1", "mode", "tap"],
                        ["ip", "addr", "add", f"{LINUX_HOST_IP}/24", "dev", "tap1"],
                        ["ip", "link", "set", "tap1", "up"]):
                subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        if self.tap:
            self.libc.setns(self.old, CLONE_NEWNET)
            os.close(self.old)
        return False

    def guest(self, gport, params):
        """(launcher arguments, host, port) for a guest server listening on
        gport; params: the kernel parameters before '--'."""
        if self.tap:
            return (["-n", "tap:tap0", "-a", f"netdev.ip={GUEST_IP}/24:{HOST_IP} {params}"],
                    GUEST_IP, gport)
        port = free_port()
        return ["-n", "user", "-p", f"{port}:{gport}", "-a", params], "127.0.0.1", port


def accelerator():
    """The accelerator the launcher's KVM probe chooses here (both guests
    get it)."""
    try:
        r = subprocess.run([LAUNCHER, "--accel-check"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True,
                           stdin=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        return "tcg"
    for line in r.stdout.splitlines():
        if line.startswith("auto: "):
            return line.split()[1]
    return "tcg"


class LinuxGuest:
    """The Linux guest of support/scripts/linux-guest, assembled once per
    run (.why says why not, and .kernel is then None)."""

    def __init__(self, accel):
        self.accel, self.kernel, self.initramfs, self.why = accel, None, None, None
        try:
            r = subprocess.run([LINUX_GUEST, "build"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               stdin=subprocess.DEVNULL, timeout=1800)
        except subprocess.TimeoutExpired:
            self.why = "linux-guest build did not finish within 30 min"
            return
        if r.returncode != 0:
            # The script's last message, with what it quotes below it.
            lines = r.stderr.strip().splitlines() or [f"status {r.returncode}"]
            last = max((i for i, l in enumerate(lines) if l.startswith("linux-guest: ")),
                       default=len(lines) - 1)
            self.why = " ".join(lines[last:])[:500]
            return
        for line in r.stdout.splitlines():
            key, _, rest = line.partition(": ")
            if key in ("kernel", "initramfs"):
                setattr(self, key, rest.split(" (")[0])
        if not (self.kernel and self.initramfs):
            self.kernel, self.why = None, f"linux-guest build said: {r.stdout[-300:]}"

    def server(self, net, which, gport, probe, mem, within=300):
        cmd = [LINUX_GUEST, "run", "-s", which, "-m", mem, "--accel", self.accel,
               "-t", "600"]
        if net.tap:
            cmd += ["-n", "tap:tap1", "--ip", f"{LINUX_IP}/24"]
            addr = (LINUX_IP, gport)
        else:
            port = free_port()
            cmd += ["-n", "user", "-p", f"{port}:{gport}"]
            addr = ("127.0.0.1", port)
        return Server(cmd, probe, addr, within)

    def booted(self, b, net, which, gport, probe, mem, what):
        """A context: the Linux guest's server, booted, its boot figure
        printed; None inside when there is none (not built, or it served
        nothing: said so)."""
        if not self.kernel:
            return contextlib.nullcontext(None)
        lg = self

        @contextlib.contextmanager
        def ctx():
            with lg.server(net, which, gport, probe, mem) as l:
                if l.ready is None:
                    b.figure(f"{which} linux guest: served nothing", "", note=l.output()[-1000:])
                    yield None
                    return
                b.figure(f"{which} linux guest: launch to first {what} answered",
                         f"{l.ready * 1000:.0f}", "ms",
                         f"-m {mem}, QEMU start and Linux boot included, {lg.accel.upper()}")
                yield l
        return ctx()

    def figures(self, b):
        if not self.kernel:
            b.figure("linux guest: not measured", self.why)
            return
        k, i = os.path.getsize(self.kernel), os.path.getsize(self.initramfs)
        b.figure("linux guest: kernel (Debian's vmlinuz)", k, "B", f"{k / 1048576:.2f} MiB")
        b.figure("linux guest: initramfs (cpio.gz)", i, "B",
                 "busybox, redis-server, nginx, their libraries, virtio modules")
        b.figure("linux guest: kernel + initramfs", k + i, "B", f"{(k + i) / 1048576:.2f} MiB")


def redis_ping(addr):
    try:
        with socket.create_connection(addr, timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def http_ok(addr):
    try:
        c = http.client.HTTPConnection(addr[0], addr[1], timeout=2)
        c.request("GET", "/1k.bin")
        r = c.getresponse()
        ok = r.status == 200 and len(r.read()) == 1024
        c.close()
        return ok
    except (OSError, http.client.HTTPException):
        return False


class Server:
    """A guest or a native server in the background, killed (with its
    process group) on leaving the with block. .ready: seconds from launch
    to the first request served, or None if none was within `within`."""

    def __init__(self, cmd, probe, addr, within=240):
        self.cmd, self.probe, self.addr, self.within = cmd, probe, addr, within
        self.log = tempfile.NamedTemporaryFile(prefix="bench-servers-", suffix=".log")
        self.ready = None

    def __enter__(self):
        t0 = time.monotonic()
        self.p = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        while time.monotonic() - t0 < self.within and self.p.poll() is None:
            if self.probe(self.addr):
                self.ready = time.monotonic() - t0
                break
            time.sleep(0.1)
        return self

    def output(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def __exit__(self, *exc):
        try:
            os.killpg(self.p.pid, 9)
        except OSError:
            pass
        self.p.wait()
        self.log.close()
        return False


def redis_guest(net, img, mem, within=240):
    args, host, port = net.guest(6379, REDIS_ARGS)
    return Server([LAUNCHER, "-q", "--timeout", "600", "-k", img, "-m", mem] + args,
                  redis_ping, (host, port), within)


def nginx_guest(net, img, root, mem, within=240):
    args, host, port = net.guest(80, "vfs.rootfs=initrd --")
    return Server([LAUNCHER, "-q", "--timeout", "600", "-k", img, "-m", mem, "-i", root] + args,
                  http_ok, (host, port), within)


def redis_bench(addr, n, timeout=300):
    """redis-benchmark -q -t get,set: ({"SET": req/s, "GET": req/s} of the
    tests that finished, {op: last "overall" req/s} of one that did not
    finish within timeout seconds)."""
    try:
        r = subprocess.run(["redis-benchmark", "-h", addr[0], "-p", str(addr[1]), "-q",
                            "-n", str(n), "-c", "50", "-t", "get,set"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        out = r.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or b""
    out = out.decode(errors="replace").replace("\r", "\n")
    done = {m.group(1): float(m.group(2))
            for m in re.finditer(r"^(SET|GET): ([\d.]+) requests per second", out, re.M)}
    partial = {}
    for m in re.finditer(r"^(SET|GET): rps=[\d.]+ \(overall: ([\d.]+)\)", out, re.M):
        if m.group(1) not in done:
            partial[m.group(1)] = float(m.group(2))
    return done, partial


def wrk(addr, secs=10):
    r = subprocess.run(["wrk", "-t1", "-c50", f"-d{secs}s", "--timeout", "5s",
                        f"http://{addr[0]}:{addr[1]}/1k.bin"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=secs + 120)
    return wrk_figures(r.stdout.decode(errors="replace"))


def smallest(serves):
    """The smallest of MEMS for which serves("<n>M") is true, searched by
    halving (assumes more memory never hurts); None if even the largest
    fails."""
    lo, hi, best = 0, len(MEMS) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if serves(f"{MEMS[mid]}M"):
            best, hi = MEMS[mid], mid - 1
        else:
            lo = mid + 1
    return f"{best}M" if best else None


def runs_note(values, runs, what):
    """How a median came about."""
    if not values:
        return "did not finish"
    if runs == 1:
        return what
    return (f"median of {len(values)} runs of {what}, alternating with the other guest: " +
            " ".join(f"{v:.0f}" for v in values) +
            ("" if len(values) == runs else f"; {runs - len(values)} did not finish"))


def wrk_note(runs):
    reqs, errs = sum(r[2] for r in runs), sum(r[1] for r in runs)
    if len(runs) == 1:
        return f"{reqs} requests, {errs} errors"
    return (f"median of {len(runs)} runs alternating with the other guest: " +
            " ".join(f"{r[0]:.0f}" for r in runs) + f"; {reqs} requests, {errs} errors in all")


def ratio(g, n):
    return f"{g / n:.3f}x" if g and n else "n/a"


def run_redis(b, net, lg):
    d, _, _ = b.build("servers-redis-kvm-x86_64", "apps/redis", KVM, clean=False)
    img = os.path.join(d, "redis_kvm-x86_64")
    b.figure("redis kvm-x86_64 image, stripped", os.path.getsize(img), "B",
             f"{os.path.getsize(img) / 1048576:.2f} MiB")
    native_bin = shutil.which("redis-server")
    b.figure("Debian's redis-server binary", os.path.getsize(native_bin), "B",
             "dynamically linked; libc and others not counted")

    with net:
        gruns, lruns = [], []
        with redis_guest(net, img, "128M") as g:
            if g.ready is None:
                raise RuntimeError("the Redis guest served nothing:\n" + g.output()[-3000:])
            boot = g.ready
            b.figure("redis guest: launch to first PING answered", f"{g.ready * 1000:.0f}",
                     "ms", f"-m 128M, QEMU start included, TCG; {net.label}")
            with lg.booted(b, net, "redis", 6379, redis_ping, "128M", "PING") as l:
                stalled = False
                for _ in range(ROUNDS if l else 1):
                    for who, addr, runs in (("guest", g.addr, gruns),
                                            ("linux guest", l and l.addr, lruns)):
                        if addr is None or stalled:
                            continue
                        done, partial = redis_bench(addr, REDIS_N_GUEST, timeout=300)
                        runs.append(done)
                        if len(done) != 2:
                            stalled = True  # no more rounds: each could take 300 s
                            b.figure(f"redis {who} -n {REDIS_N_GUEST}: stalled", "yes", "",
                                     f"finished {done or 'none'}; before the stall "
                                     f"{partial or 'nothing'}; a new connection's PING "
                                     f"{'answered' if redis_ping(addr) else 'unanswered'}")
        nport = free_port()
        with Server(["redis-server", "--port", str(nport), "--bind", "127.0.0.1", "--save", "",
                     "--appendonly", "no", "--daemonize", "no"], redis_ping,
                    ("127.0.0.1", nport)) as n:
            if n.ready is None:
                raise RuntimeError("the native redis-server served nothing:\n" +
                                   n.output()[-2000:])
            b.figure("redis native: launch to first PING answered", f"{n.ready * 1000:.0f}",
                     "ms")
            nr, _ = redis_bench(n.addr, REDIS_N_NATIVE)
        for op in ("SET", "GET"):
            gs = [r[op] for r in gruns if op in r]
            ls = [r[op] for r in lruns if op in r]
            g_rps = statistics.median(gs) if gs else 0
            l_rps = statistics.median(ls) if ls else 0
            b.figure(f"redis-benchmark -c 50 {op}, guest (req/s)", f"{g_rps:.0f}", "",
                     runs_note(gs, len(gruns), f"-n {REDIS_N_GUEST}"))
            b.figure(f"redis-benchmark -c 50 {op}, native (req/s)", f"{nr.get(op, 0):.0f}", "",
                     f"-n {REDIS_N_NATIVE}")
            b.figure(f"redis {op} guest / native", ratio(g_rps, nr.get(op, 0)))
            if lruns:
                b.figure(f"redis-benchmark -c 50 {op}, linux guest (req/s)", f"{l_rps:.0f}", "",
                         runs_note(ls, len(lruns), f"-n {REDIS_N_GUEST}"))
                b.figure(f"redis {op} guest / linux guest", ratio(g_rps, l_rps), "",
                         f"both guests under {lg.accel.upper()}; rounds: " +
                         " ".join(ratio(x, y) for x, y in zip(gs, ls)))

        def serves(mem):
            with redis_guest(net, img, mem, within=max(60, 3 * boot)) as g:
                if g.ready is None:
                    return False
                done, _ = redis_bench(g.addr, 2000, timeout=60)
                return len(done) == 2 and redis_ping(g.addr)

        b.figure("redis: smallest -m serving 50 clients", smallest(serves) or "none",
                 "", "redis-benchmark -n 2000 -c 50 -t get,set, then PING")


def run_nginx(b, net, lg):
    d, _, _ = b.build("servers-nginx-kvm-x86_64", "apps/nginx", KVM, clean=False)
    img = os.path.join(d, "nginx_kvm-x86_64")
    b.figure("nginx kvm-x86_64 image, stripped", os.path.getsize(img), "B",
             f"{os.path.getsize(img) / 1048576:.2f} MiB")
    native_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(native_bin):
        raise RuntimeError("no native nginx: setup --for bench installs Debian's nginx")
    b.figure("Debian's nginx binary", os.path.getsize(native_bin), "B",
             "dynamically linked; libc, PCRE, OpenSSL, zlib not counted")

    tmp = tempfile.mkdtemp(prefix="bench-servers-")
    try:
        root = os.path.join(tmp, "root")
        shutil.copytree(ROOTFS, root)
        with open(os.path.join(root, "nginx/html/1k.bin"), "wb") as f:
            f.write(bytes(range(256)) * 4)
        # The native server gets the guest's configuration, changed only in
        # where things are: listen on 127.0.0.1, the copied document root.
        nport = free_port()
        conf = os.path.join(root, "nginx/conf/nginx.conf")
        with open(conf) as f:
            text = f.read()
        native_conf = os.path.join(tmp, "native.conf")
        with open(native_conf, "w") as f:
            f.write(text.replace("listen 80;", f"listen 127.0.0.1:{nport};")
                    .replace("root /nginx/html;", f"root {root}/nginx/html;")
                    .replace("pid /tmp/nginx.pid;", f"pid {tmp}/nginx.pid;")
                    .replace("include mime.types;", f"include {root}/nginx/conf/mime.types;"))

        with net:
            gruns, lruns = [], []
            with nginx_guest(net, img, root, "256M") as g:
                if g.ready is None:
                    raise RuntimeError("the nginx guest served nothing:\n" + g.output()[-3000:])
                b.figure("nginx guest: launch to first GET answered", f"{g.ready * 1000:.0f}",
                         "ms", f"-m 256M, QEMU start included, TCG; {net.label}")
                boot = g.ready
                with lg.booted(b, net, "nginx", 80, http_ok, "256M", "GET") as l:
                    for _ in range(ROUNDS if l else 1):
                        gruns.append(wrk(g.addr))
                        if l:
                            lruns.append(wrk(l.addr))
            with Server([native_bin, "-p", tmp, "-c", native_conf, "-e", "stderr"],
                        http_ok, ("127.0.0.1", nport)) as n:
                if n.ready is None:
                    raise RuntimeError("the native nginx served nothing:\n" + n.output()[-2000:])
                b.figure("nginx native: launch to first GET answered", f"{n.ready * 1000:.0f}",
                         "ms")
                nw = wrk(n.addr)
            g_rps = statistics.median(r[0] for r in gruns)
            b.figure("wrk -t1 -c50 -d10s 1 KiB, guest (req/s)", f"{g_rps:.0f}", "",
                     wrk_note(gruns))
            b.figure("wrk -t1 -c50 -d10s 1 KiB, native (req/s)", f"{nw[0]:.0f}", "",
                     f"{nw[2]} requests, {nw[1]} errors; same nginx.conf, one process")
            b.figure("nginx guest / native", ratio(g_rps, nw[0]))
            if lruns:
                l_rps = statistics.median(r[0] for r in lruns)
                b.figure("wrk -t1 -c50 -d10s 1 KiB, linux guest (req/s)", f"{l_rps:.0f}", "",
                         wrk_note(lruns) + "; same nginx.conf")
                b.figure("nginx guest / linux guest", ratio(g_rps, l_rps), "",
                         f"both guests under {lg.accel.upper()}; rounds: " +
                         " ".join(ratio(x[0], y[0]) for x, y in zip(gruns, lruns)))

            def serves(mem):
                with nginx_guest(net, img, root, mem, within=max(60, 3 * boot)) as g:
                    if g.ready is None:
                        return False
                    r = wrk(g.addr, 3)
                    return r[2] > 0 and r[1] == 0 and http_ok(g.addr)

            b.figure("nginx: smallest -m serving 50 clients", smallest(serves) or "none", "",
                     "wrk -t1 -c50 -d3s with no error, then a GET")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(b):
    net = Net()
    b.figure("network", net.label)
    accel = accelerator()
    b.figure("accelerator (both guests)", accel.upper(), "",
             "the launcher's KVM probe decides; guest / linux guest compares like with like")
    lg = LinuxGuest(accel)
    lg.figures(b)
    for what in (run_nginx, run_redis):
        try:
            what(b, net, lg)
        except Exception as e:  # report, go on with the other server
            b.figure(f"{what.__name__[4:]}: could not measure", str(e)[:2000])
