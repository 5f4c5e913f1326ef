#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Write a Xen configuration for a xen-arm64 or xen-x86_64 image on stdout:
#
#   xenconfig.sh xl   IMAGE MEMORY_MIB VCPUS [vif] [disk]
#   xenconfig.sh dtsi IMAGE MEMORY_MIB VCPUS [ADDRESS [NODE [BOOTARGS [vpl011]]]]
#
# xl: an "xl create" configuration (name, kernel, memory, vcpus, extra);
# "vif" adds a network interface on dom0's bridge xenbr0 (netfront), "disk"
# a raw disk image IMAGE-disk.img beside the image as xvda (blkfront).
# dtsi: a dom0less domain node to put under /chosen of the device tree
# Xen boots with; the loader must place IMAGE at ADDRESS (default
# 0x50000000). NODE names the node (default domU1); BOOTARGS is the
# domain's command line (default empty); "vpl011" gives the domain Xen's
# emulated UART (its console then). The make build writes both next to
# the image; support/scripts/xen-guest uses the dtsi form.
set -e
usage() {
	echo "usage: xenconfig.sh xl IMAGE MEMORY_MIB VCPUS [vif] [disk]" >&2
	echo "       xenconfig.sh dtsi IMAGE MEMORY_MIB VCPUS [ADDRESS [NODE [BOOTARGS [vpl011]]]]" >&2
	exit 2
}
[ $# -ge 4 ] || usage
kind=$1 image=$2 mem=$3 vcpus=$4
vif= disk=
if [ "$kind" = xl ]; then
	shift 4
	for dev in "$@"; do
		case "$dev" in vif) vif=1 ;; disk) disk=1 ;; *) usage ;; esac
	done
	set --
fi
addr=${5:-0x50000000} node=${6:-domU1} bootargs=${7:-} uart=${8:-}
case "$uart" in ''|vpl011) ;; *) usage ;; esac
[ -f "$image" ] || { echo "xenconfig.sh: no image $image" >&2; exit 1; }
case "$mem$vcpus" in *[!0-9]*|'') usage ;; esac
size=$(wc -c < "$image" | tr -d ' ')
base=$(basename "$image")
name=${base%_xen-*}

# x86_64 (an image named *_xen-x86_64): an xl configuration with
# type = "pvh" (no emulated UART to offer; no dom0less on x86).
case "$kind:$base" in
xl:*_xen-x86_64)
	cat <<XL
# xl create configuration for $base (written by make).
# Boot with: xl create $base.xl; its console: xl dmesg (see doc/platform-xen.md)
name = "$name"
type = "pvh"
kernel = "$(cd "$(dirname "$image")" && pwd)/$base"
memory = $mem
vcpus = $vcpus
# The command line: kernel parameters, then -- and main's arguments.
extra = ""
on_poweroff = "destroy"
on_crash = "destroy"
XL
	exit 0
	;;
esac

case "$kind" in
xl)
	dir=$(cd "$(dirname "$image")" && pwd)
	cat <<XL
# xl create configuration for $base (written by make).
# Boot with: xl create -c $base.xl  (see doc/platform-xen.md)
name = "$name"
kernel = "$dir/$base"
memory = $mem
vcpus = $vcpus
# The command line: kernel parameters, then -- and main's arguments.
extra = ""
on_poweroff = "destroy"
on_crash = "destroy"
# The console is the PV console ring (xl console); Xen's emulated UART
# instead (input too):
#vuart = "sbsa_uart"
XL
	[ -z "$vif" ] || cat <<XL
# netfront: one interface on dom0's bridge (the MAC is xl's choice).
vif = [ 'bridge=xenbr0' ]
XL
	[ -z "$disk" ] || cat <<XL
# blkfront: a raw disk image (create it first: truncate -s 64M FILE).
disk = [ 'format=raw, vdev=xvda, access=rw, target=$dir/$base-disk.img' ]
XL
	;;
dtsi)
	# DTS strings: backslash and double quote escaped.
	args=$(printf '%s' "$bootargs" | sed 's/[\\"]/\\&/g')
	cat <<DTSI
/* dom0less domain for $base (written by make): a child of /chosen. */
$node {
	compatible = "xen,domain";
	#address-cells = <1>;
	#size-cells = <1>;
	memory = <0 $((mem * 1024))>;
	cpus = <$vcpus>;${uart:+
	vpl011;}
	module@${addr#0x} {
		compatible = "multiboot,kernel", "multiboot,module";
		reg = <$addr $size>;
		bootargs = "$args";
	};
};
DTSI
	;;
*) usage ;;
esac
