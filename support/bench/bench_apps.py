# SPDX-License-Identifier: BSD-3-Clause
"""Real applications: SQLite's speedtest1 and a Lua CPU benchmark, ours (linuxu, kvm-x86_64) beside native builds of the same source, image sizes, boot-to-first-output."""

import os
import re
import select
import shutil
import statistics
import subprocess
import tempfile
import time

from bench import BENCH_DIR, ROOT
from qemubench import accel_of, qemu_cmd

NAME = "apps"

# linuxu's heap is mapped lazily: a large one costs nothing unused.
# speedtest1 --size 25 keeps a database of about 40 MiB in ramfs.
X86 = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y", "CONFIG_PLAT_KVM=y",
       "CONFIG_LINUXU_DEFAULT_HEAPMB=1024"]
GUEST_MEM = "512M"
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
LUA_BENCH = os.path.join(ROOT, "support", "bench", "apps", "cpu.lua")
LUA_SCALE = "2"
SPEED_SIZE = "25"
RUNS = 5
# Flags of our compile command that shape the code (the rest, include
# paths, -nostdinc, the unikernel's own defines, are not for a Linux
# program): the optimisation level, -f and -m options, the library's
# own defines. The canary reads a global in the image and TLS in glibc.
KEEP = re.compile(r"^(-O.*|-f.*|-m(?!stack-protector-guard).*|-D(LUA_|SQLITE_|HAVE_).*)$")


def code_flags(obj_cmd):
    """The code-shaping flags of an object's recorded compile command."""
    with open(obj_cmd) as f:
        cmd = f.read().split(":=", 1)[1].split("&&")[0].split()
    return [w for w in cmd if KEEP.match(w) and w not in ("-fno-pie",)]


def timed(cmd, cwd=None, timeout=1800):
    """(wall seconds, user+sys CPU seconds, output) of one run of cmd."""
    before, t0 = os.times(), time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, cwd=cwd, timeout=timeout)
    wall, after = time.monotonic() - t0, os.times()
    out = r.stdout.decode(errors="replace")
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n" + out[-2000:])
    cpu = (after.children_user - before.children_user) + \
        (after.children_system - before.children_system)
    return wall, cpu, out


def speedtest_total(out):
    m = re.search(r"TOTAL\.*\s+([\d.]+)s", out)
    if not m:
        raise RuntimeError("speedtest1 printed no TOTAL line:\n" + out[-2000:])
    return float(m.group(1))


def first_output(cmd, timeout=120):
    """Seconds from starting cmd to its first byte on stdout; the run is
    then left to finish (bounded by timeout)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL)
    r, _, _ = select.select([p.stdout], [], [], timeout)
    first = time.monotonic() - t0 if r and p.stdout.read(1) else None
    try:
        p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
    return first


def run(b):
    work = os.path.join(BENCH_DIR, "apps-work")
    os.makedirs(work, exist_ok=True)
    sq, _, _ = b.build("apps-sqlite3-x86_64", "apps/sqlite3", X86, clean=False)
    lua, _, _ = b.build("apps-lua-x86_64", "apps/lua", X86, clean=False)
    sq_u = os.path.join(sq, "sqlite3_linuxu-x86_64")
    sq_k = os.path.join(sq, "sqlite3_kvm-x86_64")
    lua_u = os.path.join(lua, "lua_linuxu-x86_64")
    lua_k = os.path.join(lua, "lua_kvm-x86_64")

    # Native builds of the same sources with the same compiler and flags.
    sflags = code_flags(os.path.join(sq, "libsqlite", "libsqlite.amalg", "sqlite3.o.cmd"))
    native_sq = os.path.join(work, "speedtest1-native")
    b.sh(["gcc"] + sflags + ["-static", "-o", native_sq,
                             os.path.join(sq, "libsqlite.amalg", "sqlite3.c"),
                             os.path.join(sq, "libsqlite.src", "test", "speedtest1.c"),
                             "-I", os.path.join(sq, "libsqlite.amalg"), "-lm", "-lpthread"])
    lflags = code_flags(os.path.join(lua, "liblua", "liblua.src", "src", "lvm.o.cmd"))
    native_lua = os.path.join(work, "lua-native")
    lsrc = os.path.join(lua, "liblua.src", "src")
    srcs = sorted(os.path.join(lsrc, f) for f in os.listdir(lsrc)
                  if f.endswith(".c") and f != "luac.c")
    b.sh(["gcc"] + lflags + ["-static", "-o", native_lua] + srcs + ["-lm"])
    b.figure("native builds: gcc " + " ".join(sorted(set(sflags) & set(lflags))), "", "",
             "plus each library's -D options, -static, glibc")

    # speedtest1 --size 25 on a memory file system: ramfs in the image,
    # tmpfs (/dev/shm) natively. Runs alternate; the medians are printed.
    shm = tempfile.mkdtemp(prefix="speedtest1-", dir="/dev/shm" if os.path.isdir("/dev/shm")
                           else None)
    args = ["--size", SPEED_SIZE]
    ours, nat = [], []
    try:
        for _ in range(RUNS):
            db = os.path.join(shm, "speed.db")
            _, _, out = timed([native_sq] + args + [db])
            nat.append(speedtest_total(out))
            os.unlink(db)
            _, _, out = timed([sq_u, "--", "speedtest1"] + args + ["/tmp/speed.db"])
            ours.append(speedtest_total(out))
    finally:
        shutil.rmtree(shm, ignore_errors=True)
    n, u = statistics.median(nat), statistics.median(ours)
    b.figure("speedtest1 --size 25, native (glibc, tmpfs): TOTAL", f"{n:.3f}", "s",
             f"median of {RUNS}")
    b.figure("speedtest1 --size 25, Tessera linuxu (ramfs): TOTAL", f"{u:.3f}", "s",
             f"{u / n:.3f}x native")
    if shutil.which("qemu-system-x86_64"):
        accel = "KVM" if accel_of(qemu_cmd(sq_k)) == "KVM" else "TCG emulation"
        r = subprocess.run([LAUNCHER, "-q", "-t", "1500", "-m", GUEST_MEM, "-k", sq_k, "-a",
                            "-- speedtest1 --size " + SPEED_SIZE + " /tmp/speed.db"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=1600)
        out = r.stdout.decode(errors="replace")
        try:
            k = speedtest_total(out)
            b.figure("speedtest1 --size 25, Tessera kvm-x86_64: TOTAL", f"{k:.3f}", "s",
                     f"{accel}, guest clock, one run")
        except RuntimeError:
            b.figure("speedtest1 on kvm-x86_64", "failed", "", out[-300:].replace("\n", " "))

    # The Lua benchmark: Debian's lua5.4, the native build, ours.
    host_lua = shutil.which("lua5.4")
    cands = [("Debian lua5.4", [host_lua, LUA_BENCH, LUA_SCALE])] if host_lua else []
    cands += [("native build (same source and flags)", [native_lua, LUA_BENCH, LUA_SCALE])]
    # The image reads the script from an initrd holding it alone.
    rd = os.path.join(work, "luabench.cpio")
    with open(rd, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], input=b"cpu.lua\n",
                       cwd=os.path.dirname(LUA_BENCH), stdout=f, check=True)
    cands += [("Tessera linuxu", [lua_u, f"linuxu.initrd={rd}", "vfs.rootfs=initrd", "--",
                                  "cpu.lua", LUA_SCALE])]
    res = {name: ([], []) for name, _ in cands}
    outs = {}
    for _ in range(RUNS):
        for name, cmd in cands:
            wall, cpu, out = timed(cmd)
            res[name][0].append(wall)
            res[name][1].append(cpu)
            outs[name] = out
    if len(set(outs.values())) != 1:
        raise RuntimeError("the Lua benchmark's checksums differ: " + repr(outs))
    base = statistics.median(res["native build (same source and flags)"][1])
    for name, _ in cands:
        cpu = statistics.median(res[name][1])
        wall = statistics.median(res[name][0])
        b.figure(f"Lua cpu.lua {LUA_SCALE}: {name}", f"{cpu:.3f}", "s CPU",
                 f"wall {wall:.3f} s; {cpu / base:.3f}x the native build")
    # Instructions (callgrind, whole process, scale 1): repeatable where
    # the CPU times above move with the machine's load.
    if shutil.which("valgrind"):
        counts = {}
        for name, cmd in cands:
            cmd = [c if c != LUA_SCALE else "1" for c in cmd]
            r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                               + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=3600)
            m = re.search(r"Collected : (\d+)", r.stderr.decode(errors="replace"))
            if m:
                counts[name] = int(m.group(1))
        nat = counts.get("native build (same source and flags)")
        for name, n in counts.items():
            b.figure(f"Lua cpu.lua 1: {name}, instructions", f"{n / 1e6:.0f}", "M",
                     f"{n / nat:.3f}x the native build" if nat else "")
    if shutil.which("qemu-system-x86_64"):
        t0 = time.monotonic()
        r = subprocess.run([LAUNCHER, "-q", "-t", "900", "-m", GUEST_MEM, "-k", lua_k, "-i", rd,
                            "-a", "vfs.rootfs=initrd -- cpu.lua " + LUA_SCALE],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=1000)
        wall = time.monotonic() - t0
        same = r.stdout.decode(errors="replace").replace("\r\n", "\n") == outs[cands[0][0]]
        b.figure(f"Lua cpu.lua {LUA_SCALE}: Tessera kvm-x86_64, launch to exit", f"{wall:.3f}",
                 "s", f"{accel}; output {'the same' if same else 'DIFFERENT'}")

    # Sizes and boot to first output.
    for img in (sq_u, sq_k, lua_u, lua_k):
        b.figure(f"{os.path.basename(img)} stripped", os.path.getsize(img), "B")
    b.figure("native speedtest1 / lua (static glibc), stripped", "", "",
             f"{strip_size(native_sq)} B / {strip_size(native_lua)} B")
    first = [
        ("lua -e print(1), linuxu", [lua_u, "--", "-e", "print(1)"]),
        ("lua -e print(1), native", [native_lua, "-e", "print(1)"]),
        ("sqlite3 :memory: 'select 1', linuxu", [sq_u, "--", ":memory:", "select 1"]),
    ]
    if shutil.which("qemu-system-x86_64"):
        first += [
            ("lua -e print(1), kvm-x86_64", [LAUNCHER, "-q", "-t", "60", "-k", lua_k, "-a",
                                             "-- -e print(1)"]),
            ("sqlite3 :memory: 'select 1', kvm-x86_64",
             [LAUNCHER, "-q", "-t", "60", "-k", sq_k, "-a", "-- :memory: 'select 1'"]),
        ]
    for name, cmd in first:
        secs = [first_output(cmd) for _ in range(5)]
        secs = [s for s in secs if s is not None]
        if not secs:
            b.figure(f"launch to first output: {name}", "no output")
            continue
        b.figure(f"launch to first output: {name}", f"{statistics.median(secs) * 1000:.1f}",
                 "ms", "median of 5" + ("; QEMU start included, " + accel if "kvm" in name
                                        else ""))


def strip_size(path):
    s = path + ".stripped"
    subprocess.run(["strip", "-o", s, path], check=True)
    size = os.path.getsize(s)
    os.unlink(s)
    return size
