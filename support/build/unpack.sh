#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Unpack a verified archive and apply a library's patch series.
#
#   unpack.sh <archive> <destination dir> [<patch>...]
#
# The archive's single top folder is dropped: its files land directly in
# the destination. Patches (-p1) are applied in the order given (the
# caller sorts them). Work happens in <destination>.tmp; only a fully
# unpacked and patched tree is renamed into place, with a stamp naming
# the archive and patches, so an unchanged tree is left alone next time.
set -eu -o pipefail

archive=$1 dest=$2
shift 2

say() { printf '  %-7s %s\n' "$1" "$2" >&2; }

stamp=$( { sha256sum "$archive" | cut -d' ' -f1
	   for p in "$@"; do sha256sum "$p" | cut -d' ' -f1; done; } | sha256sum | cut -d' ' -f1)
if [ -f "$dest/.tessera-unpacked" ] && [ "$(cat "$dest/.tessera-unpacked")" = "$stamp" ]; then
	exit 0
fi

tmp=$dest.tmp
rm -rf "$tmp" "$dest"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

size=$(stat -c %s "$archive")
say UNPACK "$(basename "$archive") ($((size / 1024)) KiB) into $dest"
case "$archive" in
*.tar.xz | *.txz) z=-J ;;
*.tar.gz | *.tgz) z=-z ;;
*.tar.bz2) z=-j ;;
*.tar) z= ;;
*) echo "unpack: do not know how to unpack $archive" >&2; exit 1 ;;
esac
# A long unpack shows it is alive. tar's checkpoints count records of
# 10 KiB of the uncompressed stream: on a terminal a dot per ~20 MB; in a
# log (CI) a line per 10 MiB, which tar's exec action prints.
if [ -t 2 ]; then
	progress=(--checkpoint=2000 --checkpoint-action=ttyout=.)
else
	progress=(--checkpoint=1024 "--checkpoint-action=exec=printf '  %-7s %s MiB so far\\n' UNPACK \$((TAR_CHECKPOINT * 10 / 1024)) >&2")
fi
if ! tar -x $z -f "$archive" -C "$tmp" --strip-components=1 "${progress[@]}"; then
	echo "unpack: $archive is damaged: tar failed" >&2
	exit 1
fi
[ ! -t 2 ] || echo >&2 # end the line of dots

for p in "$@"; do
	say PATCH "$(basename "$p")"
	if ! patch -d "$tmp" -p1 --batch --forward --quiet -i "$p" >&2; then
		echo "unpack: patch $p does not apply to $(basename "$archive"): stopping" >&2
		exit 1
	fi
done

echo "$stamp" > "$tmp/.tessera-unpacked"
mv "$tmp" "$dest"
trap - EXIT
