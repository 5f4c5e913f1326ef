/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm: the guest cannot read the image with symbols (<image>.dbg stays on
 * the host), so crash reports print bare addresses; the host symbolizes
 * them (addr2line -e <image>.dbg ADDRESS, or the test driver does).
 */
#include <uk/plat/debug.h>
#include <errno.h>

int ukplat_debug_image(const void **elf __unused, __sz *len __unused)
{
	return -ENOTSUP;
}
