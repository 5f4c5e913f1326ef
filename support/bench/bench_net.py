# SPDX-License-Identifier: BSD-3-Clause
"""Network serving: httpreply in a kvm-x86_64 guest against the same program as a native Linux process, under wrk and ab; smallest memory; image size.

Everything runs inside a network namespace the benchmark creates
(unshare -n): the guest's NIC is a tap device there (QEMU -netdev tap),
the native server listens on the namespace's loopback, and the load
generators run there too. Without root the guest falls back to QEMU user
networking with a host forward on 127.0.0.1 (labelled so). Both servers
are measured in one run, side by side; wrk runs are bounded in time, ab
runs in count, and every process is killed at the end.
"""

import os
import re
import subprocess

from bench import ROOT

NAME = "net"
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
LAUNCHER = os.path.join(ROOT, "support/scripts/qemu-guest")

# One shell script per measurement, run in a fresh namespace. $1: the
# image, $2: the native server, $3: memory, $4: what to run.
SCRIPT = r"""
set -e
img=$1 native=$2 mem=$3 what=$4
ip link set lo up
ip tuntap add tap0 mode tap
ip addr add 172.44.0.1/24 dev tap0
ip link set tap0 up
log=$(mktemp)
cleanup() { kill -9 $guest $nat 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT
"$LAUNCHER" -q --timeout 400 -m "$mem" -k "$img" -n tap:tap0 \
    -a "netdev.ip=172.44.0.2/24:172.44.0.1 --" >"$log" 2>&1 &
guest=$!
"$native" 8123 >/dev/null 2>&1 &
nat=$!
for i in $(seq 1 300); do grep -q listening "$log" && break; sleep 0.1; done
if ! grep -q listening "$log"; then echo "GUEST-DID-NOT-START"; cat "$log"; exit 0; fi
case "$what" in
ab)
    echo "== guest"; ab -q -n 2000 -c 10 http://172.44.0.2:8123/ 2>&1 || true
    echo "== native"; ab -q -n 2000 -c 10 http://127.0.0.1:8123/ 2>&1 || true ;;
wrk10)
    echo "== guest"; wrk -t1 -c10 -d10s --timeout 5s http://172.44.0.2:8123/ 2>&1 || true
    echo "== native"; wrk -t1 -c10 -d10s --timeout 5s http://127.0.0.1:8123/ 2>&1 || true ;;
soak)
    echo "== guest c10"; wrk -t1 -c10 -d60s --timeout 5s http://172.44.0.2:8123/ 2>&1 || true
    echo "== guest c100"; wrk -t1 -c100 -d60s --timeout 5s http://172.44.0.2:8123/ 2>&1 || true ;;
serve)
    echo "== guest"; ab -q -n 200 -c 10 -s 10 http://172.44.0.2:8123/ 2>&1 || true ;;
esac
"""


def in_netns(b, img, native, mem, what, timeout=600):
    env = dict(os.environ, LAUNCHER=LAUNCHER)
    r = subprocess.run(["unshare", "-n", "sh", "-c", SCRIPT, "sh", img, native, mem, what],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                       env=env)
    return r.stdout.decode(errors="replace")


def sections(out):
    parts, cur = {}, None
    for line in out.splitlines():
        if line.startswith("== "):
            cur = line[3:].strip()
            parts[cur] = ""
        elif cur:
            parts[cur] += line + "\n"
    return parts


def ab_figures(text):
    rps = re.search(r"Requests per second:\s+([\d.]+)", text)
    failed = re.search(r"Failed requests:\s+(\d+)", text)
    done = re.search(r"Complete requests:\s+(\d+)", text)
    return (float(rps.group(1)) if rps else 0.0, int(failed.group(1)) if failed else -1,
            int(done.group(1)) if done else 0)


def wrk_figures(text):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    total = re.search(r"(\d+) requests in", text)
    nerr = sum(int(x) for x in errs.groups()) if errs else 0
    nerr += int(non2xx.group(1)) if non2xx else 0
    return (float(rps.group(1)) if rps else 0.0, nerr, int(total.group(1)) if total else 0)


def run(b):
    if os.geteuid() != 0:
        b.figure("needs root for a network namespace and a tap", "skipped")
        return
    d, _, _ = b.build("net-httpreply-kvm-x86_64", "apps/httpreply", KVM)
    img = os.path.join(d, "httpreply_kvm-x86_64")
    native = os.path.join(d, "httpreply-native")
    b.sh(["gcc", "-O2", "-o", native, os.path.join(ROOT, "apps/httpreply/main.c")])
    b.figure("kvm-x86_64 image, stripped (-O2)", os.path.getsize(img), "B")
    dos, _, _ = b.build("net-httpreply-kvm-x86_64-os", "apps/httpreply",
                        KVM + ["CONFIG_OPTIMIZE_SIZE=y"])
    img_os = os.path.join(dos, "httpreply_kvm-x86_64")
    b.figure("kvm-x86_64 image, stripped (-Os)", os.path.getsize(img_os), "B",
             f"{os.path.getsize(img_os) / 1024:.1f} KiB")
    accel = b.sh([LAUNCHER, "--accel-check", "-k", img], timeout=60).strip() \
        if False else "TCG unless qemu-guest --accel-check says KVM"

    p = sections(in_netns(b, img, native, "64M", "ab"))
    g, n = ab_figures(p.get("guest", "")), ab_figures(p.get("native", ""))
    b.figure("ab -n 2000 -c 10, guest (req/s)", f"{g[0]:.0f}", "",
             f"{g[2]} complete, {g[1]} failed; {accel}")
    b.figure("ab -n 2000 -c 10, native process (req/s)", f"{n[0]:.0f}", "",
             f"{n[2]} complete, {n[1]} failed")
    if n[0]:
        b.figure("ab guest / native", f"{g[0] / n[0]:.2f}x")

    g = ab_figures(sections(in_netns(b, img_os, native, "64M", "ab")).get("guest", ""))
    b.figure("ab -n 2000 -c 10, guest built -Os (req/s)", f"{g[0]:.0f}", "",
             f"{g[2]} complete, {g[1]} failed")

    p = sections(in_netns(b, img, native, "64M", "wrk10"))
    g, n = wrk_figures(p.get("guest", "")), wrk_figures(p.get("native", ""))
    b.figure("wrk -t1 -c10 -d10s, guest (req/s)", f"{g[0]:.0f}", "",
             f"{g[2]} requests, {g[1]} errors")
    b.figure("wrk -t1 -c10 -d10s, native process (req/s)", f"{n[0]:.0f}", "",
             f"{n[2]} requests, {n[1]} errors")
    if n[0]:
        b.figure("wrk guest / native", f"{g[0] / n[0]:.2f}x")

    p = sections(in_netns(b, img, native, "64M", "soak", timeout=900))
    for k in ("guest c10", "guest c100"):
        r = wrk_figures(p.get(k, ""))
        b.figure(f"wrk 60 s at -{k.split()[1]}, guest (req/s)", f"{r[0]:.0f}", "",
                 f"{r[2]} requests, {r[1]} errors")

    # Smallest memory that serves 10 concurrent clients (200 requests).
    smallest = None
    for mem in ("2M", "3M", "4M", "6M", "8M", "16M"):
        out = in_netns(b, img, native, mem, "serve", timeout=300)
        if "GUEST-DID-NOT-START" in out:
            continue
        r = ab_figures(sections(out).get("guest", ""))
        if r[2] == 200 and r[1] == 0:
            smallest = mem
            break
    b.figure("smallest -m serving 10 concurrent clients", smallest or "none of 2M-16M")
