/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64 CONFIG_KVM_ASLR: pick where the image moves to. Runs first
 * thing in kvm_arm64_boot, still where QEMU loaded the image (its link
 * address), MMU on, before anything else has run: it reads the device
 * tree for RAM, the initrd and reserved memory, picks a random
 * 4 KiB-aligned place above the image, and hands over to
 * kvm_arm64_aslr_move (entry.S), which copies the image there, applies
 * the relocations and boots the copy from its entry code. Everything
 * this writes is in .bss, the stack or the page tables, which the copy
 * starts afresh (kvm_aslr_source, in .data, the entry code of the copy
 * sets again): .data travels as the loader wrote it.
 */
#include <kvm/arm64/boot.h>
#include <kvm/arm64/dt.h>
#include <kvm/arm64/pagetable.h>
#include <kvm/aslr.h>
#include <uk/arch/random.h>
#include <uk/fdt.h>

#define SZ_2M (2UL << 20)
#define SZ_1G (1UL << 30)
#define DTB_MAX_SIZE (64UL << 20)

void kvm_arm64_aslr_move(__u64 offset, __u64 places, __u64 source,
			 __paddr dtb) __noreturn;

/* Keep [base, base + len) out of the window [*lo, *hi); one inside it
 * leaves the larger side (QEMU puts the device tree mid-RAM). */
static void avoid(__u64 *lo, __u64 *hi, __u64 base, __u64 len)
{
	__u64 end = len > ~0ULL - base - 4095 ? ~0ULL - 4095 : base + len;

	if (end <= *lo || base >= *hi)
		return;
	if (base <= *lo || (end < *hi && base - *lo < *hi - end))
		*lo = MIN(ALIGN_UP(end, 4096), *hi);
	else
		*hi = ALIGN_DOWN(base, 4096);
}

/* splitmix64 step, to spread a seed or a counter reading. */
static __u64 mix(__u64 x)
{
	x += 0x9e3779b97f4a7c15UL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
	return x ^ (x >> 31);
}

/* 64 random bits: RNDR, else the firmware's seed in the device tree
 * (QEMU's /chosen rng-seed or kaslr-seed, from the host), else the
 * counter. *source says which. */
static __u64 random_bits(const struct kvm_arm64_dt *dt, __u32 *source)
{
	__u64 v, counter;

	if (ukarch_random_present() && ukarch_random_u64(&v) == 0) {
		*source = KVM_ASLR_RNDR;
		return v;
	}
	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(counter));
	if (dt->seed && dt->seed_len) {
		const __u8 *p = dt->seed;
		__u64 acc = counter;

		for (__u32 i = 0; i < dt->seed_len; i++)
			acc = mix(acc ^ p[i]);
		*source = KVM_ASLR_DTSEED;
		return acc;
	}
	*source = KVM_ASLR_COUNTER;
	return mix(counter ^ kvm_boot_counter);
}

void kvm_arm64_aslr(__paddr dtb)
{
	struct kvm_arm64_dt dt = { 0 };
	struct uk_fdt fdt;
	__u64 img = (__uptr)__kvm_image_start, img_end = (__uptr)__kvm_image_end;
	__u64 size = ALIGN_UP(img_end - img, 4096), lo, hi = 0, places, r;
	__u32 total, source = KVM_ASLR_COUNTER;

	/* Anything wrong with the device tree: stay, and let the boot that
	 * follows say what it is. */
	kvm_aslr_source = source;
	if (!dtb)
		dtb = KVM_ARM64_RAM_BASE;
	if ((dtb & 7) || kvm_arm64_map(dtb, UK_FDT_HEADER_SIZE, KVM_MAP_RO) < 0 ||
	    uk_fdt32((const void *)dtb) != UK_FDT_MAGIC)
		return;
	total = uk_fdt32((const __u8 *)dtb + 4);
	total = MIN(total, (__u32)DTB_MAX_SIZE);
	if (kvm_arm64_map(dtb, total, KVM_MAP_RO) < 0 ||
	    kvm_arm64_dt_parse((const void *)dtb, total, &fdt, &dt) < 0)
		return;

	/* The RAM holding the image, above the image's own 2 MiB blocks
	 * (the copy never overlaps the code making it), in the same GiB
	 * less one 2 MiB block (the boot page tables have one L2 table). */
	lo = ALIGN_UP(img_end, SZ_2M);
	for (int i = 0; i < dt.nmem; i++)
		if (dt.mem[i].base <= img &&
		    dt.mem[i].base + dt.mem[i].len >= img_end)
			hi = dt.mem[i].base + dt.mem[i].len;
	hi = ALIGN_DOWN(MIN(hi, ALIGN_DOWN(lo, SZ_1G) + SZ_1G - SZ_2M), 4096);
	avoid(&lo, &hi, dtb, total);
	if (dt.initrd_end > dt.initrd_start)
		avoid(&lo, &hi, dt.initrd_start,
		      dt.initrd_end - dt.initrd_start);
	for (int i = 0; i < dt.nrsv; i++)
		avoid(&lo, &hi, dt.rsv[i].base, dt.rsv[i].len);

	r = random_bits(&dt, &source);
	kvm_aslr_source = source;
	if (hi <= lo || hi - lo < size)
		return; /* no room: kvm_aslr_report says so */
	places = (hi - lo - size) / 4096 + 1;
	kvm_arm64_aslr_move(lo + (r % places) * 4096 - img, places, source,
			    dtb);
}
