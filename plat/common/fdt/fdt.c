/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The checked device-tree reader (see <uk/fdt.h>). Layout facts from the
 * Devicetree Specification (v0.4), chapter 5: a 40-byte big-endian
 * header; a memory reservation block of (address, size) pairs ending in
 * a zero pair; a structure block of 32-bit tokens (BEGIN_NODE with a
 * NUL-terminated name padded to 4 bytes, PROP with length, name offset
 * and value padded to 4 bytes, END_NODE, NOP, END); a strings block.
 */
#include <uk/fdt.h>
#include <errno.h>

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

#define FDT_VERSION 17

/* Header fields, as byte offsets. */
#define H_MAGIC 0
#define H_TOTALSIZE 4
#define H_OFF_STRUCT 8
#define H_OFF_STRINGS 12
#define H_OFF_RSVMAP 16
#define H_VERSION 20
#define H_LAST_COMP 24
#define H_BOOT_CPUID 28
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT 36

static int fail(struct uk_fdt *fdt, const char *what, __u64 off)
{
	fdt->err = what;
	fdt->err_off = (__u32)off;
	return -EILSEQ;
}

int uk_fdt_init(struct uk_fdt *fdt, const void *blob, __sz maxlen)
{
	const __u8 *b = blob;
	__u32 size, soff, ssz, toff, tsz, roff, ver, comp;

	*fdt = (struct uk_fdt){ .blob = b };
	if (!b || maxlen < UK_FDT_HEADER_SIZE) {
		fdt->err = "no device tree (shorter than its header)";
		return -EINVAL;
	}
	if (uk_fdt32(b + H_MAGIC) != UK_FDT_MAGIC) {
		fdt->err = "no device tree (bad magic)";
		return -EINVAL;
	}
	size = uk_fdt32(b + H_TOTALSIZE);
	soff = uk_fdt32(b + H_OFF_STRUCT);
	ssz = uk_fdt32(b + H_SIZE_STRUCT);
	toff = uk_fdt32(b + H_OFF_STRINGS);
	tsz = uk_fdt32(b + H_SIZE_STRINGS);
	roff = uk_fdt32(b + H_OFF_RSVMAP);
	ver = uk_fdt32(b + H_VERSION);
	comp = uk_fdt32(b + H_LAST_COMP);
	if (ver < FDT_VERSION || comp > FDT_VERSION) {
		fdt->err = "device tree format version not supported (need 17)";
		fdt->err_off = H_VERSION;
		return -ENOTSUP;
	}
	if (size > maxlen) {
		fdt->err = "device tree larger than the memory it is in";
		fdt->err_off = H_TOTALSIZE;
		return -EFBIG;
	}
	if (size < UK_FDT_HEADER_SIZE)
		return fail(fdt, "totalsize smaller than the header", H_TOTALSIZE);
	if (soff < UK_FDT_HEADER_SIZE || (soff & 3) ||
	    (__u64)soff + ssz > size || (ssz & 3) || ssz < 4)
		return fail(fdt, "structure block outside the blob or misaligned",
			    H_OFF_STRUCT);
	if (toff < UK_FDT_HEADER_SIZE || (__u64)toff + tsz > size)
		return fail(fdt, "strings block outside the blob", H_OFF_STRINGS);
	if (roff < UK_FDT_HEADER_SIZE || (roff & 7) || (__u64)roff + 16 > size)
		return fail(fdt, "memory reservation block outside the blob or misaligned",
			    H_OFF_RSVMAP);
	fdt->size = size;
	fdt->struct_off = soff;
	fdt->struct_size = ssz;
	fdt->strings_off = toff;
	fdt->strings_size = tsz;
	fdt->rsvmap_off = roff;
	fdt->boot_cpuid = uk_fdt32(b + H_BOOT_CPUID);
	/* A strings block ending in NUL terminates every name in it. */
	fdt->strings_terminated = tsz && !b[toff + tsz - 1];
	return 0;
}

/* Length of the NUL-terminated string at p within n bytes, or -1. */
static long bounded_strlen(const char *p, __u32 n)
{
	for (__u32 i = 0; i < n; i++)
		if (!p[i])
			return (long)i;
	return -1;
}

int uk_fdt_next(struct uk_fdt *fdt, struct uk_fdt_walk *w,
		struct uk_fdt_token *tok)
{
	const __u8 *s = fdt->blob + fdt->struct_off;
	__u32 end = fdt->struct_size;

	if (w->ended)
		return 0;
	for (;;) {
		__u32 pos = w->pos, tag;
		long n;

		if (pos > end - 4 || (pos & 3))
			return fail(fdt, "structure block ends without FDT_END",
				    fdt->struct_off + (__u64)pos);
		tag = uk_fdt32(s + pos);
		tok->off = fdt->struct_off + pos;
		pos += 4;
		switch (tag) {
		case FDT_NOP:
			w->pos = pos;
			continue;
		case FDT_BEGIN_NODE:
			if (w->depth >= UK_FDT_MAX_DEPTH)
				return fail(fdt, "nodes nested too deeply",
					    tok->off);
			if (w->rooted && w->depth == 0)
				return fail(fdt, "a second root node", tok->off);
			w->rooted = 1;
			n = bounded_strlen((const char *)s + pos, end - pos);
			if (n < 0)
				return fail(fdt, "node name runs past the structure block",
					    tok->off);
			tok->type = UK_FDT_BEGIN_NODE;
			tok->name = (const char *)s + pos;
			tok->val = 0;
			tok->len = 0;
			tok->depth = w->depth++;
			w->pos = ALIGN_UP(pos + (__u32)n + 1, 4U);
			return 1;
		case FDT_END_NODE:
			if (w->depth == 0)
				return fail(fdt, "FDT_END_NODE without a node",
					    tok->off);
			tok->type = UK_FDT_END_NODE;
			tok->name = 0;
			tok->val = 0;
			tok->len = 0;
			tok->depth = --w->depth;
			w->pos = pos;
			return 1;
		case FDT_PROP: {
			__u32 len, nameoff;

			if (w->depth == 0)
				return fail(fdt, "property outside any node",
					    tok->off);
			if (pos > end - 8)
				return fail(fdt, "property header runs past the structure block",
					    tok->off);
			len = uk_fdt32(s + pos);
			nameoff = uk_fdt32(s + pos + 4);
			pos += 8;
			if (len > end - pos)
				return fail(fdt, "property value runs past the structure block",
					    tok->off);
			if (nameoff >= fdt->strings_size)
				return fail(fdt, "property name outside the strings block",
					    tok->off);
			if (!fdt->strings_terminated &&
			    bounded_strlen((const char *)fdt->blob +
						   fdt->strings_off + nameoff,
					   fdt->strings_size - nameoff) < 0)
				return fail(fdt, "property name runs past the strings block",
					    tok->off);
			tok->type = UK_FDT_PROP;
			tok->name = (const char *)fdt->blob + fdt->strings_off +
				    nameoff;
			tok->val = s + pos;
			tok->len = len;
			tok->depth = w->depth - 1;
			w->pos = ALIGN_UP(pos + len, 4U);
			if (w->pos > end)
				w->pos = end; /* padding missing: caught next */
			return 1;
		}
		case FDT_END:
			if (w->depth != 0 || !w->rooted)
				return fail(fdt, "FDT_END inside a node",
					    tok->off);
			w->ended = 1;
			w->pos = pos;
			return 0;
		default:
			return fail(fdt, "unknown token in the structure block",
				    tok->off);
		}
	}
}

int uk_fdt_rsv(struct uk_fdt *fdt, unsigned int i, __u64 *base, __u64 *size)
{
	__u64 off = fdt->rsvmap_off + (__u64)i * 16;
	const void *p;

	if (off + 16 > fdt->size)
		return fail(fdt, "memory reservation block runs past the blob",
			    off);
	p = fdt->blob + off;
	*base = uk_fdt_cells(&p, 2);
	*size = uk_fdt_cells(&p, 2);
	return *base || *size ? 1 : 0;
}

__u64 uk_fdt_cells(const void **p, int cells)
{
	const __u8 *b = *p;
	__u64 v = 0;

	for (int i = 0; i < cells; i++, b += 4)
		v = v << 32 | uk_fdt32(b);
	*p = b;
	return v;
}

int uk_fdt_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int uk_fdt_list_has(const void *val, __u32 len, const char *str)
{
	const char *p = val;
	__u32 i = 0;

	while (i < len) {
		__u32 j = 0;

		/* Compare one entry of the list, staying within len. */
		while (i + j < len && p[i + j] && p[i + j] == str[j])
			j++;
		if (i + j < len && !p[i + j] && !str[j])
			return 1;
		while (i < len && p[i])
			i++;
		i++; /* past the NUL */
	}
	return 0;
}

int uk_fdt_is_string(const void *val, __u32 len)
{
	return len > 0 && bounded_strlen(val, len) >= 0;
}
