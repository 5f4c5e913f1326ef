/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <string.h>

UK_TESTCASE(nolibc_string, mem_functions_all_alignments)
{
	unsigned char src[64], dst[80];

	for (int i = 0; i < 64; i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (int off = 0; off < 9; off++)
		for (int len = 0; len < 40; len += 3) {
			memset(dst, 0xee, sizeof(dst));
			memcpy(dst + off, src + (off & 3), (size_t)len);
			UK_TEST_ASSERT(!memcmp(dst + off, src + (off & 3), (size_t)len));
			UK_TEST_ASSERT(dst[off + len] == 0xee);
			if (off)
				UK_TEST_ASSERT(dst[off - 1] == 0xee);
		}
	memset(dst, 0xee, sizeof(dst));
	memset(dst, 'a', 33);
	UK_TEST_EXPECT(dst[0] == 'a' && dst[32] == 'a' && dst[33] == 0xee);
}

UK_TESTCASE(nolibc_string, memmove_overlaps)
{
	char b[32] = "0123456789abcdefghij";

	memmove(b + 2, b, 10);
	UK_TEST_EXPECT_BYTES_EQ(b, "010123456789cdef", 16);
	memmove(b, b + 4, 8);
	UK_TEST_EXPECT_BYTES_EQ(b, "23456789", 8);
	memmove(b + 1, b, 0);
}

UK_TESTCASE(nolibc_string, strings)
{
	char b[32];
	char tok[] = "a,,b;c";
	char *save, *t;

	UK_TEST_EXPECT_SNUM_EQ(strlen(""), 0);
	UK_TEST_EXPECT_SNUM_EQ(strnlen("abcdef", 3), 3);
	UK_TEST_EXPECT(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0);
	UK_TEST_EXPECT_SNUM_EQ(strncmp("abcX", "abcY", 3), 0);
	UK_TEST_EXPECT_SNUM_EQ(strcasecmp("HeLLo", "hello"), 0);
	UK_TEST_EXPECT_STR_EQ(strchr("hello", 'l'), "llo");
	UK_TEST_EXPECT_STR_EQ(strrchr("hello", 'l'), "lo");
	UK_TEST_EXPECT_NULL(strchr("hello", 'z'));
	UK_TEST_EXPECT_STR_EQ(strstr("haystack", "st"), "stack");
	UK_TEST_EXPECT_NULL(strstr("haystack", "needle"));
	UK_TEST_EXPECT_SNUM_EQ(strspn("aabbc", "ab"), 4);
	UK_TEST_EXPECT_SNUM_EQ(strcspn("hello", "l"), 2);
	UK_TEST_EXPECT_SNUM_EQ(strlcpy(b, "truncate me", 5), 11);
	UK_TEST_EXPECT_STR_EQ(b, "trun");
	strcpy(b, "ab");
	strcat(b, "cd");
	strncat(b, "efgh", 2);
	UK_TEST_EXPECT_STR_EQ(b, "abcdef");
	t = strtok_r(tok, ",;", &save);
	UK_TEST_EXPECT_STR_EQ(t, "a");
	UK_TEST_EXPECT_STR_EQ(strtok_r(NULL, ",;", &save), "b");
	UK_TEST_EXPECT_STR_EQ(strtok_r(NULL, ",;", &save), "c");
	UK_TEST_EXPECT_NULL(strtok_r(NULL, ",;", &save));
	UK_TEST_EXPECT_STR_EQ(strerror(2), "No such file or directory");
	UK_TEST_EXPECT_STR_EQ(strerror(9999), "Unknown error 9999");
}
