/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen's ELF notes for a PVH guest (Xen's public elfnote.h). The entry
 * note, XEN_ELFNOTE_PHYS32_ENTRY, is the kvm image's (plat/kvm/x86/
 * entry.S): the same 32-bit PVH entry. These go into the same section,
 * .note.pvh, so that the linker script (plat/kvm/x86/link64.lds) keeps
 * them and the image has a single PT_NOTE segment holding all of them.
 * Xen's loader needs only the entry note for a PVH guest; the others
 * name the guest (xl list -l, xenstore), the interface version and the
 * loader, as a PV-aware loader expects them.
 */
#define XEN_ELFNOTE_XEN_VERSION 5
#define XEN_ELFNOTE_GUEST_OS 6
#define XEN_ELFNOTE_GUEST_VERSION 7
#define XEN_ELFNOTE_LOADER 8

/* A note named "Xen" with a string descriptor. */
.macro XEN_NOTE type, text
	.p2align 2
	.long 4                 /* name size: "Xen\0" */
	.long 2f - 1f           /* descriptor size */
	.long \type
	.asciz "Xen"
1:	.asciz "\text"
2:	.p2align 2
.endm

	.section .note.pvh, "a", @note
	XEN_NOTE XEN_ELFNOTE_GUEST_OS, "Tessera"
	XEN_NOTE XEN_ELFNOTE_GUEST_VERSION, "0.1"
	XEN_NOTE XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_LOADER, "generic"

	.section .note.GNU-stack, "", @progbits
