#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Remake the seed start infos in corpus/. Each file is the start of the
harness's arena, which it copies to physical address 0x10000000: the
start info at offset 0, the memory map at 0x100, the module list at
0x300, the command line at 0x400 (addresses in the files are 0x10000000
plus these offsets)."""
import os
import struct

ARENA = 0x10000000
MAGIC = 0x336EC578
RAM, RESERVED, ACPI = 1, 2, 3
QEMU_MAP = [(0, 0x9FC00, RAM), (0x9FC00, 0x400, RESERVED),
            (0xF0000, 0x10000, ACPI), (0x100000, 0x3F00000, RAM),
            (0xFFFC0000, 0x40000, RESERVED)]


def start_info(version=1, mmap=QEMU_MAP, cmdline=b"fz.i=1 -- app\0",
               modules=((0x2000000, 0x1000),), cmd_at=0x400, mod_at=0x300,
               size=0x500, nentries=None):
    b = bytearray(max(size, cmd_at + len(cmdline)))
    struct.pack_into("<IIII QQQ QII", b, 0, MAGIC, version, 0, len(modules),
                     ARENA + mod_at if modules else 0,
                     ARENA + cmd_at if cmdline else 0, 0xF5A40,
                     ARENA + 0x100 if mmap else 0,
                     len(mmap) if nentries is None else nentries, 0)
    for i, (addr, length, kind) in enumerate(mmap):
        struct.pack_into("<QQII", b, 0x100 + 24 * i, addr, length, kind, 0)
    for i, (addr, length) in enumerate(modules):
        struct.pack_into("<QQQQ", b, mod_at + 32 * i, addr, length, 0, 0)
    b[cmd_at:cmd_at + len(cmdline)] = cmdline
    return bytes(b)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    os.makedirs(out, exist_ok=True)
    seeds = {
        "qemu": start_info(),
        "version0": start_info(version=0),
        "no-cmdline-no-modules": start_info(cmdline=b"", modules=()),
        "too-many-entries": start_info(nentries=65),
        # a line with no NUL before the module list: written over it
        "cmdline-over-modules": start_info(cmd_at=0x2F0, cmdline=b"x" * 16,
                                           mod_at=0x300),
        # a line across a page boundary
        "cmdline-across-page": start_info(cmd_at=0xFF0,
                                          cmdline=b"a" * 40 + b"\0"),
        # a reserved entry whose end passes 2^64
        "wrapping-entry": start_info(mmap=QEMU_MAP + [
            (0x200000, 0xFFFFFFFFFFFFFFFF, RESERVED)]),
        # RAM entries overlapping each other and the image
        "overlapping-ram": start_info(mmap=[
            (0x100000, 0x800000, RAM), (0x400000, 0x800000, RAM),
            (0x500000, 0x1000, RESERVED)]),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
