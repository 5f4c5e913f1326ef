/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pointer authentication (CONFIG_ARM64_PAC) on kvm arm64: a random APIA
 * key, then SCTLR_EL1.EnIA. Until then PACIASP and AUTIASP do nothing;
 * from then on they sign and check return addresses. Functions already
 * running keep an unsigned return address on their stack, so none of them
 * may return after the switch: the boot (kvm_arm64_boot, which never
 * returns) calls this, and this file's functions sign nothing themselves.
 */
#include <kvm/arm64/boot.h>
#include <uk/plat/random.h>
#include <uk/arch/cpu.h>
#include <uk/print.h>

#define SCTLR_ENIA (1UL << 31)

/* The A key for instructions: APA or API (ISAR1), or APA3 (ISAR2). */
static int __attribute__((target("branch-protection=none"))) pac_present(void)
{
	__u64 isar1, isar2;

	__asm__ __volatile__("mrs %0, id_aa64isar1_el1" : "=r"(isar1));
	/* ID_AA64ISAR2_EL1 (s3_0_c0_c6_2) reads as 0 where it is not defined. */
	__asm__ __volatile__("mrs %0, s3_0_c0_c6_2" : "=r"(isar2));
	return ((isar1 >> 4) & 0xf) || ((isar1 >> 8) & 0xf) ||
	       ((isar2 >> 12) & 0xf);
}

void __attribute__((noinline, target("branch-protection=none")))
kvm_arm64_pauth_init(void)
{
	__u64 key[2], sctlr;

	if (!pac_present()) {
		uk_pr_warn("pointer authentication: this CPU has none; return addresses are not signed (QEMU: -cpu max)\n");
		return;
	}
	if (ukplat_random_bytes(key, sizeof(key)) < 0)
		uk_pr_warn("pointer authentication: no random source; the key may be guessed\n");
	/* APIAKeyLo_EL1, APIAKeyHi_EL1 */
	__asm__ __volatile__("msr s3_0_c2_c1_0, %0\n\tmsr s3_0_c2_c1_1, %1"
			     : : "r"(key[0]), "r"(key[1]));
	__asm__ __volatile__("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= SCTLR_ENIA;
	__asm__ __volatile__("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
}
