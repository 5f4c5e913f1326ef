/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-image unit tests.
 *
 *   #include <uk/test.h>
 *
 *   UK_TESTCASE(mysuite, adds_up)
 *   {
 *           UK_TEST_EXPECT_SNUM_EQ(1 + 1, 2);
 *   }
 *
 * Put test files in lib/<name>/tests/: with CONFIG_LIBUKTEST_ALL they are
 * compiled into the library. Cases run at boot, in link order, after every
 * other init function. A failed EXPECT marks the case failed and goes on;
 * a failed ASSERT marks it failed and leaves the case at once. A case that
 * cannot run in this image (a feature the configuration left out) calls
 * UK_TEST_SKIP("why") before any check: it is reported as SKIPPED with the
 * reason, never as an empty PASSED.
 *
 * Output: one line per case, "[ PASSED ] suite: name", "[ FAILED ] suite:
 * name" or "[ SKIPPED ] suite: name: reason", then "uktest: N passed, N
 * failed, N skipped".
 */
#ifndef UK_TEST_H
#define UK_TEST_H

#include <uk/essentials.h>

struct uk_testcase {
	const char *suite;
	const char *name;
	void (*fn)(struct uk_testcase *tc);
	int failed; /* set by the EXPECT/ASSERT macros */
	const char *skipped; /* the reason given to UK_TEST_SKIP, or NULL */
};

#define UK_TESTCASE(suite_, name_)                                             \
	static void __uk_test_##suite_##_##name_(struct uk_testcase *);       \
	static struct uk_testcase __used __section("uk_testtab") __align(8)    \
		__uk_testcase_##suite_##_##name_ = {                           \
			#suite_, #name_, __uk_test_##suite_##_##name_, 0,      \
			(const char *)0 };                                     \
	static void __uk_test_##suite_##_##name_(                              \
		struct uk_testcase *__uk_tc __unused)

/* Report a failed check; returns 0 so macros can use it in expressions. */
int _uk_test_fail(struct uk_testcase *tc, const char *file, int line,
		  const char *fmt, ...) __printf(4, 5);

#define __UK_TEST_CHECK(cond, onfail, fmt, ...)                                \
	do {                                                                   \
		if (!(cond)) {                                                 \
			_uk_test_fail(__uk_tc, __FILE__, __LINE__, fmt,        \
				      ##__VA_ARGS__);                          \
			onfail;                                                \
		}                                                              \
	} while (0)

/*
 * Leave the case as skipped, with a reason (a string literal or one that
 * lives as long as the image). Checks made before it still count: a case
 * that failed a check and then skips is reported as failed.
 */
#define UK_TEST_SKIP(reason)                                                   \
	do {                                                                   \
		__uk_tc->skipped = (reason);                                   \
		return;                                                        \
	} while (0)

#define UK_TEST_EXPECT(cond) __UK_TEST_CHECK(cond, , "expected %s", #cond)
#define UK_TEST_ASSERT(cond) __UK_TEST_CHECK(cond, return, "assert %s", #cond)
#define UK_TEST_EXPECT_NULL(p)                                                 \
	__UK_TEST_CHECK((p) == NULL, , "expected %s to be NULL, got %p", #p,    \
			(void *)(p))
#define UK_TEST_EXPECT_NOT_NULL(p)                                             \
	__UK_TEST_CHECK((p) != NULL, , "expected %s not to be NULL", #p)
#define UK_TEST_EXPECT_ZERO(x)                                                 \
	__UK_TEST_CHECK((x) == 0, , "expected %s to be 0, got %lld", #x,        \
			(long long)(x))
#define UK_TEST_EXPECT_NOT_ZERO(x)                                             \
	__UK_TEST_CHECK((x) != 0, , "expected %s not to be 0", #x)
#define UK_TEST_EXPECT_PTR_EQ(a, b)                                            \
	__UK_TEST_CHECK((void *)(a) == (void *)(b), ,                          \
			"expected %s == %s (%p != %p)", #a, #b, (void *)(a),   \
			(void *)(b))

#define __UK_TEST_CMP(a, op, b, type, pf, onfail)                              \
	do {                                                                   \
		type __a = (type)(a), __b = (type)(b);                         \
		__UK_TEST_CHECK(__a op __b, onfail,                            \
				"expected %s " #op " %s (" pf " vs " pf ")",   \
				#a, #b, __a, __b);                             \
	} while (0)

#define UK_TEST_EXPECT_SNUM_EQ(a, b) __UK_TEST_CMP(a, ==, b, long long, "%lld", )
#define UK_TEST_EXPECT_SNUM_NQ(a, b) __UK_TEST_CMP(a, !=, b, long long, "%lld", )
#define UK_TEST_EXPECT_SNUM_GT(a, b) __UK_TEST_CMP(a, >, b, long long, "%lld", )
#define UK_TEST_EXPECT_SNUM_GE(a, b) __UK_TEST_CMP(a, >=, b, long long, "%lld", )
#define UK_TEST_EXPECT_SNUM_LT(a, b) __UK_TEST_CMP(a, <, b, long long, "%lld", )
#define UK_TEST_EXPECT_SNUM_LE(a, b) __UK_TEST_CMP(a, <=, b, long long, "%lld", )
#define UK_TEST_EXPECT_UNUM_EQ(a, b)                                           \
	__UK_TEST_CMP(a, ==, b, unsigned long long, "%llu", )
#define UK_TEST_EXPECT_UNUM_GE(a, b)                                           \
	__UK_TEST_CMP(a, >=, b, unsigned long long, "%llu", )
#define UK_TEST_EXPECT_UNUM_LE(a, b)                                           \
	__UK_TEST_CMP(a, <=, b, unsigned long long, "%llu", )
#define UK_TEST_ASSERT_SNUM_EQ(a, b)                                           \
	__UK_TEST_CMP(a, ==, b, long long, "%lld", return)

#define UK_TEST_EXPECT_BYTES_EQ(a, b, len)                                     \
	__UK_TEST_CHECK(!__builtin_memcmp(a, b, len), ,                        \
			"expected %zu bytes of %s and %s to be equal",          \
			(__sz)(len), #a, #b)
#define UK_TEST_EXPECT_STR_EQ(a, b)                                            \
	do {                                                                   \
		const char *__a = (a), *__b = (b);                             \
		__UK_TEST_CHECK(__a && __b && !__builtin_strcmp(__a, __b), ,   \
				"expected %s == %s (\"%s\" vs \"%s\")", #a,    \
				#b, __a ? __a : "(null)",                      \
				__b ? __b : "(null)");                         \
	} while (0)

/* Run every registered case; returns the number of failed ones. */
int uk_test_run_all(void);

#endif
