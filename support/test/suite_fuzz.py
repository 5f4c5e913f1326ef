# SPDX-License-Identifier: BSD-3-Clause
"""Fuzzing (support/fuzz/, support/scripts/fuzz): each libFuzzer harness
runs for 30 s and must not crash; every seed input, among them the inputs
that once crashed a harness, replays clean; the script's errors. Needs
clang and libFuzzer's runtime (support/scripts/setup installs them): a
machine without them fails these tests with what to install."""

import os
import re

from driver import ROOT, test

FUZZ = os.path.join(ROOT, "support", "scripts", "fuzz")
HARNESSES = ("cmdline", "cpio", "fdt", "pvh")
SECONDS = 30


def fuzz_test(name):
    @test(f"fuzz/{name}: {SECONDS} s of libFuzzer, no crash", needs=["clang"],
          timeout=SECONDS + 120)
    def _(t):
        r = t.run([FUZZ, name, str(SECONDS)], timeout=SECONDS + 100)
        t.expect_status(r, 0)
        m = t.expect_regex(r.out, rf"^fuzz: {name}: (\d+) executions in "
                           rf"{SECONDS} s \(([\d?]+)/s\).*no crash", r)
        t.expect(int(m.group(1)) > 0, "no input was run", r)
        t.note(f"{m.group(1)} executions ({m.group(2)}/s)")


for _name in HARNESSES:
    fuzz_test(_name)


@test("fuzz: every seed input (and each kept crashing input) replays clean",
      needs=["clang"], timeout=240)
def _(t):
    for name in HARNESSES:
        seeds = os.listdir(os.path.join(ROOT, "support", "fuzz", name, "corpus"))
        t.expect(len(seeds) >= 3, f"{name}: only {len(seeds)} seed inputs")
        r = t.run([FUZZ, "--replay", name], timeout=120)
        t.expect_status(r, 0)
        t.expect_in(r.out, f"fuzz: {name}: {len(seeds)} inputs replayed, no crash", r)
        t.expect_not_in(r.err, "BUG", r)


@test("fuzz: --list names the harnesses; an unknown one or a bad time is an error")
def _(t):
    r = t.run([FUZZ, "--list"])
    t.expect_status(r, 0)
    t.expect(r.out.split() == list(HARNESSES),
             f"--list printed {r.out.split()}, expected {list(HARNESSES)}", r)
    r = t.run([FUZZ, "nosuch", "5"])
    t.expect_status(r, 2)
    t.expect_in(r.err, "no harness named 'nosuch'; there are: cmdline cpio fdt pvh", r)
    r = t.run([FUZZ, "cpio", "soon"])
    t.expect_status(r, 2)
    t.expect_in(r.err, "SECONDS must be a whole number", r)
    r = t.run([FUZZ, "--help"])
    t.expect_status(r, 0)
    t.expect(re.search(r"fuzz NAME SECONDS", r.out), "no usage in --help", r)


@test("fuzz: without clang the script says what to install")
def _(t):
    r = t.run([FUZZ, "cmdline", "1"], env=dict(os.environ, CC="no-such-clang"))
    t.expect_status(r, 3)
    t.expect_in(r.err, "install clang and libclang-rt-14-dev", r)
