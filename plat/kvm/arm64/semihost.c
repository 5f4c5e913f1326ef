/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Semihosting (Arm's "Semihosting for AArch32 and AArch64" spec): the
 * HLT #0xf000 instruction with an operation in x0 and its parameter in
 * x1. QEMU implements it with -semihosting; elsewhere the instruction is
 * undefined, the trap is fixed up (probe.S) and semihosting is then
 * known to be off.
 */
#include <kvm/arm64/devices.h>
#include <kvm/arm64/traps.h>
#include <errno.h>

#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static int off; /* 1: the first call trapped */

int kvm_semihost_puts(const char *s)
{
	if (off)
		return -ENOTSUP;
	kvm_arm64_probe_trapped = 0;
	kvm_arm64_semihost(SYS_WRITE0, s);
	if (kvm_arm64_probe_trapped) {
		off = 1;
		return -ENOTSUP;
	}
	return 0;
}

int kvm_semihost_exit(int status)
{
	/* AArch64 SYS_EXIT: x1 points at { reason, subcode }. */
	const unsigned long block[2] = { ADP_STOPPED_APPLICATION_EXIT,
					 (unsigned long)status };

	if (off)
		return -ENOTSUP;
	kvm_arm64_semihost(SYS_EXIT, block);
	off = 1; /* still here: semihosting is off */
	return -ENOTSUP;
}
