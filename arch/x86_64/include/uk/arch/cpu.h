/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 CPU helpers: CPUID, MSRs, control registers, interrupt flag,
 * extended state. Thin inline wrappers around single instructions; usable
 * in any context (those touching control registers and MSRs need ring 0,
 * which every kvm/xen image runs in).
 */
#ifndef UK_ARCH_CPU_H
#define UK_ARCH_CPU_H

/* Bits of control registers and EFER (Intel SDM vol. 3, 2.5). */
#define X86_CR0_PE (1UL << 0)
#define X86_CR0_MP (1UL << 1)
#define X86_CR0_EM (1UL << 2)
#define X86_CR0_TS (1UL << 3)
#define X86_CR0_NE (1UL << 5)
#define X86_CR0_WP (1UL << 16)
#define X86_CR0_PG (1UL << 31)
#define X86_CR4_PAE (1UL << 5)
#define X86_CR4_PGE (1UL << 7)
#define X86_CR4_OSFXSR (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_OSXSAVE (1UL << 18)
#define X86_MSR_EFER 0xc0000080
#define X86_EFER_LME (1UL << 8)
#define X86_EFER_NXE (1UL << 11)
#define X86_MSR_APIC_BASE 0x1b
#define X86_MSR_FS_BASE 0xc0000100
#define X86_RFLAGS_IF (1UL << 9)

/* CPUID feature bits this code base tests. */
#define X86_CPUID1_ECX_XSAVE (1U << 26)
#define X86_CPUID1_ECX_OSXSAVE (1U << 27)
#define X86_CPUID1_ECX_AVX (1U << 28)
#define X86_CPUID1_ECX_HYPERVISOR (1U << 31)
#define X86_CPUID1_EDX_APIC (1U << 9)
#define X86_CPUID1_EDX_FXSR (1U << 24)
#define X86_CPUID1_EDX_SSE (1U << 25)
#define X86_CPUID81_EDX_PDPE1GB (1U << 26)
#define X86_CPUID81_EDX_NX (1U << 20)
#define X86_CPUID81_EDX_LM (1U << 29) /* long mode (64-bit) */

/* XCR0 state components. */
#define X86_XCR0_X87 (1UL << 0)
#define X86_XCR0_SSE (1UL << 1)
#define X86_XCR0_AVX (1UL << 2)
#define X86_XCR0_AVX512 (7UL << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct ukarch_cpuid {
	__u32 eax, ebx, ecx, edx;
};

/* CPUID leaf/subleaf. Leaves above the maximum give what the CPU gives. */
static inline struct ukarch_cpuid ukarch_cpuid(__u32 leaf, __u32 subleaf)
{
	struct ukarch_cpuid r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx),
			       "=d"(r.edx)
			     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline __u64 ukarch_rdmsr(__u32 msr)
{
	__u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((__u64)hi << 32) | lo;
}

static inline void ukarch_wrmsr(__u32 msr, __u64 val)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((__u32)val),
			     "d"((__u32)(val >> 32))
			     : "memory");
}

#define __UKARCH_CR(n)                                                         \
	static inline unsigned long ukarch_read_cr##n(void)                    \
	{                                                                      \
		unsigned long v;                                               \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));          \
		return v;                                                      \
	}                                                                      \
	static inline void ukarch_write_cr##n(unsigned long v)                 \
	{                                                                      \
		__asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory");   \
	}
__UKARCH_CR(0)
__UKARCH_CR(2)
__UKARCH_CR(3)
__UKARCH_CR(4)
#undef __UKARCH_CR

/* Flush the TLB entry of one page. */
static inline void ukarch_invlpg(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(addr) : "memory");
}

static inline __u64 ukarch_xgetbv(__u32 xcr)
{
	__u32 lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return ((__u64)hi << 32) | lo;
}

static inline void ukarch_xsetbv(__u32 xcr, __u64 val)
{
	__asm__ __volatile__("xsetbv" ::"c"(xcr), "a"((__u32)val),
			     "d"((__u32)(val >> 32)));
}

static inline unsigned long ukarch_read_rflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f)::"memory");
	return f;
}

/* Mask interrupts; returns the previous RFLAGS.IF (0 or X86_RFLAGS_IF). */
static inline unsigned long ukarch_irq_save(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(f)::"memory");
	return f & X86_RFLAGS_IF;
}

static inline void ukarch_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline void ukarch_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

/*
 * With interrupts masked: halt until one arrives, let it be taken and
 * mask again (as on arm64). STI delays interrupts until after the next
 * instruction, so no wake-up is lost between a check and the halt.
 * Returns with interrupts masked, after the handlers ran.
 */
static inline void ukarch_irq_wait_masked(void)
{
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

/* Halt until the next interrupt (or forever, with interrupts masked). */
static inline void ukarch_halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}
#endif /* !__ASSEMBLY__ */

#endif
