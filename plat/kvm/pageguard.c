/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm guard pages: page-table entries made invalid (x86_64: not present;
 * arm64: see kvm/arm64/pagetable.h), one 4 KiB page at a time.
 */
#include <uk/config.h>
#include <uk/plat/pageguard.h>
#if CONFIG_ARCH_X86_64
#include <kvm/x86/pagetable.h>
#define page_is_mapped kvm_x86_is_mapped
#define page_set_present kvm_x86_page_set_present
#elif CONFIG_ARCH_ARM_64
#include <kvm/arm64/pagetable.h>
#define page_is_mapped kvm_arm64_is_mapped
#define page_set_present kvm_arm64_page_set_present
#else
#error "kvm guard pages: unknown architecture"
#endif
#include <uk/arch/cpu.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

static int set_present(void *addr, __sz len, int present)
{
	__uptr a = (__uptr)addr;
	unsigned long flags;
	int rc = 0;

	if (!IS_ALIGNED(a, __PAGE_SIZE) || !IS_ALIGNED(len, __PAGE_SIZE) ||
	    a + len < a)
		return -EINVAL;
	/* Guarding: check the whole range first, so a bad range changes
	 * nothing. */
	for (__sz off = 0; !present && off < len; off += __PAGE_SIZE)
		if (!page_is_mapped(a + off))
			return -EINVAL;
	flags = ukarch_irq_save();
	for (__sz off = 0; off < len && rc == 0; off += __PAGE_SIZE)
		rc = page_set_present(a + off, present);
	if (flags)
		ukarch_irq_enable();
	return rc;
}

int ukplat_page_guard(void *addr, __sz len)
{
	return set_present(addr, len, 0);
}

int ukplat_page_unguard(void *addr, __sz len)
{
	return set_present(addr, len, 1);
}
