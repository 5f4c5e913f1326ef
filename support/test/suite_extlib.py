# SPDX-License-Identifier: BSD-3-Clause
"""External libraries: fetching into the cache, checksums, patches,
offline builds, and a damaged cache (support/build/fetch.sh, unpack.sh,
Makefile.extlib)."""

import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import urllib.error
import urllib.request

from driver import ROOT, TESTS_DIR, test

NEWLIB_TAR = "newlib-3.3.0.tar.xz"
NEWLIB_SHA = "c6f3a88b9d93420904241b231ca8647303be3bfb3cfef6adc8d1ea9207291033"


def scratch(name):
    # Per process: several test runs may share build/tests at once.
    d = os.path.join(TESTS_DIR, f"{name}.{os.getpid()}")
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make(t, args, env_extra, timeout=300, offline_ns=False):
    env = dict(os.environ, **env_extra)
    cmd = ["make", "--no-print-directory", "-C", ROOT] + args
    if offline_ns:  # no network at all: a network namespace of our own
        cmd = ["unshare", "-n"] + cmd
    return t.run(cmd, timeout=timeout, env=env)


# A small external library of our own: an archive in a mirror folder
# (UK_ARCHIVES), a patch series, and an app that prints what the patched
# source says. Fast, and needs no network.
def extlib_fixture(d, patch_ok=True):
    up = os.path.join(d, "upstream", "greet-1.0")
    os.makedirs(up)
    with open(os.path.join(up, "greet.c"), "w") as f:
        f.write('const char *greet(void) { return "hello from upstream"; }\n')
    mirror = os.path.join(d, "mirror")
    os.makedirs(mirror)
    archive = os.path.join(mirror, "greet-1.0.tar.gz")
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(up, arcname="greet-1.0")
    lib = os.path.join(d, "libgreet")
    os.makedirs(os.path.join(lib, "patches"))
    with open(os.path.join(lib, "Config.uk"), "w") as f:
        f.write("config LIBGREET\n\tbool \"greet\"\n\tdefault y\n")
    with open(os.path.join(lib, "Makefile.uk"), "w") as f:
        f.write(f"""$(eval $(call addlib_s,libgreet,$(CONFIG_LIBGREET)))
$(eval $(call extlib_archive,libgreet,greet-1.0.tar.gz,{sha256(archive)},url:file:///nonexistent/greet-1.0.tar.gz))
LIBGREET_SRCS-y += $(LIBGREET_SRC)/greet.c
$(LIBGREET_SRC)/greet.c: $(LIBGREET_UNPACKED)
\t@:
""")
    old = 'return "hello from upstream";'
    new = 'return "hello, patched";'
    with open(os.path.join(lib, "patches", "0001-greeting.patch"), "w") as f:
        f.write("Our change to the greeting.\n\n"
                "--- a/greet.c\n+++ b/greet.c\n@@ -1 +1 @@\n"
                f"-const char *greet(void) {{ {old if patch_ok else 'nothing like it'} }}\n"
                f"+const char *greet(void) {{ {new} }}\n")
    app = os.path.join(d, "app")
    os.makedirs(app)
    with open(os.path.join(app, "Makefile.uk"), "w") as f:
        f.write("$(eval $(call addlib,appgreet))\nAPPGREET_SRCS-y += $(APPGREET_BASE)/main.c\n")
    with open(os.path.join(app, "Config.uk"), "w") as f:
        f.write("config APPGREET\n\tbool\n\tdefault y\n\tselect LIBNOLIBC if !HAVE_LIBC\n"
                "\tselect LIBGREET\n")
    with open(os.path.join(app, "main.c"), "w") as f:
        f.write('#include <stdio.h>\nconst char *greet(void);\n'
                'int main(void) { puts(greet()); return 0; }\n')
    return lib, app, mirror, archive


def greet_build(t, d, lib, app, env, **kw):
    return make(t, [f"A={app}", f"L={lib}", f"O={d}/build", f"C={d}/config"], env, **kw)


@test("extlib: an archive from a mirror folder is verified, unpacked and patched")
def _(t):
    d = scratch("extlib-mirror")
    lib, app, mirror, archive = extlib_fixture(d)
    cache = os.path.join(d, "cache")
    env = {"UK_CACHE": cache, "UK_ARCHIVES": mirror, "UK_OFFLINE": "1"}
    r = greet_build(t, d, lib, app, env)
    t.expect_status(r, 0)
    t.expect_in(r.out + r.err, "greet-1.0.tar.gz (from mirror", r)
    t.expect_in(r.out + r.err, "PATCH   0001-greeting.patch", r)
    r2 = t.run([os.path.join(d, "build", "app_linuxu-x86_64")])
    t.expect_status(r2, 0)
    t.expect(r2.out == "hello, patched\n", "the patched source was not built", r2)
    t.expect(os.path.exists(os.path.join(cache, "archives", "greet-1.0.tar.gz")),
             "archive not kept in the cache")
    # A second build neither fetches nor unpacks nor compiles again.
    r = greet_build(t, d, lib, app, env)
    t.expect_status(r, 0)
    for word in ("FETCH ", "UNPACK", "PATCH", "  CC "):
        t.expect_not_in(r.out + r.err, word, r)
    shutil.rmtree(d)


@test("extlib: a patch that does not apply stops the build and names the patch")
def _(t):
    d = scratch("extlib-badpatch")
    lib, app, mirror, _ = extlib_fixture(d, patch_ok=False)
    env = {"UK_CACHE": os.path.join(d, "cache"), "UK_ARCHIVES": mirror, "UK_OFFLINE": "1"}
    r = greet_build(t, d, lib, app, env)
    t.expect(r.status != 0, "the build must fail", r)
    t.expect_in(r.out + r.err, "patch", r)
    t.expect_in(r.out + r.err, "0001-greeting.patch does not apply to greet-1.0.tar.gz", r)
    t.expect(not os.path.exists(os.path.join(d, "build", "libgreet.src")),
             "a half-patched source tree was left")


@test("extlib: a mirror file with the wrong checksum is refused, naming the archive")
def _(t):
    d = scratch("extlib-badsum")
    lib, app, mirror, archive = extlib_fixture(d)
    with open(archive, "ab") as f:
        f.write(b"tampered")
    cache = os.path.join(d, "cache")
    env = {"UK_CACHE": cache, "UK_ARCHIVES": mirror, "UK_OFFLINE": "1"}
    r = greet_build(t, d, lib, app, env)
    t.expect(r.status != 0, "the build must fail", r)
    t.expect_in(r.out + r.err, "greet-1.0.tar.gz from mirror", r)
    t.expect_in(r.out + r.err, "cannot get greet-1.0.tar.gz", r)
    t.expect_in(r.out + r.err, "UK_OFFLINE=1 forbids the network", r)
    t.expect(not os.path.exists(os.path.join(cache, "archives", "greet-1.0.tar.gz")),
             "a bad archive was put into the cache")


def need_debian_mirror(t):
    """Skip the test unless Debian's mirror answers. The address is apt's
    own for newlib-source (deb.debian.org without package lists); any HTTP
    answer, an error status included, means the mirror is reachable. A
    source apt reads without HTTP (file:, cdrom:) is not checked."""
    r = t.run(["apt-get", "download", "--print-uris", "newlib-source"], timeout=60)
    m = re.search(r"'(\w+)://([^']+)'", r.out)
    if m and m.group(1) not in ("http", "https"):
        return
    url = f"{m.group(1)}://{m.group(2)}" if m else "http://deb.debian.org/debian/"
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=30).close()
    except urllib.error.HTTPError:
        pass
    except (urllib.error.URLError, OSError) as e:
        t.skip(f"Debian's mirror is unreachable ({url}: {getattr(e, 'reason', e)}); "
               "this test needs the network")


@test("extlib: newlib from an empty cache over the network, then offline from the cache",
      needs=["unshare", "apt-get"], timeout=2800)  # the makes below are bounded by 2700 s
def _(t):
    need_debian_mirror(t)
    d = scratch("extlib-newlib")
    cache = os.path.join(d, "cache")
    frag = os.path.join(d, "frag")
    with open(frag, "w") as f:
        f.write("CONFIG_ARCH_X86_64=y\nCONFIG_PLAT_LINUXU=y\nCONFIG_LIBNEWLIBC=y\n")
    env = {"UK_CACHE": cache}
    base = ["A=apps/helloworld", f"O={d}/one", f"C={d}/config"]
    r = make(t, base + ["defconfig", f"UK_DEFCONFIG={frag}"], env)
    t.expect_status(r, 0)
    # 1. Empty cache, network: fetched from Debian's newlib-source, built.
    r = make(t, base + ["-j2"], env, timeout=1800)
    t.expect_status(r, 0)
    t.expect_in(r.out + r.err, "apt-get download newlib-source", r)
    t.expect_in(r.out + r.err, "NEWLIB ", r)
    t.expect(sha256(os.path.join(cache, "archives", NEWLIB_TAR)) == NEWLIB_SHA,
             "cached archive has the wrong checksum")
    r = t.run([os.path.join(d, "one", "helloworld_linuxu-x86_64"), "x"])
    t.expect_status(r, 0)
    t.expect_in(r.out, "Argument 1: x", r)
    # 2. No network at all: a fresh build directory builds from the cache.
    base2 = ["A=apps/helloworld", f"O={d}/two", f"C={d}/config"]
    r = make(t, base2 + ["-j2", "fetch", "all"], env, timeout=900, offline_ns=True)
    t.expect_status(r, 0)
    t.expect_not_in(r.out + r.err, "apt-get", r)
    r = t.run([os.path.join(d, "two", "helloworld_linuxu-x86_64"), "y"])
    t.expect_in(r.out, "Argument 1: y", r)
    # 3. Offline with an empty cache: a clear error naming the archive.
    r = make(t, base2 + ["fetch"], {"UK_CACHE": os.path.join(d, "empty")},
             offline_ns=True)
    t.expect(r.status != 0, "fetching offline into an empty cache must fail", r)
    t.expect_in(r.out + r.err, f"cannot get {NEWLIB_TAR}", r)
    shutil.rmtree(d)


@test("extlib: a damaged cached archive is detected, reported and replaced",
      needs=["apt-get"], timeout=900)
def _(t):
    need_debian_mirror(t)
    d = scratch("extlib-damaged")
    cache = os.path.join(d, "cache")
    frag = os.path.join(d, "frag")
    with open(frag, "w") as f:
        f.write("CONFIG_ARCH_X86_64=y\nCONFIG_PLAT_LINUXU=y\nCONFIG_LIBNEWLIBC=y\n")
    base = ["A=apps/helloworld", f"O={d}/b", f"C={d}/config"]
    t.expect_status(make(t, base + ["defconfig", f"UK_DEFCONFIG={frag}"], {}), 0)
    os.makedirs(os.path.join(cache, "archives"))
    cached = os.path.join(cache, "archives", NEWLIB_TAR)
    with open(cached, "wb") as f:
        f.write(b"\xfd7zXZ\x00 not really newlib")
    # Offline, the damaged file is reported and removed, never used.
    r = make(t, base + ["fetch"], {"UK_CACHE": cache, "UK_OFFLINE": "1"})
    t.expect(r.status != 0, "a damaged archive must not satisfy fetch", r)
    t.expect_in(r.out + r.err, f"cached {cached} is damaged", r)
    t.expect(not os.path.exists(cached), "the damaged archive was left in the cache")
    # With the network it is fetched again and verified.
    with open(cached, "wb") as f:
        f.write(b"damaged again")
    r = make(t, base + ["fetch"], {"UK_CACHE": cache}, timeout=600)
    t.expect_status(r, 0)
    t.expect_in(r.out + r.err, "is damaged", r)
    t.expect(sha256(cached) == NEWLIB_SHA, "the archive was not replaced by a good one")
    shutil.rmtree(d)
