#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Fetch one upstream archive into the cache and verify it.
#
#   fetch.sh <cache dir> <file name> <sha256> <source>...
#
# Sources are tried in the order given, after the cache itself and the
# mirror folders of UK_ARCHIVES (colon separated):
#
#   deb:<package>:<path>   Debian binary package: apt-get download, then
#                          <path> is taken out of the .deb
#   debsrc:<package>[=<version>]   Debian source package: apt-get source
#                          --download-only, then <file name> is taken
#   url:<address>          download with curl (or wget)
#
# A file is moved into the cache only once its checksum matches; a cached
# file that no longer matches is reported, removed and fetched again.
# UK_OFFLINE=1 forbids every network source. Prints the cached path last.
set -eu -o pipefail

cache=$1 file=$2 sum=$3
shift 3
dir=$cache/archives
dest=$dir/$file
mkdir -p "$dir"

say() { printf '  %-7s %s\n' FETCH "$*" >&2; }
die() { printf 'fetch: %s\n' "$*" >&2; exit 1; }

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# One fetch of a file at a time, whatever the number of parallel builds.
exec 9>"$dest.lock"
flock 9

if [ -e "$dest" ]; then
	got=$(sha_of "$dest")
	if [ "$got" = "$sum" ]; then
		echo "$dest"
		exit 0
	fi
	printf 'fetch: cached %s is damaged (sha256 %s, expected %s): removing it and fetching it again\n' \
		"$dest" "$got" "$sum" >&2
	rm -f "$dest"
fi

work=$(mktemp -d "$dir/.fetch-$file.XXXXXX")
trap 'rm -rf "$work"' EXIT
tried=()

# accept <candidate> <where from>: move it into the cache if it verifies.
accept() {
	local got
	[ -f "$1" ] || { tried+=("$2: nothing there"); return 1; }
	got=$(sha_of "$1")
	if [ "$got" != "$sum" ]; then
		printf 'fetch: %s from %s has sha256 %s, expected %s: not used\n' \
			"$file" "$2" "$got" "$sum" >&2
		tried+=("$2: checksum mismatch")
		return 1
	fi
	mv -f "$1" "$dest"
	say "$file (from $2, sha256 verified)"
	echo "$dest"
	exit 0
}

# apt-get, with one "apt-get update" (as root) if the package lists are
# missing or stale and the first try fails.
updated=
apt_try() {
	"$@" >&2 && return 0
	if [ -z "$updated" ] && [ "$(id -u)" = 0 ]; then
		updated=1
		say "apt-get update (package lists may be stale)"
		apt-get update -qq >&2 || return 1
		"$@" >&2 && return 0
	fi
	return 1
}

network_ok() {
	if [ "${UK_OFFLINE:-0}" != 0 ]; then
		tried+=("$1: skipped, UK_OFFLINE=${UK_OFFLINE} forbids the network")
		return 1
	fi
}

IFS=: read -r -a mirrors <<< "${UK_ARCHIVES:-}"
for m in "${mirrors[@]}"; do
	[ -n "$m" ] || continue
	if [ -f "$m/$file" ]; then
		cp "$m/$file" "$work/$file"
		accept "$work/$file" "mirror $m" || true
	else
		tried+=("mirror $m: no $file")
	fi
done

for src in "$@"; do
	kind=${src%%:*}
	rest=${src#*:}
	case "$kind" in
	deb)
		pkg=${rest%%:*} path=${rest#*:}
		network_ok "Debian package $pkg" || continue
		if ! command -v apt-get >/dev/null; then
			tried+=("Debian package $pkg: no apt-get")
			continue
		fi
		say "$file: apt-get download $pkg"
		mkdir -p "$work/deb"
		if ! (cd "$work/deb" && apt_try apt-get download -q "$pkg"); then
			tried+=("Debian package $pkg: apt-get download failed")
			continue
		fi
		say "$file: extracting $path"
		if dpkg-deb --fsys-tarfile "$work"/deb/*.deb |
			tar -x -C "$work/deb" ".$path" 2>/dev/null; then
			accept "$work/deb$path" "Debian package $pkg" || true
		else
			tried+=("Debian package $pkg: no $path inside")
		fi
		;;
	debsrc)
		network_ok "Debian source package $rest" || continue
		say "$file: apt-get source --download-only $rest"
		mkdir -p "$work/src"
		if (cd "$work/src" && apt_try apt-get source -q --download-only "$rest"); then
			accept "$work/src/$file" "Debian source package $rest" || true
		else
			tried+=("Debian source package $rest: apt-get source failed (deb-src lines missing? run support/scripts/setup)")
		fi
		;;
	url)
		network_ok "$rest" || continue
		say "$file: downloading $rest"
		if command -v curl >/dev/null; then
			curl -fL --progress-bar -o "$work/$file" "$rest" >&2 || { tried+=("$rest: download failed"); continue; }
		elif command -v wget >/dev/null; then
			wget -q --show-progress -O "$work/$file" "$rest" >&2 || { tried+=("$rest: download failed"); continue; }
		else
			tried+=("$rest: neither curl nor wget")
			continue
		fi
		accept "$work/$file" "$rest" || true
		;;
	*)
		die "unknown source kind '$kind' in '$src' (deb:, debsrc:, url:)"
		;;
	esac
done

{
	printf 'fetch: cannot get %s (sha256 %s). Tried:\n' "$file" "$sum"
	[ -e "$dest" ] || printf '  cache %s: not there\n' "$dir"
	for t in "${tried[@]}"; do printf '  %s\n' "$t"; done
	printf 'Put the file into a folder and give it as UK_ARCHIVES=<folder>, or allow the network.\n'
} >&2
exit 1
