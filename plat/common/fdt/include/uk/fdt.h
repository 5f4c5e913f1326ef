/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small, checked reader of flattened device trees (DTB, version 17 of
 * the Devicetree Specification's format). It never reads outside the
 * blob: the header is checked once (uk_fdt_init), then the structure
 * block is read token by token (uk_fdt_next), each token checked before
 * use. A caller walks the tree once, start to end, picking out the
 * nodes and properties it needs; there are no path lookups that would
 * walk it again. Errors are negative errno values, and the reader keeps
 * a message and the byte offset where the blob is malformed.
 *
 *   struct uk_fdt fdt;
 *   struct uk_fdt_walk w = { 0 };
 *   struct uk_fdt_token t;
 *   int rc = uk_fdt_init(&fdt, blob, max);
 *   while (rc == 0 && (rc = uk_fdt_next(&fdt, &w, &t)) > 0)
 *           if (t.type == UK_FDT_PROP && !uk_fdt_strcmp(t.name, "reg")) ...
 *   if (rc < 0) print fdt.err, fdt.err_off
 *
 * No allocation, no global state; any context.
 */
#ifndef UK_FDT_H
#define UK_FDT_H

#include <uk/essentials.h>

#define UK_FDT_MAGIC 0xd00dfeedU
#define UK_FDT_HEADER_SIZE 40
/* Deepest node nesting accepted (the root is depth 0). */
#define UK_FDT_MAX_DEPTH 16

struct uk_fdt {
	const __u8 *blob;
	__u32 size;         /* totalsize */
	__u32 struct_off;   /* structure block */
	__u32 struct_size;
	__u32 strings_off;  /* strings block */
	__u32 strings_size;
	__u32 rsvmap_off;   /* memory reservation block */
	__u32 boot_cpuid;
	int strings_terminated; /* the strings block ends in a NUL */
	const char *err;    /* what is wrong, after an error */
	__u32 err_off;      /* where (byte offset into the blob) */
};

enum uk_fdt_token_type {
	UK_FDT_BEGIN_NODE = 1, /* name: the node's name ("" for the root) */
	UK_FDT_END_NODE = 2,
	UK_FDT_PROP = 3,       /* name, val, len: a property of the node */
};

/* Where a walk is: start with { 0 }; a copy resumes the walk from there. */
struct uk_fdt_walk {
	__u32 pos;  /* offset into the structure block */
	int depth;  /* nodes open */
	int rooted; /* the root node began */
	int ended;  /* FDT_END read */
};

struct uk_fdt_token {
	enum uk_fdt_token_type type;
	int depth;        /* of the node the token belongs to; root is 0 */
	const char *name; /* NUL-terminated inside the blob */
	const void *val;  /* PROP: len bytes inside the blob */
	__u32 len;
	__u32 off;        /* offset of the token in the blob */
};

/*
 * Check the header of the blob at blob, of which at most maxlen bytes may
 * be read: magic, version (17, or a later one compatible with it),
 * totalsize within maxlen, and every block inside totalsize, aligned and
 * not overlapping the header. Fills *fdt. Returns 0, -EINVAL (no device
 * tree: bad magic), -ENOTSUP (a format version it cannot read), -EFBIG
 * (totalsize larger than maxlen), -EILSEQ (a malformed header).
 */
int uk_fdt_init(struct uk_fdt *fdt, const void *blob, __sz maxlen);

/*
 * Read the next token of walk w into *tok and advance w past it; NOP
 * tokens are skipped. Returns 1 for a token, 0 at the end of the tree (FDT_END after the
 * root closed), -EILSEQ for a malformed tree: a token or property
 * outside the structure block, a name not terminated inside its block, a
 * property name offset outside the strings block, unbalanced nodes,
 * nesting deeper than UK_FDT_MAX_DEPTH, an unknown token, or no FDT_END.
 */
int uk_fdt_next(struct uk_fdt *fdt, struct uk_fdt_walk *w,
		struct uk_fdt_token *tok);

/*
 * Entry i of the memory reservation block: *base and *size. Returns 1,
 * 0 after the last entry (the terminating zero entry), -EILSEQ if the
 * block runs past the blob. Start with i = 0.
 */
int uk_fdt_rsv(struct uk_fdt *fdt, unsigned int i, __u64 *base, __u64 *size);

/* Big-endian 32-bit value at p (any alignment). */
static inline __u32 uk_fdt32(const void *p)
{
	const __u8 *b = (const __u8 *)p;

	return (__u32)b[0] << 24 | (__u32)b[1] << 16 | (__u32)b[2] << 8 |
	       b[3];
}

/*
 * A number of cells (1 or 2 32-bit big-endian words; more than 2 keep
 * the low 64 bits) at *p, which is advanced past them. The caller checks
 * that the value holds them.
 */
__u64 uk_fdt_cells(const void **p, int cells);

/*
 * Is str one of the NUL-terminated strings of a string-list property
 * (compatible)? val/len as in a PROP token; a list whose last string is
 * not terminated matches nothing past it. Returns 1 or 0.
 */
int uk_fdt_list_has(const void *val, __u32 len, const char *str);

/* Is the property value a NUL-terminated string within len? (1/0) */
int uk_fdt_is_string(const void *val, __u32 len);

/* strcmp for names (no C library needed). */
int uk_fdt_strcmp(const char *a, const char *b);

#endif
