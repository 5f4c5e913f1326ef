#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Remake the seed archives in corpus/ with cpio -o -H newc: a small tree,
# the same truncated, and archives that try to leave the directory they
# are unpacked in through a symlink. Run from anywhere; needs cpio.
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$here/corpus
mkdir -p "$out"

newc() { cpio -o -H newc --quiet; }

mkdir -p "$tmp/tree/etc/sub" "$tmp/outside"
echo hello > "$tmp/tree/etc/hello.txt"
ln -s ../hello.txt "$tmp/tree/etc/sub/link"
echo secret > "$tmp/outside/x"
echo secret > "$tmp/x"
cd "$tmp/tree"
printf '.\netc\netc/hello.txt\netc/sub\netc/sub/link\n' | newc > "$out/tree.cpio"
head -c 300 "$out/tree.cpio" > "$out/truncated.cpio"

# "up" -> .., then "up/x": unpacking up/x would write beside the
# directory unpacked into.
ln -s .. up
printf 'up\nup/x\n' | newc > "$out/symlink-escape.cpio"
# the same link twice: the second entry would write over the link
printf 'up\nup\n' | newc > "$out/symlink-twice.cpio"
# an absolute link to /, then a directory through it: /tmp
ln -s / abs
printf 'abs\nabs/tmp\n' | newc > "$out/absolute-link.cpio"
# a name with ".."
printf '../outside/x\n' | newc > "$out/dotdot.cpio"
