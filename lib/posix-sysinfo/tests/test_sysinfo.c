/* SPDX-License-Identifier: BSD-3-Clause */
/* uname and the host name. */
#include <uk/test.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>

UK_TESTCASE(sysinfo, uname_names_the_system)
{
	struct utsname u;

	UK_TEST_ASSERT(uname(&u) == 0);
	UK_TEST_EXPECT_STR_EQ(u.sysname, "Tessera");
#if defined(__x86_64__)
	UK_TEST_EXPECT_STR_EQ(u.machine, "x86_64");
#elif defined(__aarch64__)
	UK_TEST_EXPECT_STR_EQ(u.machine, "aarch64");
#endif
	UK_TEST_EXPECT(u.release[0] != 0);
}

UK_TESTCASE(sysinfo, hostname_set_and_get)
{
	char name[65], old[65];
	struct utsname u;

	UK_TEST_ASSERT(gethostname(old, sizeof(old)) == 0);
	UK_TEST_ASSERT(sethostname("unit", 4) == 0);
	UK_TEST_ASSERT(gethostname(name, sizeof(name)) == 0);
	UK_TEST_EXPECT_STR_EQ(name, "unit");
	UK_TEST_ASSERT(uname(&u) == 0);
	UK_TEST_EXPECT_STR_EQ(u.nodename, "unit");
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(gethostname(name, 3), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENAMETOOLONG);
	UK_TEST_EXPECT_ZERO(sethostname(old, strlen(old)));
}
