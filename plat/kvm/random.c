/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukplat_random_bytes on kvm: the CPU's random instruction (RDRAND on
 * x86_64, RNDR on arm64) when it has one; else, on arm64, a generator
 * seeded by the random bytes QEMU puts in the device tree (/chosen
 * rng-seed, kaslr-seed); else bytes mixed from the cycle counter, which a
 * patient attacker can guess (-ENODEV says so).
 */
#include <uk/plat/random.h>
#include <uk/arch/random.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/cpu.h>
#include <errno.h>
#include <string.h>
#ifdef CONFIG_ARCH_ARM_64
#include <kvm/arm64/dt.h>

extern struct kvm_arm64_dt kvm_arm64_dt;
#endif

static __u64 cycles(void)
{
#ifdef CONFIG_ARCH_X86_64
	return ukarch_rdtsc();
#else
	return ukarch_counter();
#endif
}

/* splitmix64: one step of a generator with a 64-bit state. */
static __u64 mix(__u64 *state)
{
	__u64 x = (*state += 0x9e3779b97f4a7c15UL);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
	return x ^ (x >> 31);
}

/*
 * The generator's state, from the firmware's seed where there is one:
 * 1 if so. Every call draws a new state, so the same seed never gives
 * the same bytes twice.
 */
static int firmware_seed(__u64 *state)
{
#ifdef CONFIG_ARCH_ARM_64
	static __u64 drawn;
	const __u8 *seed = kvm_arm64_dt.seed;
	__u64 acc = ++drawn;

	if (!seed)
		return 0;
	for (__u32 i = 0; i < kvm_arm64_dt.seed_len; i++) {
		acc ^= (__u64)seed[i] << (8 * (i % 8));
		if (i % 8 == 7)
			*state ^= mix(&acc);
	}
	*state ^= mix(&acc);
	return 1;
#else
	(void)state;
	return 0;
#endif
}

int ukplat_random_bytes(void *buf, __sz len)
{
	int hw = ukarch_random_present();
	__u64 state = cycles();
	int seeded = !hw && firmware_seed(&state);
	__u8 *p = buf;

	while (len) {
		__u64 v;
		__sz n = len < sizeof(v) ? len : sizeof(v);

		if (!hw || ukarch_random_u64(&v) < 0) {
			hw = 0;
			state ^= cycles();
			v = mix(&state);
		}
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return hw || seeded ? 0 : -ENODEV;
}
