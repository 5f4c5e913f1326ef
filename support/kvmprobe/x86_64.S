/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The KVM probe guest for x86_64: qemu-guest boots it under KVM before
 * trusting KVM with a real image. It walks the path every Tessera kvm
 * image takes in its first microseconds: PVH entry in 32-bit protected
 * mode, page tables, long mode, then SSE in 64-bit code (the instruction
 * nested hypervisors such as PVM fail to emulate). It then prints
 * PROBE_OK on COM1 and writes PROBE_STATUS to isa-debug-exit, which makes
 * QEMU exit with (PROBE_STATUS << 1) | 1 = 181. Any other ending (a QEMU
 * error, a hang, another status) means KVM cannot run our guests.
 *
 * Built on demand by support/scripts/qemu-guest:
 *   gcc -c x86_64.S && ld -m elf_x86_64 -N -s -Ttext=0x100000 -e probe_entry32
 */

#define COM1		0x3f8
#define DEBUG_EXIT	0xf4
#define PROBE_STATUS	0x5a
#define FAIL_STATUS	0x21

#define CR0_MP		(1 << 1)
#define CR0_EM		(1 << 2)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define CR4_OSFXSR	(1 << 9)
#define CR4_OSXMMEXCPT	(1 << 10)
#define MSR_EFER	0xc0000080
#define EFER_LME	(1 << 8)

	/* XEN_ELFNOTE_PHYS32_ENTRY: QEMU's PVH loader enters here. */
	.section .note.pvh, "a", @note
	.p2align 2
	.long 4, 4, 18
	.asciz "Xen"
	.long probe_entry32

	.text
	.code32
	.globl probe_entry32
probe_entry32:
	/* Identity-map the first 2 MiB with one large page. */
	movl $pdpt + 3, pml4
	movl $pd + 3, pdpt
	movl $0x83, pd
	movl $pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	andl $~CR0_EM, %eax
	orl $(CR0_PG | CR0_MP), %eax
	movl %eax, %cr0
	lgdt gdt_ptr
	ljmp $8, $probe_entry64

	.code64
probe_entry64:
	/* The SSE moves a compiled C function starts with. */
	movq $0x2a2a, %rax
	movq %rax, %xmm0
	paddq %xmm0, %xmm0
	movq %xmm0, %rax
	cmpq $0x5454, %rax
	jne 2f
	leaq ok_msg(%rip), %rsi
	movw $COM1, %dx
1:	lodsb
	testb %al, %al
	jz 3f
	outb %al, %dx
	jmp 1b
3:	movl $PROBE_STATUS, %eax
	outl %eax, $DEBUG_EXIT
2:	movl $FAIL_STATUS, %eax
	outl %eax, $DEBUG_EXIT
4:	hlt
	jmp 4b

ok_msg:
	.asciz "PROBE_OK\n"

	.p2align 3
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 64-bit code, selector 8 */
gdt_ptr:
	.word gdt_ptr - gdt - 1
	.long gdt

	.bss
	.p2align 12
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096
