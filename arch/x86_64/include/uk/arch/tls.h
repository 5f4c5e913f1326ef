/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF thread-local storage on x86_64: variant II of the ELF TLS layout
 * (Drepper, "ELF Handling For Thread-Local Storage"). The thread pointer
 * (the FS base) points at the thread control block (TCB), whose first
 * word holds the thread pointer itself, so %fs:0 reads it. The image's
 * TLS block ends at the thread pointer, its start rounded so that every
 * variable keeps its alignment:
 *
 *   area: [ .tdata copy | .tbss zeroed | pad ][ TCB: self, 0 ... ]
 *                                              ^ thread pointer
 *
 * An area is ukarch_tls_area_size() bytes aligned to
 * ukarch_tls_area_align(). Setting the thread pointer is the platform's
 * job (ukplat_tlsp_set): a system call on linuxu, an MSR on kvm.
 * arm64 provides the same interface (variant I, TPIDR_EL0).
 */
#ifndef UK_ARCH_TLS_H
#define UK_ARCH_TLS_H

#include <uk/essentials.h>

/* TCB bytes: the self pointer, then words some C libraries expect zero. */
#define UKARCH_TLS_TCB_SIZE 64

static inline __sz ukarch_tls_area_align(__sz tls_align)
{
	return tls_align > 64 ? tls_align : 64;
}

/* Bytes of an area for a TLS block of tls_len bytes aligned to tls_align. */
static inline __sz ukarch_tls_area_size(__sz tls_len, __sz tls_align)
{
	__sz a = ukarch_tls_area_align(tls_align);

	return ALIGN_UP(tls_len, a) + UKARCH_TLS_TCB_SIZE;
}

/*
 * Lay out a fresh TLS area at area (aligned to ukarch_tls_area_align):
 * copy the init_len bytes of init (.tdata), zero the rest of the tls_len
 * bytes (.tbss) and the TCB, point the TCB at itself. Returns the thread
 * pointer to install for it. Cannot fail; any context.
 */
static inline __uptr ukarch_tls_area_init(void *area, const void *init,
					  __sz init_len, __sz tls_len,
					  __sz tls_align)
{
	__sz a = ukarch_tls_area_align(tls_align);
	__sz b = tls_align ? tls_align : 1;
	__uptr tp = (__uptr)area + ALIGN_UP(tls_len, a);
	/* The linker puts the block at tp - round_up(len, PT_TLS align). */
	unsigned char *blk = (unsigned char *)(tp - ALIGN_UP(tls_len, b));
	const unsigned char *src = (const unsigned char *)init;

	for (__sz i = 0; i < init_len; i++)
		blk[i] = src[i];
	for (__sz i = init_len; i < (__sz)(tp - (__uptr)blk); i++)
		blk[i] = 0;
	for (__sz i = 0; i < UKARCH_TLS_TCB_SIZE / sizeof(__uptr); i++)
		((__uptr *)tp)[i] = 0;
	*(__uptr *)tp = tp;
	return tp;
}

/*
 * The thread pointer of the running thread, read through the TCB's self
 * pointer (no system call, no privileged instruction). Only valid once a
 * thread pointer was installed.
 */
static inline __uptr ukarch_tlsp_get(void)
{
	__uptr tp;

	__asm__ __volatile__("movq %%fs:0, %0" : "=r"(tp));
	return tp;
}

/* kvm: install tp as FS base (ring 0 only; the FS_BASE MSR). */
static inline void ukarch_tlsp_set_msr(__uptr tp)
{
	__asm__ __volatile__("wrmsr" ::"c"(0xc0000100U), "a"((__u32)tp),
			     "d"((__u32)((__u64)tp >> 32))
			     : "memory");
}

#endif
