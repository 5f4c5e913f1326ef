# SPDX-License-Identifier: BSD-3-Clause
"""Lua 5.4 as a library (lib/lua, Debian's lua5.4 source, unchanged) and
the lua interpreter (apps/lua): scripts of our own (apps/lua/tests) run
from the initrd, their output compared byte for byte with Debian's
lua5.4 on the host; on linuxu-x86_64 one run per script, on kvm-x86_64
and kvm-arm64 (TCG: slow) one boot that runs them all."""

import difflib
import os
import shutil
import subprocess
import tempfile

from driver import ROOT, TESTS_DIR, Build, test

LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
SCRIPTS_DIR = os.path.join(ROOT, "apps", "lua", "tests")
SCRIPTS = ["strings", "tables", "closures", "coroutines", "floats", "iolib", "errors"]
HOST_LUA = "lua5.4"
# The stack overflow case of errors.lua needs Lua's full stack (1,000,000
# slots, about 50 MiB with its call records): more than linuxu's default
# 16 MiB heap.
LINUXU_HEAP = ["CONFIG_LINUXU_DEFAULT_HEAPMB=256"]
GUEST_MEM = "256M"
# One build per architecture: both platforms' images come from it.
LUA_X86 = Build("lua-x86_64", "apps/lua",
                ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y", "CONFIG_PLAT_KVM=y"]
                + LINUXU_HEAP, timeout=1800)
LUA_ARM64 = Build("lua-arm64", "apps/lua",
                  ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"],
                  timeout=1800)
# -e chunks before the script, as lua.c runs them.
E_ARGS = ["-e", "x = 6 * 7", "-e", 'print("e:", x, #arg, arg[1])']


def scripts_tree(t):
    """A fresh directory holding the test scripts; the host's lua runs
    there (so that chunk names and relative files match the image's root)."""
    d = tempfile.mkdtemp(prefix="lua-", dir=os.path.join(TESTS_DIR))
    for f in os.listdir(SCRIPTS_DIR):
        if f.endswith(".lua"):
            shutil.copy(os.path.join(SCRIPTS_DIR, f), d)
    return d


def make_initrd(t, tree):
    """The scripts as a cpio (newc) archive beside the tree."""
    archive = tree + ".cpio"
    names = "\n".join(sorted(os.listdir(tree))) + "\n"
    with open(archive, "wb") as out:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], input=names.encode(),
                       cwd=tree, stdout=out, check=True)
    return archive


def host_lua(t, tree, args):
    """Debian's lua5.4 in tree, stderr into stdout in the order written
    (stdout line-buffered), as the image's console carries both."""
    r = t.run(["sh", "-c", 'exec stdbuf -oL "$@" 2>&1', "sh", HOST_LUA] + args,
              cwd=tree, timeout=120)
    t.expect(not r.timed_out, "the host's lua5.4 timed out", r)
    return r


def expect_same(t, want, got, r, what="output"):
    if got != want:
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              "lua5.4", "tessera", lineterm="", n=2))
        t.fail(f"{what} differs from Debian's lua5.4:\n{diff}", r)


def fresh_tree(t):
    """A scripts tree and its initrd, removed after the test."""
    tree = scripts_tree(t)
    return tree, make_initrd(t, tree)


def cleanup(tree):
    shutil.rmtree(tree, ignore_errors=True)
    if os.path.exists(tree + ".cpio"):
        os.unlink(tree + ".cpio")


@test("lua/linuxu-x86_64: each test script prints what Debian's lua5.4 prints",
      needs=[HOST_LUA, "cpio"], timeout=300)
def _(t):
    img = t.build(LUA_X86).image("linuxu")
    tree, rd = fresh_tree(t)
    try:
        for name in SCRIPTS:
            want = host_lua(t, tree, [name + ".lua"])
            t.expect_status(want, 0)
            # The image's working directory is the root: the initrd.
            r = t.run([img, f"linuxu.initrd={rd}", "vfs.rootfs=initrd", "--", name + ".lua"],
                      timeout=120)
            t.expect_status(r, 0)
            expect_same(t, want.out, r.out, r, f"{name}.lua's output")
            expect_same(t, "", r.err, r, f"{name}.lua's stderr")
    finally:
        cleanup(tree)
    t.note(f"lua image {os.path.getsize(img)} B stripped")


@test("lua/linuxu-x86_64: -e chunks, a script's arguments, uncaught errors and bad options "
      "as lua5.4 reports them", needs=[HOST_LUA])
def _(t):
    img = t.build(LUA_X86).image("linuxu")
    d = tempfile.mkdtemp(prefix="lua-e-", dir=TESTS_DIR)
    try:
        # lua.c names itself by argv[0] in its messages and usage: the
        # same word for both.
        def same(args, status):
            want = host_lua(t, d, args)
            r = t.run([img, "--"] + args, timeout=60)
            t.expect_status(r, status)
            t.expect_status(want, status)
            expect_same(t, want.out.replace(HOST_LUA, "lua"), r.out.replace(img, "lua"), r)
            expect_same(t, "", r.err, r, "stderr")
            return r
        same(E_ARGS, 0)
        same(["-e", "print(select('#', ...), ...)", "-", "a", "b"], 0)
        same(["-e", "error('uncaught')"], 1)
        same(["-e", "error({})"], 1)
        same(["-e", "local t = nil; return t.x"], 1)
        same(["-e", "os.exit(7)"], 7)
        same(["-e", "os.exit(false)"], 1)
        same(["-e", "x ="], 1)
        same(["-v"], 0)
        same(["-Z"], 1)
        same(["no_such_script.lua"], 1)
        r = same(["-e", "io.stderr:write('to stderr\\n') io.write('to stdout\\n')"], 0)
        t.expect(r.out == "to stderr\nto stdout\n", "stderr and stdout in order", r)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def guest_all(t, img, want_args, timeout):
    tree, rd = fresh_tree(t)
    try:
        want = host_lua(t, tree, want_args)
        t.expect_status(want, 0)
        cmdline = "vfs.rootfs=initrd -- " + " ".join(
            f"'{a}'" if " " in a else a for a in want_args)
        r = t.run([LAUNCHER, "-q", "-t", str(timeout - 30), "-m", GUEST_MEM, "-k", img,
                   "-i", rd, "-a", cmdline], timeout=timeout)
        t.expect_status(r, 0)
        expect_same(t, want.out, r.out.replace("\r\n", "\n"), r)
    finally:
        cleanup(tree)


@test("lua/kvm-x86_64: -e chunks and every test script in one boot, as lua5.4 prints them",
      needs=[HOST_LUA, "cpio", "qemu-system-x86_64"], timeout=300)
def _(t):
    guest_all(t, t.build(LUA_X86).image("kvm"), E_ARGS + ["all.lua"], 240)


@test("lua/kvm-arm64: -e chunks and every test script in one boot, as lua5.4 prints them",
      needs=[HOST_LUA, "cpio", "qemu-system-aarch64", "aarch64-linux-gnu-gcc"], timeout=300)
def _(t):
    guest_all(t, t.build(LUA_ARM64).image("kvm", "arm64"), E_ARGS + ["all.lua"], 240)
