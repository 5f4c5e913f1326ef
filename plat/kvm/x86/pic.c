/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 8259 interrupt controller pair. The firmware leaves it on vectors
 * 8-15 (the CPU's exception vectors): it is moved to 32-47 and masked at
 * boot, and lines are unmasked when a handler is registered. Its output
 * reaches the CPU through the local APIC's LINT0 (virtual wire).
 */
#include <kvm/x86/intctrl.h>
#include <kvm/x86/traps.h>
#include <uk/arch/io.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define OCW2_EOI 0x20
#define OCW3_READ_ISR 0x0b
#define CASCADE_LINE 2

static __u16 mask = 0xffff;

static void write_mask(void)
{
	ukarch_outb(PIC1_DATA, (__u8)mask);
	ukarch_outb(PIC2_DATA, (__u8)(mask >> 8));
}

void kvm_pic_init(void)
{
	ukarch_outb(PIC1_CMD, ICW1_INIT_ICW4);
	ukarch_outb(PIC2_CMD, ICW1_INIT_ICW4);
	ukarch_outb(PIC1_DATA, KVM_VEC_IRQ_BASE);
	ukarch_outb(PIC2_DATA, KVM_VEC_IRQ_BASE + 8);
	ukarch_outb(PIC1_DATA, 1 << CASCADE_LINE); /* slave on line 2 */
	ukarch_outb(PIC2_DATA, CASCADE_LINE);
	ukarch_outb(PIC1_DATA, ICW4_8086);
	ukarch_outb(PIC2_DATA, ICW4_8086);
	write_mask();
}

void kvm_pic_mask(unsigned int line)
{
	mask |= 1U << line;
	if ((mask & 0xff00) == 0xff00)
		mask |= 1U << CASCADE_LINE;
	write_mask();
}

void kvm_pic_unmask(unsigned int line)
{
	mask &= ~(1U << line);
	if (line >= 8)
		mask &= ~(1U << CASCADE_LINE);
	write_mask();
}

static int in_service(__u16 cmd, unsigned int bit)
{
	ukarch_outb(cmd, OCW3_READ_ISR);
	return ukarch_inb(cmd) & (1U << bit);
}

int kvm_pic_eoi(unsigned int line)
{
	/* Lines 7 and 15 also carry spurious interrupts (none in service). */
	if (line == 7 && !in_service(PIC1_CMD, 7))
		return 1;
	if (line == 15 && !in_service(PIC2_CMD, 7)) {
		ukarch_outb(PIC1_CMD, OCW2_EOI); /* the master did see one */
		return 1;
	}
	if (line >= 8)
		ukarch_outb(PIC2_CMD, OCW2_EOI);
	ukarch_outb(PIC1_CMD, OCW2_EOI);
	return 0;
}
