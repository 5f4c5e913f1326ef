# SPDX-License-Identifier: BSD-3-Clause
"""SQLite 3.40 as a library (lib/sqlite: Debian's sqlite3 source tree,
its amalgamation made with its own tools, unchanged) and apps/sqlite3 (the
sqlite3 shell and speedtest1): SQL scripts of our own (apps/sqlite3/tests)
run by the shell from the initrd on a file database, the output (stdout
and stderr: both are the console) compared with Debian's sqlite3 on the
host; two connections of one process locking
each other; speedtest1 at a small size. linuxu-x86_64, kvm-x86_64 and
kvm-arm64 (TCG: small runs). On kvm-x86_64 also databases on storage: one
on a shared directory (9pfs) and one on an ext4 disk (extfs), made in one
boot and checked in a second, and by Debian's sqlite3 on the host."""

import difflib
import os
import shutil
import subprocess
import tempfile

from driver import ROOT, TESTS_DIR, Build, test

LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
SQL_DIR = os.path.join(ROOT, "apps", "sqlite3", "tests")
HOST_SQLITE = "sqlite3"
GUEST_MEM = "128M"
# One build per architecture: both platforms' images come from it.
# Both also have a disk and a shared directory (virtio-blk and extfs,
# virtio-9p and 9pfs) for the database-on-storage test.
SQ_X86 = Build("sqlite3-x86_64", "apps/sqlite3",
               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y", "CONFIG_PLAT_KVM=y",
                "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y", "CONFIG_KVM_VIRTIO_BLK=y",
                "CONFIG_KVM_VIRTIO_9P=y", "CONFIG_LIB9PFS=y", "CONFIG_LIBEXTFS=y"],
               timeout=2400)
SQ_ARM64 = Build("sqlite3-arm64", "apps/sqlite3",
                 ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set",
                  "CONFIG_LIBUKBUS=y", "CONFIG_KVM_VIRTIO_BLK=y", "CONFIG_KVM_VIRTIO_9P=y",
                  "CONFIG_LIB9PFS=y", "CONFIG_LIBEXTFS=y"],
                 timeout=2400)
GUEST_TMPDB = "/tmp/other.db"


def sql_tree(tmpdb):
    """A fresh directory with the scripts, @TMPDB@ replaced by tmpdb."""
    d = tempfile.mkdtemp(prefix="sqlite-", dir=TESTS_DIR)
    for f in os.listdir(SQL_DIR):
        if f.endswith(".sql"):
            with open(os.path.join(SQL_DIR, f)) as src, open(os.path.join(d, f), "w") as dst:
                dst.write(src.read().replace("@TMPDB@", tmpdb))
    return d


def make_initrd(tree):
    archive = tree + ".cpio"
    names = "\n".join(sorted(f for f in os.listdir(tree) if f.endswith(".sql"))) + "\n"
    with open(archive, "wb") as out:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], input=names.encode(),
                       cwd=tree, stdout=out, check=True)
    return archive


def host_run(t, script, db):
    """Debian's sqlite3 running script (in its own fresh directory)."""
    tmpdb = os.path.join(tempfile.mkdtemp(prefix="sqlite-tmp-", dir=TESTS_DIR), "other.db")
    tree = sql_tree(tmpdb)
    try:
        # The image's console carries stdout and stderr in the order
        # they were written: the host's stdout line-buffered into the
        # same pipe as stderr gives that order too.
        r = t.run(["sh", "-c", 'exec stdbuf -oL "$@" 2>&1', "sh", HOST_SQLITE, db,
                   f".read {script}"], cwd=tree, timeout=120)
        t.expect(not r.timed_out, "the host's sqlite3 timed out", r)
        return r
    finally:
        shutil.rmtree(tree, ignore_errors=True)
        shutil.rmtree(os.path.dirname(tmpdb), ignore_errors=True)


def expect_same(t, want, got, r, what="output"):
    if got != want:
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              "sqlite3", "tessera", lineterm="", n=2))
        t.fail(f"{what} differs from Debian's sqlite3:\n{diff}", r)


def guest_initrd():
    tree = sql_tree(GUEST_TMPDB)
    return tree, make_initrd(tree)


def cleanup(tree):
    shutil.rmtree(tree, ignore_errors=True)
    if os.path.exists(tree + ".cpio"):
        os.unlink(tree + ".cpio")


@test("sqlite/linuxu-x86_64: the shell runs DDL, joins, indexes, transactions, journal "
      "modes and an integrity check as Debian's sqlite3 does", needs=[HOST_SQLITE, "cpio"])
def _(t):
    img = t.build(SQ_X86).image("linuxu")
    want = host_run(t, "basic.sql", "test.db")
    t.expect_status(want, 0)
    t.expect_not_in(want.out, "error", want)
    tree, rd = guest_initrd()
    try:
        r = t.run([img, f"linuxu.initrd={rd}", "vfs.rootfs=initrd", "--", "test.db",
                   ".read basic.sql"], timeout=120)
    finally:
        cleanup(tree)
    t.expect_status(r, 0)
    expect_same(t, want.out, r.out, r)
    expect_same(t, "", r.err, r, "stderr")
    t.note(f"sqlite3 image {os.path.getsize(img)} B stripped")


@test("sqlite/linuxu-x86_64: two connections of one process lock each other; errors "
      "reported as Debian's sqlite3 reports them", needs=[HOST_SQLITE, "cpio"])
def _(t):
    img = t.build(SQ_X86).image("linuxu")
    want = host_run(t, "locks.sql", ":memory:")
    tree, rd = guest_initrd()
    try:
        r = t.run([img, f"linuxu.initrd={rd}", "vfs.rootfs=initrd", "--", ":memory:",
                   ".read locks.sql"], timeout=120)
    finally:
        cleanup(tree)
    t.expect_status(r, want.status)
    expect_same(t, want.out, r.out, r)
    expect_same(t, "", r.err, r, "stderr")
    t.expect_in(want.out, "database is locked", want)


def check_speedtest(t, r):
    t.expect_status(r, 0)
    out = r.out.replace("\r\n", "\n")
    t.expect_in(out, "TOTAL", r)
    t.expect_in(out, "-- Speedtest1 for SQLite 3.40.1", r)
    t.expect_not_in(out, "error", r)


SPEED_SMALL = ["speedtest1", "--size", "2", "--testset", "main", "/tmp/speed.db"]


@test("sqlite/linuxu-x86_64: speedtest1 --size 2 on ramfs runs to completion")
def _(t):
    img = t.build(SQ_X86).image("linuxu")
    r = t.run([img, "--"] + SPEED_SMALL, timeout=120)
    check_speedtest(t, r)


def guest_checks(t, img, timeout):
    """The SQL scripts and speedtest1 in three boots of one image. The
    serial console ends every line with CR LF whether the program wrote
    LF or CR LF (the shell's csv mode writes CR LF): both sides are
    compared with CR LF made LF."""
    basic = host_run(t, "basic.sql", "test.db")
    locks = host_run(t, "locks.sql", ":memory:")
    tree, rd = guest_initrd()

    def boot(args):
        cmdline = "vfs.rootfs=initrd -- " + " ".join(f"'{a}'" if " " in a else a
                                                      for a in args)
        r = t.run([LAUNCHER, "-q", "-t", str(timeout), "-m", GUEST_MEM, "-k", img, "-i", rd,
                   "-a", cmdline], timeout=timeout + 30)
        r.out = r.out.replace("\r\n", "\n")
        return r
    try:
        r = boot(["test.db", ".read basic.sql"])
        t.expect_status(r, 0)
        expect_same(t, basic.out.replace("\r\n", "\n"), r.out, r)
        r = boot([":memory:", ".read locks.sql"])
        t.expect_status(r, locks.status)
        expect_same(t, locks.out.replace("\r\n", "\n"), r.out, r)
        check_speedtest(t, boot(SPEED_SMALL))
    finally:
        cleanup(tree)


@test("sqlite/kvm-x86_64: the SQL scripts as Debian's sqlite3 runs them; speedtest1 "
      "completes", needs=[HOST_SQLITE, "cpio", "qemu-system-x86_64"], timeout=400)
def _(t):
    guest_checks(t, t.build(SQ_X86).image("kvm"), 150)


@test("sqlite/kvm-arm64: the SQL scripts as Debian's sqlite3 runs them; speedtest1 "
      "completes", needs=[HOST_SQLITE, "cpio", "qemu-system-aarch64", "aarch64-linux-gnu-gcc"],
      timeout=400)
def _(t):
    guest_checks(t, t.build(SQ_ARM64).image("kvm", "arm64"), 150)


# A database on a shared directory (9pfs, the root) and one on an ext4
# disk (extfs, /data), both mounted through vfs.fstab.
STORAGE_FSTAB = 'vfs.fstab=[ "fs1:/:9pfs:::mkmp" "blk0:/data:ext4:::mkmp" ]'
STORAGE_WRITE = """\
CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT, n REAL);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400)
  INSERT INTO t SELECT x, printf('row %d of %s', x, 'DB'), x * 1.5 FROM c;
CREATE INDEX t_v ON t(v);
"""
STORAGE_CHECK = """\
SELECT count(*), sum(k), sum(n), sum(length(v)) FROM t;
SELECT k, v, n FROM t WHERE k % 40 = 1 ORDER BY v;
PRAGMA integrity_check;
"""


@test("sqlite/kvm-x86_64: databases written through 9pfs and through ext4 (vfs.fstab) "
      "survive a second boot; Debian's sqlite3 reads both with the same rows",
      needs=[HOST_SQLITE, "qemu-system-x86_64", "mkfs.ext4", "debugfs", "e2fsck"],
      timeout=400)
def _(t):
    check_storage(t, t.build(SQ_X86).image("kvm"))


@test("sqlite/kvm-arm64: databases written through 9pfs and through ext4 (vfs.fstab, "
      "virtio-mmio) survive a second boot; Debian's sqlite3 reads both with the same rows",
      needs=[HOST_SQLITE, "qemu-system-aarch64", "mkfs.ext4", "debugfs", "e2fsck"],
      timeout=600)
def _(t):
    check_storage(t, t.build(SQ_ARM64).image("kvm", "arm64"))


def check_storage(t, img):
    work = tempfile.mkdtemp(prefix="sqlite-storage-", dir=TESTS_DIR)
    share = os.path.join(work, "share")
    os.makedirs(share)
    disk = os.path.join(work, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(32 << 20)
    r = t.run(["mkfs.ext4", "-q", "-F", disk], timeout=60)
    t.expect_status(r, 0)
    for name, text in (("write9p.sql", STORAGE_WRITE.replace("DB", "9pfs")),
                       ("writeext.sql", STORAGE_WRITE.replace("DB", "ext4")),
                       ("check.sql", STORAGE_CHECK)):
        with open(os.path.join(share, name), "w") as f:
            f.write(text)

    def boot(*cmds):
        r = t.run([LAUNCHER, "-q", "-t", "150", "-m", GUEST_MEM, "-k", img, "-e", share,
                   "-d", disk, "-a", STORAGE_FSTAB + " -- /p9.db "
                   + " ".join(f"'{c}'" for c in cmds)], timeout=180)
        r.out = r.out.replace("\r\n", "\n")
        t.expect_status(r, 0)
        t.expect_not_in(r.out, "Error", r)
        return r
    # Boot 1: each database made and filled on its file system.
    boot(".read /write9p.sql", ".open /data/ext.db", ".read /writeext.sql")
    t.expect(os.path.exists(os.path.join(share, "p9.db")), "no p9.db in the share")
    t.expect_status(t.run(["e2fsck", "-fn", disk], timeout=60), 0)
    # The host's answers: the 9pfs file as it is, the ext4 one copied out.
    ext_copy = os.path.join(work, "ext-copy.db")
    t.expect_status(t.run(["debugfs", "-R", f"dump /ext.db {ext_copy}", disk],
                          timeout=60), 0)
    want = []
    for db in (os.path.join(share, "p9.db"), ext_copy):
        h = t.run([HOST_SQLITE, db, ".read " + os.path.join(share, "check.sql")],
                  timeout=60)
        t.expect_status(h, 0)
        want.append(h.out)
    t.expect_in(want[0], "400|80200|120300.0|", h)
    t.expect_in(want[0], "1|row 1 of 9pfs|1.5", h)
    t.expect_in(want[1], "1|row 1 of ext4|1.5", h)
    # Boot 2: both opened again and checked.
    r = boot(".read /check.sql", ".open /data/ext.db", ".read /check.sql")
    t.expect_in(r.out, want[0] + want[1], r)
    t.expect_status(t.run(["e2fsck", "-fn", disk], timeout=60), 0)
    shutil.rmtree(work, ignore_errors=True)
