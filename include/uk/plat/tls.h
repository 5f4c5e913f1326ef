/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What threads need from the platform: the image's thread-local storage
 * template and the thread pointer register. Layout of TLS areas is the
 * architecture's (<uk/arch/tls.h>); thread bookkeeping is uksched's.
 */
#ifndef UK_PLAT_TLS_H
#define UK_PLAT_TLS_H

#include <uk/essentials.h>

/* The image's TLS template (its ELF PT_TLS segment). */
struct ukplat_tls_image {
	const void *init; /* initial content of the block (.tdata) */
	__sz init_len;    /* bytes of init */
	__sz len;         /* bytes of the block (.tdata + .tbss); 0: no TLS */
	__sz align;       /* alignment of the block (a power of two) */
};

/*
 * Describe the image's TLS template in *img; len is 0 when no code of
 * the image uses thread-local variables. Cannot fail; any context.
 */
void ukplat_tls_image(struct ukplat_tls_image *img);

/*
 * Make tp the thread pointer of this CPU (x86_64: the FS base; arm64:
 * TPIDR_EL0). Costs a host system call on linuxu x86_64 (arch_prctl), an
 * MSR write on kvm. Any context; schedulers call it with interrupts
 * masked while switching threads.
 */
void ukplat_tlsp_set(__uptr tp);

#endif
