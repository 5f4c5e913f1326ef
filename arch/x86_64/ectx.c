/* SPDX-License-Identifier: BSD-3-Clause */
/* Saving and restoring the x87/SSE/AVX state (see <uk/arch/ectx.h>). */
#include <uk/arch/ectx.h>

#define CPUID1_ECX_OSXSAVE (1U << 27)
#define FXSAVE_SIZE 512
#define XSAVE_HEADER_END 576 /* legacy area + 64-byte XSAVE header */

static __sz ectx_size;  /* 0: not probed yet */
static int use_xsave;
static __u32 xcr0_lo, xcr0_hi;

static void probe(void)
{
	__u32 a, b, c, d;

	__asm__ __volatile__("cpuid"
			     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(1), "c"(0));
	if (c & CPUID1_ECX_OSXSAVE) {
		__asm__ __volatile__("xgetbv"
				     : "=a"(xcr0_lo), "=d"(xcr0_hi)
				     : "c"(0));
		/* EBX of leaf 0xd: size for the components XCR0 enables. */
		__asm__ __volatile__("cpuid"
				     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
				     : "a"(0xd), "c"(0));
		use_xsave = 1;
		ectx_size = b > XSAVE_HEADER_END ? b : XSAVE_HEADER_END;
	} else {
		ectx_size = FXSAVE_SIZE;
	}
}

__sz ukarch_ectx_size(void)
{
	if (!ectx_size)
		probe();
	return ectx_size;
}

void ukarch_ectx_init(void *ectx)
{
	unsigned char *p = ectx;
	__sz n = ukarch_ectx_size();

	for (__sz i = 0; i < n; i++)
		p[i] = 0;
	*(__u16 *)(p + 0) = 0x037f;   /* FCW */
	*(__u32 *)(p + 24) = 0x1f80;  /* MXCSR */
	/* XSAVE header zero: XRSTOR puts every component in its init state. */
}

void ukarch_ectx_save(void *ectx)
{
	if (use_xsave)
		__asm__ __volatile__("xsave64 (%0)" ::"r"(ectx), "a"(xcr0_lo),
				     "d"(xcr0_hi)
				     : "memory");
	else
		__asm__ __volatile__("fxsave64 (%0)" ::"r"(ectx) : "memory");
}

void ukarch_ectx_restore(void *ectx)
{
	if (use_xsave)
		__asm__ __volatile__("xrstor64 (%0)" ::"r"(ectx), "a"(xcr0_lo),
				     "d"(xcr0_hi)
				     : "memory");
	else
		__asm__ __volatile__("fxrstor64 (%0)" ::"r"(ectx) : "memory");
}
