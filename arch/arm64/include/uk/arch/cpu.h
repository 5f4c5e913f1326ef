/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arm64 CPU helpers: system registers, interrupt masking (PSTATE.DAIF),
 * waiting for interrupts, the generic timer's counter. Thin inline
 * wrappers around single instructions. The EL1 registers (everything but
 * the counter and TPIDR_EL0) are for kvm only; linuxu runs at EL0.
 */
#ifndef UK_ARCH_CPU_H
#define UK_ARCH_CPU_H

/* An unsigned long constant, usable in C and in assembly. */
#ifdef __ASSEMBLY__
#define ARM64_UL(x) x
#else
#define ARM64_UL(x) x##UL
#endif

/* PSTATE.DAIF bits as read from the DAIF register. */
#define ARM64_DAIF_F (ARM64_UL(1) << 6)
#define ARM64_DAIF_I (ARM64_UL(1) << 7)
#define ARM64_DAIF_A (ARM64_UL(1) << 8)
#define ARM64_DAIF_D (ARM64_UL(1) << 9)

/* SCTLR_EL1 bits (ARM ARM D17.2). */
#define ARM64_SCTLR_M (ARM64_UL(1) << 0)    /* stage 1 translation on */
#define ARM64_SCTLR_A (ARM64_UL(1) << 1)    /* alignment checks */
#define ARM64_SCTLR_C (ARM64_UL(1) << 2)    /* data caches on */
#define ARM64_SCTLR_SA (ARM64_UL(1) << 3)   /* SP alignment check at EL1 */
#define ARM64_SCTLR_SA0 (ARM64_UL(1) << 4)  /* SP alignment check at EL0 */
#define ARM64_SCTLR_I (ARM64_UL(1) << 12)   /* instruction caches on */
#define ARM64_SCTLR_WXN (ARM64_UL(1) << 19)
#define ARM64_SCTLR_EE (ARM64_UL(1) << 25)  /* big-endian at EL1 */
/* Bits that read as one in ARMv8.0 (RES1): 11, 20, 22, 23, 28, 29. */
#define ARM64_SCTLR_RES1 ARM64_UL(0x30d00800)

/* CPACR_EL1.FPEN: no trapping of FP/SIMD at EL1 and EL0. */
#define ARM64_CPACR_FPEN (ARM64_UL(3) << 20)

/* Exception syndrome (ESR_ELx) fields. */
#define ARM64_ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ARM64_ESR_IL (ARM64_UL(1) << 25)
#define ARM64_ESR_ISS(esr) ((esr) & 0x1ffffff)
#define ARM64_EC_UNKNOWN 0x00
#define ARM64_EC_WFX 0x01
#define ARM64_EC_FP_ACCESS 0x07
#define ARM64_EC_BTI 0x0d     /* branch target exception (FEAT_BTI) */
#define ARM64_EC_ILLEGAL_STATE 0x0e
#define ARM64_EC_SVC64 0x15
#define ARM64_EC_HVC64 0x16
#define ARM64_EC_SMC64 0x17
#define ARM64_EC_SYSREG 0x18
#define ARM64_EC_FPAC 0x1c    /* pointer authentication failure (FEAT_FPAC) */
#define ARM64_EC_IABT_LOW 0x20
#define ARM64_EC_IABT_CUR 0x21
#define ARM64_EC_PC_ALIGN 0x22
#define ARM64_EC_DABT_LOW 0x24
#define ARM64_EC_DABT_CUR 0x25
#define ARM64_EC_SP_ALIGN 0x26
#define ARM64_EC_FP_EXC64 0x2c
#define ARM64_EC_SERROR 0x2f
#define ARM64_EC_BRK64 0x3c

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* Read or write a system register by name: ukarch_sysreg_read(sctlr_el1). */
#define ukarch_sysreg_read(reg)                                                \
	({                                                                     \
		unsigned long __v;                                             \
		__asm__ __volatile__("mrs %0, " #reg : "=r"(__v)::"memory");   \
		__v;                                                           \
	})
#define ukarch_sysreg_write(reg, val)                                          \
	__asm__ __volatile__("msr " #reg ", %0" ::"r"((unsigned long)(val))   \
			     : "memory")

/* Instruction synchronization barrier (after system register writes). */
static inline void ukarch_isb(void)
{
	__asm__ __volatile__("isb" ::: "memory");
}

/*
 * Mask IRQs; returns the previous state: non-zero if they were unmasked
 * (ARM64_DAIF_I as a "was enabled" flag), 0 if already masked. The same
 * convention as x86_64's, so callers write `if (flags) enable`.
 */
static inline unsigned long ukarch_irq_save(void)
{
	unsigned long daif;

	__asm__ __volatile__("mrs %0, daif\n\tmsr daifset, #2"
			     : "=r"(daif)::"memory");
	return ~daif & ARM64_DAIF_I;
}

static inline void ukarch_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

static inline void ukarch_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}

static inline int ukarch_irqs_disabled(void)
{
	return !!(ukarch_sysreg_read(daif) & ARM64_DAIF_I);
}

/*
 * With IRQs masked: wait until an interrupt is pending (WFI wakes for a
 * pending IRQ even while PSTATE.I masks it), then unmask so it is taken,
 * and mask again. No wake-up is lost between a check and the wait.
 * Returns with IRQs masked, after the handlers ran.
 */
static inline void ukarch_irq_wait_masked(void)
{
	__asm__ __volatile__("dsb sy\n\twfi\n\tmsr daifclr, #2\n\t"
			     "isb\n\tmsr daifset, #2" ::: "memory");
}

/* Wait for an interrupt (or forever, with interrupts masked at the GIC). */
static inline void ukarch_halt(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

/* The generic timer's virtual counter and its frequency in Hz. */
static inline __u64 ukarch_counter(void)
{
	__u64 v;

	__asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

static inline __u64 ukarch_counter_freq(void)
{
	return ukarch_sysreg_read(cntfrq_el0) & 0xffffffffUL;
}
#endif /* !__ASSEMBLY__ */

#endif
