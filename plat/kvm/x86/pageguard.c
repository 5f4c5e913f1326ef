/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm x86_64 guard pages: absent page-table entries. */
#include <uk/plat/pageguard.h>
#include <kvm/x86/pagetable.h>
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
	/* Check the whole range first, so a bad range changes nothing. */
	for (__sz off = 0; off < len; off += __PAGE_SIZE)
		if (!kvm_x86_is_mapped(a + off) && present == 0)
			return -EINVAL;
	flags = ukarch_irq_save();
	for (__sz off = 0; off < len && rc == 0; off += __PAGE_SIZE)
		rc = kvm_x86_page_set_present(a + off, present);
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
