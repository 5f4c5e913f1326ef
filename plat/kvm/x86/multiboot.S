/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Multiboot (version 1) entry, for GRUB and other multiboot loaders. Only
 * linked into the separate elf32-i386 copy of the image
 * (CONFIG_KVM_MULTIBOOT): QEMU refuses a 64-bit ELF that carries a
 * multiboot header, so the PVH image never has one.
 *
 * The loader enters in 32-bit protected mode with %eax = 0x2badb002 and
 * %ebx = the multiboot information. This code rewrites what the image
 * needs of it (command line, modules, memory map) as a PVH start info in
 * its own bss and joins the PVH entry: from there on both boots are one.
 * The command line a multiboot loader passes starts with the image's own
 * path (QEMU, GRUB): that first word is skipped.
 */
#include <kvm/x86/boot.h>

#define MB_HEADER_MAGIC 0x1badb002
#define MB_LOADER_MAGIC 0x2badb002
#define MB_HEADER_FLAGS 0x00000003 /* page-aligned modules, memory info */

#define MBI_FLAGS 0
#define MBI_MEM_LOWER 4
#define MBI_MEM_UPPER 8
#define MBI_CMDLINE 16
#define MBI_MODS_COUNT 20
#define MBI_MODS_ADDR 24
#define MBI_MMAP_LENGTH 44
#define MBI_MMAP_ADDR 48
#define MBI_F_MEM (1 << 0)
#define MBI_F_CMDLINE (1 << 2)
#define MBI_F_MODS (1 << 3)
#define MBI_F_MMAP (1 << 6)

#define MAX_MODULES 4
#define MAX_MMAP 32

/* hvm_start_info offsets (kvm/x86/pvh.h) */
#define SI_MAGIC 0
#define SI_VERSION 4
#define SI_NR_MODULES 12
#define SI_MODLIST 16
#define SI_CMDLINE 24
#define SI_MEMMAP 40
#define SI_MEMMAP_ENTRIES 48
#define SI_SIZE 56

	.section .multiboot, "a"
	.p2align 2
	.long MB_HEADER_MAGIC
	.long MB_HEADER_FLAGS
	.long -(MB_HEADER_MAGIC + MB_HEADER_FLAGS)

	.bss
	.p2align 3
mb_start_info:	.skip SI_SIZE
mb_modules:	.skip 32 * MAX_MODULES
mb_memmap:	.skip 24 * MAX_MMAP

	.section .rodata
notmb_msg:
	.ascii "\r\nkvm: not started by a multiboot loader (bad magic in %eax)\r\n"
	.byte 0

	.section .text.boot, "ax"
	.code32
	.globl _kvm_multiboot_entry
	.type _kvm_multiboot_entry, @function
_kvm_multiboot_entry:
	cli
	cld
	cmpl $MB_LOADER_MAGIC, %eax
	jne .Lnot_multiboot
	movl $mb_start_info, %edi
	movl $KVM_PVH_MAGIC, SI_MAGIC(%edi)
	movl $1, SI_VERSION(%edi)
	movl MBI_FLAGS(%ebx), %ebp

	/* Command line, without its first word (the image's path). */
	testl $MBI_F_CMDLINE, %ebp
	jz 3f
	movl MBI_CMDLINE(%ebx), %esi
1:	movb (%esi), %al
	testb %al, %al
	jz 2f
	cmpb $' ', %al
	je 2f
	incl %esi
	jmp 1b
2:	movl %esi, SI_CMDLINE(%edi)
3:
	/* Modules: {start, end, string, reserved} -> {paddr, size, cmdline}. */
	testl $MBI_F_MODS, %ebp
	jz 5f
	movl MBI_MODS_COUNT(%ebx), %ecx
	cmpl $MAX_MODULES, %ecx
	jbe 4f
	movl $MAX_MODULES, %ecx
4:	movl %ecx, SI_NR_MODULES(%edi)
	movl $mb_modules, SI_MODLIST(%edi)
	movl MBI_MODS_ADDR(%ebx), %esi
	movl $mb_modules, %edx
	testl %ecx, %ecx
	jz 5f
41:	movl 0(%esi), %eax
	movl %eax, 0(%edx)             /* paddr */
	movl 4(%esi), %eax
	subl 0(%esi), %eax
	movl %eax, 8(%edx)             /* size */
	movl 8(%esi), %eax
	movl %eax, 16(%edx)            /* cmdline */
	addl $16, %esi
	addl $32, %edx
	loop 41b
5:
	/* Memory map: {size, addr, len, type} entries -> PVH entries. */
	movl $mb_memmap, SI_MEMMAP(%edi)
	movl $mb_memmap, %edx
	xorl %ecx, %ecx                /* entries written */
	testl $MBI_F_MMAP, %ebp
	jz 7f
	movl MBI_MMAP_ADDR(%ebx), %esi
	movl MBI_MMAP_LENGTH(%ebx), %eax
	leal (%esi, %eax), %ebp        /* end of the map */
6:	cmpl %ebp, %esi
	jae 8f
	cmpl $MAX_MMAP, %ecx
	jae 8f
	movl 4(%esi), %eax
	movl %eax, 0(%edx)
	movl 8(%esi), %eax
	movl %eax, 4(%edx)
	movl 12(%esi), %eax
	movl %eax, 8(%edx)
	movl 16(%esi), %eax
	movl %eax, 12(%edx)
	movl 20(%esi), %eax
	movl %eax, 16(%edx)
	incl %ecx
	addl $24, %edx
	movl 0(%esi), %eax
	leal 4(%esi, %eax), %esi
	jmp 6b
7:	/* No map: the two RAM ranges of mem_lower and mem_upper (KiB). */
	testl $MBI_F_MEM, %ebp
	jz 8f
	movl MBI_MEM_LOWER(%ebx), %eax
	shll $10, %eax
	movl %eax, 8(%edx)             /* [0, mem_lower) */
	movl $1, 16(%edx)
	movl $0x100000, 24(%edx)       /* [1 MiB, 1 MiB + mem_upper) */
	movl MBI_MEM_UPPER(%ebx), %eax
	shll $10, %eax
	movl %eax, 32(%edx)
	movl $1, 40(%edx)
	movl $2, %ecx
8:	movl %ecx, SI_MEMMAP_ENTRIES(%edi)
	movl %edi, %ebx
	jmp _kvm_pvh_entry

.Lnot_multiboot:
	movl $notmb_msg, %esi
	movw $0x3f8, %dx
9:	movb (%esi), %al
	testb %al, %al
	jz 10f
	outb %al, %dx
	incl %esi
	jmp 9b
10:	movb $KVM_DEBUG_EXIT_CRASH, %al
	outb %al, $KVM_DEBUG_EXIT_PORT
11:	hlt
	jmp 11b
	.size _kvm_multiboot_entry, . - _kvm_multiboot_entry

	.section .note.GNU-stack, "", @progbits
