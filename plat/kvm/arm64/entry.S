/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry of the kvm arm64 image, which starts with a Linux arm64 Image
 * header so that QEMU's -kernel (and other loaders of Linux Images)
 * load it KVM_ARM64_TEXT_OFFSET bytes above the RAM base and enter at
 * its first byte, at EL2 or EL1, MMU off, x0 = the device tree's
 * physical address (0 when QEMU loads the .dbg ELF instead).
 *
 *  1. read the counter (boot-time instrumentation);
 *  2. at EL2, hand EL1 the timer, FP/SIMD and GICv3 system registers and
 *     drop to EL1;
 *  3. check the image runs where it was linked (else: stop; nothing
 *     else can be done before the device tree is read);
 *  4. build the boot page tables: the image's 2 MiB blocks (as many as
 *     it spans) in 4 KiB pages with per-section permissions, the boot
 *     stack's guard page
 *     left out; turn on the MMU and caches; enable FP/SIMD;
 *  5. install the exception vectors, put the exception stack on SP_EL1
 *     and the boot stack on SP_EL0 (the kernel runs on SP_EL0, so a
 *     fault on an overflowed stack is reported on a good one);
 *  6. zero .bss and call kvm_arm64_boot(dtb).
 *
 * With CONFIG_KVM_ASLR, kvm_arm64_boot picks a random place for the image
 * (arm64/aslr.c) and calls kvm_arm64_aslr_move (below), which turns the
 * MMU off, copies the image there, applies its relocations and enters
 * the copy at step 3 (x21: the offset): it builds its own page tables.
 * Addresses of symbols come from adrp/add (ADDR), never from literal
 * words: code needs no relocation, wherever it runs.
 */
#include <uk/arch/cpu.h>
#include <kvm/arm64/boot.h>

#define PTE_PAGE (KVM_ARM64_PTE_VALID | KVM_ARM64_PTE_TABLE | \
		  KVM_ARM64_PTE_ATTR(KVM_ARM64_MT_NORMAL) | \
		  KVM_ARM64_PTE_SH_INNER | KVM_ARM64_PTE_AF)
#define PTE_TBL (KVM_ARM64_PTE_VALID | KVM_ARM64_PTE_TABLE)
#define SCTLR_MMU_OFF ARM64_SCTLR_RES1
#define R_AARCH64_RELATIVE 1027

/* reg = the run-time address of sym (within 4 GiB of the code). */
.macro ADDR reg, sym
	adrp \reg, \sym
	add \reg, \reg, :lo12:\sym
.endm
#define SCTLR_MMU_ON (ARM64_SCTLR_RES1 | ARM64_SCTLR_M | ARM64_SCTLR_C | \
		      ARM64_SCTLR_I | ARM64_SCTLR_SA | ARM64_SCTLR_SA0)

	/* Page tables and stacks: no file space (bss-like, not zeroed). */
	.section .kvm_pagetables, "aw", %nobits
	.p2align 12
	.globl kvm_arm64_pt_l0, kvm_arm64_pt_pool
kvm_arm64_pt_l0:	.skip 4096
kvm_arm64_pt_l1:	.skip 4096
kvm_arm64_pt_l2:	.skip 4096
	/* The L3 tables (kvm_arm64_pt_l3 .. __kvm_boot_l3_end, one per 2 MiB
	 * of the image) come from the linker script, after everything. */
kvm_arm64_pt_pool:	.skip 4096 * KVM_ARM64_PT_POOL_PAGES

	.data
	.p2align 3
	.globl kvm_boot_counter
kvm_boot_counter:	.quad 0
#ifdef CONFIG_KVM_ASLR
	/* Where the image was moved (see kvm/aslr.h). */
	.globl kvm_load_offset, kvm_aslr_slots, kvm_aslr_source
kvm_load_offset:	.quad 0
kvm_aslr_slots:	.long 0
kvm_aslr_source:	.long 0
#endif

	.section .text.boot, "ax"
	.globl _kvm_arm64_start
	.type _kvm_arm64_start, %function
_kvm_arm64_start:
	/* The Linux arm64 Image header (64 bytes). */
	b .Lprimary                   /* code0 */
	.long 0                       /* code1 */
	.quad KVM_ARM64_TEXT_OFFSET   /* text_offset */
	.quad __kvm_image_size        /* image_size: with bss and stacks */
	.quad KVM_ARM64_IMAGE_FLAGS   /* flags */
	.quad 0, 0, 0                 /* res2, res3, res4 */
	.ascii "ARM\x64"              /* magic */
	.long 0                       /* res5 */

.Lprimary:
	mov x19, x0                   /* device tree address */
	mrs x20, cntvct_el0           /* boot stamp */
	mov x21, #0                   /* not moved (CONFIG_KVM_ASLR) */
	mov x22, #0
	mov x23, #0
	mrs x0, CurrentEL
	lsr x0, x0, #2
	cmp x0, #2
	b.eq .Lfrom_el2
	cmp x0, #1
	b.ne .Lstop                   /* EL3: not a Linux boot protocol entry */

.Lat_el1:
#ifdef CONFIG_KVM_ASLR
kvm_arm64_aslr_moved:                 /* where the moved copy starts */
#endif
	msr daifset, #0xf
	ldr x0, =SCTLR_MMU_OFF
	msr sctlr_el1, x0
	isb
	adr x0, _kvm_arm64_start
#ifdef CONFIG_KVM_ASLR
	ldr x1, =KVM_ARM64_LOAD_ADDR  /* a number: no relocation */
	add x1, x1, x21               /* where the move put it */
#else
	ldr x1, =_kvm_arm64_start
#endif
	cmp x0, x1
	b.ne .Lstop                   /* not loaded where linked */

	/* Zero L0-L2 (MMU off: the writes reach memory); every L3 entry
	 * is written below. */
	adrp x0, kvm_arm64_pt_l0
	add x1, x0, #3 * 4096
1:	stp xzr, xzr, [x0], #16
	cmp x0, x1
	b.ne 1b

	/* L0 -> L1 -> L2 -> L3 for the 2 MiB block holding the image. */
	adr x9, _kvm_arm64_start
	adrp x10, kvm_arm64_pt_l0
	adrp x11, kvm_arm64_pt_l1
	adrp x12, kvm_arm64_pt_l2
	adrp x13, kvm_arm64_pt_l3
	ubfx x0, x9, #39, #9
	orr x1, x11, #PTE_TBL
	str x1, [x10, x0, lsl #3]
	ubfx x0, x9, #30, #9
	orr x1, x12, #PTE_TBL
	str x1, [x11, x0, lsl #3]
	/* One L2 entry per L3 table, from the image's first block on. */
	ubfx x0, x9, #21, #9
	add x0, x12, x0, lsl #3
	orr x1, x13, #PTE_TBL
	ADDR x15, __kvm_boot_l3_end
	orr x15, x15, #PTE_TBL
8:	str x1, [x0], #8
	add x1, x1, #4096
	cmp x1, x15
	b.ne 8b

	/*
	 * L3: 512 pages per table. Text: read-only, executable. Read-only data:
	 * read-only. Guard page: absent. Everything else: read/write.
	 * Nothing but text is executable.
	 */
	and x2, x9, #~0x1fffff        /* first page of the block */
	ADDR x3, __kvm_text_end
	ADDR x4, __kvm_rodata_end
	ADDR x5, __kvm_boot_stack_guard
	ldr x6, =PTE_PAGE | KVM_ARM64_PTE_RO | KVM_ARM64_PTE_UXN
#ifdef CONFIG_ARM64_BTI
	/* Guarded code pages where the CPU has BTI (ID_AA64PFR1_EL1.BT). */
	mrs x1, id_aa64pfr1_el1
	tst x1, #0xf
	b.eq 1f
	orr x6, x6, #KVM_ARM64_PTE_GP
1:
#endif
	ldr x7, =PTE_PAGE | KVM_ARM64_PTE_RO | KVM_ARM64_PTE_UXN | KVM_ARM64_PTE_PXN
	ldr x8, =PTE_PAGE | KVM_ARM64_PTE_UXN | KVM_ARM64_PTE_PXN
	mov x14, x13
	ADDR x15, __kvm_boot_l3_end
2:	cmp x2, x9
	b.lo 5f                       /* below the image: read/write */
	cmp x2, x3
	b.hs 3f
	orr x1, x2, x6                /* text */
	b 6f
3:	cmp x2, x4
	b.hs 4f
	orr x1, x2, x7                /* read-only data */
	b 6f
4:	cmp x2, x5
	b.ne 5f
	mov x1, #KVM_ARM64_PTE_GUARD  /* the guard page: absent */
	b 6f
5:	orr x1, x2, x8
6:	str x1, [x14], #8
	add x2, x2, #4096
	cmp x14, x15
	b.ne 2b

	/* Drop stale cache lines of the tables (written with caches off). */
	mrs x0, ctr_el0
	ubfx x0, x0, #16, #4          /* DminLine: log2(words per line) */
	mov x1, #4
	lsl x1, x1, x0
	adrp x0, kvm_arm64_pt_l0      /* L0 up to the last L3 (stacks between) */
	ADDR x2, __kvm_boot_l3_end
7:	dc ivac, x0
	add x0, x0, x1
	cmp x0, x2
	b.lo 7b
	dsb sy

	/* MMU and caches on. */
	ldr x0, =KVM_ARM64_MAIR
	msr mair_el1, x0
	mrs x1, id_aa64mmfr0_el1
	and x1, x1, #0xf              /* PARange */
	mov x2, #5                    /* at most 48 bits: 4 KiB pages */
	cmp x1, x2
	csel x1, x1, x2, ls
	ldr x0, =KVM_ARM64_TCR
	bfi x0, x1, #32, #3           /* IPS */
	msr tcr_el1, x0
	msr ttbr0_el1, x10
	isb
	tlbi vmalle1
	dsb nsh
	isb
	ic iallu
	dsb nsh
	isb
	ldr x0, =SCTLR_MMU_ON
	msr sctlr_el1, x0
	isb

	/* FP/SIMD usable; exception vectors; stacks. */
	mov x0, #ARM64_CPACR_FPEN
	msr cpacr_el1, x0
	ADDR x0, kvm_arm64_vectors
	msr vbar_el1, x0
	isb
	msr spsel, #1
	ADDR x0, __kvm_exc_stack_top
	mov sp, x0
	msr spsel, #0
	ADDR x0, __kvm_boot_stack_top
	mov sp, x0

	ADDR x0, __kvm_bss_start
	ADDR x1, __kvm_bss_end
	b 9f
8:	stp xzr, xzr, [x0], #16
9:	cmp x0, x1
	b.lo 8b
	ADDR x0, kvm_boot_counter
	str x20, [x0]
#ifdef CONFIG_KVM_ASLR
	ADDR x0, kvm_load_offset
	str x21, [x0]
	ADDR x0, kvm_aslr_slots
	str w22, [x0]
	ADDR x0, kvm_aslr_source
	str w23, [x0]
#endif

	mov x29, #0                   /* backtraces end here */
	mov x30, #0
	mov x0, x19
	bl kvm_arm64_boot
	udf #0

	/* At EL2: give EL1 what it needs, then continue at EL1. */
.Lfrom_el2:
	mov x0, #(1 << 31)            /* HCR_EL2.RW: EL1 runs AArch64 */
	msr hcr_el2, x0
	mrs x0, cnthctl_el2
	orr x0, x0, #3                /* EL1PCTEN, EL1PCEN: physical timer */
	msr cnthctl_el2, x0
	msr cntvoff_el2, xzr
	mov x0, #0x33ff               /* CPTR_EL2: no FP/SIMD traps */
	msr cptr_el2, x0
	msr hstr_el2, xzr
	mrs x0, id_aa64pfr0_el1
	ubfx x0, x0, #24, #4          /* GIC system register interface? */
	cbz x0, 1f
	mrs x0, S3_4_C12_C9_5         /* ICC_SRE_EL2 */
	mov x1, #0x9                  /* SRE, Enable: EL1 may use it */
	orr x0, x0, x1
	msr S3_4_C12_C9_5, x0
	isb
	msr S3_4_C12_C11_0, xzr       /* ICH_HCR_EL2: no virtual interrupts */
1:	ldr x0, =SCTLR_MMU_OFF
	msr sctlr_el1, x0
	mov x0, #0x3c5                /* EL1h, DAIF masked */
	msr spsr_el2, x0
	adr x0, .Lat_el1
	msr elr_el2, x0
	eret

#ifdef CONFIG_KVM_ASLR
	/*
	 * kvm_arm64_aslr_move(offset x0, places x1, source x2, dtb x3):
	 * from C on the boot stack, MMU on; never returns. Cleans the
	 * image's code and data to the point of coherency, turns the MMU
	 * and caches off, copies them offset bytes up (bss, page tables and
	 * stacks need no content: the copy's entry code zeroes bss and
	 * writes its tables; the place lies above the image: no overlap), applies the relocations in the
	 * copy (*(r_offset + offset) = r_addend + offset; an unaligned one a
	 * byte at a time: with the MMU off memory is Device memory, which
	 * faults on unaligned accesses) and enters the copy at .Lat_el1 with
	 * x21-x23 saying what was done.
	 */
	.globl kvm_arm64_aslr_move
	.type kvm_arm64_aslr_move, %function
kvm_arm64_aslr_move:
	msr daifset, #0xf
	mov x21, x0
	mov x22, x1
	mov x23, x2
	mov x19, x3
	ADDR x0, kvm_boot_counter
	ldr x20, [x0]
	adr x9, _kvm_arm64_start
	ADDR x10, __kvm_bss_start     /* the copy zeroes its own bss */
	/* Clean every line of the image's file part to memory. */
	mrs x0, ctr_el0
	ubfx x0, x0, #16, #4
	mov x1, #4
	lsl x1, x1, x0                /* the D-cache line size */
	mov x0, x9
1:	dc cvac, x0
	add x0, x0, x1
	cmp x0, x10
	b.lo 1b
	dsb sy
	ldr x0, =SCTLR_MMU_OFF
	msr sctlr_el1, x0
	isb
	ic iallu
	dsb nsh
	isb
	/* The copy, 16 bytes at a time (both ends are page aligned). */
	mov x0, x9
	add x1, x9, x21
2:	ldp x2, x3, [x0], #16
	stp x2, x3, [x1], #16
	cmp x0, x10
	b.lo 2b
	/* The relocations. */
	ADDR x0, __kvm_rela_start
	ADDR x1, __kvm_rela_end
3:	cmp x0, x1
	b.hs 6f
	ldp x2, x3, [x0]              /* r_offset, r_info */
	ldr x4, [x0, #16]             /* r_addend */
	add x0, x0, #24
	cbz w3, 3b                    /* R_AARCH64_NONE */
	cmp w3, #R_AARCH64_RELATIVE
	b.ne .Lstop                   /* the build refuses such an image */
	add x2, x2, x21
	add x4, x4, x21
	tst x2, #7
	b.ne 4f
	str x4, [x2]
	b 3b
4:	mov x5, #8                    /* unaligned: byte by byte */
5:	strb w4, [x2], #1
	lsr x4, x4, #8
	subs x5, x5, #1
	b.ne 5b
	b 3b
6:	dsb sy
	ic iallu
	dsb nsh
	isb
	adr x0, .Lat_el1
	add x0, x0, x21
	br x0
	.size kvm_arm64_aslr_move, . - kvm_arm64_aslr_move
#endif

	/* Nothing can be reported this early: wait for good. */
.Lstop:
	msr daifset, #0xf
	wfi
	b .Lstop
	.ltorg
	.size _kvm_arm64_start, . - _kvm_arm64_start

	.section .note.GNU-stack, "", %progbits
