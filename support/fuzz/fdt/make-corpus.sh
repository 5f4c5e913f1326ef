#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Remake the seed device trees in corpus/: QEMU virt's own (GICv2 and
# GICv3, packed by dtc), small trees written here (aliases and
# stdout-path, reserved memory, a PCI host bridge, a disabled UART, a
# bus with "ranges"), and broken ones (truncated, bad magic, an old
# version). Needs qemu-system-aarch64 and dtc.
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$here/corpus
mkdir -p "$out"

virt() {
	qemu-system-aarch64 -M "virt,$1,dumpdtb=$tmp/v.dtb" -cpu cortex-a57 \
		-m 64M -display none >/dev/null 2>&1
	dtc -q -I dtb -O dtb -o "$2" "$tmp/v.dtb"
}
virt gic-version=2 "$out/virt-gicv2.dtb"
virt gic-version=3 "$out/virt-gicv3.dtb"

dts() {
	dtc -q -I dts -O dtb -o "$out/$1.dtb" -
}

dts small <<'DTS'
/dts-v1/;
/memreserve/ 0x48000000 0x1000;
/ {
	#address-cells = <2>; #size-cells = <2>;
	aliases { serial1 = "/pl011@9001000"; };
	chosen {
		bootargs = "fz.i=1 -- app";
		stdout-path = "serial1:115200n8";
		linux,initrd-start = <0x0 0x48000000>;
		linux,initrd-end = <0x0 0x48001000>;
		rng-seed = [01 02 03 04];
	};
	memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x4000000>; };
	reserved-memory {
		#address-cells = <2>; #size-cells = <2>; ranges;
		r@44000000 { reg = <0x0 0x44000000 0x0 0x10000>; };
	};
	pl011@9000000 { compatible = "arm,pl011", "arm,primecell"; reg = <0x0 0x9000000 0x0 0x1000>; interrupts = <0 1 4>; };
	pl011@9001000 { compatible = "arm,pl011"; reg = <0x0 0x9001000 0x0 0x1000>; interrupts = <0 2 4>; };
	pl011@9002000 { compatible = "arm,pl011"; status = "disabled"; reg = <0x0 0x9002000 0x0 0x1000>; };
	intc@8000000 { compatible = "arm,cortex-a15-gic"; reg = <0x0 0x8000000 0x0 0x10000 0x0 0x8010000 0x0 0x10000>; };
	timer { compatible = "arm,armv8-timer"; interrupts = <1 13 4 1 14 4 1 11 4 1 10 4>; };
	psci { compatible = "arm,psci-1.0", "arm,psci-0.2"; method = "hvc"; };
	virtio_mmio@a000000 { compatible = "virtio,mmio"; reg = <0x0 0xa000000 0x0 0x200>; interrupts = <0 16 1>; };
	pcie@10000000 {
		compatible = "pci-host-ecam-generic"; device_type = "pci";
		reg = <0x40 0x10000000 0x0 0x10000000>; bus-range = <0 0xff>;
		#address-cells = <3>; #size-cells = <2>;
		ranges = <0x1000000 0x0 0x0 0x0 0x3eff0000 0x0 0x10000>;
		interrupt-map-mask = <0x1800 0 0 7>;
		interrupt-map = <0 0 0 1 0x8001 0 0 0 3 4>;
	};
	bus@0 {
		#address-cells = <1>; #size-cells = <1>; ranges = <0 0x0 0x20000000 0x1000>;
		pl011@0 { compatible = "arm,pl011"; reg = <0 0x1000>; };
	};
};
DTS

dts odd-cells <<'DTS'
/dts-v1/;
/ {
	#address-cells = <3>; #size-cells = <0xffffffff>;
	memory@0 { device_type = "memory"; reg = <1 2 3 4>; };
	chosen { bootargs = [61 62]; stdout-path = "nosuch"; };
};
DTS

head -c 2000 "$out/virt-gicv2.dtb" > "$out/truncated.dtb"
{ printf '\320\015\376\356'; tail -c +5 "$out/small.dtb"; } > "$out/bad-magic.dtb"
{ head -c 20 "$out/small.dtb"; printf '\0\0\0\020'; tail -c +25 "$out/small.dtb"; } \
	> "$out/version16.dtb"
