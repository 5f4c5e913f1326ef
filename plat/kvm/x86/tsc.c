/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TSC frequency and the monotonic clock. The frequency comes from CPUID
 * when the CPU (or hypervisor) reports it, else from the PIT; either way
 * only when a clock is first read, so images that never read one (hello
 * world) spend nothing on it at boot.
 */
#include <kvm/x86/clock.h>
#include <kvm/x86/boot.h>
#include <uk/arch/cpu.h>
#include <uk/arch/lcpu.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/time.h>
#include <errno.h>

static __u64 tsc_hz;
static __u64 ns_mult; /* ns = cycles * ns_mult >> 32 */
static const char *tsc_source;
static int tsc_error; /* the first failure, kept: measuring again is slow */

/* Frequency from CPUID, or 0. */
static __u64 cpuid_tsc_hz(void)
{
	struct ukarch_cpuid r;
	__u32 max = ukarch_cpuid(0, 0).eax;

	if (ukarch_cpuid(1, 0).ecx & X86_CPUID1_ECX_HYPERVISOR) {
		/* Hypervisor timing leaf (QEMU/KVM, VMware): kHz in EAX. */
		r = ukarch_cpuid(0x40000000, 0);
		if (r.eax >= 0x40000010) {
			r = ukarch_cpuid(0x40000010, 0);
			if (r.eax) {
				tsc_source = "CPUID 0x40000010";
				return (__u64)r.eax * 1000;
			}
		}
	}
	if (max >= 0x15) {
		/* TSC/crystal ratio EBX/EAX, crystal Hz in ECX. */
		r = ukarch_cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx) {
			tsc_source = "CPUID 0x15";
			return (__u64)r.ecx * r.ebx / r.eax;
		}
	}
	if (max >= 0x16) {
		/* Base frequency in MHz: the TSC's on CPUs that have it. */
		r = ukarch_cpuid(0x16, 0);
		if (r.eax) {
			tsc_source = "CPUID 0x16";
			return (__u64)r.eax * 1000000;
		}
	}
	return 0;
}

/*
 * Three PIT measurements, the median. The PIT's 16-bit count wraps every
 * 55 ms: a vCPU that loses the host CPU for longer than that during one
 * window (a loaded host under TCG) undercounts the time and overestimates
 * the frequency several times over (a clock running 5x slow was seen).
 * One such window among three does not move the median.
 */
static __s64 pit_median(void)
{
	__s64 m[3];
	int n = 0;

	for (int i = 0; i < 3; i++) {
		__s64 hz = kvm_pit_measure_tsc(CONFIG_KVM_TSC_CALIBRATION_MS);

		if (hz < 0)
			return hz; /* no PIT, or a bad window: the same each time */
		m[n++] = hz;
	}
	/* sort three */
	for (int i = 0; i < 2; i++)
		for (int j = i + 1; j < 3; j++)
			if (m[j] < m[i]) {
				__s64 t = m[i];

				m[i] = m[j];
				m[j] = t;
			}
	return m[1];
}

__s64 kvm_tsc_hz_try(void)
{
	unsigned long flags;
	__s64 hz;

	if (tsc_hz)
		return (__s64)tsc_hz;
	if (tsc_error)
		return tsc_error;
	flags = ukarch_irq_save();
	hz = (__s64)cpuid_tsc_hz();
	if (!hz) {
		hz = pit_median();
		tsc_source = "the PIT";
	}
	if (hz > 0) {
		ns_mult = (__u64)(((unsigned __int128)UKPLAT_NSEC_PER_SEC
				   << 32) / (__u64)hz);
		tsc_hz = (__u64)hz;
		uk_pr_info("TSC %llu kHz (from %s)\n",
			   (unsigned long long)(hz / 1000), tsc_source);
	} else {
		tsc_error = hz ? (int)hz : -ENODEV;
	}
	if (flags)
		ukarch_irq_enable();
	return tsc_hz ? (__s64)tsc_hz : tsc_error;
}

__u64 kvm_tsc_hz(void)
{
	__s64 hz = kvm_tsc_hz_try();

	if (hz == -ENODEV)
		UK_CRASH("cannot tell the TSC frequency: CPUID has no frequency leaf (0x40000010, 0x15, 0x16) and there is no PIT to measure it with");
	if (hz < 0)
		UK_CRASH("cannot tell the TSC frequency: measuring it against the PIT over %d ms (CONFIG_KVM_TSC_CALIBRATION_MS) failed with error %d",
			 CONFIG_KVM_TSC_CALIBRATION_MS, (int)hz);
	return (__u64)hz;
}

__nsec ukplat_monotonic_clock(void)
{
	__u64 cycles;

	if (unlikely(!tsc_hz))
		kvm_tsc_hz();
	cycles = ukarch_rdtsc() - kvm_boot_tsc;
	return (__nsec)(((unsigned __int128)cycles * ns_mult) >> 32);
}
