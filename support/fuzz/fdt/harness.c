/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device-tree reader on the host. The input is the blob, in a buffer
 * of exactly its size (the maxlen the readers get). Two readers: a full
 * walk with uk_fdt_next and uk_fdt_rsv, checking every token (names
 * NUL-terminated inside the blob, values inside it, depths in range, the
 * walk ending) and the string helpers on each property; then
 * kvm_arm64_dt_parse, whose results must point into the blob and stay
 * within their arrays. The header is also read with a maxlen shorter
 * than the blob (a buffer of that size), which must be refused unread.
 */
#include "shim.h"
#include <uk/fdt.h>
#include <kvm/arm64/dt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Is s a string that ends inside the blob? */
static int string_in(const char *s, const uint8_t *blob, size_t size)
{
	return fuzz_within(s, 1, blob, size) &&
	       memchr(s, 0, size - (size_t)((const uint8_t *)s - blob));
}

static void walk(const uint8_t *blob, size_t size)
{
	struct uk_fdt fdt;
	struct uk_fdt_walk w = { 0 };
	struct uk_fdt_token t;
	size_t tokens = 0;
	__u64 base, len;
	int rc = uk_fdt_init(&fdt, blob, size);

	if (rc < 0) {
		FUZZ_CHECK(fdt.err != NULL, "uk_fdt_init: %d, no message", rc);
		return;
	}
	FUZZ_CHECK(fdt.size <= size, "totalsize %u past %zu", fdt.size, size);
	while ((rc = uk_fdt_next(&fdt, &w, &t)) > 0) {
		FUZZ_CHECK(++tokens <= size / 4, "more tokens than words");
		FUZZ_CHECK(t.depth >= 0 && t.depth < UK_FDT_MAX_DEPTH,
			   "depth %d", t.depth);
		FUZZ_CHECK(t.off < fdt.size, "token offset %u", t.off);
		if (t.type == UK_FDT_END_NODE)
			continue;
		FUZZ_CHECK(string_in(t.name, blob, fdt.size),
			   "token at %u: name not a string in the blob", t.off);
		if (t.type != UK_FDT_PROP)
			continue;
		FUZZ_CHECK(fuzz_within(t.val, t.len, blob, fdt.size),
			   "property at %u: value outside the blob", t.off);
		(void)uk_fdt_is_string(t.val, t.len);
		(void)uk_fdt_list_has(t.val, t.len, "arm,pl011");
		(void)uk_fdt_list_has(t.val, t.len, "");
		(void)uk_fdt_strcmp(t.name, "compatible");
	}
	FUZZ_CHECK(rc == 0 || rc == -EILSEQ, "uk_fdt_next: %d", rc);
	FUZZ_CHECK(rc == 0 || fdt.err, "uk_fdt_next: %d, no message", rc);
	FUZZ_CHECK(rc < 0 || uk_fdt_next(&fdt, &w, &t) == 0,
		   "a walk that ended goes on");
	for (unsigned int i = 0; (rc = uk_fdt_rsv(&fdt, i, &base, &len)) > 0;
	     i++)
		FUZZ_CHECK(i < size / 16, "more reservations than fit");
	FUZZ_CHECK(rc == 0 || rc == -EILSEQ, "uk_fdt_rsv: %d", rc);
}

static void check_dev(const struct kvm_dt_dev *d, const char *what)
{
	FUZZ_CHECK(d->irq.intid < 1020, "%s: INTID %u", what, d->irq.intid);
	FUZZ_CHECK(d->irq.edge == 0 || d->irq.edge == 1, "%s: edge %d", what,
		   d->irq.edge);
}

static void platform(const uint8_t *blob, size_t size)
{
	static struct kvm_arm64_dt dt;
	struct uk_fdt fdt;
	int rc = kvm_arm64_dt_parse(blob, size, &fdt, &dt);

	if (rc < 0) {
		FUZZ_CHECK(fdt.err != NULL, "kvm_arm64_dt_parse: %d, no message",
			   rc);
		return;
	}
	FUZZ_CHECK(rc == 0, "kvm_arm64_dt_parse: %d", rc);
	FUZZ_CHECK(dt.nmem >= 0 && dt.nmem <= KVM_DT_MEM_MAX, "nmem %d",
		   dt.nmem);
	FUZZ_CHECK(dt.nrsv >= 0 && dt.nrsv <= KVM_DT_RSV_MAX, "nrsv %d",
		   dt.nrsv);
	FUZZ_CHECK(dt.nvirtio >= 0 && dt.nvirtio <= KVM_DT_VIRTIO_MAX,
		   "nvirtio %d", dt.nvirtio);
	for (int i = 0; i < dt.nmem; i++)
		FUZZ_CHECK(dt.mem[i].len, "memory range %d is empty", i);
	FUZZ_CHECK(!dt.bootargs || string_in(dt.bootargs, blob, size),
		   "bootargs not a string in the blob");
	FUZZ_CHECK(!dt.seed || fuzz_within(dt.seed, dt.seed_len, blob, size),
		   "seed outside the blob");
	FUZZ_CHECK(!dt.pci.ranges ||
		   fuzz_within(dt.pci.ranges, dt.pci.ranges_len, blob, size),
		   "PCI ranges outside the blob");
	FUZZ_CHECK(!dt.pci.imap ||
		   fuzz_within(dt.pci.imap, dt.pci.imap_len, blob, size),
		   "PCI interrupt-map outside the blob");
	FUZZ_CHECK(dt.initrd_start < dt.initrd_end ||
		   (!dt.initrd_start && !dt.initrd_end), "initrd %llx-%llx",
		   (unsigned long long)dt.initrd_start,
		   (unsigned long long)dt.initrd_end);
	FUZZ_CHECK(dt.gic_version == 0 || dt.gic_version == 2 ||
		   dt.gic_version == 3, "GIC version %d", dt.gic_version);
	FUZZ_CHECK(dt.psci >= KVM_DT_PSCI_NONE && dt.psci <= KVM_DT_PSCI_SMC,
		   "psci %d", dt.psci);
	check_dev(&dt.uart, "uart");
	check_dev(&dt.rtc, "rtc");
	check_dev(&dt.pci.ecam, "pci");
	for (int i = 0; i < dt.nvirtio; i++)
		check_dev(&dt.virtio[i], "virtio");
	FUZZ_CHECK(dt.timer_virt.intid < 1020 && dt.timer_phys.intid < 1020,
		   "timer INTIDs %u %u", dt.timer_virt.intid,
		   dt.timer_phys.intid);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *blob = malloc(size ? size : 1);
	struct uk_fdt fdt;

	memcpy(blob, data, size);
	walk(blob, size);
	platform(blob, size);
	free(blob);

	/* less memory than the blob claims: refused from the header alone */
	if (size >= 2 * UK_FDT_HEADER_SIZE && uk_fdt32(data + 4) > size / 2) {
		blob = malloc(size / 2);
		memcpy(blob, data, size / 2);
		FUZZ_CHECK(uk_fdt_init(&fdt, blob, size / 2) < 0,
			   "a %u-byte tree accepted in %zu bytes",
			   uk_fdt32(data + 4), size / 2);
		free(blob);
	}
	return 0;
}
