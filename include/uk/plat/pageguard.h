/* SPDX-License-Identifier: BSD-3-Clause */
/* Guard pages: memory made inaccessible so that touching it crashes. */
#ifndef UK_PLAT_PAGEGUARD_H
#define UK_PLAT_PAGEGUARD_H

#include <uk/essentials.h>

/*
 * Make the whole pages [addr, addr + len) inaccessible: any access is a
 * fault with a crash report (thread stacks put one below themselves).
 * addr and len are multiples of the page size. Returns 0, -EINVAL for
 * unaligned arguments, -ENOTSUP where the platform cannot change page
 * protections (nothing changed then). Not from interrupt context.
 */
int ukplat_page_guard(void *addr, __sz len);

/*
 * Make guarded pages read/write again (before they are freed). Returns 0,
 * -EINVAL, -ENOTSUP as ukplat_page_guard. Not from interrupt context.
 */
int ukplat_page_unguard(void *addr, __sz len);

#endif
