/* SPDX-License-Identifier: BSD-3-Clause */
/* The built-in users and groups: root, and Debian's nobody/nogroup. */
#include <uk/test.h>
#include <unistd.h>
#include <pwd.h>
#include <grp.h>
#include <errno.h>

UK_TESTCASE(user, ids_are_root)
{
	UK_TEST_EXPECT_SNUM_EQ(getuid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(geteuid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(getgid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(getegid(), 0);
	UK_TEST_EXPECT_ZERO(setuid(0));
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setuid(1000), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
}

UK_TESTCASE(user, passwd_and_group_of_root)
{
	struct passwd *pw = getpwnam("root");
	struct group *gr;

	UK_TEST_ASSERT(pw != NULL);
	UK_TEST_EXPECT_STR_EQ(pw->pw_name, "root");
	UK_TEST_EXPECT_SNUM_EQ(pw->pw_uid, 0);
	UK_TEST_EXPECT_SNUM_EQ(pw->pw_gid, 0);
	UK_TEST_EXPECT_STR_EQ(pw->pw_dir, "/");
	UK_TEST_EXPECT_NOT_NULL(pw->pw_shell);
	pw = getpwuid(0);
	UK_TEST_ASSERT(pw != NULL);
	UK_TEST_EXPECT_STR_EQ(pw->pw_name, "root");
	UK_TEST_EXPECT_NULL(getpwnam("www-data"));
	UK_TEST_EXPECT_NULL(getpwuid(1000));
	gr = getgrgid(0);
	UK_TEST_ASSERT(gr != NULL);
	UK_TEST_EXPECT_STR_EQ(gr->gr_name, "root");
	UK_TEST_EXPECT_PTR_EQ(getgrnam("root"), gr);
}

UK_TESTCASE(user, nobody_nogroup_and_supplementary_groups)
{
	struct passwd *pw = getpwnam("nobody");
	struct group *gr = getgrnam("nogroup");
	gid_t list[4];

	UK_TEST_ASSERT(pw != NULL && gr != NULL);
	UK_TEST_EXPECT_SNUM_EQ(pw->pw_uid, 65534);
	UK_TEST_EXPECT_SNUM_EQ(pw->pw_gid, 65534);
	UK_TEST_EXPECT_PTR_EQ(getpwuid(65534), pw);
	UK_TEST_EXPECT_PTR_EQ(getgrgid(65534), gr);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setuid(65534), -1); /* nobody runs as nobody */
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	UK_TEST_EXPECT_ZERO(initgroups("nobody", 65534));
	UK_TEST_EXPECT_SNUM_EQ(getgroups(0, NULL), 1);
	UK_TEST_EXPECT_SNUM_EQ(getgroups(4, list), 1);
	UK_TEST_EXPECT_SNUM_EQ(list[0], 65534);
	UK_TEST_EXPECT_ZERO(setgroups(0, NULL));
	UK_TEST_EXPECT_SNUM_EQ(getgroups(0, NULL), 0);
}
