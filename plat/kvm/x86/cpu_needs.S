/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU features the image needs: those every x86-64 image uses (FXSR,
 * SSE, SSE2), and those the compiler may use unasked for the -march it
 * was given (CONFIG_MARCH_X86_64_*), known here by the compiler's own
 * predefined macros (__SSE4_2__, __AVX2__, ...). The 32-bit entry code
 * (entry.S) checks each one with CPUID before any compiled code runs, and
 * names the first one missing. Features the compiler only uses when asked
 * (RDRAND, AES, SHA) are not listed: code that uses them checks CPUID.
 *
 * Besides, with CONFIG_KVM_WX, the no-execute bit (NX), which the page
 * tables use whatever the -march.
 *
 * One entry (24 bytes): CPUID leaf (subleaf 0), the bits needed in EBX,
 * ECX and EDX, the address of the feature's name, and that of the rest
 * of the message saying why the image needs it (kvm_need_march_msg:
 * compiled for it), each relative to its own field.
 */

.macro NEED leaf, ebx, ecx, edx, name, why=kvm_need_march_msg
	.long \leaf, \ebx, \ecx, \edx
	.long .Lname\@ - .           /* relative: no absolute address (PIE) */
	.long \why - .
	.pushsection .rodata.str.kvm_cpu_needs, "a"
.Lname\@:
	.asciz "\name"
	.popsection
.endm

#define ECX(bit) 0, (1<<(bit)), 0
#define EDX(bit) 0, 0, (1<<(bit))
#define EBX(bit) (1<<(bit)), 0, 0

	.section .rodata, "a"
	.p2align 2
	.globl kvm_cpu_needs, kvm_cpu_needs_end
kvm_cpu_needs:
	/* Leaf 1: the feature flags. */
	NEED 1, EDX(24), "FXSR"
	NEED 1, EDX(25), "SSE"
	NEED 1, EDX(26), "SSE2"
#ifdef __SSE3__
	NEED 1, ECX(0), "SSE3"
#endif
#ifdef __SSSE3__
	NEED 1, ECX(9), "SSSE3"
#endif
#ifdef __FMA__
	NEED 1, ECX(12), "FMA"
#endif
#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_16
	NEED 1, ECX(13), "CMPXCHG16B"
#endif
#ifdef __SSE4_1__
	NEED 1, ECX(19), "SSE4.1"
#endif
#ifdef __SSE4_2__
	NEED 1, ECX(20), "SSE4.2"
#endif
#ifdef __MOVBE__
	NEED 1, ECX(22), "MOVBE"
#endif
#ifdef __POPCNT__
	NEED 1, ECX(23), "POPCNT"
#endif
#ifdef __XSAVE__
	NEED 1, ECX(26), "XSAVE"
#endif
#ifdef __AVX__
	NEED 1, ECX(28), "AVX"
#endif
#ifdef __F16C__
	NEED 1, ECX(29), "F16C"
#endif
	/* Leaf 7: structured extended features. */
#ifdef __BMI__
	NEED 7, EBX(3), "BMI1"
#endif
#ifdef __AVX2__
	NEED 7, EBX(5), "AVX2"
#endif
#ifdef __BMI2__
	NEED 7, EBX(8), "BMI2"
#endif
#ifdef __AVX512F__
	NEED 7, EBX(16), "AVX512F"
#endif
#ifdef __AVX512DQ__
	NEED 7, EBX(17), "AVX512DQ"
#endif
#ifdef __AVX512IFMA__
	NEED 7, EBX(21), "AVX512IFMA"
#endif
#ifdef __AVX512CD__
	NEED 7, EBX(28), "AVX512CD"
#endif
#ifdef __AVX512BW__
	NEED 7, EBX(30), "AVX512BW"
#endif
#ifdef __AVX512VL__
	NEED 7, EBX(31), "AVX512VL"
#endif
#ifdef __AVX512VBMI__
	NEED 7, ECX(1), "AVX512VBMI"
#endif
#ifdef __AVX512VBMI2__
	NEED 7, ECX(6), "AVX512VBMI2"
#endif
#ifdef __AVX512VNNI__
	NEED 7, ECX(11), "AVX512VNNI"
#endif
#ifdef __AVX512BITALG__
	NEED 7, ECX(12), "AVX512BITALG"
#endif
#ifdef __AVX512VPOPCNTDQ__
	NEED 7, ECX(14), "AVX512VPOPCNTDQ"
#endif
	/* Leaf 0x80000001: extended features. */
#ifdef __LAHF_SAHF__
	NEED 0x80000001, ECX(0), "LAHF/SAHF in 64-bit mode"
#endif
#if defined(__LZCNT__) || defined(__ABM__)
	NEED 0x80000001, ECX(5), "LZCNT"
#endif
#ifdef __SSE4A__
	NEED 0x80000001, ECX(6), "SSE4A"
#endif
#ifdef CONFIG_KVM_WX
	NEED 0x80000001, EDX(20), \
		"no-execute pages (NX, CPUID 0x80000001 EDX bit 20)", nx_why
#endif
kvm_cpu_needs_end:

#ifdef CONFIG_KVM_WX
	.section .rodata, "a"
nx_why:
	.ascii ", which the page tables use to keep data, stacks and heap from"
	.ascii " being executed (CONFIG_KVM_WX); run it on a CPU that has it"
	.ascii " (QEMU: any 64-bit -cpu model without -nx) or build it without"
	.ascii " (make menuconfig: KVM / QEMU guest -> Write xor execute)\r\n"
	.byte 0
#endif

	.section .note.GNU-stack, "", @progbits
