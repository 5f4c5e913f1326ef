/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm: the TLS template lies where the linker script put .tdata and
 * .tbss; the thread pointer is the FS base MSR (x86_64) or TPIDR_EL0
 * (arm64).
 */
#include <uk/config.h>
#include <uk/plat/tls.h>
#include <uk/arch/tls.h>

extern char __kvm_tls_start[], __kvm_tdata_end[], __kvm_tls_end[];
/* The alignment, a word the linker script writes (a PIE cannot read a
 * number from a symbol's address). */
extern const __uptr __kvm_tls_align_word;

void ukplat_tls_image(struct ukplat_tls_image *img)
{
	__uptr align = __kvm_tls_align_word;

	img->init = __kvm_tls_start;
	img->init_len = (__sz)(__kvm_tdata_end - __kvm_tls_start);
	img->len = (__sz)(__kvm_tls_end - __kvm_tls_start);
	img->align = align ? align : 1;
}

void ukplat_tlsp_set(__uptr tp)
{
#if CONFIG_ARCH_X86_64
	ukarch_tlsp_set_msr(tp);
#else
	ukarch_tlsp_set_reg(tp);
#endif
}
