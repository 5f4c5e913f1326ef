#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# check-pie.sh IMAGE.dbg RELATIVE-TYPE READELF: for CONFIG_KVM_ASLR, check
# that the static PIE IMAGE.dbg holds only the relocations its entry code
# applies (RELATIVE-TYPE; R_*_NONE are no-ops), and that the linker
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
# .rela.dyn's size against the symbols the entry code reads.
line=$("$readelf" -SW "$img" | grep ' \.rela\.dyn ')
set -- ${line#*.rela.dyn}
size=$((0x${4:-0}))
sym() { "$readelf" -sW "$img" | awk -v n="$1" '$NF == n { print $2; exit }'; }
span=$((0x$(sym __kvm_rela_end) - 0x$(sym __kvm_rela_start)))
if [ "$span" != "$size" ]; then
	echo "$img: __kvm_rela_start..__kvm_rela_end span $span bytes, .rela.dyn holds $size: the entry code would miss relocations (plat/kvm/*/link64.lds)" >&2
	rc=1
fi
[ $rc = 0 ] || rm -f "$img"
exit $rc
