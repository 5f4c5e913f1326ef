#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Make SQLite's amalgamation (sqlite3.c, sqlite3.h, shell.c) from its full
# source tree with SQLite's own tools, on the host: its configure and the
# `sqlite3.c shell.c` goals of its Makefile, which build lemon and
# mkkeywordhash with the host's compiler and run tclsh scripts. The
# generated files are plain C for any target.
#
#   mkamalgamation.sh <unpacked source tree> <output dir>
#
# Work happens in <output dir>.tmp; only a complete result is renamed into
# place (with a .done stamp), so an interrupted run leaves nothing half made.
set -eu -o pipefail

src=$1 out=$2
say() { printf '  %-7s %s\n' "$1" "$2" >&2; }

for tool in tclsh cc make; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "mkamalgamation: SQLite's build needs '$tool' on the host" \
			"(support/scripts/setup installs it: package tcl for tclsh)" >&2
		exit 1
	fi
done
[ -x "$src/configure" ] || { echo "mkamalgamation: no configure in $src" >&2; exit 1; }

tmp=$out.tmp
rm -rf "$tmp" "$out"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
say AMALG "sqlite3.c and shell.c from $(basename "$src") with SQLite's own tools"
# The host's compiler and flags, whatever the image is built with: the
# tools run here, the generated C does not depend on them.
if ! (cd "$tmp" && env -u CFLAGS -u CPPFLAGS -u LDFLAGS -u CROSS_COMPILE CC=cc \
	"$(cd "$src" && pwd)/configure" --disable-tcl --disable-readline \
	>configure.log 2>&1); then
	tail -n 20 "$tmp/configure.log" >&2
	echo "mkamalgamation: SQLite's configure failed (log above)" >&2
	exit 1
fi
if ! (cd "$tmp" && env -u CFLAGS -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make sqlite3.c shell.c >make.log 2>&1); then
	tail -n 20 "$tmp/make.log" >&2
	echo "mkamalgamation: making SQLite's amalgamation failed (log above)" >&2
	exit 1
fi
mkdir -p "$tmp/out"
cp "$tmp/sqlite3.c" "$tmp/sqlite3.h" "$tmp/sqlite3ext.h" "$tmp/shell.c" "$tmp/out/"
touch "$tmp/out/.done"
mv "$tmp/out" "$out"
