/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDT and TSS set-up, and the crash report of CPU exceptions. An
 * exception of running code that a library takes as a signal
 * (<uk/plat/trap.h>, kvm/trap.h) goes to its handler on the thread's
 * stack. Every other exception is fatal: it prints the exception, vector, error code, CR2
 * (the faulting address of a page fault) and, for a page fault, its kind
 * (NULL page, not mapped, write to read-only memory, execute of
 * non-executable memory), the registers and a backtrace,
 * then stops the machine with the crash status. Double faults, page
 * faults, NMIs and machine checks run on their own stacks (IST), so a
 * stack overflow is reported, not turned into a triple fault.
 */
#include <kvm/x86/traps.h>
#include <kvm/trap.h>
#include <kvm/x86/boot.h>
#include <kvm/x86/pagetable.h>
#include <uk/arch/cpu.h>
#include <uk/crash.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <stddef.h>

struct idt_gate {
	__u16 off_lo, sel;
	__u8 ist, type_attr;
	__u16 off_mid;
	__u32 off_hi, zero;
} __packed;

struct tss64 {
	__u32 reserved0;
	__u64 rsp[3];
	__u64 reserved1;
	__u64 ist[7];
	__u64 reserved2;
	__u16 reserved3, iomap_base;
} __packed;

#define GATE_INTERRUPT 0x8e /* present, ring 0, 64-bit interrupt gate */
#define IST_DOUBLE_FAULT 1
#define IST_PAGE_FAULT 2
#define IST_NMI_MC 3

extern char kvm_x86_exc_stubs[], kvm_x86_irq_stubs[];
extern __u64 kvm_gdt[];
extern char kvm_ist_stacks[];

static struct idt_gate idt[256] __align(16);
static struct tss64 tss __align(16);

unsigned long kvm_x86_fpu_size = 512 + 64;
int kvm_x86_fpu_xsave;

static void set_gate(int vec, const void *handler, int ist)
{
	__u64 a = (__u64)handler;

	idt[vec] = (struct idt_gate){
		.off_lo = (__u16)a, .sel = KVM_GDT_CODE, .ist = (__u8)ist,
		.type_attr = GATE_INTERRUPT, .off_mid = (__u16)(a >> 16),
		.off_hi = (__u32)(a >> 32),
	};
}

/* Room for the interrupted code's extended state (see trap_entry.S). */
static void fpu_init(void)
{
	if (ukarch_read_cr4() & X86_CR4_OSXSAVE) {
		/* EBX: size for the features enabled in XCR0. */
		kvm_x86_fpu_size = ukarch_cpuid(0xd, 0).ebx + 64;
		kvm_x86_fpu_xsave = 1;
	}
}

void kvm_x86_traps_init(void)
{
	struct {
		__u16 limit;
		__u64 base;
	} __packed idtr = { sizeof(idt) - 1, (__u64)idt };
	__u64 t = (__u64)&tss;
	int i;

	for (i = 0; i < KVM_IST_COUNT; i++)
		tss.ist[i] = (__u64)kvm_ist_stacks +
			     (__u64)(i + 1) * KVM_IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss);
	/* 64-bit TSS descriptor: limit, base in three pieces, type 9, P. */
	kvm_gdt[KVM_GDT_TSS / 8] = (sizeof(tss) - 1) | (t & 0xffffff) << 16 |
				   0x89UL << 40 | ((t >> 24) & 0xff) << 56;
	kvm_gdt[KVM_GDT_TSS / 8 + 1] = t >> 32;
	__asm__ __volatile__("ltr %w0" ::"r"(KVM_GDT_TSS));

	for (i = 0; i < 32; i++)
		set_gate(i, kvm_x86_exc_stubs + 16 * i,
			 i == 8	 ? IST_DOUBLE_FAULT :
			 i == 14 ? IST_PAGE_FAULT :
			 i == 2 || i == 18 ? IST_NMI_MC : 0);
	for (i = 0; i < KVM_IRQ_LINES; i++)
		set_gate(KVM_VEC_IRQ_BASE + i, kvm_x86_irq_stubs + 16 * i, 0);
	set_gate(KVM_VEC_TIMER, kvm_x86_irq_stubs + 16 * KVM_IRQ_LINES, 0);
	set_gate(KVM_VEC_SPURIOUS, kvm_x86_irq_stubs + 16 * (KVM_IRQ_LINES + 1),
		 0);
	__asm__ __volatile__("lidt %0" ::"m"(idtr));
	fpu_init();
}

static const char *const exc_name[32] = {
	[0] = "divide error (#DE)",
	[1] = "debug exception (#DB)",
	[2] = "non-maskable interrupt (NMI)",
	[3] = "breakpoint (#BP)",
	[4] = "overflow (#OF)",
	[5] = "bound range exceeded (#BR)",
	[6] = "invalid opcode (#UD)",
	[7] = "device not available (#NM)",
	[8] = "double fault (#DF)",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS (#TS)",
	[11] = "segment not present (#NP)",
	[12] = "stack-segment fault (#SS)",
	[13] = "general protection fault (#GP)",
	[14] = "page fault (#PF)",
	[16] = "x87 floating-point error (#MF)",
	[17] = "alignment check (#AC)",
	[18] = "machine check (#MC)",
	[19] = "SIMD floating-point exception (#XM)",
	[20] = "virtualization exception (#VE)",
	[21] = "control protection exception (#CP)",
};

static int in_guard_page(unsigned long a)
{
	return a >= (unsigned long)__kvm_boot_stack_guard &&
	       a < (unsigned long)__kvm_boot_stack_bottom;
}

/* Page-fault error code bits (Intel SDM vol. 3, 4.7). */
#define PF_PRESENT 0x01 /* the page was present: a protection violation */
#define PF_WRITE 0x02
#define PF_USER 0x04
#define PF_RSVD 0x08 /* a reserved bit set in a paging entry */
#define PF_FETCH 0x10 /* instruction fetch */

/* The part of the image holding address a, or "" outside it. */
static const char *image_part(unsigned long a)
{
	if (a < (unsigned long)__kvm_image_start ||
	    a >= (unsigned long)__kvm_image_end)
		return "";
	if (a < (unsigned long)__kvm_text_end)
		return " (the image's code)";
	if (a < (unsigned long)__kvm_rodata_end)
		return " (the image's read-only data)";
	if (a >= (unsigned long)__kvm_boot_stack_bottom)
		return " (the boot stack)";
	if (a >= (unsigned long)__kvm_boot_stack_guard)
		return " (the boot stack's guard page)";
	return " (the image's data)";
}

/*
 * Say what kind of page fault it was, from the error code and CR2. A
 * fetch from a bad address was most likely a call through a bad pointer:
 * the word on top of the stack then names the caller, which the
 * backtrace (following frame pointers) does not show.
 */
static void page_fault_report(unsigned long err, unsigned long cr2,
			      unsigned long rsp)
{
	const char *access = err & PF_FETCH ? "instruction fetch" :
			     err & PF_WRITE ? "write" : "read";
	const char *null = cr2 < KVM_NULL_AREA
				   ? " (below 64 KiB: NULL pointer dereference)"
				   : "";
	const char *kind;

	if (err & PF_RSVD)
		kind = "reserved bit set in a page-table entry";
	else if (cr2 < KVM_NULL_AREA)
		kind = "NULL page";
	else if (!(err & PF_PRESENT))
		kind = "not mapped";
	else if (err & PF_FETCH)
		kind = "execute of non-executable memory";
	else if (err & PF_WRITE)
		kind = "write to read-only memory";
	else
		kind = "protection violation";
	uk_pr_raw("  %s: %s%s at address 0x%lx%s%s\n", kind,
		  err & PF_USER ? "user-mode " : "", access, cr2, null,
		  image_part(cr2));
	if ((err & PF_FETCH) && kvm_x86_is_mapped(rsp) &&
	    kvm_x86_is_mapped(rsp + 7))
		uk_pr_raw("  on top of the stack (the return address, if it was a call): 0x%lx\n",
			  *(unsigned long *)rsp);
}

extern char kvm_x86_trap_tramp[];

#define RFLAGS_IF 0x200

/* The signal Linux sends for an exception; 0 for none (a crash). */
static int to_signal(const struct __regs *r, unsigned long cr2,
		     struct ukplat_trap *t)
{
	*t = (struct ukplat_trap){ .pc = (void *)r->rip,
				   .addr = (void *)r->rip };
	switch (r->vector) {
	case 0:
		t->signo = UKPLAT_TRAP_SIGFPE;
		t->code = UKPLAT_TRAP_FPE_INTDIV;
		break;
	case 3:
		t->signo = UKPLAT_TRAP_SIGTRAP;
		t->code = UKPLAT_TRAP_SI_KERNEL;
		break;
	case 6:
		t->signo = UKPLAT_TRAP_SIGILL;
		t->code = UKPLAT_TRAP_ILL_ILLOPN;
		break;
	case 13:
		t->signo = UKPLAT_TRAP_SIGSEGV;
		t->code = UKPLAT_TRAP_SI_KERNEL;
		t->addr = 0;
		break;
	case 14:
		t->signo = UKPLAT_TRAP_SIGSEGV;
		t->code = r->error_code & PF_PRESENT ? UKPLAT_TRAP_SEGV_ACCERR
						     : UKPLAT_TRAP_SEGV_MAPERR;
		t->addr = (void *)cr2;
		break;
	case 16:
	case 19:
		t->signo = UKPLAT_TRAP_SIGFPE;
		t->code = UKPLAT_TRAP_FPE_FLTINV;
		break;
	case 17:
		t->signo = UKPLAT_TRAP_SIGBUS;
		t->code = UKPLAT_TRAP_BUS_ADRALN;
		break;
	default:
		return 0;
	}
	return 1;
}

/*
 * Hand the exception to the library that takes signals, if the code that
 * faulted ran with interrupts enabled (thread code, not an interrupt
 * handler or a critical section) and its stack has room: iretq then
 * continues in kvm_x86_trap_tramp, on that stack, below the red zone.
 */
static int to_handler(struct __regs *r, unsigned long cr2)
{
	struct ukplat_trap t;
	struct kvm_trap_frame *f;

	if (!(r->rflags & RFLAGS_IF) || !to_signal(r, cr2, &t))
		return 0;
	f = kvm_trap_frame_make(r, &t, r->rsp, 128);
	if (!f)
		return 0;
	r->rsp = (unsigned long)f;
	r->rip = (unsigned long)kvm_x86_trap_tramp;
	return 1;
}

void kvm_x86_trap(struct __regs *r)
{
	static int crashing;
	unsigned long cr2 = ukarch_read_cr2();
	const char *name = r->vector < 32 ? exc_name[r->vector] : NULL;

	if (!crashing && to_handler(r, cr2))
		return;
	if (crashing++) {
		uk_pr_raw("\nCRASH: exception %lu while reporting a crash\n",
			  r->vector);
		ukplat_terminate(UKPLAT_CRASH);
	}
	uk_pr_raw("\nCRASH: %s: vector %lu, error code 0x%lx, CR2 0x%lx\n",
		  name ? name : "reserved exception", r->vector, r->error_code,
		  cr2);
	if (r->vector == 14)
		page_fault_report(r->error_code, cr2, r->rsp);
	if ((r->vector == 14 && in_guard_page(cr2)) ||
	    (r->vector == 8 && in_guard_page(r->rsp)))
		uk_pr_raw("  stack overflow: the address is in the guard page below the boot stack (%p-%p)\n",
			  __kvm_boot_stack_bottom, __kvm_boot_stack_top);
	if (r->vector == 11 && (r->error_code & 0x2))
		uk_pr_raw("  no handler for interrupt vector %lu\n",
			  r->error_code >> 3);
	uk_crash_print_regs(r);
	ukplat_terminate(UKPLAT_CRASH);
}
