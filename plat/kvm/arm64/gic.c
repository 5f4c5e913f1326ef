/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Generic Interrupt Controller, version 2 (memory-mapped CPU
 * interface) or 3 (system-register CPU interface, a redistributor per
 * CPU), as the device tree says (Arm GIC architecture specifications,
 * IHI 0048 and IHI 0069). Every interrupt is group 1 (delivered as IRQ),
 * priority 0xa0, routed to this CPU. Set up on first use.
 */
#include <kvm/arm64/devices.h>
#include <kvm/arm64/pagetable.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>

/* Distributor (both versions). */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1U << 31)
/* v2 CPU interface. */
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
/* v3 redistributor: RD frame, then SGI frame 64 KiB above. */
#define GICR_TYPER 0x08
#define GICR_WAKER 0x14
#define GICR_SGI 0x10000
#define GICR_TYPER_VLPIS (1UL << 1)
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

#define PRIO 0xa0
#define SPURIOUS 1023
#define SPIN_LIMIT 1000000

static volatile __u8 *gicd, *gicc, *gicr_sgi;
static int version; /* 0: not set up */
static unsigned int lines;

static __u32 rd(volatile __u8 *b, unsigned int off)
{
	return ukarch_mmio_read32(b + off);
}

static void wr(volatile __u8 *b, unsigned int off, __u32 v)
{
	ukarch_mmio_write32(b + off, v);
}

static int wait_clear(volatile __u8 *b, unsigned int off, __u32 bits)
{
	for (int i = 0; i < SPIN_LIMIT; i++)
		if (!(rd(b, off) & bits))
			return 0;
	return -ETIMEDOUT;
}

/* This CPU's redistributor: the frame whose affinity is MPIDR's. */
static volatile __u8 *find_redist(__u64 base, __u64 size)
{
	__u64 mpidr = ukarch_sysreg_read(mpidr_el1);
	__u64 aff = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
	__u64 off = 0;

	while (off + 2 * GICR_SGI <= size) {
		volatile __u8 *rdb = (volatile __u8 *)(base + off);
		__u64 typer = ukarch_mmio_read64(rdb + GICR_TYPER);

		if ((typer >> 32) == aff)
			return rdb;
		if (typer & GICR_TYPER_LAST)
			break;
		off += typer & GICR_TYPER_VLPIS ? 4 * GICR_SGI : 2 * GICR_SGI;
	}
	return NULL;
}

static int init_v2(void)
{
	wr(gicd, GICD_CTLR, 0);
	wr(gicd, GICD_CTLR, 1);
	wr(gicc, GICC_PMR, 0xff);
	wr(gicc, GICC_BPR, 0);
	wr(gicc, GICC_CTLR, 1);
	return 0;
}

static int init_v3(void)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	volatile __u8 *rdb = find_redist(dt->gicc.base, dt->gicc.size);

	if (!rdb) {
		uk_pr_err("GICv3: no redistributor for this CPU\n");
		return -ENODEV;
	}
	gicr_sgi = rdb + GICR_SGI;
	/* Affinity routing, group 1 on. */
	wr(gicd, GICD_CTLR, (1U << 4) | (1U << 1));
	if (wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP) < 0)
		return -ETIMEDOUT;
	/* Wake the redistributor up. */
	wr(rdb, GICR_WAKER, rd(rdb, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (wait_clear(rdb, GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP) < 0)
		return -ETIMEDOUT;
	wr(gicr_sgi, GICD_IGROUPR, 0xffffffffU); /* SGIs, PPIs: group 1 */
	/* CPU interface through system registers. */
	ukarch_sysreg_write(S3_0_C12_C12_5, /* ICC_SRE_EL1 */
			    ukarch_sysreg_read(S3_0_C12_C12_5) | 1);
	ukarch_isb();
	if (!(ukarch_sysreg_read(S3_0_C12_C12_5) & 1)) {
		uk_pr_err("GICv3: the system register interface is disabled by a higher exception level\n");
		return -ENODEV;
	}
	ukarch_sysreg_write(S3_0_C4_C6_0, 0xff);  /* ICC_PMR_EL1 */
	ukarch_sysreg_write(S3_0_C12_C12_3, 0);   /* ICC_BPR1_EL1 */
	ukarch_sysreg_write(S3_0_C12_C12_4, 0);   /* ICC_CTLR_EL1: EOImode 0 */
	ukarch_sysreg_write(S3_0_C12_C12_7, 1);   /* ICC_IGRPEN1_EL1 */
	ukarch_isb();
	return 0;
}

int kvm_gic_init(void)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	int rc;

	if (version)
		return 0;
	if (!dt->gic_version || !dt->gicd.size || !dt->gicc.size)
		return -ENODEV;
	if (kvm_arm64_map(dt->gicd.base, dt->gicd.size, KVM_MAP_MMIO) < 0 ||
	    kvm_arm64_map(dt->gicc.base, dt->gicc.size, KVM_MAP_MMIO) < 0)
		return -ENOMEM;
	gicd = (volatile __u8 *)dt->gicd.base;
	gicc = (volatile __u8 *)dt->gicc.base;
	lines = 32 * ((rd(gicd, GICD_TYPER) & 0x1f) + 1);
	if (lines > 1020)
		lines = 1020;
	rc = dt->gic_version == 3 ? init_v3() : init_v2();
	if (rc < 0)
		return rc;
	version = dt->gic_version;
	uk_pr_info("GICv%d at 0x%llx, %u interrupt lines\n", version,
		   (unsigned long long)dt->gicd.base, lines);
	return 0;
}

unsigned int kvm_gic_lines(void)
{
	return lines;
}

static void set_byte(volatile __u8 *b, unsigned int off, __u8 v)
{
	ukarch_mmio_write8(b + off, v);
}

int kvm_gic_enable(unsigned int intid, int edge)
{
	volatile __u8 *d = gicd;
	__u32 bit = 1U << (intid % 32);

	if (!version || intid < 16 || intid >= lines)
		return -EINVAL;
	if (version == 3 && intid < 32)
		d = gicr_sgi; /* PPIs live in the redistributor */
	set_byte(d, GICD_IPRIORITYR + intid, PRIO);
	if (intid >= 32) {
		unsigned int cfg = GICD_ICFGR + 4 * (intid / 16);
		__u32 mask = 2U << (2 * (intid % 16));

		wr(d, cfg, edge ? rd(d, cfg) | mask : rd(d, cfg) & ~mask);
		if (version == 2) {
			set_byte(d, GICD_ITARGETSR + intid, 1); /* CPU 0 */
		} else {
			__u64 mpidr = ukarch_sysreg_read(mpidr_el1);

			wr(d, GICD_IGROUPR + 4 * (intid / 32),
			   rd(d, GICD_IGROUPR + 4 * (intid / 32)) | bit);
			ukarch_mmio_write64(d + GICD_IROUTER + 8 * intid,
					    (mpidr & 0xffffff) |
					    ((mpidr >> 32) & 0xff) << 32);
		}
	}
	wr(d, GICD_ISENABLER + 4 * (intid / 32), bit);
	return 0;
}

void kvm_gic_disable(unsigned int intid)
{
	volatile __u8 *d = version == 3 && intid < 32 ? gicr_sgi : gicd;

	if (!version || intid >= lines)
		return;
	wr(d, GICD_ICENABLER + 4 * (intid / 32), 1U << (intid % 32));
}

unsigned int kvm_gic_ack(void)
{
	if (version == 3)
		return (unsigned int)ukarch_sysreg_read(S3_0_C12_C12_0) &
		       0xffffff; /* ICC_IAR1_EL1 */
	if (version == 2)
		return rd(gicc, GICC_IAR) & 0x3ff;
	return SPURIOUS;
}

void kvm_gic_eoi(unsigned int intid)
{
	if (version == 3) {
		ukarch_sysreg_write(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
		ukarch_isb();
	} else if (version == 2) {
		wr(gicc, GICC_EOIR, intid);
	}
}
