# SPDX-License-Identifier: BSD-3-Clause
"""xen-x86_64: the PVH guest image: its structure (ELF notes, entry point,
load addresses), its xl configuration, its behaviour on QEMU without Xen (a
clear message and an exit, never a hang), the unit tests of its pure parts
(start-info checks, PV clock, CPUID search, hypercall stubs), which run in
the kvm-x86_64 test image, and boots under Debian's Xen 4.17 x86 on QEMU
(TCG: QEMU emulates AMD's SVM with nested paging, enough for Xen) as its
PVH dom0. See doc/platform-xen.md."""

import os
import re
import select
import signal
import subprocess
import time
from types import SimpleNamespace

from driver import Build, test
from suite_kvm_x86_64 import UKTEST as KVM_UKTEST, check_uktest, qemu

QEMU = "qemu-system-x86_64"
READELF = "readelf"
X86_XEN = ["CONFIG_ARCH_X86_64=y", "# CONFIG_PLAT_LINUXU is not set", "CONFIG_PLAT_XEN=y"]
HELLO = Build("xen-x86_64-hello", "apps/helloworld", X86_XEN)
CRASH = Build("xen-x86_64-crash", "apps/crashtest", X86_XEN)
UKTEST = Build("xen-x86_64-uktest", "apps/helloworld",
               X86_XEN + ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"])

# Xen's ELF note types (xen/include/public/elfnote.h).
NOTE_XEN_VERSION, NOTE_GUEST_OS, NOTE_GUEST_VERSION, NOTE_LOADER = 5, 6, 7, 8
NOTE_PHYS32_ENTRY = 18


def readelf(t, *args):
    r = t.run([READELF, "-W"] + list(args))
    t.expect_status(r, 0)
    return r.out


def xen_notes(t, img):
    """{type: descriptor bytes} of the image's notes owned by "Xen"."""
    out = readelf(t, "-n", img)
    notes = {}
    # readelf -W prints the descriptor on the note's line, without -W on
    # the next one.
    for m in re.finditer(r"^\s+Xen\s+0x([0-9a-f]+)\s+[^\n]*?\(?0x([0-9a-f]+)\)?\s+"
                         r"description data: ([0-9a-f ]*)$", out, re.M):
        kind = int(m.group(2), 16)
        notes[kind] = bytes.fromhex(m.group(3).replace(" ", ""))
        if len(notes[kind]) != int(m.group(1), 16):
            t.fail(f"note {kind}: {len(notes[kind])} bytes shown, size says "
                   f"{int(m.group(1), 16)}:\n{out}")
    return notes, out


@test("xen/x86_64: the image is a PVH ELF: ELF64 x86-64 executable entered at the "
      "XEN_ELFNOTE_PHYS32_ENTRY address (1 MiB), Xen's notes (guest OS, versions, loader) "
      "in one PT_NOTE, PT_LOAD segments at 1 MiB with physical = virtual; no arm64 "
      "Image, no .dtsi", needs=[QEMU, READELF])
def _(t):
    b = t.build(HELLO)
    img = b.image("xen", "x86_64")
    with open(img, "rb") as f:
        head = f.read(64)
    t.expect(head[:4] == b"\x7fELF" and head[4] == 2 and head[18:20] == b"\x3e\x00",
             f"not an ELF64 for x86-64: {head[:20].hex()}")
    t.expect(head[56:60] != b"ARM\x64", "an arm64 Image header in the x86_64 image")
    hdr = readelf(t, "-h", img)
    t.expect_in(hdr, "Type:                              EXEC (Executable file)")
    t.expect_in(hdr, "Machine:                           Advanced Micro Devices X86-64")
    entry = int(re.search(r"Entry point address:\s+0x([0-9a-f]+)", hdr).group(1), 16)

    notes, out = xen_notes(t, img)
    want = {NOTE_GUEST_OS: b"Tessera\0", NOTE_XEN_VERSION: b"xen-3.0\0",
            NOTE_LOADER: b"generic\0", NOTE_GUEST_VERSION: b"0.1\0"}
    for kind, value in want.items():
        t.expect(notes.get(kind) == value, f"Xen note {kind}: {notes.get(kind)!r}, "
                 f"want {value!r}:\n{out}")
    t.expect(NOTE_PHYS32_ENTRY in notes and len(notes[NOTE_PHYS32_ENTRY]) == 4,
             f"no 4-byte XEN_ELFNOTE_PHYS32_ENTRY:\n{out}")
    phys32 = int.from_bytes(notes[NOTE_PHYS32_ENTRY], "little")
    t.expect(phys32 == entry == 0x100000,
             f"PHYS32_ENTRY {phys32:#x}, ELF entry {entry:#x}: both must be 0x100000")

    segs = readelf(t, "-l", img)
    loads = [(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16),
              int(m.group(4), 16), m.group(5))
             for m in re.finditer(r"^\s+LOAD\s+0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+) "
                                  r"0x([0-9a-f]+) 0x([0-9a-f]+) (.{3})", segs, re.M)]
    t.expect(loads, f"no PT_LOAD:\n{segs}")
    t.expect(len(re.findall(r"^\s+NOTE\s", segs, re.M)) == 1, f"not one PT_NOTE:\n{segs}")
    for vaddr, paddr, filesz, memsz, flags in loads:
        t.expect(vaddr == paddr, f"PT_LOAD at {vaddr:#x} loads at {paddr:#x}")
        t.expect(vaddr >= 0x100000 and vaddr + memsz <= 1 << 30,
                 f"PT_LOAD {vaddr:#x}+{memsz:#x} outside [1 MiB, 1 GiB)")
    first = min(loads)
    t.expect(first[0] == 0x100000 and "E" in first[4] and first[2] > 0,
             f"the first PT_LOAD is not the code at 1 MiB: {first}\n{segs}")
    t.expect(os.path.exists(img + ".xl"), "no .xl")
    t.expect(not os.path.exists(img + ".dtsi"), "a dom0less .dtsi for x86_64")
    # The .dbg: the hypercall page is a whole page of code, Xen fills it.
    syms = t.run(["nm", img + ".dbg"]).out
    m = re.search(r"^([0-9a-f]+) [Tt] xen_hypercall_page$", syms, re.M)
    t.expect(m and int(m.group(1), 16) % 4096 == 0,
             "no page-aligned xen_hypercall_page in the code")
    t.expect(re.search(r" T xen_hypercall$", syms, re.M), "no xen_hypercall")
    t.note(f"xen-x86_64 helloworld image {os.path.getsize(img)} B")


@test("xen/x86_64: make writes an xl create configuration with type = \"pvh\"",
      needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("xen", "x86_64")
    with open(img + ".xl") as f:
        xl = f.read()
    for line in ('name = "helloworld"', 'type = "pvh"', f'kernel = "{os.path.realpath(img)}"',
                 "memory = 64", "vcpus = 1", 'extra = ""', 'on_crash = "destroy"'):
        t.expect(re.search(rf"^{re.escape(line)}$", xl, re.M), f"no '{line}' in the .xl:\n{xl}")
    t.expect("vuart" not in xl, f"an arm64 vuart line in the x86_64 .xl:\n{xl}")


NO_XEN = ('xen: no Xen hypervisor here: CPUID leaves 0x40000000-0x4000ff00 do not say '
          '"XenVMMXenVMM" (the hypervisor leaf says "')


@test("xen/x86_64: booted on QEMU without Xen (PVH loader, TCG), the image says there is "
      "no Xen and powers off: crash status through isa-debug-exit, else ACPI; never a hang",
      needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("xen", "x86_64")
    r = qemu(t, img, "-- a b", machine="q35", timeout=30)
    t.expect_status(r, 255)  # isa-debug-exit 127
    t.expect_in(r.out, NO_XEN, r)
    t.expect_in(r.out, 'This image runs only as a Xen PVH guest (xl create with type = "pvh")',
                r)
    t.expect_not_in(r.out, "Hello world!", r)
    t.expect(r.out.rstrip("\n").endswith(
        "xen: exit status 255\nxen: SCHEDOP_shutdown failed: -38 (hypercall not implemented); "
        "trying isa-debug-exit and ACPI"), "the status and shutdown lines are not the last", r)
    for machine in ("pc", "microvm"):
        start = time.monotonic()
        r = qemu(t, img, machine=machine, exit_dev=False, timeout=30)
        t.expect_status(r, 0)  # ACPI S5 (pc); microvm: the PVH loader's ACPI tables
        t.expect_in(r.out, NO_XEN, r)
        t.note(f"{machine}, no isa-debug-exit: powered off in "
               f"{time.monotonic() - start:.2f} s")


@test("uktest/xen-x86_64: the x86_64 xen code's pure parts pass their tests in the "
      "kvm-x86_64 test image (start-info checks, PV clock, CPUID search, hypercall stubs)",
      needs=[QEMU])
def _(t):
    img = t.build(KVM_UKTEST).image("kvm")
    r = qemu(t, img, "-- x")
    t.note(check_uktest(t, r))
    cases = re.findall(r"^\[ PASSED \] (xen_x86_\w+: \w+)$", r.out, re.M)
    for case in ("xen_x86_bootinfo: bad_magic_and_version_0_are_refused",
                 "xen_x86_bootinfo: a_map_without_ram_is_refused",
                 "xen_x86_bootinfo: overlapping_entries_are_refused_and_named",
                 "xen_x86_bootinfo: a_module_outside_ram_is_refused",
                 "xen_x86_pvclock: read_retries_while_xen_updates",
                 "xen_x86_pvclock: tsc_frequency_from_the_scale",
                 "xen_x86_cpuid: xen_found_at_its_base_or_0x100_further",
                 "xen_x86_hypercall: arguments_reach_xen_in_its_registers",
                 "xen_x86_hypercall: past_the_page_or_without_xen_it_is_enosys"):
        t.expect(case in cases, f"{case} did not pass", r)
    t.note(f"{len(cases)} xen_x86 cases passed")


# ---------------------------------------------------------------------------
# Under Xen x86. Xen x86 needs VMX or SVM for a PVH domain: QEMU's TCG has
# no VMX, but it emulates AMD's SVM with nested paging, which Xen 4.17
# takes. So Debian's Xen x86 hypervisor boots here under QEMU (TCG, an
# EPYC CPU with svm and npt, without monitor/mwait, whose TCG model makes
# Xen's idle loop fault; q35 with QEMU's AMD IOMMU, which a PVH dom0
# needs), and starts the image as its PVH dom0 (no dom0 toolstack needed;
# a dom0 may use console_io). Xen halts rather than powers off when dom0
# stops: the serial output is read until the image's status line and
# Xen's verdict, then QEMU is stopped.

def xen_x86_binary(t):
    """Debian's Xen x86 hypervisor (xen-hypervisor-4.17-amd64), which
    support/scripts/setup unpacks into the cache as the uncompressed
    multiboot ELF QEMU's -kernel takes."""
    root = os.environ.get("UK_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tessera")
    path = os.environ.get("TESSERA_XEN_X86") or os.path.join(root, "xen", "xen-4.17-amd64")
    if not os.path.exists(path):
        t.fail(f"no Xen x86 hypervisor at {path}: run support/scripts/setup as root (it "
               "fetches Debian's xen-hypervisor-4.17-amd64 and unpacks boot/xen-4.17-amd64.gz "
               "there)")
    return path


XEN_ARGS = ("dom0=pvh dom0_mem=64M,max:64M console=com1 com1=115200,8n1 loglvl=all "
            "guest_loglvl=all noreboot bootscrub=0")
VERDICT = re.compile(r"Hardware Dom0 (halted|shutdown|crashed|rebooted)|Panic on CPU")


def xen_dom0(t, img, args="", timeout=120):
    """Boot Xen x86 under QEMU (TCG) with img as its PVH dom0 and args as
    its command line. Returns (status from the image's last line or None,
    the output, seconds from QEMU's start to Xen's verdict)."""
    xen = xen_x86_binary(t)
    cmd = [QEMU, "-M", "q35", "-accel", "tcg", "-cpu", "EPYC,+svm,+npt,-monitor", "-m", "512M",
           "-smp", "1", "-nodefaults", "-no-user-config", "-no-reboot", "-display", "none",
           "-serial", "stdio", "-device", "amd-iommu", "-kernel", xen,
           "-append", XEN_ARGS, "-initrd", f"{img} {args}".rstrip()]
    t.check_cancelled()
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    out, done, deadline = b"", False, start + timeout
    try:
        while not done and time.monotonic() < deadline:
            ready, _, _ = select.select([p.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    break
                out += chunk
                done = bool(VERDICT.search(out.decode(errors="replace")))
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        p.wait()
    took = time.monotonic() - start
    text = out.decode(errors="replace").replace("\r\n", "\n")
    if not done:
        t.fail(f"no verdict from Xen within {timeout} s:\n{text[-3000:]}")
    m = re.findall(r"^xen: exit status (\d+)$", text, re.M)
    return (int(m[-1]) if m else None), text, took


def guest_lines(text):
    """The dom0's own lines: everything but Xen's."""
    return [l for l in text.splitlines() if not l.startswith("(XEN)")]


@test("xen/x86_64: under Xen 4.17 x86 (QEMU TCG, SVM with nested paging), helloworld "
      "boots as the PVH dom0: its arguments reach main, its status line is its last, Xen "
      "halts", needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("xen", "x86_64")
    status, out, took = xen_dom0(t, img, "-- one 'two words'")
    t.expect(status == 0, f"status {status}:\n{out[-3000:]}")
    lines = guest_lines(out)
    t.expect(lines[-3:] == ["Argument 1: one", "Argument 2: two words", "xen: exit status 0"],
             f"the image's last lines: {lines[-5:]}")
    t.expect_in(out, "*** Building a PVH Dom0 ***")
    t.expect_in(out, "Hardware Dom0 halted")
    t.note(f"QEMU start to Xen's verdict {took:.1f} s")


@test("xen/x86_64: under Xen x86, main's status (3; 0 after a 200 ms wait on the PV "
      "clock) and crashes (NULL read, assertion) reach the last console line; a non-zero "
      "status shuts down as a crash", needs=[QEMU])
def _(t):
    img = t.build(CRASH).image("xen", "x86_64")
    status, out, _ = xen_dom0(t, img, "-- exit:3")
    t.expect(status == 3, f"exit:3: status {status}:\n{out[-3000:]}")
    t.expect(guest_lines(out)[-1] == "xen: exit status 3", "the status line is not the last")
    t.expect_in(out, "Hardware Dom0 crashed")
    status, out, _ = xen_dom0(t, img, "-- wait:200")
    t.expect(status == 0, f"wait:200: status {status}:\n{out[-3000:]}")
    t.expect_in(out, "crashtest: waited 200 ms")
    t.expect_in(out, "Hardware Dom0 halted")
    for what, headline in (("null", "CRASH: page fault (#PF): vector 14, error code 0x0, CR2 0x0"),
                           ("assert", "ASSERTION FAILED: argc == 42")):
        status, out, _ = xen_dom0(t, img, f"-- {what}")
        t.expect(status == 255, f"{what}: status {status}:\n{out[-3000:]}")
        t.expect_in(out, headline)
        t.expect_in(out, "Backtrace:")
        t.expect(guest_lines(out)[-1] == "xen: exit status 255",
                 f"{what}: the status line is not the last")


@test("uktest/xen-x86_64: under Xen x86 (QEMU TCG), the in-image tests pass: the shared "
      "platform code's (one-shot timer on the local APIC, halt until a deadline, monotonic "
      "and wall clocks from Xen's shared info, memory regions, command line, start-info "
      "parser), xen's own (hypercalls through Xen's page, console_io, event channels through "
      "the callback vector, start-info checks, PV clock) and every library's", needs=[QEMU])
def _(t):
    img = t.build(UKTEST).image("xen", "x86_64")
    status, out, took = xen_dom0(t, img, "-- x")
    r = SimpleNamespace(out="\n".join(guest_lines(out)), err="", cmd=[img], status=status)
    t.note(t.check_uktest(r, image=img))
    t.expect(status == 0, f"status {status}")
    for case in ("kvm_timer: halt_until_a_deadline_2ms_ahead",
                 "kvm_timer: one_shot_handler_runs_at_the_deadline",
                 "kvm_time: wall_clock_is_after_2020",
                 "xen_hypercall: unknown_hypercall_is_enosys_and_named",
                 "xen_console: console_io_writes_the_whole_buffer",
                 "xen_evtchn: an_ipi_port_sent_to_reaches_its_handler",
                 "xen_evtchn: bad_ports_are_refused",
                 "xen_x86_hypercall: arguments_reach_xen_in_its_registers"):
        t.expect_in(out, "[ PASSED ] " + case)
    t.expect_in(out, "[ PASSED ] xen_x86_hypercall: past_the_page_or_without_xen_it_is_enosys")
    t.note(f"QEMU start to Xen's verdict {took:.1f} s")
