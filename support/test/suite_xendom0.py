# SPDX-License-Identifier: BSD-3-Clause
"""xen-arm64 images started by `xl create` in a Linux dom0: Debian's Xen
4.17 and arm64 kernel, and an initramfs with xen-utils-4.17, under
qemu-system-aarch64 (TCG), by support/scripts/xen-dom0. One boot creates
several guests in turn (helloworld, crashtest crashing and exiting 3, a
guest with a vif and a disk whose backends are checked), so the whole
suite costs one dom0 boot (about 2 to 3 minutes here). The images come
from the arm64 builds of suite_arm64.py.

The same for xen-x86_64 images (xen-dom0 --arch x86_64): Debian's amd64
Xen 4.17 and kernel, the kernel as a PVH dom0, under qemu-system-x86_64
(TCG with SVM), with helloworld, crashtest, blkapp on blkfront and
httpreply on netfront in one boot (about a minute here)."""

import re
import subprocess

import os

from driver import ROOT, Build, test
from suite_arm64 import CRASH, HELLO
import suite_xen_x86 as X86

QEMU = "qemu-system-aarch64"
SCRIPT = os.path.join(ROOT, "support", "scripts", "xen-dom0")
NEEDS = [QEMU, "aarch64-linux-gnu-gcc", "dtc", "apt-get", "dpkg-deb", "readelf"]
# The first run downloads about 62 MiB of Debian packages and assembles.
FETCH_TIMEOUT = 900
BOOT_TIMEOUT = 480
# httpreply over netfront (once plat/xen has it), answering dom0 on xenbr0.
NETFRONT = os.path.exists(os.path.join(ROOT, "plat", "xen", "netfront.c"))
HTTP_XEN = Build("xendom0-httpreply-arm64", "apps/httpreply",
                 ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_XEN=y", "# CONFIG_PLAT_KVM is not set",
                  "# CONFIG_PLAT_LINUXU is not set", "CONFIG_XEN_NETFRONT=y"], timeout=1800)
HTTP_BODY = "<html><body><h1>It works!</h1></body></html>"
# dom0's client: busybox nc (Debian's static busybox wget crashes), retried
# while the guest comes up.
HTTP_GET = ('for i in $(seq 60); do printf "GET / HTTP/1.0\\r\\n\\r\\n" | '
            'nc -w 5 10.0.0.2 8123 > /tmp/reply && grep -q "200 OK" /tmp/reply && '
            'cat /tmp/reply && exit 0; sleep 1; done; exit 1')


def fetch(t, arch="arm64"):
    """The packages and the assembled dom0 (cached); skips when apt cannot
    give the packages (no mirror, no arm64 architecture)."""
    deb = {"arm64": "arm64", "x86_64": "amd64"}[arch]
    r = t.run([SCRIPT, "--arch", arch, "--fetch"], timeout=FETCH_TIMEOUT)
    if r.status == 252 and re.search(rf"apt knows no {deb} package|apt-get download failed",
                                     r.err):
        t.skip(f"apt cannot give Debian's {deb} packages here: " + r.err.strip()[-300:])
    t.expect_status(r, 0)


def has_pv_console(img):
    """Whether the image writes its console to the PV console ring (then
    xenconsoled's log holds its output)."""
    r = subprocess.run(["aarch64-linux-gnu-nm", img + ".dbg"], capture_output=True,
                       text=True)
    return "xen_pvcons_init" in r.stdout


def xenstore_tree(out, tag):
    """{path: value} from the xenstore-ls lines tagged tag (one space of
    indent per level)."""
    tree, stack = {}, []
    for line in out.splitlines():
        if not line.startswith(tag + ": "):
            continue
        text = line[len(tag) + 2:]
        m = re.match(r'^( *)(\S+) = "(.*)"$', text)
        if not m:
            continue
        depth = len(m.group(1))
        stack = stack[:depth] + [m.group(2)]
        tree["/".join(stack)] = m.group(3)
    return tree


def guest_line(t, r, g, reason, status):
    m = re.search(rf"^xen-dom0: {g} \S+: shut down, reason (\w+)(.*); status (\d+)$",
                  r.err, re.M)
    t.expect(m is not None, f"no status line for {g}", r)
    t.expect(m.group(1) == reason and int(m.group(3)) == status,
             f"{g}: reason {m.group(1)}, status {m.group(3)} (want {reason}, {status})", r)


@test("xen-dom0/arm64: Xen 4.17 boots a Debian Linux dom0 under QEMU; xl info and xl "
      "list work; xl create runs helloworld (poweroff), crashtest (crash, exit 3) and "
      "a guest whose vif and disk reach netback and blkback in dom0; httpreply answers "
      "dom0 (with netfront)", needs=NEEDS,
      timeout=FETCH_TIMEOUT + BOOT_TIMEOUT + 60)
def _(t):
    hello = t.build(HELLO).image("xen", "arm64")
    crash = t.build(CRASH).image("xen", "arm64")
    http = t.build(HTTP_XEN).image("xen", "arm64") if NETFRONT else None
    fetch(t)
    more = []
    if http:
        more = ["--dom0-ip", "10.0.0.1/24", "-k", http, "-a",
                "netdev.ip=10.0.0.2/24:10.0.0.1 --", "--vif", "--run", HTTP_GET]
    r = t.run([SCRIPT, "-t", str(BOOT_TIMEOUT), "--guest-timeout", "120",
               "-k", hello, "-a", "-- via xl",
               "-k", crash, "-a", "-- null",
               "-k", crash, "-a", "-- exit:3",
               "-k", crash, "-a", "-- wait:20000", "--vif", "--disk", "8M", "--show"] + more,
              timeout=BOOT_TIMEOUT + 60)
    # A crash is 255 whatever the others did.
    t.expect_status(r, 255)
    # dom0 up, the toolstack answers.
    t.expect(re.search(r"^xl-info: xen_version\s+: 4\.17\.", r.out, re.M) is not None,
             "xl info names no Xen 4.17", r)
    t.expect(re.search(r"^xl-info: xen_caps\s+: xen-3\.0-aarch64", r.out, re.M) is not None,
             "xl info: not an aarch64 Xen", r)
    t.expect(re.search(r"^xl-list: Domain-0\s+0\s+512\s+1\s", r.out, re.M) is not None,
             "xl list shows no Domain-0 with 512 MiB", r)
    # xl's view of each guest.
    console = has_pv_console(hello)
    for g, reason in (("g1", 0), ("g2", 3), ("g3", 3), ("g4", 0)):
        t.expect_in(r.out, f"xl-{g}: Domain {g[1]} has shut down, reason code {reason} ", r)
    guest_line(t, r, "g1", "poweroff", 0)
    guest_line(t, r, "g2", "crash", 255)
    guest_line(t, r, "g3", "crash", 3 if console else 255)
    guest_line(t, r, "g4", "poweroff", 0)
    if console:
        t.expect_in(r.out, "(g1) Hello world!\n(g1) Argument 1: via\n(g1) Argument 2: xl\n"
                    "(g1) xen: exit status 0\n", r)
        t.expect_in(r.out, "(g2) crashtest: null", r)
        t.expect_in(r.out, "(g2) xen: exit status 255", r)
        t.expect_in(r.out, "(g3) xen: exit status 3", r)
    else:
        t.note("these images have no PV console ring: their output is not checked")
    # The fourth guest's devices: backends in dom0, hotplug done, both ends in xenstore.
    t.expect(re.search(r"^xl-network-list-g4: 0\s+0\s+00:16:3e:\S+\s+0\s+\d+\s.*"
                       r"/local/domain/0/backend/vif/4/0\s*$", r.out, re.M) is not None,
             "xl network-list shows no vif backend in dom0", r)
    t.expect(re.search(r"^xl-block-list-g4: 51712\s+0\s+4\s+\d+\s.*"
                       r"/local/domain/0/backend/vbd/4/51712\s*$", r.out, re.M) is not None,
             "xl block-list shows no vbd backend in dom0", r)
    back = xenstore_tree(r.out, "xenstore-backend-g4")
    front = xenstore_tree(r.out, "xenstore-device-g4")
    for kind, dev in (("vif", "vif/4/0"), ("vbd", "vbd/4/51712")):
        t.expect(back.get(f"{dev}/hotplug-status") == "connected",
                 f"the {kind} hotplug script did not report connected", r)
        t.expect(int(back.get(f"{dev}/state", "0")) >= 2,
                 f"the {kind} backend's state is {back.get(f'{dev}/state')}: want "
                 "InitWait (2) or later", r)
    t.expect(back.get("vbd/4/51712/physical-device-path") == "/dev/loop0",
             "the disk is not on /dev/loop0", r)
    t.expect(back.get("vif/4/0/bridge") == "xenbr0", "the vif is not on xenbr0", r)
    fstates = [front.get("vbd/51712/state"), front.get("vif/0/state")]
    t.expect(None not in fstates, f"the frontends' state nodes: {fstates}", r)
    t.note(f"XenbusStates: vbd backend {back['vbd/4/51712/state']}, frontend "
           f"{fstates[0]}; vif backend {back['vif/4/0/state']}, frontend {fstates[1]}")
    if http:
        t.expect_in(r.out, "dom0-g5: HTTP/1.1 200 OK\n", r)
        t.expect_in(r.out, f"dom0-g5: {HTTP_BODY}\n", r)
        t.expect_in(r.err, "g5 httpreply_xen-arm64: --run command succeeded; destroyed; "
                    "status 0", r)
    else:
        t.note("plat/xen has no netfront here: httpreply is not run")
    stages = re.findall(r"^xen-dom0:\s+([\d.]+) s\s+\+\s*([\d.]+) s\s+(.*)$", r.err, re.M)
    want = {"Xen booted, dom0 starts", "dom0 /init started",
            "xenstored, xen-init-dom0, xenconsoled up", "xl info, xl list done"}
    got = {name: float(at) for at, _, name in stages}
    t.expect(want <= set(got), f"stages missing: {want - set(got)}", r)
    t.note("dom0: Xen booted {:.1f} s, /init {:.1f} s, toolstack {:.1f} s, xl info {:.1f} s; "
           "all {:.1f} s".format(got["Xen booted, dom0 starts"], got["dom0 /init started"],
                                 got["xenstored, xen-init-dom0, xenconsoled up"],
                                 got["xl info, xl list done"], r.seconds))


@test("xen-dom0/arm64: bad input is refused before anything boots (252): a .dbg ELF, a "
      "missing image, a --disk that is neither a file nor a size, -a before -k, an "
      "unknown option", needs=NEEDS)
def _(t):
    hello = t.build(HELLO).image("xen", "arm64")
    cases = [
        (["-k", hello + ".dbg"], "is an ELF: Xen boots arm64 guests from the raw Image"),
        (["-k", "/nonexistent/image"], "no image /nonexistent/image"),
        (["-k", hello, "--disk", "lots"], "--disk lots: no such file (or give a size"),
        (["-a", "-- x", "-k", hello], "-a comes after the -k IMAGE it belongs to"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["-t", "0"], "timeouts must be positive"),
    ]
    for args, msg in cases:
        r = t.run([SCRIPT] + args, timeout=60)
        t.expect_status(r, 252)
        t.expect_in(r.err, msg, r)
    r = t.run([SCRIPT, "--help"], timeout=30)
    t.expect_status(r, 0)
    t.expect_in(r.out, "xl create", r)


@test("xen-dom0/arm64: a dom0 that cannot finish within --timeout is stopped: status 253, "
      "the stages reached and the last console lines on stderr", needs=NEEDS,
      timeout=FETCH_TIMEOUT + 120)
def _(t):
    fetch(t)
    r = t.run([SCRIPT, "-t", "4"], timeout=90)
    t.expect_status(r, 253)
    t.expect_in(r.err, "timeout: dom0 did not finish within the time given (--timeout); "
                "QEMU killed", r)
    t.expect(re.search(r"^xen-dom0: \| \(XEN\) ", r.err, re.M) is not None,
             "no console lines of Xen's before the timeout message", r)


# x86_64: the images of suite_xen_x86.py, and blkapp and httpreply with the
# front drivers.
QEMU_X86 = "qemu-system-x86_64"
NEEDS_X86 = [QEMU_X86, "apt-get", "dpkg-deb", "readelf"]
X86_XEN = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_XEN=y", "# CONFIG_PLAT_KVM is not set",
           "# CONFIG_PLAT_LINUXU is not set"]
BLK_X86 = Build("xendom0-blkapp-x86_64", "support/test/blkapp",
                X86_XEN + ["CONFIG_XEN_BLKFRONT=y"])
HTTP_X86 = Build("xendom0-httpreply-x86_64", "apps/httpreply",
                 X86_XEN + ["CONFIG_XEN_NETFRONT=y"], timeout=1800)
BLK_ARGS = ("-- intr info write 0 64 5 check 0 64 5 write 32700 68 9 check 32700 68 9 "
            "check 0 64 5 flush async 8")


@test("xen-dom0/x86_64: Xen 4.17 x86 boots a Debian Linux PVH dom0 under QEMU (TCG, SVM); "
      "xl create runs PVH guests whose consoles are the PV ring: helloworld (poweroff), "
      "crashtest (crash; exit 3), blkapp on blkfront against blkback, httpreply on "
      "netfront answering dom0 through netback", needs=NEEDS_X86,
      timeout=FETCH_TIMEOUT + BOOT_TIMEOUT + 60)
def _(t):
    hello = t.build(X86.HELLO).image("xen", "x86_64")
    crash = t.build(X86.CRASH).image("xen", "x86_64")
    blk = t.build(BLK_X86).image("xen", "x86_64")
    http = t.build(HTTP_X86).image("xen", "x86_64")
    fetch(t, "x86_64")
    r = t.run([SCRIPT, "--arch", "x86_64", "-t", str(BOOT_TIMEOUT), "--guest-timeout", "120",
               "-k", hello, "-a", "-- via xl",
               "-k", crash, "-a", "-- null",
               "-k", crash, "-a", "-- exit:3",
               "-k", blk, "-a", BLK_ARGS, "--disk", "16M",
               "--dom0-ip", "10.0.0.1/24", "-k", http, "-a",
               "netdev.ip=10.0.0.2/24:10.0.0.1 --", "--vif", "--run", HTTP_GET],
              timeout=BOOT_TIMEOUT + 60)
    t.expect_status(r, 255)
    t.expect(re.search(r"^xl-info: xen_version\s+: 4\.17\.", r.out, re.M) is not None,
             "xl info names no Xen 4.17", r)
    t.expect(re.search(r"^xl-info: xen_caps\s+: .*hvm-3\.0-x86_64", r.out, re.M) is not None,
             "xl info: not an x86_64 Xen with HVM", r)
    for g, reason in (("g1", 0), ("g2", 3), ("g3", 3), ("g4", 0)):
        t.expect_in(r.out, f"xl-{g}: Domain {g[1]} has shut down, reason code {reason} ", r)
    guest_line(t, r, "g1", "poweroff", 0)
    guest_line(t, r, "g2", "crash", 255)
    guest_line(t, r, "g3", "crash", 3)
    guest_line(t, r, "g4", "poweroff", 0)
    # The consoles: xenconsoled's logs of the PV rings.
    t.expect_in(r.out, "(g1) Hello world!\n(g1) Argument 1: via\n(g1) Argument 2: xl\n"
                "(g1) xen: exit status 0\n", r)
    t.expect_in(r.out, "(g2) crashtest: null", r)
    t.expect_in(r.out, "(g2) xen: exit status 255", r)
    t.expect_in(r.out, "(g3) xen: exit status 3", r)
    # blkfront: blkback's disk (16 MiB), data back as written, completions
    # by the event channel.
    t.expect_regex(r.out, r"^\(g4\) blkapp: blkfront, 32768 sectors of 512 bytes, read-write, "
                          r".*flush yes.*intr yes$", r)
    for cmd in ("write 0+64", "check 0+64", "write 32700+68", "check 32700+68", "flush"):
        t.expect_regex(r.out, rf"^\(g4\) blkapp: {re.escape(cmd)}: ok$", r)
    t.expect_regex(r.out, r"^\(g4\) blkapp: async 8: 8 completed, 0 errors, 0 by poll$", r)
    # netfront: httpreply answers dom0's request on xenbr0.
    t.expect_in(r.out, "dom0-g5: HTTP/1.1 200 OK\n", r)
    t.expect_in(r.out, f"dom0-g5: {HTTP_BODY}\n", r)
    t.expect_in(r.err, "g5 httpreply_xen-x86_64: --run command succeeded; destroyed; "
                "status 0", r)
    stages = re.findall(r"^xen-dom0:\s+([\d.]+) s\s+\+\s*([\d.]+) s\s+(.*)$", r.err, re.M)
    got = {name: float(at) for at, _, name in stages}
    t.expect("xl info, xl list done" in got, "stage 'xl info, xl list done' missing", r)
    t.note("x86 dom0: Xen booted {:.1f} s, toolstack {:.1f} s; five guests, all {:.1f} s"
           .format(got.get("Xen booted, dom0 starts", -1),
                   got.get("xenstored, xen-init-dom0, xenconsoled up", -1), r.seconds))


@test("xen-dom0/x86_64: bad input is refused before anything boots (252): an arm64 Image "
      "or a non-ELF given with --arch x86_64", needs=NEEDS_X86)
def _(t):
    hello = t.build(X86.HELLO).image("xen", "x86_64")
    r = t.run([SCRIPT, "--arch", "x86_64", "-k", hello + ".xl"], timeout=60)
    t.expect_status(r, 252)
    t.expect_in(r.err, "is not an ELF64 for x86-64: xl boots the PVH ELF", r)
    r = t.run([SCRIPT, "-k", hello], timeout=60)
    t.expect_status(r, 252)
    t.expect_in(r.err, "--arch x86_64 for x86 images", r)
    r = t.run([SCRIPT, "--arch", "sparc"], timeout=60)
    t.expect_status(r, 252)
    t.expect_in(r.err, "invalid choice: 'sparc'", r)
