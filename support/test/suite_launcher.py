# SPDX-License-Identifier: BSD-3-Clause
"""The launcher's choice of accelerator (qemu-guest): KVM only after the
probe guest ran under it, TCG otherwise with the reason; --accel kvm fails
fast where KVM cannot run guests; a QEMU that reports a KVM internal error
or stalls is killed with the console's last lines. Checked against fake
QEMUs, against fake /dev/kvm devices in a private mount namespace, and
against this host's real /dev/kvm. Its NIC options (-n with a transport,
-n none, -p host forwards) as QEMU arguments, and their errors."""

import importlib.machinery
import importlib.util
import os
import shutil
import time

from driver import ROOT, TESTS_DIR, test
from suite_kvm_x86_64 import HELLO

QEMU = "qemu-system-x86_64"
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
EXIT_QEMU, EXIT_TIMEOUT, EXIT_NOKVM = 254, 253, 251
kvm_existed = os.path.exists("/dev/kvm")


def launcher_module():
    """qemu-guest imported as a module (it has no .py suffix)."""
    loader = importlib.machinery.SourceFileLoader("qemu_guest", LAUNCHER)
    spec = importlib.util.spec_from_loader("qemu_guest", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def workdir(name):
    d = os.path.join(TESTS_DIR, "launcher-" + name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


# A stand-in for qemu-system-x86_64. Under -accel tcg it runs the real
# QEMU; under -accel kvm it plays what $FAKE_MODE says:
#   hang    KVM internal error at the first instruction, then hangs
#           (what QEMU does on a PVM-backed /dev/kvm)
#   ioctl   /dev/kvm is not KVM: QEMU's own words, status 1
#   midrun  passes the probe, then a KVM internal error in the real guest
#           after some console lines, and hangs
#   silent  (any accelerator) one console line, then silence and no CPU use
FAKE_QEMU = r"""#!/bin/sh
accel=tcg kernel= prev=
for a in "$@"; do
	[ "$prev" = -accel ] && accel=$a
	[ "$prev" = -kernel ] && kernel=$a
	prev=$a
done
echo "$$ $accel $kernel" >> "$FAKE_LOG"
[ "$FAKE_MODE" = silent ] && { echo "fake console: waiting"; exec sleep 600; }
[ "$accel" = kvm ] || exec "$REAL_QEMU" "$@"
case "$FAKE_MODE" in
hang)
	echo "KVM internal error. Suberror: 1" >&2
	echo "emulation failure" >&2
	exec sleep 600 ;;
ioctl)
	echo "qemu-system-x86_64: -accel kvm: Could not access KVM kernel module: Inappropriate ioctl for device" >&2
	echo "qemu-system-x86_64: -accel kvm: failed to initialize kvm: Inappropriate ioctl for device" >&2
	exit 1 ;;
midrun)
	case "$kernel" in
	*/probe-*) echo PROBE_OK; exit 181 ;;
	esac
	echo "fake console: booting"
	echo "fake console: step 2"
	sleep 0.2
	echo "KVM internal error. Suberror: 1" >&2
	echo "emulation failure" >&2
	exec sleep 600 ;;
esac
exit 99
"""


class Fake:
    """A fake QEMU first on PATH, with its own verdict cache and log."""

    def __init__(self, name, mode):
        self.dir = workdir(name)
        bindir = os.path.join(self.dir, "bin")
        os.makedirs(bindir)
        path = os.path.join(bindir, QEMU)
        with open(path, "w") as f:
            f.write(FAKE_QEMU)
        os.chmod(path, 0o755)
        self.log = os.path.join(self.dir, "invocations")
        open(self.log, "w").close()
        self.env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"],
                        UK_CACHE=os.path.join(self.dir, "cache"), FAKE_MODE=mode,
                        FAKE_LOG=self.log, REAL_QEMU=shutil.which(QEMU) or QEMU)

    def invocations(self):
        with open(self.log) as f:
            return [line.split() for line in f if line.strip()]

    def kvm_runs(self):
        return [i for i in self.invocations() if i[1] == "kvm"]

    def check_none_left(self, t):
        """Every fake QEMU the launcher started has been killed or has ended."""
        for inv in self.invocations():
            try:
                with open(f"/proc/{inv[0]}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            t.expect(state == "Z", f"fake QEMU {inv} is still running (state {state})")


def device_prefix(t, kind, d):
    """A command prefix that runs a command in a private mount namespace
    where /dev is a fresh tmpfs with the usual nodes and /dev/kvm is:
    'none' (absent), 'null' (a device that opens but is not KVM: /dev/null)
    or 'noopen' (a character device with no driver: open gives ENXIO).
    Skips the test unless root with unshare."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        t.skip("replacing /dev/kvm needs root and unshare (a private mount namespace)")
    script = os.path.join(d, "fakedev.sh")
    with open(script, "w") as f:
        f.write(FAKE_DEV_SH)
    return ["unshare", "-m", "--propagation", "private", "sh", script, kind,
            os.path.join(d, "ns"), "--"]


FAKE_DEV_SH = r"""set -e
kind=$1 tmp=$2
shift 2
[ "$1" = -- ] && shift
mkdir -p "$tmp/olddev"
mount --rbind /dev "$tmp/olddev"
mount -t tmpfs -o mode=755,size=64k tessera-dev /dev
for n in null zero full random urandom tty; do
	[ -e "$tmp/olddev/$n" ] || continue
	touch "/dev/$n"
	mount --bind "$tmp/olddev/$n" "/dev/$n"
done
mkdir /dev/pts /dev/shm
mount --rbind "$tmp/olddev/pts" /dev/pts 2>/dev/null || true
ln -s pts/ptmx /dev/ptmx
ln -s /proc/self/fd /dev/fd
case $kind in
none) ;;
null) touch /dev/kvm; mount --bind "$tmp/olddev/null" /dev/kvm ;;
noopen) mknod /dev/kvm c 242 0 ;;
*) echo "fakedev.sh: unknown kind $kind" >&2; exit 2 ;;
esac
exec "$@"
"""


def kvm_opens():
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
        return True
    except OSError:
        return False


def fake_prefix(t, fake):
    """The probe runs only where /dev/kvm opens: use the real one if it
    does, else (as root) a private namespace with /dev/null in its place."""
    return [] if kvm_opens() else device_prefix(t, "null", fake.dir)


def check_hello(t, r, word):
    out = r.out.replace("\r\n", "\n")
    t.expect_status(r, 0)
    t.expect_in(out, f"Hello world!\nArgument 1: {word}\n", r)


@test("launcher/probe: the probe guests are a few hundred bytes and pass under TCG "
      "(x86_64 PVH with long mode and SSE; arm64 virt with SIMD, PL011, PSCI)",
      needs=[QEMU, "qemu-system-aarch64", "aarch64-linux-gnu-gcc", "gcc", "ld"])
def _(t):
    qg = launcher_module()
    d = workdir("probe")
    for arch in (qg.X86_64, qg.Arm64):
        img = qg.build_probe(arch, d)
        size = os.path.getsize(img)
        t.expect(size <= 1024, f"the {arch.name} probe guest is {size} B, more than 1 KiB")
        t.expect(qg.build_probe(arch, d) == img, "the probe is rebuilt each time")
        v = qg.run_probe(arch, shutil.which(arch.qemu), img, bound=60, accel="tcg")
        t.expect(v.usable, f"the {arch.name} probe guest fails under TCG: {v.reason}")
        t.note(f"{arch.name} probe guest: {size} B; {v.reason}")


@test("launcher/fake QEMU: KVM internal error then a hang: auto takes TCG with QEMU's "
      "message, kvm fails at once (251), the verdict is cached", needs=[QEMU, "gcc", "ld"])
def _(t):
    img = t.build(HELLO).image("kvm")
    fake = Fake("fake-hang", "hang")
    pre = fake_prefix(t, fake)
    start = time.monotonic()
    r = t.run(pre + [LAUNCHER, "-k", img, "-a", "-- fallback"], env=fake.env, timeout=90)
    secs = time.monotonic() - start
    check_hello(t, r, "fallback")
    t.expect_in(r.err, "qemu-guest: KVM present but cannot run guests (KVM internal error. "
                "Suberror: 1); using TCG", r)
    t.expect(len(fake.kvm_runs()) == 1, f"expected one probe, saw {fake.kvm_runs()}")
    fake.check_none_left(t)
    t.note(f"auto with a hanging KVM: {secs:.1f} s to the guest's exit under TCG")
    # The verdict is cached: no second probe, and --accel kvm fails at once.
    r = t.run(pre + [LAUNCHER, "-k", img, "-a", "-- again"], env=fake.env, timeout=90)
    check_hello(t, r, "again")
    r = t.run(pre + [LAUNCHER, "-k", img, "--accel", "kvm"], env=fake.env, timeout=30)
    t.expect_status(r, EXIT_NOKVM)
    t.expect_in(r.err, "--accel kvm: KVM present but cannot run guests (KVM internal "
                "error. Suberror: 1)", r)
    t.expect(len(fake.kvm_runs()) == 1, f"the cached verdict was not used: {fake.kvm_runs()}")
    # --accel-check probes afresh, and says the same.
    r = t.run(pre + [LAUNCHER, "--accel-check", "-k", img], env=fake.env, timeout=30)
    t.expect_status(r, 1)
    t.expect_in(r.out, "kvm: not usable: KVM present but cannot run guests (KVM internal "
                "error. Suberror: 1)", r)
    t.expect_in(r.out, "auto: tcg", r)
    t.expect(len(fake.kvm_runs()) == 2, "--accel-check did not probe again")
    fake.check_none_left(t)


@test("launcher/fake QEMU: /dev/kvm that is not KVM ('Inappropriate ioctl'): auto takes "
      "TCG, kvm fails at once (251)", needs=[QEMU, "gcc", "ld"])
def _(t):
    img = t.build(HELLO).image("kvm")
    fake = Fake("fake-ioctl", "ioctl")
    pre = fake_prefix(t, fake)
    r = t.run(pre + [LAUNCHER, "-k", img, "-a", "-- ioctl"], env=fake.env, timeout=90)
    check_hello(t, r, "ioctl")
    t.expect_in(r.err, "KVM present but cannot run guests (-accel kvm: Could not access "
                "KVM kernel module: Inappropriate ioctl for device); using TCG", r)
    fake2 = Fake("fake-ioctl-kvm", "ioctl")  # a fresh cache: this time kvm probes
    r = t.run(pre + [LAUNCHER, "-k", img, "--accel", "kvm"], env=fake2.env, timeout=30)
    t.expect_status(r, EXIT_NOKVM)
    t.expect_in(r.err, "--accel kvm: KVM present but cannot run guests", r)
    t.expect_in(r.err, "Inappropriate ioctl for device", r)
    t.expect(len(fake2.kvm_runs()) == 1 and not [i for i in fake2.invocations()
                                                  if i[1] == "tcg"],
             f"expected only the probe: {fake2.invocations()}")


@test("launcher/fake QEMU: a KVM internal error in the guest kills QEMU (254) with the "
      "last console lines; auto then stops trusting KVM", needs=[QEMU, "gcc", "ld"])
def _(t):
    img = t.build(HELLO).image("kvm")
    fake = Fake("fake-midrun", "midrun")
    pre = fake_prefix(t, fake)
    r = t.run(pre + [LAUNCHER, "-k", img, "--accel", "kvm"], env=fake.env, timeout=60)
    t.expect_status(r, EXIT_QEMU)
    t.expect_in(r.err, "qemu-guest: QEMU reported a KVM internal error (KVM internal "
                "error. Suberror: 1) and would hang; QEMU killed. Last console lines:", r)
    t.expect_in(r.err, "  | fake console: booting\n  | fake console: step 2", r)
    t.expect_in(r.out, "fake console: step 2", r)  # the console was relayed as it came
    fake.check_none_left(t)
    # Under auto the same failure is remembered: the next run takes TCG.
    r = t.run(pre + [LAUNCHER, "-k", img], env=fake.env, timeout=60)
    t.expect_status(r, EXIT_QEMU)
    r = t.run(pre + [LAUNCHER, "-k", img, "-a", "-- after"], env=fake.env, timeout=90)
    check_hello(t, r, "after")
    t.expect_in(r.err, "KVM present but cannot run guests (KVM internal error. "
                "Suberror: 1); using TCG", r)
    fake.check_none_left(t)


@test("launcher/fake QEMU: --stall kills a QEMU that prints nothing and idles (253), "
      "with the last console lines; --timeout too", needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    fake = Fake("fake-silent", "silent")
    r = t.run([LAUNCHER, "-k", img, "--accel", "tcg", "--stall", "1.5"], env=fake.env,
              timeout=60)
    t.expect_status(r, EXIT_TIMEOUT)
    t.expect_in(r.err, "no output and no progress for 1.5 s (--stall); QEMU killed. "
                "Last console lines:\n  | fake console: waiting", r)
    r = t.run([LAUNCHER, "-k", img, "--accel", "tcg", "--timeout", "1"], env=fake.env,
              timeout=60)
    t.expect_status(r, EXIT_TIMEOUT)
    t.expect_in(r.err, "timed out after 1 s; QEMU killed. Last console lines:\n"
                "  | fake console: waiting", r)
    fake.check_none_left(t)
    for bad in (["--stall", "0"], ["--stall", "x"]):
        r = t.run([LAUNCHER, "-k", img] + bad, env=fake.env)
        t.expect_status(r, 252)
    # A guest that runs to its end is not disturbed by --stall.
    r = t.run([LAUNCHER, "-k", img, "--accel", "tcg", "--stall", "5", "-a", "-- busy"],
              timeout=60)
    check_hello(t, r, "busy")


for kind, says_auto, says_kvm in (
        ("null", "KVM present but cannot run guests (", "--accel kvm: KVM present but "
         "cannot run guests ("),
        ("noopen", "using TCG (emulation; /dev/kvm: No such device or address)",
         "--accel kvm: no usable KVM (/dev/kvm: No such device or address)"),
        ("none", "using TCG (emulation; /dev/kvm: No such file or directory)",
         "--accel kvm: no usable KVM (/dev/kvm: No such file or directory)")):
    what = {"null": "a device that opens but is not KVM",
            "noopen": "a device that does not open", "none": "no device at all"}[kind]

    @test(f"launcher/devices: /dev/kvm replaced by {what} (private mount namespace): auto "
          "boots under TCG and says why, kvm fails at once (251)", needs=[QEMU, "gcc", "ld"])
    def _(t, kind=kind, says_auto=says_auto, says_kvm=says_kvm):
        img = t.build(HELLO).image("kvm")
        d = workdir("dev-" + kind)
        pre = device_prefix(t, kind, d)
        env = dict(os.environ, UK_CACHE=os.path.join(d, "cache"))
        r = t.run(pre + [LAUNCHER, "-k", img, "-a", f"-- {kind}"], env=env, timeout=90)
        check_hello(t, r, kind)
        t.expect_in(r.err, says_auto, r)
        r = t.run(pre + [LAUNCHER, "-k", img, "--accel", "kvm"], env=env, timeout=30)
        t.expect_status(r, EXIT_NOKVM)
        t.expect_in(r.err, says_kvm, r)
        t.expect(os.path.exists("/dev/kvm") == kvm_existed,
                 "the namespace's /dev/kvm leaked out")


@test("launcher/host: --accel-check judges this host's own /dev/kvm within the bound, and "
      "guests run under what auto picks; kvm boots or fails at once", needs=[QEMU, "gcc", "ld"])
def _(t):
    img = t.build(HELLO).image("kvm")
    d = workdir("host")
    env = dict(os.environ, UK_CACHE=os.path.join(d, "cache"))
    r = t.run([LAUNCHER, "--accel-check"], env=env, timeout=60)
    t.expect(r.status in (0, 1), "--accel-check gave no verdict", r)
    t.expect_in(r.out, "arch: x86_64\n", r)
    verdict = r.out.splitlines()[1]
    t.note(f"this host: {verdict}")
    r = t.run([LAUNCHER, "-k", img, "-a", "-- auto"], env=env, timeout=90)
    check_hello(t, r, "auto")
    r2 = t.run([LAUNCHER, "-k", img, "--accel", "kvm", "-a", "-- kvm"], env=env, timeout=90)
    if verdict.startswith("kvm: usable"):
        t.expect_in(r.err, "using KVM", r)
        check_hello(t, r2, "kvm")
    else:
        t.expect_in(r.err, "using TCG", r)
        t.expect_status(r2, EXIT_NOKVM)
        t.expect_in(r2.err, "--accel kvm: ", r2)


@test("launcher/net: -n none, -n user|tap[,pci|,mmio] per machine, -p host forwards on "
      "127.0.0.1 (needs -n user), bad values refused (252)")
def _(t):
    qg = launcher_module()
    na = qg.net_args
    x86, arm = qg.X86_64, qg.Arm64
    t.expect(na(["none"], [], x86, "pc") == [], "-n none adds a NIC")
    t.expect(na([], [], arm, "virt") == [], "no -n adds a NIC")
    for nets, arch, machine, model in ((["user"], x86, "pc", "virtio-net-pci"),
                                       (["user,pci"], x86, "q35", "virtio-net-pci"),
                                       (["user"], x86, "microvm", "virtio-net-device"),
                                       (["user,mmio"], x86, "microvm", "virtio-net-device"),
                                       (["user"], arm, "virt", "virtio-net-device"),
                                       (["user,mmio"], arm, "virt", "virtio-net-device"),
                                       (["user,pci"], arm, "virt", "virtio-net-pci")):
        got = na(nets, [], arch, machine)
        t.expect(got == ["-netdev", "user,id=net0", "-device", f"{model},netdev=net0"],
                 f"{nets} on {arch.name} {machine}: {got}")
    got = na(["tap:tap7,pci", "user"], ["8080:80", "2222"], arm, "virt")
    t.expect(got == ["-netdev", "tap,id=net0,ifname=tap7,script=no,downscript=no",
                     "-device", "virtio-net-pci,netdev=net0",
                     "-netdev", "user,id=net1,hostfwd=tcp:127.0.0.1:8080-:80,"
                     "hostfwd=tcp:127.0.0.1:2222-:2222",
                     "-device", "virtio-net-device,netdev=net1"], f"tap and user: {got}")
    for nets, ports, arch, machine, msg in (
            (["none", "user"], [], x86, "pc", "-n none (no NIC) cannot go with another -n"),
            ([], ["80"], x86, "pc", "needs -n user"),
            (["tap:tap0"], ["80"], arm, "virt", "needs -n user"),
            (["user"], ["0"], x86, "pc", "bad --port '0'"),
            (["user"], ["65536"], x86, "pc", "bad --port"),
            (["user"], ["1:2:3"], x86, "pc", "bad --port"),
            (["user"], ["http"], x86, "pc", "bad --port"),
            (["user,mmio"], [], x86, "pc", "machine pc has no virtio-mmio"),
            (["user,pci"], [], x86, "microvm", "machine microvm has no PCI"),
            (["user,usb"], [], arm, "virt", "the transport is 'pci' or 'mmio'"),
            (["bridge"], [], x86, "pc", "bad --net 'bridge'")):
        try:
            na(nets, ports, arch, machine)
            t.fail(f"-n {nets} -p {ports} on {machine} accepted")
        except qg.Usage as e:
            t.expect(msg in str(e), f"-n {nets} -p {ports}: {e!r}, expected {msg!r}")
    # The same through the command line of the real script.
    img = t.build(HELLO).image("kvm")
    r = t.run([LAUNCHER, "-q", "-k", img, "--dry-run", "-n", "user", "-p", "8080:80",
               "--port", "9000"])
    t.expect_status(r, 0)
    t.expect_in(r.out, "user,id=net0,hostfwd=tcp:127.0.0.1:8080-:80,"
                "hostfwd=tcp:127.0.0.1:9000-:9000", r)
    r = t.run([LAUNCHER, "-q", "-k", img, "--dry-run", "-n", "none"])
    t.expect_status(r, 0)
    t.expect("-netdev" not in r.out, f"-n none gave a NIC: {r.out}")
    r = t.run([LAUNCHER, "-q", "-k", img, "--dry-run", "-p", "8080"])
    t.expect_status(r, 252)
    t.expect_in(r.err, "needs -n user", r)
    r = t.run([LAUNCHER, "--help"])
    for word in ("--port", "HOSTPORT[:GUESTPORT]", "none", ",pci", "127.0.0.1"):
        t.expect_in(r.out, word, r)


@test("launcher/disk: -d FILE read-write, -d FILE:ro read-only, per machine; a missing "
      "file refused (252)")
def _(t):
    qg = launcher_module()
    x86, arm = qg.X86_64, qg.Arm64
    os.makedirs(TESTS_DIR, exist_ok=True)
    disk = os.path.join(TESTS_DIR, "launcher-disk.img")
    with open(disk, "wb") as f:
        f.truncate(4096)
    for arch, machine, model in ((x86, "pc", "virtio-blk-pci"),
                                 (arm, "virt", "virtio-blk-device")):
        got = qg.disk_args([disk, disk + ":ro"], arch, machine)
        t.expect(got == ["-drive", f"file={disk},if=none,id=disk0,format=raw",
                         "-device", f"{model},drive=disk0",
                         "-drive", f"file={disk},if=none,id=disk1,format=raw,readonly=on",
                         "-device", f"{model},drive=disk1"],
                 f"-d on {arch.name} {machine}: {got}")
    for bad, msg in ((disk + ".none", "does not exist"),
                     (disk + ".none:ro", "does not exist")):
        try:
            qg.disk_args([bad], x86, "pc")
            t.fail(f"-d {bad} accepted")
        except qg.Usage as e:
            t.expect(msg in str(e), f"-d {bad}: {e!r}, expected {msg!r}")
    img = t.build(HELLO).image("kvm")
    r = t.run([LAUNCHER, "-q", "-k", img, "--dry-run", "-d", disk + ":ro"])
    t.expect_status(r, 0)
    t.expect_in(r.out, f"file={disk},if=none,id=disk0,format=raw,readonly=on", r)
    r = t.run([LAUNCHER, "-q", "-k", img, "--dry-run", "-d", disk + ".none"])
    t.expect_status(r, 252)
    t.expect_in(r.err, "does not exist", r)
