# SPDX-License-Identifier: BSD-3-Clause
"""Servers: Redis 7.0 and nginx 1.22 in kvm-x86_64 guests against Debian's native redis-server and nginx, redis-benchmark and wrk; smallest memory; image size; boot to first request.

The guests run with QEMU user networking and a host forward on
127.0.0.1 (qemu-guest -n user -p HOST:GUEST); the native servers listen
on 127.0.0.1. Both are measured in one run with the same load generator,
one after the other. Every load run is bounded (redis-benchmark by count
and a timeout, wrk by time), every guest by the launcher's --timeout, and
every process is killed at the end.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

from bench import ROOT
from bench_net import wrk_figures

NAME = "servers"
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
LAUNCHER = os.path.join(ROOT, "support/scripts/qemu-guest")
ROOTFS = os.path.join(ROOT, "apps/nginx/rootfs")
REDIS_ARGS = "-- --save '' --appendonly no --protected-mode no"
# redis-benchmark's request count, natively and in the guest.
REDIS_N_NATIVE = 100000
REDIS_N_GUEST = 100000
REDIS_N_GUEST_SMALL = 10000
# Memory sizes tried for the smallest -m (MiB), searched by halving.
MEMS = (4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 256)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def http_ok(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
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

    def __init__(self, cmd, probe, port, within=240):
        self.cmd, self.probe, self.port, self.within = cmd, probe, port, within
        self.log = tempfile.NamedTemporaryFile(prefix="bench-servers-", suffix=".log")
        self.ready = None

    def __enter__(self):
        t0 = time.monotonic()
        self.p = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        while time.monotonic() - t0 < self.within and self.p.poll() is None:
            if self.probe(self.port):
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


def redis_guest(img, port, mem, within=240):
    return Server([LAUNCHER, "-q", "--timeout", "600", "-k", img, "-m", mem, "-a", REDIS_ARGS,
                   "-n", "user", "-p", f"{port}:6379"], redis_ping, port, within)


def nginx_guest(img, root, port, mem, within=240):
    return Server([LAUNCHER, "-q", "--timeout", "600", "-k", img, "-m", mem, "-i", root,
                   "-a", "vfs.rootfs=initrd --", "-n", "user", "-p", f"{port}:80"],
                  http_ok, port, within)


def redis_bench(port, n, timeout=300):
    """redis-benchmark -q -t get,set: ({"SET": req/s, "GET": req/s} of the
    tests that finished, {op: last "overall" req/s} of one that did not
    finish within timeout seconds)."""
    try:
        r = subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-q",
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


def wrk(port, secs=10):
    r = subprocess.run(["wrk", "-t1", "-c50", f"-d{secs}s", "--timeout", "5s",
                        f"http://127.0.0.1:{port}/1k.bin"],
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


def ratio(g, n):
    return f"{g / n:.3f}x" if g and n else "n/a"


def run_redis(b):
    d, _, _ = b.build("servers-redis-kvm-x86_64", "apps/redis", KVM, clean=False)
    img = os.path.join(d, "redis_kvm-x86_64")
    b.figure("redis kvm-x86_64 image, stripped", os.path.getsize(img), "B",
             f"{os.path.getsize(img) / 1048576:.2f} MiB")
    native_bin = shutil.which("redis-server")
    b.figure("Debian's redis-server binary", os.path.getsize(native_bin), "B",
             "dynamically linked; libc and others not counted")

    # The guest: -n 100000 first; if it stalls (see doc/servers.md), the
    # figure up to the stall, then up to two runs of -n 10000 on fresh
    # guests for a whole figure.
    gr, n_used, boot = {}, None, None
    port = free_port()
    with redis_guest(img, port, "128M") as g:
        if g.ready is None:
            raise RuntimeError("the Redis guest served nothing:\n" + g.output()[-3000:])
        boot = g.ready
        b.figure("redis guest: launch to first PING answered", f"{g.ready * 1000:.0f}", "ms",
                 "-m 128M, QEMU start included, TCG")
        done, partial = redis_bench(port, REDIS_N_GUEST, timeout=120)
        if len(done) == 2:
            gr, n_used = done, REDIS_N_GUEST
        else:
            b.figure(f"redis guest -n {REDIS_N_GUEST}: stalled", "yes", "",
                     f"finished {done or 'none'}; before the stall {partial or 'nothing'}; "
                     f"a new connection's PING {'answered' if redis_ping(port) else 'unanswered'}")
    for attempt in range(2 if not gr else 0):
        port = free_port()
        with redis_guest(img, port, "128M") as g:
            if g.ready is None:
                continue
            done, partial = redis_bench(port, REDIS_N_GUEST_SMALL, timeout=60)
            if len(done) == 2:
                gr, n_used = done, REDIS_N_GUEST_SMALL
                break
            b.figure(f"redis guest -n {REDIS_N_GUEST_SMALL}: stalled", "yes", "",
                     f"attempt {attempt + 1}; before the stall {partial or 'nothing'}")
    nport = free_port()
    with Server(["redis-server", "--port", str(nport), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no"], redis_ping, nport) as n:
        if n.ready is None:
            raise RuntimeError("the native redis-server served nothing:\n" + n.output()[-2000:])
        b.figure("redis native: launch to first PING answered", f"{n.ready * 1000:.0f}", "ms")
        nr, _ = redis_bench(nport, REDIS_N_NATIVE)
    for op in ("SET", "GET"):
        b.figure(f"redis-benchmark -c 50 {op}, guest (req/s)", f"{gr.get(op, 0):.0f}", "",
                 f"-n {n_used}" if n_used else "no run finished")
        b.figure(f"redis-benchmark -c 50 {op}, native (req/s)", f"{nr.get(op, 0):.0f}", "",
                 f"-n {REDIS_N_NATIVE}")
        b.figure(f"redis {op} guest / native", ratio(gr.get(op, 0), nr.get(op, 0)))

    def serves(mem):
        # two tries: a stall is not a matter of memory
        for _ in range(2):
            p = free_port()
            with redis_guest(img, p, mem, within=max(60, 3 * boot)) as g:
                if g.ready is None:
                    return False
                done, _ = redis_bench(p, 2000, timeout=30)
                if len(done) == 2 and redis_ping(p):
                    return True
        return False

    b.figure("redis: smallest -m serving 50 clients", smallest(serves) or "none",
             "", "redis-benchmark -n 2000 -c 50 -t get,set, then PING")


def run_nginx(b):
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

        port = free_port()
        with nginx_guest(img, root, port, "256M") as g:
            if g.ready is None:
                raise RuntimeError("the nginx guest served nothing:\n" + g.output()[-3000:])
            b.figure("nginx guest: launch to first GET answered", f"{g.ready * 1000:.0f}", "ms",
                     "-m 256M, QEMU start included, TCG")
            boot = g.ready
            gw = wrk(port)
        with Server([native_bin, "-p", tmp, "-c", native_conf, "-e", "stderr"],
                    http_ok, nport) as n:
            if n.ready is None:
                raise RuntimeError("the native nginx served nothing:\n" + n.output()[-2000:])
            b.figure("nginx native: launch to first GET answered", f"{n.ready * 1000:.0f}", "ms")
            nw = wrk(nport)
        b.figure("wrk -t1 -c50 -d10s 1 KiB, guest (req/s)", f"{gw[0]:.0f}", "",
                 f"{gw[2]} requests, {gw[1]} errors")
        b.figure("wrk -t1 -c50 -d10s 1 KiB, native (req/s)", f"{nw[0]:.0f}", "",
                 f"{nw[2]} requests, {nw[1]} errors; same nginx.conf, one process")
        b.figure("nginx guest / native", ratio(gw[0], nw[0]))

        def serves(mem):
            p = free_port()
            with nginx_guest(img, root, p, mem, within=max(60, 3 * boot)) as g:
                if g.ready is None:
                    return False
                r = wrk(p, 3)
                return r[2] > 0 and r[1] == 0 and http_ok(p)

        b.figure("nginx: smallest -m serving 50 clients", smallest(serves) or "none", "",
                 "wrk -t1 -c50 -d3s with no error, then a GET")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(b):
    for what in (run_nginx, run_redis):
        try:
            what(b)
        except Exception as e:  # report, go on with the other server
            b.figure(f"{what.__name__[4:]}: could not measure", str(e)[:2000])
