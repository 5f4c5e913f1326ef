/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device-tree reader on blobs built here: a good one, then truncated
 * and corrupted copies, each of which must give its error (never a read
 * outside the blob, never a hang).
 */
#include <uk/test.h>
#include <uk/fdt.h>
#include <errno.h>
#include <stddef.h>

#define BEGIN 1
#define END_NODE 2
#define PROP 3
#define NOP 4
#define END 9

static __u8 blob[512] __align(8);
static __u32 len;     /* bytes of blob in use */
static __u32 soff;    /* structure block offset */
static __u32 spos;    /* end of the structure block so far */

static void put32(__u8 *p, __u32 v)
{
	p[0] = (__u8)(v >> 24);
	p[1] = (__u8)(v >> 16);
	p[2] = (__u8)(v >> 8);
	p[3] = (__u8)v;
}

static void tok(__u32 v)
{
	put32(blob + spos, v);
	spos += 4;
}

static void str(const char *s)
{
	__u32 n = 0;

	do
		blob[spos + n] = (__u8)s[n];
	while (s[n++]);
	spos += ALIGN_UP(n, 4U);
}

static void prop(__u32 nameoff, const void *val, __u32 n)
{
	tok(PROP);
	tok(n);
	tok(nameoff);
	for (__u32 i = 0; i < n; i++)
		blob[spos + i] = ((const __u8 *)val)[i];
	spos += ALIGN_UP(n, 4U);
}

/* Strings block: "compatible\0reg\0" (offsets 0 and 11). */
static const char strings[] = "compatible\0reg";
#define S_COMPAT 0
#define S_REG 11

/*
 * / { compatible = "a\0b"; dev@1 { reg = <0 1 0 2>; }; }, one memory
 * reservation (0x1000, 0x2000).
 */
static void build(void)
{
	static const __u8 regv[16] = { 0, 0, 0, 0, 0, 0, 0, 1,
				       0, 0, 0, 0, 0, 0, 0, 2 };
	__u32 toff;

	for (unsigned int i = 0; i < sizeof(blob); i++)
		blob[i] = 0;
	/* Reservation block at 40: one entry and the zero terminator. */
	put32(blob + 40 + 4, 0x1000);
	put32(blob + 40 + 12, 0x2000);
	soff = 40 + 32;
	spos = soff;
	tok(BEGIN);
	str("");
	prop(S_COMPAT, "a\0b", 4);
	tok(NOP);
	tok(BEGIN);
	str("dev@1");
	prop(S_REG, regv, sizeof(regv));
	tok(END_NODE);
	tok(END_NODE);
	tok(END);
	toff = spos;
	for (unsigned int i = 0; i < sizeof(strings); i++)
		blob[toff + i] = (__u8)strings[i];
	len = toff + sizeof(strings);
	put32(blob + 0, UK_FDT_MAGIC);
	put32(blob + 4, len);
	put32(blob + 8, soff);
	put32(blob + 12, toff);
	put32(blob + 16, 40);
	put32(blob + 20, 17);
	put32(blob + 24, 16);
	put32(blob + 32, sizeof(strings));
	put32(blob + 36, toff - soff);
}

/* Walk the whole tree: the count of tokens, or the negative error. */
static int walk(struct uk_fdt *f)
{
	struct uk_fdt_walk w = { 0 };
	struct uk_fdt_token t;
	int n = 0, rc;

	while ((rc = uk_fdt_next(f, &w, &t)) > 0)
		if (++n > 1000)
			return -ELOOP;
	return rc < 0 ? rc : n;
}

static int init_and_walk(__sz maxlen)
{
	struct uk_fdt f;
	int rc = uk_fdt_init(&f, blob, maxlen);

	return rc < 0 ? rc : walk(&f);
}

UK_TESTCASE(fdt, good_blob_reads_back)
{
	struct uk_fdt f;
	struct uk_fdt_walk w = { 0 };
	struct uk_fdt_token t;
	__u64 base, size;
	const void *p;

	build();
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_init(&f, blob, sizeof(blob)), 0);
	UK_TEST_EXPECT_UNUM_EQ(f.size, len);
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 1);
	UK_TEST_EXPECT_SNUM_EQ(t.type, UK_FDT_BEGIN_NODE);
	UK_TEST_EXPECT_STR_EQ(t.name, "");
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 1);
	UK_TEST_EXPECT_SNUM_EQ(t.type, UK_FDT_PROP);
	UK_TEST_EXPECT_STR_EQ(t.name, "compatible");
	UK_TEST_EXPECT(uk_fdt_list_has(t.val, t.len, "a"));
	UK_TEST_EXPECT(uk_fdt_list_has(t.val, t.len, "b"));
	UK_TEST_EXPECT(!uk_fdt_list_has(t.val, t.len, "ab"));
	UK_TEST_EXPECT(!uk_fdt_list_has(t.val, t.len, ""));
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 1); /* NOP skipped */
	UK_TEST_EXPECT_SNUM_EQ(t.type, UK_FDT_BEGIN_NODE);
	UK_TEST_EXPECT_STR_EQ(t.name, "dev@1");
	UK_TEST_EXPECT_SNUM_EQ(t.depth, 1);
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 1);
	UK_TEST_EXPECT_STR_EQ(t.name, "reg");
	UK_TEST_EXPECT_UNUM_EQ(t.len, 16);
	p = t.val;
	UK_TEST_EXPECT_UNUM_EQ(uk_fdt_cells(&p, 2), 1);
	UK_TEST_EXPECT_UNUM_EQ(uk_fdt_cells(&p, 2), 2);
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 1);
	UK_TEST_EXPECT_SNUM_EQ(t.type, UK_FDT_END_NODE);
	UK_TEST_EXPECT_SNUM_EQ(t.depth, 1);
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 1);
	UK_TEST_EXPECT_SNUM_EQ(t.depth, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_next(&f, &w, &t), 0); /* stays ended */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_rsv(&f, 0, &base, &size), 1);
	UK_TEST_EXPECT_UNUM_EQ(base, 0x1000);
	UK_TEST_EXPECT_UNUM_EQ(size, 0x2000);
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_rsv(&f, 1, &base, &size), 0);
}

UK_TESTCASE(fdt, header_errors)
{
	struct uk_fdt f;

	build();
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, NULL, 100), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, 39), -EINVAL);
	/* Truncated: the memory holds less than totalsize. */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len - 1), -EFBIG);
	UK_TEST_EXPECT_NOT_NULL(f.err);
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), 0);
	blob[0] ^= 0xff;
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -EINVAL);
	build();
	put32(blob + 20, 16); /* version 16: no size_dt_struct */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -ENOTSUP);
	build();
	put32(blob + 24, 18); /* not readable as 17 */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -ENOTSUP);
	build();
	put32(blob + 36, len); /* structure block past the end */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -EILSEQ);
	build();
	put32(blob + 8, 0xfffffff0U); /* offset + size wraps 32 bits */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -EILSEQ);
	build();
	put32(blob + 12, len); /* strings past the end */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -EILSEQ);
	build();
	put32(blob + 16, 44); /* reservations misaligned */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -EILSEQ);
	build();
	put32(blob + 4, 20); /* totalsize smaller than the header */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_init(&f, blob, len), -EILSEQ);
}

/* Offsets of tokens in the structure block built above. */
#define OFF_ROOT 0
#define OFF_COMPAT_LEN 12   /* PROP at 8: len, nameoff, value(4) */
#define OFF_COMPAT_NAME 16
#define OFF_NOP 24
#define OFF_DEV 28
#define OFF_DEV_NAME 32
#define OFF_REG_LEN 44      /* PROP at 40 */
#define OFF_REG_NAME 48
#define OFF_END_DEV 68
#define OFF_END_ROOT 72
#define OFF_END 76

static void set(__u32 struct_off, __u32 v)
{
	put32(blob + soff + struct_off, v);
}

UK_TESTCASE(fdt, corrupted_structure_blocks_are_errors)
{
	struct uk_fdt f;

	build();
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), 6);
	build();
	set(OFF_COMPAT_LEN, 0x7fffffff); /* value past the block */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	set(OFF_REG_NAME, 1000); /* name outside the strings */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	set(OFF_END, 0x77); /* unknown token */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	set(OFF_END, NOP); /* no FDT_END: runs off the block */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	set(OFF_END_ROOT, END); /* END inside a node */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	set(OFF_END, END_NODE); /* more ends than begins */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	set(OFF_END, BEGIN); /* a second root */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	set(OFF_ROOT, PROP); /* a property before any node */
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	/* Node name without NUL up to the end of the block. */
	for (__u32 i = OFF_DEV_NAME; i < OFF_END + 4; i++)
		blob[soff + i] = 'x';
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	build();
	/* Strings block without its final NUL. */
	put32(blob + 32, sizeof(strings) - 1);
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
	/* Every truncation of the structure block is an error. */
	for (__u32 cut = 4; cut < OFF_END + 4; cut += 4) {
		build();
		put32(blob + 36, cut);
		if (uk_fdt_init(&f, blob, len) == 0)
			UK_TEST_EXPECT_SNUM_EQ(walk(&f), -EILSEQ);
	}
	/* And every single corrupted word gives a result, never a hang. */
	for (__u32 i = 0; i < OFF_END + 4; i += 4) {
		build();
		set(i, 0xffffffffU);
		UK_TEST_EXPECT(init_and_walk(len) != -ELOOP);
	}
}

UK_TESTCASE(fdt, deep_nesting_is_refused)
{
	build();
	spos = soff;
	for (int i = 0; i <= UK_FDT_MAX_DEPTH; i++) {
		tok(BEGIN);
		str("n");
	}
	put32(blob + 36, spos - soff);
	UK_TEST_EXPECT_SNUM_EQ(init_and_walk(len), -EILSEQ);
}

UK_TESTCASE(fdt, reservation_block_must_end_inside)
{
	struct uk_fdt f;
	__u64 b, s;

	build();
	UK_TEST_ASSERT_SNUM_EQ(uk_fdt_init(&f, blob, len), 0);
	f.size = 40 + 24; /* as if the block ran past the blob */
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_rsv(&f, 0, &b, &s), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_fdt_rsv(&f, 1, &b, &s), -EILSEQ);
}
