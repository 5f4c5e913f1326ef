#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# check-pie.sh IMAGE.dbg RELATIVE-TYPE READELF: for CONFIG_KVM_ASLR, check
# that the static PIE IMAGE.dbg holds only the relocations its entry code
# applies (RELATIVE-TYPE; R_*_NONE are no-ops), none of them in code,
# and that the linker
# script's __kvm_rela_start/__kvm_rela_end span all of .rela.dyn. Names
# each problem and exits 1.
img=$1 ok=$2 readelf=$3
rc=0
"$readelf" -rW "$img" | awk -v ok="$ok" -v img="$img" '
	$3 ~ /^R_/ && $3 != ok && $3 !~ /_NONE$/ {
		if (++bad <= 5)
			print img ": relocation " $3 " at 0x" $1 " (" $5 $6 $7 "): " \
			      "CONFIG_KVM_ASLR applies only " ok " at boot; an object " \
			      "in the link is not position independent (compiled " \
			      "without -fPIE, or assembly using an absolute address)"
	}
	END {
		if (bad > 5)
			print img ": ... and " bad - 5 " more such relocations"
		exit bad > 0
	}' >&2 || rc=1
# None in code: code is never patched (read-only data may be: it is
# relocated before the page tables protect it).
sym() { "$readelf" -sW "$img" | awk -v n="$1" '$NF == n { print $2; exit }'; }
set -- $(sym __kvm_image_start) $(sym __kvm_text_end)
if [ $# = 2 ]; then
	lo=$1 hi=$2
	"$readelf" -rW "$img" | awk -v lo="$lo" -v hi="$hi" -v img="$img" '
		$3 ~ /^R_/ && ($1 "") >= lo && ($1 "") < hi {
			if (++bad <= 5)
				print img ": relocation " $3 " at 0x" $1 ", in code: " \
				      "CONFIG_KVM_ASLR never patches code (an absolute " \
				      "address in assembly? use adrp/add or lea ...(%rip))"
		}
		END { exit bad > 0 }' >&2 || rc=1
fi
# .rela.dyn's size against the symbols the entry code reads.
line=$("$readelf" -SW "$img" | grep ' \.rela\.dyn ')
set -- ${line#*.rela.dyn}
size=$((0x${4:-0}))
span=$((0x$(sym __kvm_rela_end) - 0x$(sym __kvm_rela_start)))
if [ "$span" != "$size" ]; then
	echo "$img: __kvm_rela_start..__kvm_rela_end span $span bytes, .rela.dyn holds $size: the entry code would miss relocations (plat/kvm/*/link64.lds)" >&2
	rc=1
fi
[ $rc = 0 ] || rm -f "$img"
exit $rc
