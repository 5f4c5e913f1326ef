/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF thread-local storage on arm64: variant I of the ELF TLS layout
 * (Drepper, "ELF Handling For Thread-Local Storage"; AArch64 ELF ABI).
 * The thread pointer (TPIDR_EL0) points at a 16-byte thread control
 * block (TCB); the image's TLS block follows it, at the TCB's size
 * rounded up to the block's alignment, where the linker's local-exec
 * offsets expect it:
 *
 *   area: [ TCB: 0, 0 | pad ][ .tdata copy | .tbss zeroed ]
 *         ^ thread pointer
 *
 * An area is ukarch_tls_area_size() bytes aligned to
 * ukarch_tls_area_align(). Setting the thread pointer is the platform's
 * job (ukplat_tlsp_set); on arm64 both kvm (EL1) and linuxu (EL0) write
 * TPIDR_EL0 directly, no system call. Same interface as x86_64's.
 */
#ifndef UK_ARCH_TLS_H
#define UK_ARCH_TLS_H

#include <uk/essentials.h>

/* TCB bytes: two words the ABI reserves (DTV pointer, reserved). */
#define UKARCH_TLS_TCB_SIZE 16

static inline __sz ukarch_tls_area_align(__sz tls_align)
{
	return tls_align > 16 ? tls_align : 16;
}

/* Offset of the TLS block from the thread pointer. */
static inline __sz __ukarch_tls_offset(__sz tls_align)
{
	return ALIGN_UP((__sz)UKARCH_TLS_TCB_SIZE, tls_align ? tls_align : 1);
}

/* Bytes of an area for a TLS block of tls_len bytes aligned to tls_align. */
static inline __sz ukarch_tls_area_size(__sz tls_len, __sz tls_align)
{
	return __ukarch_tls_offset(tls_align) + ALIGN_UP(tls_len, (__sz)16);
}

/*
 * Lay out a fresh TLS area at area (aligned to ukarch_tls_area_align):
 * zero the TCB, copy the init_len bytes of init (.tdata), zero the rest
 * of the tls_len bytes (.tbss). Returns the thread pointer to install
 * for it (the area's start). Cannot fail; any context.
 */
static inline __uptr ukarch_tls_area_init(void *area, const void *init,
					  __sz init_len, __sz tls_len,
					  __sz tls_align)
{
	__uptr tp = (__uptr)area;
	__sz off = __ukarch_tls_offset(tls_align);
	unsigned char *p = (unsigned char *)area;
	const unsigned char *src = (const unsigned char *)init;

	for (__sz i = 0; i < off; i++)
		p[i] = 0;
	for (__sz i = 0; i < init_len; i++)
		p[off + i] = src[i];
	for (__sz i = init_len; i < tls_len; i++)
		p[off + i] = 0;
	return tp;
}

/* The thread pointer of the running thread (TPIDR_EL0). Any context. */
static inline __uptr ukarch_tlsp_get(void)
{
	__uptr tp;

	__asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(tp));
	return tp;
}

/* Install tp as thread pointer (TPIDR_EL0: writable at EL0 and EL1). */
static inline void ukarch_tlsp_set_reg(__uptr tp)
{
	__asm__ __volatile__("msr tpidr_el0, %0" ::"r"(tp) : "memory");
}

#endif
