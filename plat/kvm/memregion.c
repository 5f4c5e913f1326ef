/* SPDX-License-Identifier: BSD-3-Clause */
/* Memory regions: building the list, and the ukplat_memregion_* API. */
#include <kvm/memregion.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>

#define PAGE 4096ULL

static struct ukplat_memregion_desc regions[KVM_MEMREGION_MAX];
static int nregions;

static void sort_ranges(struct kvm_memrange *r, int n)
{
	for (int i = 1; i < n; i++) {
		struct kvm_memrange x = r[i];
		int j = i;

		for (; j > 0 && r[j - 1].base > x.base; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

static int add(struct ukplat_memregion_desc *out, int *n, int max,
	       __u64 base, __u64 len, int flags, const char *name)
{
	if (!len)
		return 0;
	if (*n == max)
		return -ENOSPC;
	out[(*n)++] = (struct ukplat_memregion_desc){
		.base = (__uptr)base, .len = (__sz)len, .flags = flags,
		.name = name,
	};
	return 0;
}

/* Emit the whole pages of [start, end) as a free region. */
static int add_free(struct ukplat_memregion_desc *out, int *n, int max,
		    __u64 start, __u64 end)
{
	if (start > ~0ULL - (PAGE - 1))
		return 0; /* in the last page: rounding up would wrap to 0 */
	start = ALIGN_UP(start, PAGE);
	end = ALIGN_DOWN(end, PAGE);
	if (end <= start)
		return 0;
	return add(out, n, max, start, end - start, UKPLAT_MEMRF_FREE, "ram");
}

/*
 * r, cut to end at the top of the address space: a loader's map may
 * claim more (base + len past 2^64), and every end computed below must
 * not wrap around to a small address.
 */
static struct kvm_memrange clamped(struct kvm_memrange r)
{
	if (r.len > ~0ULL - r.base)
		r.len = ~0ULL - r.base;
	return r;
}

int kvm_memregion_build(const struct kvm_memrange *fw, int nfw,
			const struct kvm_memrange *used, int nused, __u64 lo,
			__u64 hi, struct ukplat_memregion_desc *out, int max)
{
	struct kvm_memrange ram[KVM_MEMREGION_MAX];
	struct kvm_memrange taken[2 * KVM_MEMREGION_MAX];
	int nram = 0, ntaken = 0, n = 0, rc;

	if (nfw > KVM_MEMREGION_MAX || nused > KVM_MEMREGION_MAX)
		return -EINVAL;
	for (int i = 0; i < nused; i++) {
		struct kvm_memrange u = clamped(used[i]);

		rc = add(out, &n, max, u.base, u.len, u.flags, u.name);
		if (rc < 0)
			return rc;
		if (u.len)
			taken[ntaken++] = u;
	}
	for (int i = 0; i < nfw; i++) {
		struct kvm_memrange f = clamped(fw[i]);

		if (!f.len)
			continue;
		if (f.flags & UKPLAT_MEMRF_FREE) {
			ram[nram++] = f;
			continue;
		}
		rc = add(out, &n, max, f.base, f.len, UKPLAT_MEMRF_RESERVED,
			 f.name);
		if (rc < 0)
			return rc;
		taken[ntaken++] = f;
	}

	/* Merge overlapping or touching RAM ranges. */
	sort_ranges(ram, nram);
	{
		int m = 0;

		for (int i = 0; i < nram; i++) {
			__u64 end = ram[i].base + ram[i].len;
			struct kvm_memrange *last = m ? &ram[m - 1] : NULL;

			if (last && ram[i].base <= last->base + last->len) {
				if (end > last->base + last->len)
					last->len = end - last->base;
			} else {
				ram[m++] = ram[i];
			}
		}
		nram = m;
	}

	/* Free: RAM within [lo, hi) minus everything taken. */
	sort_ranges(taken, ntaken);
	for (int i = 0; i < nram; i++) {
		__u64 start = MAX(ram[i].base, lo);
		__u64 end = MIN(ram[i].base + ram[i].len, hi);
		__u64 cur = start;

		if (start >= end)
			continue;
		for (int j = 0; j < ntaken && cur < end; j++) {
			__u64 tb = taken[j].base, te = tb + taken[j].len;

			if (te <= cur || tb >= end)
				continue;
			if (tb > cur) {
				rc = add_free(out, &n, max, cur, tb);
				if (rc < 0)
					return rc;
			}
			if (te > cur)
				cur = te;
		}
		if (cur < end) {
			rc = add_free(out, &n, max, cur, end);
			if (rc < 0)
				return rc;
		}
	}

	/* Sort by base (insertion sort: the list is short). */
	for (int i = 1; i < n; i++) {
		struct ukplat_memregion_desc x = out[i];
		int j = i;

		for (; j > 0 && out[j - 1].base > x.base; j--)
			out[j] = out[j - 1];
		out[j] = x;
	}
	return n;
}

int kvm_memregion_set(const struct ukplat_memregion_desc *r, int n)
{
	if (n < 0 || n > KVM_MEMREGION_MAX)
		return -ENOSPC;
	for (int i = 0; i < n; i++)
		regions[i] = r[i];
	nregions = n;
	return 0;
}

void kvm_memregion_print(void)
{
	for (int i = 0; i < nregions; i++)
		uk_pr_info("memory %016lx-%016lx %-9s flags 0x%02x\n",
			   (unsigned long)regions[i].base,
			   (unsigned long)(regions[i].base + regions[i].len),
			   regions[i].name, regions[i].flags);
}

int ukplat_memregion_count(void)
{
	return nregions;
}

int ukplat_memregion_get(int i, struct ukplat_memregion_desc *desc)
{
	if (i < 0 || i >= nregions)
		return -EINVAL;
	*desc = regions[i];
	return 0;
}

int ukplat_memregion_find_next(int i, int want,
			       struct ukplat_memregion_desc *desc)
{
	for (i = i < 0 ? 0 : i + 1; i < nregions; i++) {
		if ((regions[i].flags & want) == want) {
			*desc = regions[i];
			return i;
		}
	}
	return -1;
}
