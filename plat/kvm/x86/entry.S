/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH entry of the kvm image: from 32-bit protected mode without paging
 * (how a PVH loader enters, %ebx = physical address of hvm_start_info) to
 * 64-bit C code on the boot stack.
 *
 *  1. record the TSC (boot-time instrumentation);
 *  2. check that the CPU has long mode and the features the image is
 *     compiled for (cpu_needs.S), and that the memory map has RAM under
 *     the whole image; else say what is missing on COM1 and exit through
 *     isa-debug-exit with the crash status;
 *  3. build the boot page tables: the first 2 MiB in 4 KiB pages, without
 *     the first 64 KiB (so NULL faults) and without the guard page below
 *     the boot stack (so an overflow faults); with CONFIG_KVM_WX, code
 *     read/execute, read-only data read only, the rest never executable
 *     (EFER.NXE on). C maps the rest of RAM later;
 *  4. enable long mode, SSE, and XSAVE/AVX where the CPU has them, so
 *     compiler-generated vector code runs;
 *  5. call kvm_x86_boot(start_info) on the boot stack.
 */
#include <uk/arch/cpu.h>
#include <kvm/x86/boot.h>

#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PW 0x3 /* present, writable */
#define STR_(x) #x
#define STR(x) STR_(x)
#define PTE_NX_HIGH 0x80000000 /* no-execute, in the entry's high half */

#if defined(CONFIG_MARCH_X86_64_V2)
#define MARCH_NAME "x86-64-v2"
#elif defined(CONFIG_MARCH_X86_64_V3)
#define MARCH_NAME "x86-64-v3"
#elif defined(CONFIG_MARCH_X86_64_NATIVE)
#define MARCH_NAME "native, the build machine's CPU"
#else
#define MARCH_NAME "x86-64"
#endif

	.section .note.pvh, "a", @note
	.p2align 2
	.long 4                   /* name size: "Xen\0" */
	.long 4                   /* descriptor size */
	.long 18                  /* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long _kvm_pvh_entry

	/* Page tables and exception stacks: no file space, zeroed by the
	 * loader like any bss (ELF p_memsz beyond p_filesz). */
	.section .kvm_pagetables, "aw", @nobits
	.p2align 12
	.globl kvm_pml4, kvm_pdpt, kvm_pd0, kvm_pt_pool
kvm_pml4:	.skip 4096
kvm_pdpt:	.skip 4096
kvm_pd0:	.skip 4096
	/* kvm_pt0, the boot PTs, comes from the linker script: as many as
	 * the image needs, after everything else. */
kvm_pt_pool:	.skip 4096 * KVM_PT_POOL_PAGES

	.section .kvm_stacks, "aw", @nobits
	.p2align 12
	.globl kvm_ist_stacks
kvm_ist_stacks:	.skip KVM_IST_STACK_SIZE * KVM_IST_COUNT

	.data
	.p2align 3
	.globl kvm_boot_tsc
kvm_boot_tsc:	.quad 0

	/* GDT: null, 64-bit code, data, and the TSS (filled in by C). */
	.p2align 4
	.globl kvm_gdt
kvm_gdt:
	.quad 0
	.quad 0x00af9a000000ffff  /* KVM_GDT_CODE: long mode, ring 0 */
	.quad 0x00cf92000000ffff  /* KVM_GDT_DATA */
	.quad 0, 0                /* KVM_GDT_TSS (16 bytes) */
kvm_gdt_end:
kvm_gdt_ptr:
	.word kvm_gdt_end - kvm_gdt - 1
	.quad kvm_gdt

	.section .rodata
nomem_msg:
	.ascii "\r\nkvm: not enough memory: the image needs RAM from 0x100000 up to 0x"
	.byte 0
nomem_msg2:
	.ascii "; give the guest more memory (QEMU -m)\r\n"
	.byte 0
nopvh_msg:
	.ascii "\r\nkvm: not started by a PVH loader (no hvm_start_info in %ebx)\r\n"
	.byte 0
longcmd_msg:
	.ascii "\r\nkvm: the PVH start info is overwritten with text: the kernel"
	.ascii " command line was longer than the boot loader could hold (QEMU's"
	.ascii " PVH loader: 4095 bytes); this image takes at most CONFIG_KVM_"
	.ascii "CMDLINE_MAX=", STR(CONFIG_KVM_CMDLINE_MAX)
	.ascii " bytes, NUL included\r\n"
	.byte 0
nolm_msg:
	.ascii "\r\nkvm: the CPU has no long mode (CPUID 0x80000001 EDX bit 29):"
	.ascii " a 64-bit image cannot run on it; use a 64-bit CPU (QEMU: -cpu"
	.ascii " qemu64, max or host, not qemu32)\r\n"
	.byte 0
need_msg:
	.ascii "\r\nkvm: the CPU lacks "
	.byte 0
	.globl kvm_need_march_msg
kvm_need_march_msg:
	.ascii ", which the image is compiled to use (-march=", MARCH_NAME
	.ascii "); run it on a CPU that has it (QEMU: a -cpu model with it, or"
	.ascii " -cpu host under KVM) or build it for an older CPU (make"
	.ascii " menuconfig: Target CPU)\r\n"
	.byte 0

/*
 * Print the NUL-terminated string at address src (an operand: $label, or
 * a memory reference) on COM1. Used before memory is known to be there,
 * so it needs no stack (PVH leaves %esp undefined). Clobbers %eax, %ebx,
 * %edx.
 */
.macro PUTS src
	movl \src, %ebx
	movw $0x3f8, %dx
.Lputs\@:
	movb (%ebx), %al
	testb %al, %al
	jz .Lputs_end\@
	outb %al, %dx
	incl %ebx
	jmp .Lputs\@
.Lputs_end\@:
.endm

/*
 * Fill the PT0 entries from %edi on, for the pages from %eax up to end
 * (at least one), with attributes low (bits 0-31) and high (bits 32-63).
 * Clobbers %ebx.
 */
.macro PT_FILL end, low, high
.Lfill\@:
	leal \low(%eax), %ebx
	movl %ebx, (%edi)
	movl $\high, 4(%edi)
	addl $8, %edi
	addl $0x1000, %eax
	cmpl $\end, %eax
	jb .Lfill\@
.endm

	.section .text.boot, "ax"
	.code32
	.globl _kvm_pvh_entry
	.type _kvm_pvh_entry, @function
_kvm_pvh_entry:
	cli
	cld
	movl %ebx, %esi
	rdtsc
	movl %eax, kvm_boot_tsc
	movl %edx, kvm_boot_tsc + 4

	cmpl $KVM_PVH_MAGIC, (%esi)
	jne .Lno_pvh

	/* Long mode: CPUID 0x80000001 EDX bit 29, if that leaf exists. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb .Lno_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $X86_CPUID81_EDX_LM, %edx
	jz .Lno_long_mode

	/*
	 * The features of kvm_cpu_needs (cpu_needs.S): for each entry, its
	 * leaf must exist (the highest leaf of its range is at least it) and
	 * have every bit of the entry's EBX, ECX and EDX masks.
	 */
	movl $kvm_cpu_needs, %edi
.Lneed_next:
	cmpl $kvm_cpu_needs_end, %edi
	jae .Lneeds_met
	movl (%edi), %eax
	andl $0x80000000, %eax
	cpuid
	cmpl (%edi), %eax
	jb .Lneed_missing
	movl (%edi), %eax
	xorl %ecx, %ecx
	cpuid
	andl 4(%edi), %ebx
	cmpl 4(%edi), %ebx
	jne .Lneed_missing
	andl 8(%edi), %ecx
	cmpl 8(%edi), %ecx
	jne .Lneed_missing
	andl 12(%edi), %edx
	cmpl 12(%edi), %edx
	jne .Lneed_missing
	addl $24, %edi
	jmp .Lneed_next
.Lneeds_met:

	/* Is [__kvm_image_start, __kvm_image_end) inside one RAM entry? */
	cmpl $1, 4(%esi)             /* version 0 has no memory map */
	jb .Lmem_ok
	movl 40(%esi), %ecx          /* memmap_paddr (below 4 GiB) */
	movl 48(%esi), %edx          /* memmap_entries */
.Lmem_next:
	testl %edx, %edx
	jz .Lno_mem
	cmpl $1, 16(%ecx)            /* type RAM? */
	jne .Lmem_skip
	cmpl $0, 4(%ecx)             /* starts above 4 GiB? */
	jne .Lmem_skip
	movl (%ecx), %eax
	cmpl $__kvm_image_start, %eax
	ja .Lmem_skip
	cmpl $0, 12(%ecx)            /* 4 GiB or longer: covers the image */
	jne .Lmem_ok
	addl 8(%ecx), %eax
	jc .Lmem_ok
	cmpl $__kvm_image_end, %eax
	jae .Lmem_ok
.Lmem_skip:
	addl $24, %ecx
	decl %edx
	jmp .Lmem_next

.Lno_mem:
	PUTS $nomem_msg
	movl $__kvm_image_end, %ebx
	movl $8, %ecx
1:	roll $4, %ebx
	movl %ebx, %eax
	andl $0xf, %eax
	movb hexdigits(%eax), %al
	movw $0x3f8, %dx
	outb %al, %dx
	loop 1b
	PUTS $nomem_msg2
	jmp .Lcrash_exit
.Lno_long_mode:
	PUTS $nolm_msg
	jmp .Lcrash_exit
.Lneed_missing:
	PUTS $need_msg
	PUTS 16(%edi)
	PUTS 20(%edi)
	jmp .Lcrash_exit
.Lno_pvh:
	/*
	 * QEMU's PVH option ROM keeps the command line in a 4 KiB buffer a
	 * little below the start info and copies a longer one over it. If
	 * every byte of the magic is text, a NUL or still the magic's own,
	 * that is what happened: a usage error, not a crash.
	 */
	movl $KVM_PVH_MAGIC, %edx
	movl $4, %ecx
	movl %esi, %edi
1:	movb (%edi), %al
	cmpb %dl, %al
	je 2f
	testb %al, %al
	je 2f
	cmpb $0x20, %al
	jb .Lno_pvh_loader
	cmpb $0x7e, %al
	ja .Lno_pvh_loader
2:	incl %edi
	shrl $8, %edx
	loop 1b
	PUTS $longcmd_msg
	movb $KVM_DEBUG_EXIT_USAGE, %al
	outb %al, $KVM_DEBUG_EXIT_PORT
	jmp .Lhalt
.Lno_pvh_loader:
	PUTS $nopvh_msg
.Lcrash_exit:
	movb $KVM_DEBUG_EXIT_CRASH, %al
	outb %al, $KVM_DEBUG_EXIT_PORT
.Lhalt:
	hlt
	jmp .Lhalt

.Lmem_ok:
	/*
	 * Boot page tables. The PTs from kvm_pt0 on (contiguous, one per
	 * 2 MiB, up to __kvm_boot_map_end) map in 4 KiB pages: the
	 * first 64 KiB absent (NULL); with CONFIG_KVM_WX the image's code
	 * read/execute, its read-only data read only, every other page
	 * read/write and never executable (NX, bit 63: the high half of the
	 * entry). Then the guard page is made absent. Each range is one
	 * loop (none is empty).
	 */
	/*
	 * Nothing here trusts the loader to have zeroed the tables: with
	 * little RAM, firmware (SeaBIOS) uses the top of low RAM, where they
	 * may lie, after the loader zeroed it. PML4, PDPT and PD are zeroed
	 * now; every PT entry up to __kvm_boot_map_end is written whole.
	 */
	movl $kvm_pml4, %edi
	movl $(3 * 4096 / 4), %ecx
	xorl %eax, %eax
	rep stosl
	movl $kvm_pt0, %edi                       /* the NULL area: absent */
	movl $(KVM_NULL_AREA / 4096 * 2), %ecx
	rep stosl
	movl $KVM_NULL_AREA, %eax                 /* the page's address */
	movl $(kvm_pt0 + KVM_NULL_AREA / 512), %edi /* its entry */
#ifdef CONFIG_KVM_WX
	PT_FILL __kvm_image_start, PTE_PW, PTE_NX_HIGH
	PT_FILL __kvm_text_end, PTE_P, 0           /* code */
	PT_FILL __kvm_rodata_end, PTE_P, PTE_NX_HIGH /* read-only data */
	PT_FILL __kvm_boot_map_end, PTE_PW, PTE_NX_HIGH
#else
	PT_FILL __kvm_boot_map_end, PTE_PW, 0
#endif
	andl $~PTE_P, __kvm_guard_pte
	/* One page-directory entry per PT. */
	movl $(kvm_pt0 + PTE_PW), %eax
	movl $kvm_pd0, %edi
1:	movl %eax, (%edi)
	addl $0x1000, %eax
	addl $8, %edi
	cmpl $__kvm_boot_pd_end, %edi
	jb 1b
	movl $(kvm_pd0 + PTE_PW), kvm_pdpt
	movl $(kvm_pdpt + PTE_PW), kvm_pml4

	/* PAE and SSE in CR4, page tables in CR3, long mode in EFER. */
	movl %cr4, %eax
	orl $(X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $kvm_pml4, %eax
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	rdmsr
#ifdef CONFIG_KVM_WX
	orl $(X86_EFER_LME | X86_EFER_NXE), %eax
#else
	orl $X86_EFER_LME, %eax
#endif
	wrmsr
	/* Paging on; x87 present (EM off), native FPU errors (NE). */
	movl %cr0, %eax
	andl $~(X86_CR0_EM | X86_CR0_TS), %eax
	orl $(X86_CR0_PG | X86_CR0_PE | X86_CR0_MP), %eax
	orl $(X86_CR0_NE | X86_CR0_WP), %eax
	movl %eax, %cr0
	lgdt kvm_gdt_ptr
	ljmp $KVM_GDT_CODE, $.Lentry64

	.code64
.Lentry64:
	movl $KVM_GDT_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $__kvm_boot_stack_top, %rsp
	xorl %ebp, %ebp

	/*
	 * XSAVE and AVX state, where the CPU has them; AVX-512 state only in
	 * images compiled for it (its 2 KiB more on every interrupt frame
	 * would be a waste otherwise; cpu_needs.S made sure the CPU has it).
	 */
	movl $1, %eax
	xorl %ecx, %ecx
	cpuid
	testl $X86_CPUID1_ECX_XSAVE, %ecx
	jz 5f
	movl %ecx, %r8d
	movq %cr4, %rax
	orq $X86_CR4_OSXSAVE, %rax
	movq %rax, %cr4
	movl $(X86_XCR0_X87 | X86_XCR0_SSE), %eax
	testl $X86_CPUID1_ECX_AVX, %r8d
	jz 6f
	orl $X86_XCR0_AVX, %eax
#ifdef __AVX512F__
	orl $X86_XCR0_AVX512, %eax
#endif
6:	xorl %edx, %edx
	xorl %ecx, %ecx
	xsetbv
5:	fninit
	movl %esi, %edi               /* start_info, zero-extended */
	call kvm_x86_boot
	ud2
	.size _kvm_pvh_entry, . - _kvm_pvh_entry

	.section .rodata
hexdigits:
	.ascii "0123456789abcdef"

	.section .note.GNU-stack, "", @progbits
