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
 *  3. with CONFIG_KVM_ASLR, move the image to a random place (below);
 *  4. build the boot page tables: the first 2 MiB in 4 KiB pages, without
 *     the first 64 KiB (so NULL faults) and without the guard page below
 *     the boot stack (so an overflow faults); with CONFIG_KVM_WX, code
 *     read/execute, read-only data read only, the rest never executable
 *     (EFER.NXE on). C maps the rest of RAM later;
 *  5. enable long mode, SSE, and XSAVE/AVX where the CPU has them, so
 *     compiler-generated vector code runs;
 *  6. call kvm_x86_boot(start_info) on the boot stack.
 *
 * The 32-bit code addresses everything relative to %ebp, the address
 * _kvm_pvh_entry runs at (R(sym) below): the same code runs where the
 * loader put the image and, with CONFIG_KVM_ASLR, in the moved copy; a
 * static PIE may not hold 32-bit absolute addresses anyway.
 */
#include <uk/arch/cpu.h>
#include <kvm/x86/boot.h>

#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PW 0x3 /* present, writable */
#define STR_(x) #x
#define STR(x) STR_(x)
#define PTE_NX_HIGH 0x80000000 /* no-execute, in the entry's high half */
#ifdef CONFIG_KVM_WX
#define DATA_NX_HIGH PTE_NX_HIGH
#else
#define DATA_NX_HIGH 0
#endif
#define SZ_2M 0x200000
#define R_X86_64_RELATIVE 8

/* The run-time address of sym, in the 32-bit code (%ebp: see above). */
#define R(sym) ((sym) - _kvm_pvh_entry)(%ebp)

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
#ifdef CONFIG_KVM_ASLR
	.long KVM_LINK_BASE       /* a constant: a PIE has no absolute word */
#else
	.long _kvm_pvh_entry
#endif

	/* Page tables and exception stacks: no file space, zeroed by the
	 * loader like any bss (ELF p_memsz beyond p_filesz). */
	.section .kvm_pagetables, "aw", @nobits
	.p2align 12
	.globl kvm_pml4, kvm_pdpt, kvm_pd0, kvm_pt_pool
kvm_pml4:	.skip 4096
kvm_pdpt:	.skip 4096
kvm_pd0:	.skip 4096
#ifdef CONFIG_KVM_ASLR
	/* The first 2 MiB (start info, command line), apart from the image. */
	.globl kvm_pt_low
kvm_pt_low:	.skip 4096
#endif
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
#ifdef CONFIG_KVM_ASLR
	/* Where the image was moved (see kvm/x86/boot.h). */
	.globl kvm_load_offset, kvm_aslr_slots, kvm_aslr_source
kvm_load_offset:	.quad 0
kvm_aslr_slots:	.long 0
kvm_aslr_source:	.long 0
#endif

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
#ifdef CONFIG_KVM_ASLR
badrel_msg:
	.ascii "\r\nkvm: the image holds a relocation other than R_X86_64_RELATIVE:"
	.ascii " it cannot move itself (CONFIG_KVM_ASLR); the build should have"
	.ascii " refused it\r\n"
	.byte 0
#endif
	.globl kvm_need_march_msg
kvm_need_march_msg:
	.ascii ", which the image is compiled to use (-march=", MARCH_NAME
	.ascii "); run it on a CPU that has it (QEMU: a -cpu model with it, or"
	.ascii " -cpu host under KVM) or build it for an older CPU (make"
	.ascii " menuconfig: Target CPU)\r\n"
	.byte 0

/*
 * Print the NUL-terminated string at %ebx on COM1. Used before memory is
 * known to be there, so it needs no stack (PVH leaves %esp undefined).
 * Clobbers %eax, %ebx, %edx. PUTS label: the string at label.
 */
.macro PUTS_EBX
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

.macro PUTS label
	leal R(\label), %ebx
	PUTS_EBX
.endm

	.section .text.boot, "ax"
	.code32
	.globl _kvm_pvh_entry
	.type _kvm_pvh_entry, @function
_kvm_pvh_entry:
	cli
	cld
	movl %ebx, %esi
#ifdef CONFIG_KVM_ASLR
	movl $KVM_LINK_BASE, %ebp     /* PVH loaders load where it is linked */
#else
	movl $_kvm_pvh_entry, %ebp
#endif
	rdtsc
	movl %eax, R(kvm_boot_tsc)
	movl %edx, R(kvm_boot_tsc + 4)

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
	leal R(kvm_cpu_needs), %edi
.Lneed_next:
	leal R(kvm_cpu_needs_end), %eax
	cmpl %eax, %edi
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

	/*
	 * Is [__kvm_image_start, __kvm_image_end) inside one RAM entry? At
	 * .Lmem_ok, %ecx points to that entry (0: no memory map).
	 */
	xorl %ecx, %ecx
	cmpl $1, 4(%esi)             /* version 0 has no memory map */
	jb .Lmem_ok
	movl 40(%esi), %ecx          /* memmap_paddr (below 4 GiB) */
	movl 48(%esi), %edx          /* memmap_entries */
	leal R(__kvm_image_start), %ebx
	leal R(__kvm_image_end), %edi
.Lmem_next:
	testl %edx, %edx
	jz .Lno_mem
	cmpl $1, 16(%ecx)            /* type RAM? */
	jne .Lmem_skip
	cmpl $0, 4(%ecx)             /* starts above 4 GiB? */
	jne .Lmem_skip
	movl (%ecx), %eax
	cmpl %ebx, %eax
	ja .Lmem_skip
	cmpl $0, 12(%ecx)            /* 4 GiB or longer: covers the image */
	jne .Lmem_ok
	addl 8(%ecx), %eax
	jc .Lmem_ok
	cmpl %edi, %eax
	jae .Lmem_ok
.Lmem_skip:
	addl $24, %ecx
	decl %edx
	jmp .Lmem_next

.Lno_mem:
	PUTS nomem_msg
	leal R(__kvm_image_end), %ebx
	movl $8, %ecx
1:	roll $4, %ebx
	movl %ebx, %eax
	andl $0xf, %eax
	movb (hexdigits - _kvm_pvh_entry)(%ebp,%eax), %al
	movw $0x3f8, %dx
	outb %al, %dx
	loop 1b
	PUTS nomem_msg2
	jmp .Lcrash_exit
.Lno_long_mode:
	PUTS nolm_msg
	jmp .Lcrash_exit
.Lneed_missing:
	PUTS need_msg
	movl 16(%edi), %ebx          /* the name: relative to its field */
	leal 16(%edi,%ebx), %ebx
	PUTS_EBX
	movl 20(%edi), %ebx          /* why */
	leal 20(%edi,%ebx), %ebx
	PUTS_EBX
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
	PUTS longcmd_msg
	movb $KVM_DEBUG_EXIT_USAGE, %al
	outb %al, $KVM_DEBUG_EXIT_PORT
	jmp .Lhalt
.Lno_pvh_loader:
	PUTS nopvh_msg
.Lcrash_exit:
	movb $KVM_DEBUG_EXIT_CRASH, %al
	outb %al, $KVM_DEBUG_EXIT_PORT
.Lhalt:
	hlt
	jmp .Lhalt

.Lmem_ok:
	/* The image is in RAM: its boot stack can be used from here on. */
	leal R(__kvm_boot_stack_top), %esp
#ifdef CONFIG_KVM_ASLR
	/*
	 * Load-address randomisation: copy the image (code, data, zeroed
	 * bss) to a random 4 KiB-aligned place, apply its relocations
	 * there and go on in the copy. Paging is off: every byte can be
	 * written, and virtual = physical stays true. The place lies in
	 * the RAM entry holding the image, above the image's own 2 MiB
	 * blocks (the copy never overlaps the code doing it), below 1 GiB
	 * less 2 MiB (the boot page directory covers the first GiB), and
	 * clear of what the loader left there (start info, memory map,
	 * command line, modules). Without a memory map, or with no room,
	 * the image stays where it is (offset 0).
	 */
	call .Laslr_random           /* %eax: 32 random bits; %edx: source */
	pushl %edx                   /* 8(%esp): the source */
	pushl %eax                   /* 4(%esp): the random bits */
	pushl $0                     /* (%esp): the offset */
	testl %ecx, %ecx
	jz .Laslr_stay
	/* The window [%edi, %ebx). */
	leal R(__kvm_image_end), %edi
	addl $(SZ_2M - 1), %edi
	andl $~(SZ_2M - 1), %edi
	movl $KVM_ASLR_TOP, %ebx
	cmpl $0, 12(%ecx)            /* an entry of 4 GiB or more */
	jne 1f
	movl (%ecx), %eax
	addl 8(%ecx), %eax
	jc 1f
	cmpl %ebx, %eax
	jae 1f
	movl %eax, %ebx
1:	andl $~0xfff, %ebx
	movl %esi, %eax              /* the start info */
	movl $64, %edx
	call .Laslr_avoid
	movl 40(%esi), %eax          /* the memory map */
	imull $24, 48(%esi), %edx
	call .Laslr_avoid
	cmpl $0, 28(%esi)            /* the command line, if below 4 GiB */
	jne 1f
	movl 24(%esi), %eax
	testl %eax, %eax
	jz 1f
	movl $CONFIG_KVM_CMDLINE_MAX, %edx
	call .Laslr_avoid
1:	movl 12(%esi), %ecx          /* the module list and the modules */
	testl %ecx, %ecx
	jz 3f
	cmpl $0, 20(%esi)
	jne 3f
	movl 16(%esi), %eax
	movl %ecx, %edx
	shll $5, %edx
	call .Laslr_avoid
	pushl %ebp
	movl 16(%esi), %ebp
2:	cmpl $0, 4(%ebp)             /* a module above 4 GiB: no matter */
	jne 4f
	movl (%ebp), %eax
	movl 8(%ebp), %edx
	cmpl $0, 12(%ebp)
	je 5f
	movl $0xffffffff, %edx
5:	call .Laslr_avoid
	cmpl $0, 20(%ebp)            /* its command line */
	jne 4f
	movl 16(%ebp), %eax
	testl %eax, %eax
	jz 4f
	movl $4096, %edx
	call .Laslr_avoid
4:	addl $32, %ebp
	loop 2b
	popl %ebp
3:
	/* Places: (hi - lo - size) / 4 KiB + 1, where there is room. */
	leal R(__kvm_image_start), %eax
	leal R(__kvm_image_end), %ecx
	subl %eax, %ecx
	addl $0xfff, %ecx
	andl $~0xfff, %ecx           /* the image's size, in whole pages */
	cmpl %edi, %ebx
	jbe .Laslr_stay
	subl %edi, %ebx              /* the window's size */
	cmpl %ecx, %ebx
	jb .Laslr_stay
	subl %ecx, %ebx
	shrl $12, %ebx
	incl %ebx                    /* the number of places */
	movl 4(%esp), %eax
	xorl %edx, %edx
	divl %ebx                    /* %edx: the place taken */
	shll $12, %edx
	addl %edx, %edi              /* its address */
	leal R(__kvm_image_start), %eax
	subl %eax, %edi
	movl %edi, (%esp)            /* the offset */

	/* The copy (never overlapping: it lies above the image): what the
	 * file holds, then zeroed bss. What comes after (page tables,
	 * stacks) needs no content: the tables are written whole. */
	pushl %esi
	leal R(__kvm_image_start), %esi
	leal (%esi,%edi), %edi
	leal R(__kvm_bss_start), %ecx
	subl %esi, %ecx
	shrl $2, %ecx
	rep movsl
	leal R(__kvm_bss_end), %ecx
	leal R(__kvm_bss_start), %eax
	subl %eax, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	popl %esi

	/* The relocations: *(offset + D) = addend + D, in the copy. */
	leal R(__kvm_rela_start), %ecx
.Laslr_rel:
	leal R(__kvm_rela_end), %eax
	cmpl %eax, %ecx
	jae .Laslr_moved
	movl 8(%ecx), %eax           /* r_info: type in the low word */
	testl %eax, %eax             /* R_X86_64_NONE: nothing to do */
	jz 1f
	cmpl $R_X86_64_RELATIVE, %eax
	jne .Laslr_badrel
	movl (%ecx), %edi            /* r_offset (below 4 GiB) */
	addl (%esp), %edi
	movl 16(%ecx), %eax          /* r_addend */
	movl 20(%ecx), %edx
	addl (%esp), %eax
	adcl $0, %edx
	movl %eax, (%edi)
	movl %edx, 4(%edi)
1:	addl $24, %ecx
	jmp .Laslr_rel
.Laslr_badrel:
	PUTS badrel_msg
	jmp .Lcrash_exit

.Laslr_stay:
	xorl %ebx, %ebx              /* no places */
.Laslr_moved:
	/* Go on in the copy: %ebp, the stack and the record of it there. */
	popl %eax                    /* the offset */
	popl %ecx
	popl %edx                    /* the source */
	addl %eax, %ebp
	movl %eax, R(kvm_load_offset)
	movl $0, R(kvm_load_offset + 4)
	movl %ebx, R(kvm_aslr_slots)
	movl %edx, R(kvm_aslr_source)
	leal R(__kvm_boot_stack_top), %esp
	leal R(kvm_x86_aslr_moved), %eax
	jmp *%eax

	/*
	 * 32 random bits in %eax, and in %edx where they came from: RDRAND
	 * (KVM_ASLR_RDRAND) when CPUID says the CPU has it and it delivers
	 * within 16 tries, else the TSC (KVM_ASLR_TSC). Keeps %ecx.
	 */
.Laslr_random:
	pushl %ecx
	pushl %ebx
	movl $1, %eax
	cpuid
	testl $(1 << 30), %ecx       /* CPUID.1:ECX.RDRAND */
	jz 2f
	movl $16, %ecx
1:	rdrand %eax
	jc 3f
	loop 1b
2:	rdtsc                        /* low bits: cycles since power-on */
	imull $0x9e3779b1, %eax
	xorl %edx, %eax
	movl $KVM_ASLR_TSC, %edx
	jmp 4f
3:	movl $KVM_ASLR_RDRAND, %edx
4:	popl %ebx
	popl %ecx
	ret

	/*
	 * Keep [%eax, %eax + %edx) out of the window [%edi, %ebx): what lies
	 * in it from its start moves the start up; what starts inside it
	 * moves the end down. Clobbers %eax, %edx.
	 */
.Laslr_avoid:
	addl %eax, %edx
	jnc 1f
	movl $0xffffffff, %edx
1:	cmpl %edi, %edx
	jbe 3f                       /* ends below the window */
	cmpl %ebx, %eax
	jae 3f                       /* starts above it */
	cmpl %edi, %eax
	jb 2f
	movl %eax, %ebx              /* starts in it */
	andl $~0xfff, %ebx
	ret
2:	addl $0xfff, %edx            /* covers its start */
	jc 4f
	andl $~0xfff, %edx
	movl %edx, %edi
	ret
4:	movl %ebx, %edi              /* up to the top: no room */
3:	ret

	/* The copy's first instruction (a named label: bench_mitigations
	 * finds the offset from it). */
kvm_x86_aslr_moved:
#endif
	/*
	 * Boot page tables, in 4 KiB pages: the first 64 KiB absent (NULL);
	 * with CONFIG_KVM_WX the image's code read/execute, its read-only
	 * data read only, every other page read/write and never executable
	 * (NX, bit 63: the high half of the entry). Then the guard page is
	 * made absent. The PTs from kvm_pt0 on (contiguous, one per 2 MiB,
	 * up to __kvm_bootpt_end) map from the image's first 2 MiB block
	 * on (from 0 without CONFIG_KVM_ASLR, where the image lies in the
	 * first block); with CONFIG_KVM_ASLR, kvm_pt_low maps the first
	 * 2 MiB, which the image never shares.
	 *
	 * Nothing here trusts the loader to have zeroed the tables: with
	 * little RAM, firmware (SeaBIOS) uses the top of low RAM, where they
	 * may lie, after the loader zeroed it. PML4, PDPT and PD are zeroed
	 * now; every PT entry is written whole.
	 */
	leal R(kvm_pml4), %edi
	movl $(3 * 4096 / 4), %ecx
	xorl %eax, %eax
	rep stosl
#ifdef CONFIG_KVM_ASLR
	leal R(kvm_pt_low), %edi     /* the NULL area: absent */
	movl $(KVM_NULL_AREA / 4096 * 2), %ecx
	rep stosl
	movl $KVM_NULL_AREA, %eax
	movl $SZ_2M, %ecx
	movl $PTE_PW, %ebx
	movl $DATA_NX_HIGH, %edx
	call .Lpt_fill
	leal R(kvm_pt_low + PTE_PW), %eax
	movl %eax, R(kvm_pd0)
	leal R(__kvm_image_start), %eax
	andl $~(SZ_2M - 1), %eax     /* the PTs' first page */
	leal R(kvm_pt0), %edi
#else
	leal R(kvm_pt0), %edi        /* the NULL area: absent */
	movl $(KVM_NULL_AREA / 4096 * 2), %ecx
	rep stosl
	xorl %eax, %eax
#endif
	pushl %eax                   /* the PTs' first page (map base) */
	leal R(__kvm_image_start), %ecx /* below the image */
	movl $PTE_PW, %ebx
	movl $DATA_NX_HIGH, %edx
#ifndef CONFIG_KVM_ASLR
	movl $KVM_NULL_AREA, %eax
#endif
	call .Lpt_fill
#ifdef CONFIG_KVM_WX
	leal R(__kvm_text_end), %ecx /* code */
	movl $PTE_P, %ebx
	xorl %edx, %edx
	call .Lpt_fill
	leal R(__kvm_rodata_end), %ecx /* read-only data */
	movl $PTE_P, %ebx
	movl $PTE_NX_HIGH, %edx
	call .Lpt_fill
#endif
	/* The rest: as far as the PTs reach (512 pages per 4 KiB of PT). */
	leal R(__kvm_bootpt_end), %ecx
	leal R(kvm_pt0), %ebx
	subl %ebx, %ecx
	shll $9, %ecx
	addl (%esp), %ecx
	movl $PTE_PW, %ebx
	movl $DATA_NX_HIGH, %edx
	call .Lpt_fill
	/* The guard page: absent. */
	leal R(__kvm_boot_stack_guard), %edi
	subl (%esp), %edi
	shrl $9, %edi                /* / 4096 * 8 */
	leal R(kvm_pt0), %eax
	andl $~PTE_P, (%eax,%edi)
	/* One page-directory entry per PT, from the map base's on. */
	popl %edi
	shrl $18, %edi               /* / 2 MiB * 8 */
	leal R(kvm_pd0), %eax
	addl %eax, %edi
	leal R(kvm_pt0 + PTE_PW), %eax
	leal R(__kvm_bootpt_end), %ecx
1:	movl %eax, (%edi)
	addl $0x1000, %eax
	addl $8, %edi
	leal -PTE_PW(%eax), %edx
	cmpl %ecx, %edx
	jb 1b
	leal R(kvm_pd0 + PTE_PW), %eax
	movl %eax, R(kvm_pdpt)
	leal R(kvm_pdpt + PTE_PW), %eax
	movl %eax, R(kvm_pml4)

	/* PAE and SSE in CR4, page tables in CR3, long mode in EFER. */
	movl %cr4, %eax
	orl $(X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	leal R(kvm_pml4), %eax
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
	lgdt R(kvm_gdt_ptr)
	/* Far return to 64-bit code (a far jump would need its address). */
	leal R(.Lentry64), %eax
	pushl $KVM_GDT_CODE
	pushl %eax
	lret

	/*
	 * Fill the PT entries from %edi on, for the pages from %eax up to
	 * %ecx (none if %eax >= %ecx), with attributes %ebx (bits 0-31) and
	 * %edx (bits 32-63).
	 */
.Lpt_fill:
	cmpl %ecx, %eax
	jae 2f
1:	movl %eax, (%edi)
	orl %ebx, (%edi)
	movl %edx, 4(%edi)
	addl $8, %edi
	addl $0x1000, %eax
	cmpl %ecx, %eax
	jb 1b
2:	ret

	.code64
.Lentry64:
	movl $KVM_GDT_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	leaq __kvm_boot_stack_top(%rip), %rsp
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
