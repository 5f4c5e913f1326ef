/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64 start-up in C, entered from entry.S at EL1 with the MMU on:
 * find and check the device tree, bring up the console it names, build
 * the memory regions from its memory nodes, then hand the command line
 * (/chosen/bootargs) to ukplat_entry. The interrupt controller and the
 * timer are set up on first use, so images that need neither (hello
 * world) spend nothing on them.
 */
#include <kvm/arm64/boot.h>
#include <kvm/arm64/devices.h>
#include <kvm/arm64/dtboot.h>
#include <kvm/arm64/pagetable.h>
#include <kvm/cmdline.h>
#include <kvm/console.h>
#include <kvm/memregion.h>
#include <kvm/aslr.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <errno.h>
#include <stddef.h>

/* A device tree larger than this is taken as garbage. */
#define DTB_MAX_SIZE (64UL << 20)

struct kvm_arm64_dt kvm_arm64_dt;
static struct uk_fdt fdt;

#define fail kvm_arm64_boot_fail

static const struct kvm_arm64_bootname bootname = {
	"kvm", "give the guest more memory (QEMU -m)"
};

/*
 * Map the device tree and check it. x0 of a Linux Image entry gives its
 * address; QEMU gives none to an ELF and puts it at the RAM base then.
 */
static const void *find_dtb(__paddr dtb, __sz *size)
{
	return kvm_arm64_dtb_map(&bootname, dtb ? dtb : KVM_ARM64_RAM_BASE,
				 DTB_MAX_SIZE,
				 "kvm: no device tree (none in x0, none at the RAM base): boot the raw Image with QEMU -kernel, or a loader that passes one",
				 size);
}

static void map_device(const struct kvm_dt_dev *d, const char *what)
{
	if (d->size && kvm_arm64_map(d->base, d->size, KVM_MAP_MMIO) < 0)
		uk_pr_err("cannot map the %s at 0x%llx\n", what,
			  (unsigned long long)d->base);
}

/*
 * QEMU puts the device tree of a raw Image 128 MiB into RAM, which cuts
 * the free memory in two (no malloc of more than half of it could
 * succeed). Once RAM is mapped, the tree moves right behind the image
 * and is parsed again there (the parsed fields point into it). Returns
 * where it is now.
 */
static const void *move_dtb(const void *dtb, __sz size)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	__uptr from = (__uptr)dtb;
	__uptr to = ALIGN_UP((__uptr)__kvm_image_end, (__uptr)8);
	const __u8 *src = dtb;
	__u8 *dst = (__u8 *)to;
	int in_ram = 0;

	if (to == from || (to < from + size && from < to + size))
		return dtb;
	for (int i = 0; i < dt->nmem; i++)
		if (dt->mem[i].base <= to &&
		    to + size <= dt->mem[i].base + dt->mem[i].len)
			in_ram = 1;
	if (!in_ram)
		return dtb;
	for (__sz i = 0; i < size; i++)
		dst[i] = src[i];
	if (kvm_arm64_dt_parse(dst, size, &fdt, &kvm_arm64_dt) < 0) {
		kvm_arm64_dt_parse(dtb, size, &fdt, &kvm_arm64_dt);
		return dtb;
	}
	/* the old place was mapped read-only: free RAM now */
	for (__uptr a = from & ~(__uptr)4095; a < from + size; a += 4096) {
		kvm_arm64_page_set_present(a, 0);
		kvm_arm64_page_set_present(a, 1);
	}
	return dst;
}

static void setup_memory(const void *dtb, __sz dtb_size)
{
	static struct kvm_memrange fw[KVM_DT_MEM_MAX + KVM_DT_RSV_MAX];
	int nfw = kvm_arm64_dt_ram(&bootname, fw);

	dtb = move_dtb(dtb, dtb_size);
	kvm_arm64_memregions(&bootname, fw, nfw, dtb, dtb_size);
}

void kvm_arm64_boot(__paddr dtb_addr)
{
	struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	__sz dtb_size;
	const void *dtb;
	int rc;

#if CONFIG_KVM_ASLR
	if (!kvm_aslr_source)
		kvm_arm64_aslr(dtb_addr); /* returns only if it stays */
#endif
	dtb = find_dtb(dtb_addr, &dtb_size);
	rc = kvm_arm64_dt_parse(dtb, dtb_size, &fdt, dt);

	if (rc < 0) {
		uk_pr_crit("kvm: malformed device tree at 0x%lx: %s (byte %u, error %d)\n",
			   (unsigned long)dtb, fdt.err, fdt.err_off, rc);
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (dt->uart.size) {
		map_device(&dt->uart, "PL011 UART");
		kvm_serial_init();
	}
	if (dt->warning)
		uk_pr_warn("device tree: %s\n", dt->warning);
	setup_memory(dtb, fdt.size);
#if CONFIG_KVM_ASLR
	kvm_aslr_report();
#endif
#ifdef CONFIG_KVM_PCI
	kvm_arm64_pci_setup();
#endif
#ifdef CONFIG_ARM64_PAC
	kvm_arm64_pauth_init();
#endif
	kvm_cmdline_init(dt->bootargs);
	kvm_cmdline_enter();
}
