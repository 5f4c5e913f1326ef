# SPDX-License-Identifier: BSD-3-Clause
"""Build system, linuxu-x86_64, core libraries, uktest, crash reports."""

import glob
import os
import re
import shutil
import subprocess
import tempfile

from crashcases import HOST_WX_CRASHES
from driver import ROOT, TESTS_DIR, Build, TestFailure, test

LINUXU = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"]

HELLO = Build("hello-linuxu-x86_64", "apps/helloworld", LINUXU)
UKTEST = Build("uktest-linuxu-x86_64", "apps/helloworld",
               LINUXU + ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y",
                         "CONFIG_LIBUKARGPARSE=y"])
CRASH = Build("crash-linuxu-x86_64", "apps/crashtest", LINUXU)
CRASH_NOSSP = Build("crash-nossp-linuxu-x86_64", "apps/crashtest",
                    LINUXU + ["# CONFIG_LIBUKSTACKPROTECTOR is not set"])
SMALL = Build("hello-linuxu-x86_64-os-lto", "apps/helloworld",
              LINUXU + ["CONFIG_OPTIMIZE_SIZE=y", "CONFIG_OPTIMIZE_LTO=y"],
              make_args=["V=1"])
NODCE = Build("hello-linuxu-x86_64-O0-nodce", "apps/helloworld",
              LINUXU + ["CONFIG_OPTIMIZE_NONE=y", "# CONFIG_OPTIMIZE_DEADELIM is not set"],
              make_args=["V=1"])


def check_hello(t, r, args):
    t.expect_status(r, 0)
    want = "Hello world!\n" + "".join(f"Argument {i}: {a}\n"
                                      for i, a in enumerate(args, 1))
    if r.out != want:
        t.fail(f"expected exactly {want!r}", r)


for mode in ("null", "pipe", "tty"):
    @test(f"helloworld/linuxu-x86_64: hello and arguments, stdin/stdout {mode}")
    def _(t, mode=mode):
        img = t.build(HELLO).image("linuxu")
        args = ["one", "two words", ""]
        check_hello(t, t.run([img] + args, stdin=mode, input=""), args)


@test("helloworld/linuxu-x86_64: stdout to /dev/null")
def _(t):
    img = t.build(HELLO).image("linuxu")
    r = subprocess.run(f"'{img}' a >/dev/null", shell=True, timeout=10)
    t.expect(r.returncode == 0, f"exit status {r.returncode} with stdout on /dev/null")


@test("helloworld/linuxu-x86_64: kernel parameters before --")
def _(t):
    img = t.build(HELLO).image("linuxu")
    check_hello(t, t.run([img, "linuxu.heap=8M", "--", "x", "--", "y"]), ["x", "--", "y"])
    check_hello(t, t.run([img, "--"]), [])


@test("helloworld/linuxu-x86_64: unknown kernel parameter is an error")
def _(t):
    img = t.build(HELLO).image("linuxu")
    r = t.run([img, "nosuch.param=1", "--", "x"])
    t.expect_status(r, 64)
    t.expect_in(r.out, "unknown kernel parameter 'nosuch.param'", r)
    t.expect_in(r.out, "linuxu.heap", r)  # lists the known ones
    t.expect_not_in(r.out, "Hello world!", r)


@test("helloworld/linuxu-x86_64: malformed kernel parameters are errors")
def _(t):
    img = t.build(HELLO).image("linuxu")
    for bad, msg in (("linuxu.heap=12Q", "'12Q' is malformed"),
                     ("linuxu.heap=99999999999999999999", "out of range"),
                     ("linuxu.heap=", "is malformed"),
                     ("noequals", "not of the form name=value")):
        r = t.run([img, bad, "--"])
        t.expect_status(r, 64)
        t.expect_in(r.out, msg, r)


@test("uktest/linuxu-x86_64: every library's tests pass")
def _(t):
    img = t.build(UKTEST).image("linuxu")
    r = t.run([img], timeout=60)
    t.expect_status(r, 0)
    summary = t.check_uktest(r)
    t.expect_in(r.out, "Hello world!", r)  # main still runs afterwards
    t.note(summary)


CRASHES = {
    # what: (signal, headline, function that must appear in the backtrace)
    "null": (11, "SIGSEGV (address not mapped) at address 0x0", "deref_null"),
    "div0": (8, "SIGFPE (integer divide by zero)", "divide_by_zero"),
    "stack": (11, "SIGSEGV", "recurse"),
    "bigstack": (11, "SIGSEGV", "recurse_big"),
    "illegal": (4, "SIGILL (illegal instruction)", "illegal"),
    "bus": (7, "SIGBUS", "bus_error"),
    "assert": (6, "ASSERTION FAILED: argc == 42", "main"),
    "crash": (6, "CRASH: crashtest asked for a crash (2)", "main"),
    "abort": (6, "CRASH: abort() called", "abort"),
    "smash": (6, "CRASH: stack smashing detected: the stack canary of smash_stack was "
              "overwritten (called from 0x", "smash_stack"),
    **HOST_WX_CRASHES,
}

for what, (sig, headline, func) in CRASHES.items():
    @test(f"crash/linuxu-x86_64: {what} gives a crash report")
    def _(t, what=what, sig=sig, headline=headline, func=func):
        img = t.build(CRASH).image("linuxu")
        r = t.run([img, what], timeout=20)
        t.expect(not r.timed_out and r.status == -sig,
                 f"expected death by signal {sig}, got status {r.status}", r)
        t.expect_in(r.out, headline, r)
        t.expect_in(r.out, "Backtrace:", r)
        if func:
            t.expect_regex(r.out, rf"#\d+\s+0x[0-9a-f]+ {func}\+0x[0-9a-f]+", r)
        if what not in ("assert", "crash", "abort", "smash"):
            t.expect_regex(r.out, r"rip 0x[0-9a-f]{16}", r)


@test("ukstackprotector/linuxu-x86_64: on by default with -fstack-protector-strong and a "
      "random canary; off, a smashed stack goes unnoticed by it", needs=["nm"])
def _(t):
    on, off = t.build(CRASH), t.build(CRASH_NOSSP)
    t.expect(on.config_value("CONFIG_LIBUKSTACKPROTECTOR") == "y",
             "the stack protector is not on by default")
    syms = subprocess.run(["nm", on.image("linuxu") + ".dbg"], capture_output=True,
                          text=True, timeout=30).stdout
    t.expect("__stack_chk_guard" in syms and "uk_stack_protector_init" in syms,
             "no canary in the default image")
    syms = subprocess.run(["nm", off.image("linuxu") + ".dbg"], capture_output=True,
                          text=True, timeout=30).stdout
    t.expect("__stack_chk_guard" not in syms, "a canary in the image without the protector")
    # The application's own objects carry the check, not just the library.
    objs = glob.glob(os.path.join(on.dir, "appcrashtest", "*.o"))
    t.expect(objs, "no application objects found")
    syms = subprocess.run(["nm"] + objs, capture_output=True, text=True, timeout=30).stdout
    t.expect("U __stack_chk_guard" in syms and "U __stack_chk_fail" in syms,
             "the application was compiled without -fstack-protector-strong")
    r = t.run([off.image("linuxu"), "smash"], timeout=20)
    t.expect(r.status != 0 and not r.timed_out, "the smashed stack did not crash", r)
    t.expect_not_in(r.out, "stack smashing detected", r)
    # Two runs, two canaries: the guard comes from getrandom, not a constant.
    canaries = set()
    for _ in range(2):
        r = t.run(["gdb", "-batch", "-ex", "break main", "-ex", "run",
                   "-ex", "p/x __stack_chk_guard", on.image("linuxu") + ".dbg"], timeout=60) \
            if shutil.which("gdb") else None
        if r is None:
            break
        m = re.search(r"\$1 = (0x[0-9a-f]+)", r.out)
        t.expect(m is not None, "gdb could not read the canary", r)
        canaries.add(m.group(1))
    if canaries:
        t.expect(len(canaries) == 2 and not any(c.endswith("b100") for c in canaries),
                 f"the canary is not random per run: {canaries}")


@test("crash/linuxu-x86_64: without the .dbg file the report has bare addresses")
def _(t):
    img = t.build(CRASH).image("linuxu")
    with tempfile.TemporaryDirectory() as d:
        copy = os.path.join(d, "crashtest")
        shutil.copy(img, copy)
        r = t.run([copy, "null"], timeout=20)
        t.expect(r.status == -11, f"expected SIGSEGV death, got {r.status}", r)
        t.expect_regex(r.out, r"#0\s+0x[0-9a-f]{16}\n", r)
        t.expect_not_in(r.out, "deref_null", r)
        # A .dbg from another build must not be believed.
        shutil.copy(t.build(HELLO).image("linuxu") + ".dbg", copy + ".dbg")
        r = t.run([copy, "null"], timeout=20)
        t.expect_not_in(r.out, "deref_null", r)
        t.expect_regex(r.out, r"#0\s+0x[0-9a-f]{16}\n", r)


@test("crash/linuxu-x86_64: main's return value is the exit status")
def _(t):
    img = t.build(CRASH).image("linuxu")
    for n in (0, 3, 42, 255):
        r = t.run([img, f"exit:{n}"])
        t.expect_status(r, n)


@test("build: -Os with LTO builds a working, smaller image")
def _(t):
    small = t.build(SMALL).image("linuxu")
    big = t.build(HELLO).image("linuxu")
    check_hello(t, t.run([small, "--", "a"]), ["a"])
    t.expect(os.path.getsize(small) <= os.path.getsize(big),
             f"-Os+LTO image {os.path.getsize(small)} B > -O2 image {os.path.getsize(big)} B")
    t.note(f"stripped: -O2 {os.path.getsize(big)} B, -Os+LTO {os.path.getsize(small)} B")
    with open(os.path.join(SMALL.dir, "build.log")) as f:
        log = f.read()
    for flag in ("-Os", "-flto", "-ffunction-sections", "-fdata-sections", "-Wl,--gc-sections"):
        t.expect(re.search(r"(^|\s)" + re.escape(flag) + r"(\s|$)", log, re.M),
                 f"{flag} is missing from the V=1 build commands")


@test("build: -O0 without dead-code elimination builds a working image")
def _(t):
    img = t.build(NODCE).image("linuxu")
    check_hello(t, t.run([img, "z"]), ["z"])
    with open(os.path.join(NODCE.dir, "build.log")) as f:
        log = f.read()
    t.expect("-O0" in log, "-O0 is missing from the V=1 build commands")
    for flag in ("-ffunction-sections", "--gc-sections", "-flto"):
        t.expect(flag not in log, f"{flag} used although disabled")


def make(t, args, cwd=ROOT, timeout=300, env=None):
    r = t.run(["make", "--no-print-directory"] + args, timeout=timeout, cwd=cwd, env=env)
    return r


def scratch(name):
    d = os.path.join(TESTS_DIR, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


EXACT_APP = {
    # The Makefile of doc/getting-started.md, used through make -C DIR.
    "Makefile": """UK_ROOT ?= %(root)s
LIBS :=

all:
	@$(MAKE) -C $(UK_ROOT) A=$(CURDIR) L=$(LIBS)

$(filter-out all,$(MAKECMDGOALS)):
	@$(MAKE) -C $(UK_ROOT) A=$(CURDIR) L=$(LIBS) $@
.PHONY: all $(MAKECMDGOALS)
""",
    "Config.uk": """config APPEXACT
	bool
	default y
config APPEXACT_EXTRA
	bool "Link extra.c"
	default y
""",
    "Makefile.uk": """$(eval $(call addlib,appexact))
APPEXACT_SRCS-y += $(APPEXACT_BASE)/main.c
APPEXACT_SRCS-$(CONFIG_APPEXACT_EXTRA) += $(APPEXACT_BASE)/extra.c
""",
    "main.c": """#include <stdio.h>
int extra_marker(void) __attribute__((weak));
int main(void)
{
	printf("extra: %s\\n", extra_marker ? "linked" : "absent");
	return 0;
}
""",
    "extra.c": "int extra_marker(void) { return 42; }\n",
}


@test("build: a changed flag, option or source list rebuilds exactly what it concerns; "
      "a removed source leaves the image; make -j2 clean all; make -C DIR")
def _(t):
    d = scratch("exact-rebuilds")
    app, out = os.path.join(d, "app"), os.path.join(d, "out")
    os.makedirs(app)
    for name, text in EXACT_APP.items():
        with open(os.path.join(app, name), "w") as f:
            f.write(text % {"root": ROOT} if name == "Makefile" else text)
    base = ["-C", app, f"O={out}", f"C={out}/.config"]
    img = os.path.join(out, "app_linuxu-x86_64")

    def build(what):
        r = make(t, base + ["-j2"], cwd=d)
        t.expect_status(r, 0)
        return r, sorted(re.findall(r"^\s+(?:CC|AS)\s+(\S+)", r.out, re.M))

    def runs(word):
        r = t.run([img], timeout=20)
        t.expect_status(r, 0)
        t.expect_in(r.out, f"extra: {word}", r)

    r, cc = build("first")
    t.expect(len(cc) > 10, f"the first build compiled only {cc}", r)
    runs("linked")
    r, cc = build("nothing changed")
    t.expect(not cc and "  LD " not in r.out, "a second make did work", r)
    # A flag of one library: its objects only, then a relink.
    with open(os.path.join(app, "Makefile.uk"), "a") as f:
        f.write("APPEXACT_CFLAGS-y += -DEXACT_FLAG=1\n")
    r, cc = build("flag")
    t.expect(cc == ["app/extra.c", "app/main.c"], f"a new flag rebuilt {cc}", r)
    t.expect_in(r.out, "  LD ", r)
    with open(os.path.join(out, "appexact", "main.o.cmd")) as f:
        t.expect("-DEXACT_FLAG=1" in f.read(), "the command was not recorded")
    # An option one source mentions: that source only.
    cfg = os.path.join(out, ".config")
    with open(cfg) as f:
        text = f.read()
    t.expect("CONFIG_LINUXU_DEFAULT_HEAPMB=16" in text, "unexpected default heap size")
    with open(cfg, "w") as f:
        f.write(text.replace("CONFIG_LINUXU_DEFAULT_HEAPMB=16", "CONFIG_LINUXU_DEFAULT_HEAPMB=24"))
    r, cc = build("option")
    t.expect(cc == ["plat/linuxu/memory.c"], f"a new heap size rebuilt {cc}", r)
    # An option that takes a source out: nothing compiles, the image loses it.
    with open(cfg) as f:
        text = f.read()
    with open(cfg, "w") as f:
        f.write(text.replace("CONFIG_APPEXACT_EXTRA=y", "# CONFIG_APPEXACT_EXTRA is not set"))
    r, cc = build("source left out")
    t.expect(not cc and "  LD " in r.out, f"leaving extra.c out compiled {cc}", r)
    runs("absent")
    # Back in, then out of the Makefile.uk list itself.
    with open(cfg) as f:
        text = f.read()
    with open(cfg, "w") as f:
        f.write(text.replace("# CONFIG_APPEXACT_EXTRA is not set", "CONFIG_APPEXACT_EXTRA=y"))
    build("source back")
    runs("linked")
    with open(os.path.join(app, "Makefile.uk")) as f:
        text = f.read()
    with open(os.path.join(app, "Makefile.uk"), "w") as f:
        f.write(text.replace("APPEXACT_SRCS-$(CONFIG_APPEXACT_EXTRA) += "
                             "$(APPEXACT_BASE)/extra.c\n", ""))
    r, cc = build("source removed")
    t.expect(not cc and "  LD " in r.out, f"removing extra.c compiled {cc}", r)
    runs("absent")
    # clean and all one after the other, also under -j2.
    for jobs in ([], ["-j2"]):
        r = make(t, base + jobs + ["clean", "all"], cwd=d)
        t.expect_status(r, 0)
        t.expect(r.out.index("CLEAN") < r.out.index("  CC "), "clean ran after building", r)
        runs("absent")


@test("build: a second make compiles and links nothing; touching a file rebuilds only it")
def _(t):
    d = scratch("incremental")
    # On a copy of the tree: touching the real sources would make every
    # other build of them (other tests, other people) compile again.
    src = os.path.join(d, "src")
    def ignore(path, names):  # what .gitignore leaves out
        skip = {n for n in names if n == ".git" or n.startswith(".config")}
        if path == ROOT or os.path.dirname(path) == os.path.join(ROOT, "apps"):
            skip |= {"build"} & set(names)
        return skip
    shutil.copytree(ROOT, src, symlinks=True, ignore=ignore)
    out = os.path.join(d, "out")
    base = ["-C", src, "A=apps/helloworld", f"O={out}", f"C={out}/.config"]
    r = make(t, base)
    t.expect_status(r, 0)
    t.expect_in(r.out, "No configuration", r)  # default written, build went on
    t.expect_in(r.out, "  LD ", r)
    r = make(t, base)
    t.expect_status(r, 0)
    t.expect(not re.search(r"^\s+(CC|AS|LD|STRIP|CONFIG)\s", r.out, re.M),
             "second make did work", r)
    os.utime(os.path.join(src, "lib/nolibc/qsort.c"))
    r = make(t, base)
    cc = re.findall(r"^\s+CC\s+(\S+)", r.out, re.M)
    t.expect(cc == ["lib/nolibc/qsort.c"], f"expected only qsort.c recompiled, got {cc}", r)
    t.expect_in(r.out, "  LD ", r)
    # A header change rebuilds its users only.
    os.utime(os.path.join(src, "lib/ukargparse/include/uk/argparse.h"))
    r = make(t, base)
    t.expect(not re.search(r"^\s+CC\s", r.out, re.M),
             "a header no selected library includes caused recompiles", r)
    os.utime(os.path.join(src, "include/uk/plat/console.h"))
    r = make(t, base)
    cc = set(re.findall(r"^\s+CC\s+(\S+)", r.out, re.M))
    t.expect("plat/linuxu/console.c" in cc and "lib/nolibc/qsort.c" not in cc,
             f"console.h users not rebuilt exactly: {sorted(cc)}", r)
    # V=1 shows whole commands.
    os.utime(os.path.join(src, "lib/nolibc/qsort.c"))
    r = make(t, base + ["V=1"])
    t.expect_regex(r.out, r"gcc .*-c \S*qsort\.c -o", r)


@test("build: an application outside the tree builds unchanged, Unikraft style")
def _(t):
    d = scratch("outside-app")
    app = os.path.join(d, "myapp")
    os.makedirs(app)
    with open(os.path.join(app, "Makefile"), "w") as f:
        f.write(f"""UK_ROOT ?= {ROOT}
UK_LIBS ?= {d}/libs
UK_BUILD ?= $(PWD)/build
LIBS :=

all:
\t@$(MAKE) -C $(UK_ROOT) A=$(PWD) L=$(LIBS) O=$(UK_BUILD)

$(MAKECMDGOALS):
\t@$(MAKE) -C $(UK_ROOT) A=$(PWD) L=$(LIBS) O=$(UK_BUILD) $(MAKECMDGOALS)
""")
    with open(os.path.join(app, "Makefile.uk"), "w") as f:
        f.write("$(eval $(call addlib,appmyapp))\n"
                "APPMYAPP_SRCS-y += $(APPMYAPP_BASE)/main.c\n"
                "APPMYAPP_CFLAGS-y += -DGREETING='\"hi from myapp\"'\n")
    with open(os.path.join(app, "Config.uk"), "w") as f:
        f.write("config APPMYAPP\n\tbool\n\tdefault y\n\tselect LIBNOLIBC if !HAVE_LIBC\n")
    with open(os.path.join(app, "main.c"), "w") as f:
        f.write("""#include <stdio.h>
#ifdef __Unikraft__
#include <uk/config.h>
#endif
int main(int argc, char *argv[])
{
#if CONFIG_PLAT_LINUXU && CONFIG_ARCH_X86_64
	printf("%s: %s (%d args)\\n", GREETING, CONFIG_UK_NAME, argc);
#endif
	return 7;
}
""")
    env = dict(os.environ, PWD=app)
    r = make(t, ["olddefconfig"], cwd=app, env=env)
    t.expect_status(r, 0)
    r = make(t, [], cwd=app, env=env)
    t.expect_status(r, 0)
    r = t.run([os.path.join(app, "build", "myapp_linuxu-x86_64"), "q"])
    t.expect_status(r, 7)
    t.expect_in(r.out, "hi from myapp: myapp (2 args)", r)
    # Relative paths typed in the application directory are relative to it,
    # although its Makefile runs make -C <tessera>.
    os.makedirs(os.path.join(app, "defconfigs"))
    with open(os.path.join(app, "defconfigs", "renamed"), "w") as f:
        f.write('CONFIG_PLAT_LINUXU=y\nCONFIG_UK_NAME="renamed"\n')
    r = make(t, ["defconfig", "UK_DEFCONFIG=defconfigs/renamed"], cwd=app, env=env)
    t.expect_status(r, 0)
    r = make(t, ["savedefconfig", "UK_DEFCONFIG=saved"], cwd=app, env=env)
    t.expect_status(r, 0)
    t.expect(os.path.exists(os.path.join(app, "saved")),
             "savedefconfig UK_DEFCONFIG=saved did not write <app>/saved", r)
    r = make(t, ["oldconfig"], cwd=app, env=env)
    t.expect_status(r, 0)
    r = make(t, [], cwd=app, env=env)
    t.expect_status(r, 0)
    r = t.run([os.path.join(app, "build", "renamed_linuxu-x86_64")])
    t.expect_status(r, 7)
    t.expect_in(r.out, "hi from myapp: renamed", r)
    r = make(t, ["defconfig", "UK_DEFCONFIG=defconfigs/nonexistent"], cwd=app, env=env)
    t.expect(r.status != 0, "defconfig with a missing file must fail", r)
    t.expect_in(r.err, f"looked for {app}/defconfigs/nonexistent", r)


@test("build: L= libraries, and Kconfig's warning for an unmet select")
def _(t):
    d = scratch("extlib")
    lib = os.path.join(d, "libgreet")
    os.makedirs(os.path.join(lib, "include"))
    with open(os.path.join(lib, "Config.uk"), "w") as f:
        f.write("menuconfig LIBGREET\n\tbool \"greet: a test library\"\n\tdefault y\n"
                "config LIBGREET_NEEDS_BROKEN\n\tbool \"select something unmeetable\"\n"
                "\tdefault n\n\tdepends on LIBGREET\n\tselect LIBGREET_IMPOSSIBLE\n"
                "config LIBGREET_IMPOSSIBLE\n\tbool\n\tdepends on ARCH_ARM_64 && ARCH_X86_64\n")
    with open(os.path.join(lib, "Makefile.uk"), "w") as f:
        f.write("$(eval $(call addlib_s,libgreet,$(CONFIG_LIBGREET)))\n"
                "CINCLUDES-$(CONFIG_LIBGREET) += -I$(LIBGREET_BASE)/include\n"
                "LIBGREET_SRCS-y += $(LIBGREET_BASE)/greet.c\n")
    with open(os.path.join(lib, "include", "greet.h"), "w") as f:
        f.write("const char *greet(void);\n")
    with open(os.path.join(lib, "greet.c"), "w") as f:
        f.write('#include <greet.h>\nconst char *greet(void) { return "greetings from L="; }\n')
    app = os.path.join(d, "app")
    os.makedirs(app)
    with open(os.path.join(app, "Makefile.uk"), "w") as f:
        f.write("$(eval $(call addlib,appgreet))\nAPPGREET_SRCS-y += $(APPGREET_BASE)/main.c\n")
    with open(os.path.join(app, "Config.uk"), "w") as f:
        f.write("config APPGREET\n\tbool\n\tdefault y\n\tselect LIBNOLIBC if !HAVE_LIBC\n"
                "\tselect LIBGREET\n")
    with open(os.path.join(app, "main.c"), "w") as f:
        f.write('#include <stdio.h>\n#include <greet.h>\n'
                'int main(void) { puts(greet()); return 0; }\n')
    base = ["-C", ROOT, f"A={app}", f"L={lib}"]
    r = make(t, base)
    t.expect_status(r, 0)
    r = t.run([os.path.join(app, "build", "app_linuxu-x86_64")])
    t.expect_status(r, 0)
    t.expect_in(r.out, "greetings from L=", r)
    with open(os.path.join(app, ".config"), "a") as f:
        f.write("CONFIG_LIBGREET_NEEDS_BROKEN=y\n")
    r = make(t, base + ["olddefconfig"])
    t.expect_regex(r.out + r.err, r"warning: \(LIBGREET_NEEDS_BROKEN\) selects "
                   r"LIBGREET_IMPOSSIBLE which has unmet direct dependencies", r)
    # A library folder needs both files; a missing one is an error, not a skip.
    half = os.path.join(d, "halflib")
    os.makedirs(half)
    with open(os.path.join(half, "Makefile.uk"), "w") as f:
        f.write("")
    r = make(t, ["-C", ROOT, f"A={app}", f"L={lib}:{half}"])
    t.expect(r.status != 0, "an L= folder without Config.uk must fail", r)
    t.expect_in(r.err, f"external library {half} has no Config.uk", r)
    r = make(t, ["-C", ROOT, f"A={app}", f"L={lib}:{d}/nosuchlib"])
    t.expect(r.status != 0, "a missing L= folder must fail", r)
    t.expect_in(r.err, "does not exist", r)


@test("build: defconfig, savedefconfig, clean, properclean, distclean, help")
def _(t):
    d = scratch("goals")
    frag = os.path.join(d, "frag")
    with open(frag, "w") as f:
        f.write("CONFIG_PLAT_LINUXU=y\nCONFIG_UK_NAME=\"renamed\"\n")
    base = ["-C", ROOT, "A=apps/helloworld", f"O={d}/out", f"C={d}/config"]
    t.expect_status(make(t, base + ["defconfig", f"UK_DEFCONFIG={frag}"]), 0)
    r = make(t, base)
    t.expect_status(r, 0)
    img = os.path.join(d, "out", "renamed_linuxu-x86_64")
    t.expect(os.path.exists(img) and os.path.exists(img + ".dbg"),
             "no renamed_linuxu-x86_64 (+ .dbg) after defconfig + make", r)
    saved = os.path.join(d, "saved")
    t.expect_status(make(t, base + ["savedefconfig", f"UK_DEFCONFIG={saved}"]), 0)
    with open(saved) as f:
        t.expect('CONFIG_UK_NAME="renamed"' in f.read(), "savedefconfig lost the name")
    t.expect_status(make(t, base + ["clean"]), 0)
    t.expect(not os.path.exists(img) and os.path.exists(os.path.join(d, "config")),
             "clean must remove images and keep the configuration")
    r = make(t, base + ["-j2"])
    t.expect(os.path.exists(img), "rebuild after clean failed", r)
    t.expect_status(make(t, base + ["properclean"]), 0)
    t.expect(not os.path.exists(os.path.join(d, "out")), "properclean left the build dir")
    t.expect_status(make(t, base + ["distclean"]), 0)
    t.expect(not os.path.exists(os.path.join(d, "config")), "distclean left the config")
    r = make(t, ["-C", ROOT, "help"])
    t.expect_status(r, 0)
    for goal in ("menuconfig", "olddefconfig", "savedefconfig", "properclean", "L=dir"):
        t.expect_in(r.out, goal, r)
    r = make(t, ["-C", ROOT])
    t.expect(r.status != 0, "make without an application must fail", r)
    t.expect_in(r.out + r.err, "no application given", r)
    r = make(t, ["-C", ROOT, "A=/nonexistent/app"])
    t.expect_in(r.out + r.err, "does not exist", r)
    # A compiler that is missing, or builds for another architecture.
    t.expect_status(make(t, base + ["defconfig", f"UK_DEFCONFIG={frag}"]), 0)
    r = make(t, base + ["CROSS_COMPILE=nosuch-"])
    t.expect(r.status != 0, "a missing compiler must fail", r)
    t.expect_in(r.err, "nosuch-gcc not found (compiler prefix CROSS_COMPILE=nosuch-)", r)
    if shutil.which("aarch64-linux-gnu-gcc"):
        r = make(t, base + ["CROSS_COMPILE=aarch64-linux-gnu-"])
        t.expect(r.status != 0, "an arm64 compiler for an x86_64 configuration must fail", r)
        t.expect_in(r.err, "builds for aarch64-linux-gnu, but", r)
    # C= in a directory that does not exist yet.
    r = make(t, ["-C", ROOT, "A=apps/helloworld", f"O={d}/out2", f"C={d}/new/dir/config",
                 "olddefconfig"])
    t.expect_status(r, 0)
    t.expect(os.path.exists(os.path.join(d, "new", "dir", "config")),
             "C= in a new directory: no configuration written", r)


@test("build: make menuconfig shows the menu and saves a configuration",
      needs=["kconfig-mconf"])
def _(t):
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time
    d = scratch("menuconfig")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    p = subprocess.Popen(["make", "--no-print-directory", "-C", ROOT, "A=apps/helloworld",
                          f"O={d}/out", f"C={d}/config", "menuconfig"],
                         stdin=slave, stdout=slave, stderr=slave,
                         env=dict(os.environ, TERM="xterm"), start_new_session=True)
    os.close(slave)
    screen = b""

    def pump(secs):
        nonlocal screen
        end = time.time() + secs
        while time.time() < end:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    screen += os.read(master, 65536)
                except OSError:
                    return
    try:
        pump(4)
        t.expect(b"Tessera unikernel configuration" in screen,
                 "menuconfig did not show the Tessera menu")
        os.write(master, b"\x1b\x1b")  # leave the menu ...
        pump(2)
        os.write(master, b"\r")        # ... and answer "Yes" to saving
        pump(3)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, 9)
        p.wait()
        os.close(master)
    t.expect(p.returncode == 0, f"menuconfig exited with {p.returncode}")
    with open(os.path.join(d, "config")) as f:
        t.expect("CONFIG_PLAT_LINUXU=y" in f.read(), "saved configuration lacks the defaults")


# An application that prints at every level, with one uktest case that
# fails and one that passes: printk's filtering and format, uktest's report.
PRINTK_APP = os.path.join(TESTS_DIR, "printk-app")
PRINTK_ALL = Build("printk-debug", PRINTK_APP,
                   LINUXU + ["CONFIG_LIBUKDEBUG_PRINTK_DEBUG=y", "CONFIG_LIBUKDEBUG_PRINT_TIME=y",
                             "CONFIG_LIBUKDEBUG_PRINT_SRCNAME=y"])
PRINTK_ERR = Build("printk-err", PRINTK_APP,
                   LINUXU + ["CONFIG_LIBUKDEBUG_PRINTK_ERR=y", "CONFIG_LIBUKTEST=y",
                             "CONFIG_LIBUKTEST_ALL=y"])
PRINTK_ERR_GO_ON = Build("printk-err-go-on", PRINTK_APP,
                         LINUXU + ["CONFIG_LIBUKDEBUG_PRINTK_ERR=y", "CONFIG_LIBUKTEST=y",
                                   "CONFIG_LIBUKTEST_ALL=y",
                                   "# CONFIG_LIBUKTEST_EXIT_ON_FAILURE is not set"])


def write_printk_app():
    os.makedirs(os.path.join(PRINTK_APP, "tests"), exist_ok=True)
    files = {
        "Makefile.uk": "$(eval $(call addlib,appprintk))\n"
                       "APPPRINTK_SRCS-y += $(APPPRINTK_BASE)/main.c\n",
        "Config.uk": "config APPPRINTK\n\tbool\n\tdefault y\n\tselect LIBNOLIBC if !HAVE_LIBC\n",
        "main.c": """#include <uk/print.h>
int main(void)
{
	uk_pr_debug("level %d\\n", 5);
	uk_pr_info("level %d\\n", 4);
	uk_pr_warn("level %d\\n", 3);
	uk_pr_err("level %d\\n", 2);
	uk_pr_crit("level %d\\n", 1);
	return 0;
}
""",
        "tests/test_app.c": """#include <uk/test.h>
UK_TESTCASE(app, adds_up)
{
	UK_TEST_EXPECT_SNUM_EQ(2 + 2, 4);
}
UK_TESTCASE(app, fails_on_purpose)
{
	UK_TEST_EXPECT_SNUM_EQ(2 + 2, 5);
}
UK_TESTCASE(app, skips_on_purpose)
{
	UK_TEST_SKIP("nothing to check here");
	UK_TEST_EXPECT_SNUM_EQ(2 + 2, 5); /* never reached */
}
""",
    }
    for name, text in files.items():
        path = os.path.join(PRINTK_APP, name)
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as f:
                f.write(text)


@test("ukdebug/linuxu-x86_64: printk levels, prefixes and the compiled-in minimum")
def _(t):
    write_printk_app()
    r = t.run([t.build(PRINTK_ALL).image("linuxu")])
    t.expect_status(r, 0)
    lines = [line for line in (r.out + r.err).splitlines() if "level " in line]
    t.expect(len(lines) == 5, f"expected 5 messages at debug level, got {len(lines)}", r)
    for line, (name, n) in zip(lines, (("Debug", 5), ("Info", 4), ("Warn", 3),
                                       ("ERR", 2), ("CRIT", 1))):
        t.expect(re.fullmatch(rf"\[\s*\d+\.\d{{6}}\] {name}: \[appprintk\] "
                              rf"<\S*main\.c:\d+> level {n}", line),
                 f"unexpected message format: {line!r}", r)
    img = t.build(PRINTK_ERR_GO_ON).image("linuxu")
    r = t.run([img])
    t.expect_status(r, 0)
    out = r.out + r.err
    t.expect_in(out, "ERR: [appprintk] level 2", r)
    t.expect_in(out, "CRIT: [appprintk] level 1", r)
    for n in (3, 4, 5):
        t.expect(f"level {n}" not in out, f"a level-{n} message got through the ERR minimum", r)
    with open(img + ".dbg", "rb") as f:
        t.expect(b"level %d" in f.read(), "format strings missing from the image")
    # Compiled out, not filtered: the debug-level image has three more calls.
    with open(os.path.join(PRINTK_ERR_GO_ON.dir, "appprintk", "main.o"), "rb") as f:
        small = f.read().count(b"uk_printk")
    with open(os.path.join(PRINTK_ALL.dir, "appprintk", "main.o"), "rb") as f:
        big = f.read().count(b"uk_printk")
    t.expect(small >= 1 and big >= 1, "uk_printk not referenced by the application")
    t.expect(float(lines[0][1:].split("]")[0]) < 10, "the time prefix is not the time since start", r)


@test("uktest/linuxu-x86_64: a failed check is reported and stops the image (exit 1)")
def _(t):
    write_printk_app()
    r = t.run([t.build(PRINTK_ERR).image("linuxu")])
    t.expect_status(r, 1)
    out = r.out + r.err
    t.expect_regex(out, r"test_app\.c:\d+: .*2 \+ 2.*5", r)
    t.expect_in(out, "[ FAILED ] app: fails_on_purpose", r)
    t.expect_in(out, "[ PASSED ] app: adds_up", r)
    t.expect_regex(out, r"uktest: \d+ passed, 1 failed, 1 skipped", r)
    t.expect_in(out, "[ SKIPPED ] app: skips_on_purpose: nothing to check here", r)
    t.expect("level 2" not in out, "main ran although a test failed", r)
    r = t.run([t.build(PRINTK_ERR_GO_ON).image("linuxu")])
    t.expect_status(r, 0)
    t.expect_in(r.out + r.err, "[ FAILED ] app: fails_on_purpose", r)
    t.expect_in(r.out + r.err, "ERR: [appprintk] level 2", r)
