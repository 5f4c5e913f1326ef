# SPDX-License-Identifier: BSD-3-Clause
"""The test driver itself, run on a suite written for the purpose: a test
past its time limit fails with its name and its last output, skips are
counted, uktest SKIPPED cases reach the driver as skipped, and the closing
line counts all three."""

import os
import shutil
import sys

from driver import ROOT, TESTS_DIR, test

SELFTEST_SUITE = r'''
import os
from driver import Result, test

HERE = os.path.dirname(__file__)


@test("selftest: passes")
def _(t):
    r = t.run(["true"])
    t.expect_status(r, 0)


@test("selftest: runs past its limit", timeout=2)
def _(t):
    t.run(["sh", "-c", "echo first line; echo about to sleep; exec sleep 300"],
          timeout=600)


@test("selftest: cannot run here")
def _(t):
    t.skip("needs something this host lacks")


@test("selftest: uktest with a skipped case")
def _(t):
    img = os.path.join(HERE, "image")
    r = t.run([img])
    t.check_uktest(r)
'''

# What the fake image prints, and the cases its .dbg holds.
REPORT = """[ PASSED ] app: adds_up
[ SKIPPED ] app: skips_on_purpose: nothing to check here
uktest: 1 passed, 0 failed, 1 skipped
"""
CASES_C = "int __uk_testcase_app_adds_up, __uk_testcase_app_skips_on_purpose;\n"


@test("driver: a test past its limit fails with its name and last output; skips and "
      "uktest SKIPPED cases are counted as skipped", needs=["gcc", "nm"])
def _(t):
    d = os.path.join(TESTS_DIR, "driver-selftest")
    if os.path.isdir(d):
        shutil.rmtree(d)
    tdir = os.path.join(d, "support", "test")
    os.makedirs(tdir)
    shutil.copy(os.path.join(ROOT, "support", "test", "driver.py"), tdir)
    with open(os.path.join(tdir, "suite_selftest.py"), "w") as f:
        f.write(SELFTEST_SUITE)
    img = os.path.join(tdir, "image")
    with open(img, "w") as f:
        f.write("#!/bin/sh\ncat <<'EOF'\n" + REPORT + "EOF\n")
    os.chmod(img, 0o755)
    with open(img + ".c", "w") as f:
        f.write(CASES_C)
    r = t.run(["gcc", "-c", img + ".c", "-o", img + ".dbg"])
    t.expect_status(r, 0)

    r = t.run([sys.executable, os.path.join(tdir, "driver.py"), "-j", "4"], timeout=120)
    t.expect_status(r, 1)
    lines = r.out.splitlines()
    t.expect(lines and lines[-1] == "2 passed, 1 failed, 2 skipped",
             "the closing line is not '2 passed, 1 failed, 2 skipped'", r)
    t.expect_regex(r.out, r"^FAIL  selftest: runs past its limit  \(\d+\.\ds\)\n"
                          r"      timed out: 'selftest: runs past its limit' ran past its "
                          r"limit of 2 s", r)
    t.expect_in(r.out, "        | first line\n        | about to sleep", r)
    t.expect_regex(r.out, r"^SKIP  selftest: cannot run here  \(\d+\.\ds\)\n"
                          r"      needs something this host lacks$", r)
    t.expect_in(r.out, "SKIP  selftest: uktest with a skipped case / app: skips_on_purpose: "
                "nothing to check here", r)
    t.expect_regex(r.out, r"^PASS  selftest: uktest with a skipped case", r)
    t.expect(r.seconds < 60, f"the limit did not stop the sleeping test ({r.seconds:.0f} s)", r)

    # A case that the image holds but that never reported fails the test.
    with open(img + ".c", "a") as f:
        f.write("int __uk_testcase_app_never_ran;\n")
    r2 = t.run(["gcc", "-c", img + ".c", "-o", img + ".dbg"])
    t.expect_status(r2, 0)
    r = t.run([sys.executable, os.path.join(tdir, "driver.py"), "-k", "uktest"], timeout=60)
    t.expect_status(r, 1)
    t.expect_in(r.out, "1 of the image's 3 uktest cases did not report: app_never_ran", r)
    t.expect(r.out.splitlines()[-1] == "0 passed, 1 failed, 0 skipped",
             "a failed uktest test's skipped cases must not be counted", r)
