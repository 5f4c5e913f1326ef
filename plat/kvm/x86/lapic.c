/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The local APIC in xAPIC mode (memory-mapped registers; x2APIC is not
 * needed and TCG lacks it). Its timer runs in one-shot mode, divided by
 * 1; its frequency is measured against the TSC when the APIC is first
 * enabled (about 1 ms). LINT0 passes the 8259's interrupts through
 * (virtual wire), LINT1 is the NMI line.
 */
#include <kvm/x86/intctrl.h>
#include <kvm/x86/clock.h>
#include <kvm/x86/pagetable.h>
#include <kvm/x86/traps.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <uk/arch/lcpu.h>
#include <uk/print.h>
#include <errno.h>

#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_ADDR 0xffffff000UL

#define REG_TPR 0x080
#define REG_EOI 0x0b0
#define REG_SVR 0x0f0
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370
#define REG_TIMER_INIT 0x380
#define REG_TIMER_CUR 0x390
#define REG_TIMER_DIV 0x3e0

#define SVR_ENABLE 0x100
#define LVT_MASKED 0x10000
#define LVT_EXTINT 0x700
#define LVT_NMI 0x400
#define TIMER_DIV_1 0xb

static volatile __u8 *apic;
static __u64 timer_hz;

static __u32 rd(unsigned int reg)
{
	return ukarch_mmio_read32(apic + reg);
}

static void wr(unsigned int reg, __u32 v)
{
	ukarch_mmio_write32(apic + reg, v);
}

/*
 * The timer's current count with the TSC at that moment: the reading
 * with the shortest TSC bracket out of a few (see pit.c for why).
 */
static void read_timer(__u64 *tsc, __u32 *count)
{
	__u64 best = ~0ULL;

	for (int i = 0; i < 8; i++) {
		__u64 a = ukarch_rdtsc();
		__u32 c = rd(REG_TIMER_CUR);
		__u64 b = ukarch_rdtsc();

		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*count = c;
		}
	}
}

/* Count timer ticks against the TSC over about a millisecond. */
static __u64 measure_timer(void)
{
	__u64 tsc_hz = kvm_tsc_hz(), t0 = 0, t1 = 0;
	__u32 c0 = 0, c1 = 0;

	wr(REG_TIMER_INIT, 0xffffffff);
	read_timer(&t0, &c0);
	while (ukarch_rdtsc() - t0 < tsc_hz / 1000)
		;
	read_timer(&t1, &c1);
	wr(REG_TIMER_INIT, 0);
	if (c1 >= c0 || t1 <= t0)
		return 0;
	return (__u64)((unsigned __int128)(c0 - c1) * tsc_hz / (t1 - t0));
}

int kvm_lapic_init(void)
{
	unsigned long flags;
	__u64 base;

	if (timer_hz)
		return 0;
	if (!(ukarch_cpuid(1, 0).edx & X86_CPUID1_EDX_APIC))
		return -ENODEV;
	flags = ukarch_irq_save();
	base = ukarch_rdmsr(X86_MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE))
		ukarch_wrmsr(X86_MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	base &= APIC_BASE_ADDR;
	if (kvm_x86_map(base, __PAGE_SIZE, KVM_MAP_MMIO) < 0) {
		if (flags)
			ukarch_irq_enable();
		return -ENOMEM;
	}
	apic = (volatile __u8 *)base;
	wr(REG_TPR, 0);
	wr(REG_SVR, SVR_ENABLE | KVM_VEC_SPURIOUS);
	wr(REG_LVT_LINT0, LVT_EXTINT);
	wr(REG_LVT_LINT1, LVT_NMI);
	wr(REG_LVT_ERROR, LVT_MASKED);
	wr(REG_TIMER_DIV, TIMER_DIV_1);
	wr(REG_LVT_TIMER, LVT_MASKED | KVM_VEC_TIMER);
	timer_hz = measure_timer();
	if (timer_hz < 1000) {
		uk_pr_err("the local APIC timer does not count (%llu Hz)\n",
			  (unsigned long long)timer_hz);
		if (flags)
			ukarch_irq_enable();
		return -ENODEV;
	}
	wr(REG_LVT_TIMER, KVM_VEC_TIMER); /* one-shot, unmasked */
	uk_pr_info("local APIC at 0x%lx, timer %llu Hz\n", (unsigned long)base,
		   (unsigned long long)timer_hz);
	if (flags)
		ukarch_irq_enable();
	return 0;
}

void kvm_lapic_eoi(void)
{
	wr(REG_EOI, 0);
}

__u64 kvm_lapic_timer_hz(void)
{
	return timer_hz;
}

void kvm_lapic_timer_start(__u32 count)
{
	wr(REG_TIMER_INIT, count);
}
