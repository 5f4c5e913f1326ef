#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Build newlib's libc and libm once for a target and flag set, into a
# prefix of the cache that later builds (any application, any build
# directory) reuse.
#
#   build-newlib.sh <source tree> <prefix> <target> <cross prefix> <jobs> <cflags>
#
# <target> is newlib's (x86_64-elf, aarch64-elf); the host's or a cross gcc
# (<cross prefix>gcc) plays the target compiler. <cflags> are the image's
# architecture and optimisation flags; the flags every Tessera newlib needs
# are added here. The prefix gets include/, lib/libc.a, lib/libm.a and a
# .done stamp; it appears only once complete.
set -eu -o pipefail

src=$1 prefix=$2 target=$3 cross=$4 jobs=$5
name=$(basename "$prefix")
# Freestanding, non-PIC, sections for --gc-sections; no host headers. The
# -D options are the glue's contract (lib/newlib/*.c): __getreent per
# thread, malloc & co. from ukalloc, plain system call names.
cflags="$6 -ffunction-sections -fdata-sections -fno-pie -fno-pic \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-nostdinc -isystem $("${cross}gcc" -print-file-name=include) \
	-Wa,--noexecstack -D__TESSERA__ -D__DYNAMIC_REENT__ -DGETREENT_PROVIDED \
	-DMALLOC_PROVIDED -DMISSING_SYSCALL_NAMES -DHAVE_FCNTL -DHAVE_NANOSLEEP \
	-DHAVE_BLKSIZE"

say() { printf '  %-7s %s\n' NEWLIB "$*" >&2; }

mkdir -p "$(dirname "$prefix")"
exec 9>"$prefix.lock"
if ! flock -n 9; then
	say "$name: another build of the same newlib is running; waiting for it"
	flock 9
fi
[ -f "$prefix/.done" ] && exit 0

# What an interrupted build left (we hold the lock: nobody else is at it).
rm -rf "$prefix".build.* "$prefix"
work=$prefix.build.$$
mkdir -p "$work/obj"
trap 'rm -rf "$work"' EXIT

tools=
for t in AR AS LD NM RANLIB OBJCOPY OBJDUMP READELF STRIP; do
	tools="$tools ${t}_FOR_TARGET=${cross}$(echo "$t" | tr A-Z a-z)"
done

start=$(date +%s)
say "$name: configuring newlib for $target (log: $work/build.log)"
cd "$work/obj"
# shellcheck disable=SC2086
if ! "$src/configure" --target="$target" --prefix="$work/install" \
	--disable-multilib --disable-nls \
	--disable-newlib-supplied-syscalls \
	--enable-newlib-retargetable-locking \
	--enable-newlib-global-stdio-streams \
	--enable-newlib-io-long-long --enable-newlib-io-c99-formats \
	--enable-newlib-io-long-double \
	CC_FOR_TARGET="${cross}gcc" $tools \
	CFLAGS_FOR_TARGET="$cflags" >"$work/build.log" 2>&1; then
	tail -30 "$work/build.log" >&2
	echo "newlib: configure failed for $target" >&2
	exit 1
fi

say "$name: compiling libc and libm with make -j$jobs (takes a few minutes)"
make -j"$jobs" all-target-newlib >>"$work/build.log" 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null; do
	for _ in $(seq 20); do
		sleep 1
		kill -0 $pid 2>/dev/null || break
	done
	kill -0 $pid 2>/dev/null || break
	n=$(find "$work/obj/$target/newlib" -name '*.o' 2>/dev/null | wc -l)
	if [ "$n" = 0 ]; then
		say "$name: configuring libc and libm ($(( $(date +%s) - start ))s)"
	else
		say "$name: $n of about 1000 objects compiled ($(( $(date +%s) - start ))s)"
	fi
done
if ! wait $pid; then
	grep -B2 -A8 -m3 'error' "$work/build.log" >&2 || tail -30 "$work/build.log" >&2
	echo "newlib: compilation failed for $target" >&2
	exit 1
fi
make install-target-newlib >>"$work/build.log" 2>&1

mkdir -p "$work/out/lib"
mv "$work/install/$target/include" "$work/out/include"
cp "$work/install/$target/lib/libc.a" "$work/install/$target/lib/libm.a" "$work/out/lib/"
echo "$target $cflags" >"$work/out/.done"
mv "$work/out" "$prefix"
say "$name: done in $(( $(date +%s) - start ))s"
