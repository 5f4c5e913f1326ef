# SPDX-License-Identifier: BSD-3-Clause
"""Servers from Debian's sources, unchanged: nginx 1.22 (lib/nginx,
apps/nginx) and Redis 7.0 (lib/redis, apps/redis) in kvm guests under
QEMU user networking, reached through a host forward on 127.0.0.1, or on
a tap device in a network namespace of the test's own: files of every
size byte for byte, from the initrd, a 9pfs share and an ext4 disk, each
with its own nginx.conf; errors, HEAD, keep-alive, many clients at once,
bad clients and bad configurations; Redis against Debian's redis-server,
redis-benchmark's burst of 50 connects, AOF persistence."""

import hashlib
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from driver import ROOT, Build, test
from guests import LAUNCHER, Guest, concurrent_requests, free_port

X86 = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_LINUXU=y"]
ARM64 = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
SLOW = 2400
# Storage for the document root from a 9pfs share or an ext4 disk.
STORAGE = ["CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y", "CONFIG_KVM_VIRTIO_BLK=y",
           "CONFIG_KVM_VIRTIO_9P=y", "CONFIG_LIB9PFS=y", "CONFIG_LIBEXTFS=y"]
NGINX_X86 = Build("servers-nginx-x86_64", "apps/nginx", X86 + STORAGE, timeout=SLOW)
NGINX_ARM64 = Build("servers-nginx-arm64", "apps/nginx", ARM64, timeout=SLOW)
ROOTFS = os.path.join(ROOT, "apps/nginx/rootfs")
READY = "getrlimit(RLIMIT_NOFILE)"  # nginx's last start-up line: listening
FILES = {"empty.bin": 0, "1k.bin": 1024, "1m.bin": 1 << 20, "16m.bin": 16 << 20}


def docroot(files):
    """A copy of apps/nginx/rootfs with files of random bytes in the
    document root; returns (directory, {name: bytes})."""
    d = tempfile.mkdtemp(prefix="nginx-root-")
    root = os.path.join(d, "root")
    shutil.copytree(ROOTFS, root)
    rnd = random.Random(1822)
    data = {}
    for name, size in files.items():
        data[name] = rnd.randbytes(size)
        with open(os.path.join(root, "nginx/html", name), "wb") as f:
            f.write(data[name])
    return d, root, data


def nginx_guest(t, img, root, port, mem="256M"):
    return Guest(t, ["-k", img, "-m", mem, "-i", root, "-a", "vfs.rootfs=initrd --",
                     "-n", "user", "-p", f"{port}:80"], READY, timeout=600)


def get(port, path, method="GET", timeout=120):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def check_files(t, g, port, data):
    for name, body in data.items():
        try:
            status, headers, got = get(port, "/" + name)
        except (OSError, http.client.HTTPException) as e:
            t.fail(f"GET /{name}: {e!r}\nguest console:\n{g.output()[-3000:]}")
        t.expect(status == 200, f"GET /{name}: status {status}\n{g.output()[-2000:]}")
        t.expect(headers.get("content-length") == str(len(body)),
                 f"GET /{name}: Content-Length {headers.get('content-length')}, "
                 f"expected {len(body)}")
        t.expect(headers.get("content-type") == "application/octet-stream",
                 f"GET /{name}: Content-Type {headers.get('content-type')}")
        t.expect(hashlib.sha256(got).digest() == hashlib.sha256(body).digest(),
                 f"GET /{name}: {len(got)} bytes that differ from the file's {len(body)}")


@test("servers/kvm-x86_64: nginx serves 0 B, 1 KiB, 1 MiB and 16 MiB files byte for byte, "
      "a 404, HEAD, keep-alive, 100 connections at once; garbage does not hurt the next client",
      needs=["qemu-system-x86_64"], timeout=1200)
def _(t):
    img = t.build(NGINX_X86).image("kvm")
    d, root, data = docroot(FILES)
    port = free_port()
    try:
        with nginx_guest(t, img, root, port) as g:
            check_files(t, g, port, data)
            status, headers, body = get(port, "/")
            t.expect(status == 200 and b"nginx on Tessera" in body and
                     headers.get("content-type") == "text/html",
                     f"GET /: {status} {headers} {body[:200]!r}")
            status, _, body = get(port, "/missing")
            t.expect(status == 404 and b"404 Not Found" in body, f"GET /missing: {status}")
            status, headers, body = get(port, "/1k.bin", "HEAD")
            t.expect(status == 200 and body == b"" and headers.get("content-length") == "1024",
                     f"HEAD /1k.bin: {status} {headers} {body[:100]!r}")
            # keep-alive: three requests on one connection
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            c.connect()
            first = c.sock
            for name in ("1k.bin", "empty.bin", "1k.bin"):
                c.request("GET", "/" + name)
                r = c.getresponse()
                got = r.read()
                t.expect(r.status == 200 and got == data[name] and
                         r.getheader("Connection", "").lower() == "keep-alive",
                         f"keep-alive GET /{name}: {r.status} {r.getheaders()}")
            t.expect(c.sock is first, "the keep-alive connection was not reused")
            c.close()
            # 100 connections open at once, then 100 requests
            results = concurrent_requests(port, b"GET /1k.bin HTTP/1.1\r\nHost: x\r\n"
                                          b"Connection: close\r\n\r\n")
            bad = [i for i, r in enumerate(results)
                   if not (r.startswith(b"HTTP/1.1 200 OK") and r.endswith(data["1k.bin"]))]
            t.expect(not bad, f"{len(bad)} of 100 concurrent clients got no whole reply, "
                     f"e.g. {results[bad[0]][:200]!r}" if bad else "")
            # a client sending garbage, then one resetting mid-request
            s = socket.create_connection(("127.0.0.1", port), timeout=60)
            s.sendall(b"\x00\x01\x02 garbage \xff\r\n\r\n")
            reply = s.recv(4096)
            s.close()
            t.expect(reply.startswith(b"HTTP/1.1 400"), f"garbage got {reply[:100]!r}")
            s = socket.create_connection(("127.0.0.1", port), timeout=60)
            s.sendall(b"GET /16m.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(1000)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
            check_files(t, g, port, {"1m.bin": data["1m.bin"]})
            # both logs on the console: the access log, and the error log's
            # line for the 404
            t.expect_in(g.output(), '"GET /1k.bin HTTP/1.1" 200 1024', None)
            t.expect_in(g.output(), '[error] 1#0: *', None)
            t.expect_in(g.output(), 'open() "/nginx/html/missing" failed (2: No such file or '
                        'directory)', None)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def www_tree(where):
    """A document root and its own configuration in one directory tree, as
    it would sit on a file system mounted on /www: conf/nginx.conf (root
    /www/html, and a header naming where it came from), conf/mime.types,
    html/index.html and html/1m.bin; returns (temporary directory, tree,
    the 1 MiB file's bytes)."""
    d = tempfile.mkdtemp(prefix="nginx-www-")
    www = os.path.join(d, "www")
    os.makedirs(os.path.join(www, "conf"))
    os.makedirs(os.path.join(www, "html"))
    shutil.copy(os.path.join(ROOTFS, "nginx/conf/mime.types"), os.path.join(www, "conf"))
    with open(os.path.join(ROOTFS, "nginx/conf/nginx.conf")) as f:
        conf = f.read()
    conf = conf.replace("root /nginx/html;",
                        f"root /www/html;\n        add_header X-Config-From {where};")
    with open(os.path.join(www, "conf/nginx.conf"), "w") as f:
        f.write(conf)
    with open(os.path.join(www, "html/index.html"), "w") as f:
        f.write(f"<html><body>nginx from {where}</body></html>\n")
    body = random.Random(where).randbytes(1 << 20)
    with open(os.path.join(www, "html/1m.bin"), "wb") as f:
        f.write(body)
    return d, www, body


def check_www(t, g, port, where, body):
    try:
        status, headers, got = get(port, "/1m.bin")
        istatus, iheaders, index = get(port, "/")
    except (OSError, http.client.HTTPException) as e:
        t.fail(f"GET from {where}: {e!r}\nguest console:\n{g.output()[-3000:]}")
    t.expect(status == 200 and headers.get("content-length") == str(len(body)) and
             headers.get("content-type") == "application/octet-stream",
             f"GET /1m.bin from {where}: {status} {headers}\n{g.output()[-2000:]}")
    t.expect(got == body, f"GET /1m.bin from {where}: {len(got)} bytes that differ from the "
             f"file's {len(body)}")
    t.expect(headers.get("x-config-from") == where,
             f"the reply's X-Config-From is {headers.get('x-config-from')!r}: nginx did not "
             f"read its configuration from {where}")
    t.expect(istatus == 200 and f"nginx from {where}".encode() in index and
             iheaders.get("content-type") == "text/html", f"GET / from {where}: {istatus} "
             f"{iheaders} {index[:200]!r}")
    t.expect_in(g.output(), '"GET /1m.bin HTTP/1.1" 200 1048576', None)


@test("servers/kvm-x86_64: nginx serves a document root from a 9pfs share and from an ext4 "
      "disk, each with nginx -c reading its configuration from that file system",
      needs=["qemu-system-x86_64", "mkfs.ext4"], timeout=1200)
def _(t):
    img = t.build(NGINX_X86).image("kvm")
    # 9pfs: the host directory, mounted on /www
    d, www, body = www_tree("9pfs")
    port = free_port()
    try:
        with Guest(t, ["-k", img, "-m", "128M", "-e", www, "-a",
                       'vfs.fstab=[ "fs1:/www:9pfs:::mkmp" ] -- -c /www/conf/nginx.conf',
                       "-n", "user", "-p", f"{port}:80"], READY, timeout=600) as g:
            check_www(t, g, port, "9pfs", body)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    # ext4: the same tree in a disk image made by mkfs.ext4 -d
    d, www, body = www_tree("ext4")
    port = free_port()
    try:
        disk = os.path.join(d, "www.img")
        with open(disk, "wb") as f:
            f.truncate(16 << 20)
        r = t.run(["mkfs.ext4", "-q", "-F", "-d", www, disk], timeout=60)
        t.expect_status(r, 0)
        shutil.rmtree(www)  # the guest reads the disk, nothing else
        with Guest(t, ["-k", img, "-m", "128M", "-d", disk, "-a",
                       'vfs.fstab=[ "blk0:/www:ext4:::mkmp" ] -- -c /www/conf/nginx.conf',
                       "-n", "user", "-p", f"{port}:80"], READY, timeout=600) as g:
            check_www(t, g, port, "ext4", body)
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test("servers/kvm-x86_64: a malformed nginx.conf stops the boot with nginx's own message "
      "and status 1", needs=["qemu-system-x86_64"], timeout=600)
def _(t):
    img = t.build(NGINX_X86).image("kvm")
    d, root, _ = docroot({})
    try:
        conf = os.path.join(root, "nginx/conf/nginx.conf")
        with open(conf) as f:
            text = f.read()
        with open(conf, "w") as f:
            f.write(text.replace("index index.html;", "index index.html;\n"
                                 "        bogus_directive on;"))
        r = t.run([LAUNCHER, "--timeout", "300", "-k", img, "-m", "64M", "-i", root,
                   "-a", "vfs.rootfs=initrd --", "-n", "user"], timeout=400)
        t.expect_status(r, 1)
        t.expect_in(r.out, '[emerg] 1#0: unknown directive "bogus_directive" in '
                    '/nginx/conf/nginx.conf', r)
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test("servers/kvm-arm64: nginx serves its index and a 1 MiB file byte for byte",
      needs=["qemu-system-aarch64"], timeout=1200)
def _(t):
    img = t.build(NGINX_ARM64).image("kvm", "arm64")
    d, root, data = docroot({"1m.bin": 1 << 20})
    port = free_port()
    try:
        with nginx_guest(t, img, root, port) as g:
            status, _, body = get(port, "/")
            t.expect(status == 200 and b"nginx on Tessera" in body, f"GET /: {status}")
            check_files(t, g, port, data)
    finally:
        shutil.rmtree(d, ignore_errors=True)


NGINX_NETNS = r"""
set -e
ip link set lo up
ip tuntap add tap0 mode tap
ip addr add 172.44.0.1/24 dev tap0
ip link set tap0 up
"$IMG" linuxu.initrd="$CPIO" vfs.rootfs=initrd linuxu.tap=tap0 \
    netdev.ip=172.44.0.2/24:172.44.0.1 -- >"$LOG" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null' EXIT
for i in $(seq 1 300); do grep -q 'getrlimit(RLIMIT_NOFILE)' "$LOG" && break; sleep 0.1; done
curl -s -m 30 -o "$OUT" -w 'status %{http_code} size %{size_download}\n' http://172.44.0.2/1m.bin
curl -s -m 30 -o /dev/null -w 'missing %{http_code}\n' http://172.44.0.2/missing
echo "concurrent: $(seq 1 50 | xargs -P 50 -I{} curl -s -m 60 -o /dev/null \
    -w '%{http_code}\n' http://172.44.0.2/ | grep -c 200)"
"""


@test("servers/linuxu-x86_64: nginx on a tap interface in a network namespace of its own: "
      "a 1 MiB file byte for byte, a 404, 50 clients at once",
      needs=["curl", "ip", "unshare", "cpio"], timeout=600)
def _(t):
    if os.geteuid() != 0:
        t.skip("needs root: creating a network namespace and a tap interface")
    img = t.build(NGINX_X86).image("linuxu")
    d, root, data = docroot({"1m.bin": 1 << 20})
    try:
        cpio = os.path.join(d, "root.cpio")
        with open(cpio, "wb") as out:
            names = subprocess.run(["find", "."], cwd=root, capture_output=True,
                                   check=True).stdout
            subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root, input=names,
                           stdout=out, check=True)
        env = dict(os.environ, IMG=img, CPIO=cpio, LOG=os.path.join(d, "guest.log"),
                   OUT=os.path.join(d, "got"))
        r = t.run(["unshare", "-n", "sh", "-c", NGINX_NETNS], timeout=400, env=env)
        t.expect_in(r.out, f"status 200 size {1 << 20}", r)
        with open(env["OUT"], "rb") as f:
            t.expect(f.read() == data["1m.bin"], "the 1 MiB file came back different")
        t.expect_in(r.out, "missing 404", r)
        t.expect_in(r.out, "concurrent: 50", r)
    finally:
        shutil.rmtree(d, ignore_errors=True)


# --- Redis 7.0 (lib/redis, apps/redis) as a cache, against Debian's own
# redis-server run natively with the same commands.

# 9pfs for the AOF test: a host directory shared with -e.
REDIS_X86 = Build("servers-redis-x86_64", "apps/redis",
                  X86 + ["CONFIG_KVM_VIRTIO_9P=y", "CONFIG_LIB9PFS=y"], timeout=SLOW)
REDIS_ARM64 = Build("servers-redis-arm64", "apps/redis", ARM64, timeout=SLOW)
REDIS_SCRIPT = os.path.join(ROOT, "support/test/redis/commands.txt")
REDIS_ARGS = "-- --save '' --appendonly no --protected-mode no"
# Redis on Linux/arm64 forks at start to test the kernel for a copy-on-write
# bug and exits when it cannot; there is no such kernel (and no fork) here.
REDIS_ARGS_ARM64 = REDIS_ARGS + " --ignore-warnings ARM64-COW-BUG"
REDIS_READY = "Ready to accept connections"


def redis_cli(t, port, script=REDIS_SCRIPT, args=()):
    with open(script, "rb") as f:
        r = t.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port)] + list(args),
                  timeout=300, stdin=f)
    return r


def native_redis_output(t):
    port = free_port()
    p = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no", "--daemonize", "no"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        return redis_cli(t, port).out
    finally:
        p.kill()
        p.wait()


def resp(sock, *words):
    """One command in Redis' protocol; the reply's first line."""
    cmd = b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in words)
    sock.sendall(cmd)
    buf = b""
    while not buf.endswith(b"\r\n"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        buf += chunk
    if buf.startswith(b"$") and not buf.startswith(b"$-1"):
        n = int(buf[1:buf.index(b"\r\n")])
        while len(buf) < buf.index(b"\r\n") + 2 + n + 2:
            buf += sock.recv(4096)
    return buf


@test("servers/kvm-x86_64: redis-server answers a script of strings, lists, hashes, sets, "
      "sorted sets, expiry, MULTI/EXEC and Lua exactly as Debian's redis-server does; 50 "
      "clients at once; BGSAVE fails cleanly; garbage is dropped",
      needs=["qemu-system-x86_64", "redis-cli", "redis-server"], timeout=1200)
def _(t):
    img = t.build(REDIS_X86).image("kvm")
    want = native_redis_output(t)
    port = free_port()
    with Guest(t, ["-k", img, "-m", "128M", "-a", REDIS_ARGS, "-n", "user",
                   "-p", f"{port}:6379"], REDIS_READY, timeout=600) as g:
        r = redis_cli(t, port)
        t.expect(r.out == want, "redis-cli's output differs from the native server's:\n" +
                 "\n".join(f"  guest {a!r} native {b!r}" for a, b in
                           zip(r.out.splitlines(), want.splitlines()) if a != b)[:3000])
        # 50 clients connected at once (one after the other: QEMU's user
        # networking listens with a backlog of 1), then all at work together.
        socks = [socket.create_connection(("127.0.0.1", port), timeout=300)
                 for _ in range(50)]
        errors = []

        def client(i):
            try:
                for k in range(20):
                    key, val = b"k%d:%d" % (i, k), b"v%d" % (i * 1000 + k)
                    if resp(socks[i], b"SET", key, val) != b"+OK\r\n":
                        errors.append((i, k, "SET"))
                    got = resp(socks[i], b"GET", key)
                    if got != b"$%d\r\n%s\r\n" % (len(val), val):
                        errors.append((i, k, got))
            except OSError as e:
                errors.append((i, repr(e)))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(50)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        for s in socks:
            s.close()
        t.expect(not errors, f"{len(errors)} failed requests, e.g. {errors[:3]}")
        s = socket.create_connection(("127.0.0.1", port), timeout=120)
        t.expect(resp(s, b"DBSIZE") == b":1000\r\n", "DBSIZE after 50 x 20 SETs")
        # BGSAVE needs fork: an error reply and Redis' log line, no crash
        reply = resp(s, b"BGSAVE")
        t.expect(reply.startswith(b"-ERR"), f"BGSAVE answered {reply!r}")
        t.expect(resp(s, b"PING") == b"+PONG\r\n", "no PONG after BGSAVE")
        t.expect_in(g.output(), "Can't save in background: fork:", None)
        # garbage and a protocol error: those clients are dropped, others served
        bad = socket.create_connection(("127.0.0.1", port), timeout=120)
        bad.sendall(b"*99999999999\r\n$3\r\nGET\r\n")
        t.expect(bad.recv(4096).startswith(b"-ERR Protocol error"), "no protocol error")
        bad.close()
        got = resp(s, b"GET", b"k7:3")
        t.expect(got == b"$5\r\nv7003\r\n", f"a client after garbage got {got!r}")
        s.close()


# redis-benchmark's 50 connects at once, straight to the guest's TCP: a
# tap device in a namespace of the test's own. (Through QEMU's user
# networking the forward's host socket listens with a backlog of 1, and
# the host kernel drops the handshakes of such a burst that overflow it:
# see doc/servers.md.)
REDIS_TAP = r"""
set -e
ip link set lo up
ip tuntap add tap0 mode tap
ip addr add 172.44.0.1/24 dev tap0
ip link set tap0 up
setsid "$LAUNCHER" --timeout 300 -m 128M -k "$IMG" -n tap:tap0 \
    -a "netdev.ip=172.44.0.2/24:172.44.0.1 -- --save '' --appendonly no --protected-mode no" \
    >"$LOG" 2>&1 &
pid=$!
trap 'kill -9 -- -$pid 2>/dev/null' EXIT
for i in $(seq 1 900); do grep -q 'Ready to accept' "$LOG" && break; sleep 0.2; done
timeout 180 redis-benchmark -h 172.44.0.2 -q -n 20000 -c 50 -t get,set 2>&1 \
    | tr '\r' '\n' | grep 'requests per second' || echo "redis-benchmark did not finish"
timeout 30 redis-cli -h 172.44.0.2 info stats | grep -E 'total_(connections_received|commands)'
"""


@test("servers/kvm-x86_64: Redis on a tap device in a network namespace of its own: "
      "redis-benchmark -c 50 (50 connects at once, then 20000 SETs and GETs) finishes",
      needs=["qemu-system-x86_64", "redis-benchmark", "redis-cli", "ip", "unshare"],
      timeout=900)
def _(t):
    if os.geteuid() != 0:
        t.skip("needs root: creating a network namespace and a tap interface")
    img = t.build(REDIS_X86).image("kvm")
    d = tempfile.mkdtemp(prefix="redis-tap-")
    try:
        log = os.path.join(d, "guest.log")
        env = dict(os.environ, IMG=img, LAUNCHER=LAUNCHER, LOG=log)
        r = t.run(["unshare", "-n", "sh", "-c", REDIS_TAP], timeout=600, env=env)
        with open(log, errors="replace") as f:
            console = f.read()
        t.expect_in(console, REDIS_READY, r)
        for op in ("SET", "GET"):
            t.expect(f"{op}: " in r.out and "did not finish" not in r.out,
                     f"redis-benchmark's {op} test did not finish:\n{r.out}\n"
                     f"guest console:\n{console[-2000:]}")
        m = re.search(r"total_connections_received:(\d+)", r.out)
        t.expect(m and int(m.group(1)) >= 101,
                 f"Redis received {m.group(1) if m else 'no'} connections, expected 50 for "
                 f"each test and redis-cli's:\n{r.out}")
        m = re.search(r"total_commands_processed:(\d+)", r.out)
        t.expect(m and int(m.group(1)) >= 40000,
                 f"Redis processed {m.group(1) if m else 'no'} commands of 40000:\n{r.out}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test("servers/kvm-x86_64: a malformed Redis option stops the boot with Redis' own message "
      "and status 1", needs=["qemu-system-x86_64"], timeout=600)
def _(t):
    img = t.build(REDIS_X86).image("kvm")
    r = t.run([LAUNCHER, "--timeout", "300", "-k", img, "-m", "64M", "-a",
               "-- --maxmemory-policy nonsense", "-n", "user"], timeout=400)
    t.expect_status(r, 1)
    t.expect_in(r.out, "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***", r)
    t.expect_in(r.out, "maxmemory-policy", r)


@test("servers/kvm-arm64: redis-server answers the command script as Debian's does",
      needs=["qemu-system-aarch64", "redis-cli", "redis-server"], timeout=1200)
def _(t):
    img = t.build(REDIS_ARM64).image("kvm", "arm64")
    want = native_redis_output(t)
    port = free_port()
    with Guest(t, ["-k", img, "-m", "128M", "-a", REDIS_ARGS_ARM64, "-n", "user",
                   "-p", f"{port}:6379"], REDIS_READY, timeout=600):
        r = redis_cli(t, port)
        t.expect(r.out == want, "redis-cli's output differs from the native server's")


@test("servers/kvm-x86_64: Redis with AOF persistence (--appendonly yes --dir /data) on a "
      "9pfs share keeps its keys across a second boot; BGREWRITEAOF fails cleanly",
      needs=["qemu-system-x86_64"], timeout=900)
def _(t):
    img = t.build(REDIS_X86).image("kvm")
    data = tempfile.mkdtemp(prefix="redis-aof-")
    args = ["-k", img, "-m", "128M", "-e", data, "-a",
            'vfs.fstab=[ "fs1:/data:9pfs:::mkmp" ] -- --save \'\' --appendonly yes '
            "--appendfsync always --dir /data --protected-mode no", "-n", "user"]
    try:
        port = free_port()
        with Guest(t, args + ["-p", f"{port}:6379"], REDIS_READY, timeout=600) as g:
            s = socket.create_connection(("127.0.0.1", port), timeout=120)
            for i in range(50):
                got = resp(s, b"SET", b"aof:%d" % i, b"value %d" % (i * 7))
                t.expect(got == b"+OK\r\n", f"SET aof:{i}: {got!r}\n{g.output()[-2000:]}")
            t.expect(resp(s, b"RPUSH", b"aof:list", b"a", b"b", b"c") == b":3\r\n", "RPUSH")
            t.expect(resp(s, b"INCRBY", b"aof:n", b"41") == b":41\r\n", "INCRBY")
            # BGREWRITEAOF needs fork: an error reply and Redis' log line;
            # the next write goes on to the AOF (a new .incr.aof file)
            reply = resp(s, b"BGREWRITEAOF")
            t.expect(reply.startswith(b"-ERR"), f"BGREWRITEAOF answered {reply!r}")
            t.expect_in(g.output(), "Can't rewrite append only file in background: fork:", None)
            t.expect(resp(s, b"SET", b"aof:after", b"rewrite") == b"+OK\r\n",
                     "SET after BGREWRITEAOF")
            s.close()
        files = sorted(os.listdir(os.path.join(data, "appendonlydir"))) \
            if os.path.isdir(os.path.join(data, "appendonlydir")) else []
        t.expect(any(f.endswith(".incr.aof") for f in files),
                 f"no incremental AOF in the share: {files}")
        port = free_port()
        with Guest(t, args + ["-p", f"{port}:6379"], REDIS_READY, timeout=600) as g:
            t.expect_in(g.output(), "DB loaded from", None)
            s = socket.create_connection(("127.0.0.1", port), timeout=120)
            t.expect(resp(s, b"DBSIZE") == b":53\r\n", "DBSIZE after the second boot")
            t.expect(resp(s, b"GET", b"aof:after") == b"$7\r\nrewrite\r\n",
                     "the SET after the failed BGREWRITEAOF, after the second boot")
            for i in (0, 17, 49):
                want = b"value %d" % (i * 7)
                got = resp(s, b"GET", b"aof:%d" % i)
                t.expect(got == b"$%d\r\n%s\r\n" % (len(want), want),
                         f"GET aof:{i} after the second boot: {got!r}")
            t.expect(resp(s, b"LLEN", b"aof:list") == b":3\r\n", "LLEN after the second boot")
            t.expect(resp(s, b"INCR", b"aof:n") == b":42\r\n", "INCR after the second boot")
            s.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)


@test("servers/linux-guest: --help; bad arguments refused with status 2 and a message "
      "naming them, before anything is fetched")
def _(t):
    lg = os.path.join(ROOT, "support/scripts/linux-guest")
    r = t.run([lg, "--help"])
    t.expect_status(r, 0)
    for word in ("apt-get download", "dpkg-deb -x", "linux-guest: ready:", "--accel-check"):
        t.expect_in(r.out, word, r)
    cache = tempfile.mkdtemp(prefix="linux-guest-cache-")
    env = dict(os.environ, UK_CACHE=cache)
    bad = [([], "say build or run"),
           (["frob"], "invalid choice"),
           (["run"], "-s/--server"),
           (["run", "-s", "postgres"], "-s must be one of redis, nginx, not 'postgres'"),
           (["run", "-s", "redis", "-n", "tap:tap0"], "needs --ip"),
           (["run", "-s", "redis", "-n", "tap:tap0", "--ip", "172.44.0.300/24"],
            "bad address"),
           (["run", "-s", "nginx", "-n", "wifi"], "bad -n 'wifi'"),
           (["run", "-s", "nginx", "-p", "80x:80"], "bad -p '80x:80'"),
           (["run", "-s", "redis", "-m", "12M"], "needs at least 64M"),
           (["run", "-s", "redis", "-m", "lots"], "bad -m 'lots'"),
           (["run", "-s", "redis", "-t", "0"], "--timeout must be positive")]
    try:
        for args, msg in bad:
            r = t.run([lg] + args, env=env)
            t.expect_status(r, 2)
            t.expect_in(r.err, msg, r)
        t.expect(os.listdir(cache) == [], f"bad arguments fetched something: {os.listdir(cache)}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
