#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# fixdep.sh DEPFILE CONFIG_H SPLITDIR
#
# Rewrites the dependency file gcc -MMD wrote for one object so that a
# configuration change rebuilds only the objects it concerns. Every object
# includes CONFIG_H (uk/config.h, all options): as written, any option's
# change would rebuild everything. The rewrite drops CONFIG_H and adds, for
# each CONFIG_ name the source and its headers mention, kconfig's file for
# that option (SPLITDIR/<name, lower case, '_' as '/'>.h), which kconfig
# touches only when the option's value changes. Missing ones are wrapped in
# $(wildcard): an option set later creates its file, newer than the object.
set -e
dep=$1 config_h=$2 split=$3
[ -f "$dep" ] || { echo "fixdep.sh: $dep: no such file" >&2; exit 1; }
target=$(sed -n '1s/:.*//p' "$dep")
# The prerequisites of the first rule: every word after the first ':' up
# to the first line that is not a continuation.
files=$(awk 'NR == 1 { sub(/^[^:]*:/, "") }
	{ cont = sub(/\\$/, ""); print; if (!cont) exit }' "$dep" | tr ' ' '\n' |
	grep -v -x -e '' -e "$config_h" || true)
{
	printf '%s:' "$target"
	for f in $files; do printf ' \\\n %s' "$f"; done
	printf '\n'
	if [ -n "$files" ]; then
		opts=$(grep -ho 'CONFIG_[A-Za-z0-9_]*' $files 2>/dev/null | sort -u |
			sed 's/^CONFIG_//' | tr 'A-Z_' 'a-z/')
		if [ -n "$opts" ]; then
			printf '%s: $(wildcard' "$target"
			for o in $opts; do printf ' \\\n %s/%s.h' "$split" "$o"; done
			printf ')\n'
		fi
	fi
	# The phony targets (-MP) that keep a deleted header from stopping make.
	for f in $files; do printf '%s:\n' "$f"; done
} > "$dep.tmp"
mv -f "$dep.tmp" "$dep"
