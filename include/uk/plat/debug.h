/* SPDX-License-Identifier: BSD-3-Clause */
/* What crash reporting may ask of the platform. */
#ifndef UK_PLAT_DEBUG_H
#define UK_PLAT_DEBUG_H

#include <uk/essentials.h>

/*
 * The image with symbols (an ELF file), if the platform can read it: linuxu
 * maps <image>.dbg (or the image itself if unstripped). Returns 0 and sets
 * elf and len, or a negative errno (-ENOENT, -ENOTSUP). May be called from a
 * crash handler: needs no allocator and takes no locks.
 */
int ukplat_debug_image(const void **elf, __sz *len);

/*
 * How far the image runs above its link address: 0 where it runs where
 * linked (the default, a weak definition in ukdebug). The kvm platform
 * with CONFIG_KVM_ASLR moves itself at boot; backtraces then print this,
 * to be subtracted from an address before looking it up in <image>.dbg.
 */
unsigned long ukplat_image_load_offset(void);

#endif
