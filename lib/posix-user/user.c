/* SPDX-License-Identifier: BSD-3-Clause */
/* Everyone is root: uid and gid 0, one passwd and one group entry. */
#include <uk/syscall.h>
#include <unistd.h>
#include <pwd.h>
#include <grp.h>
#include <string.h>
#include <errno.h>

UK_SYSCALL_R_DEFINE(uid_t, getuid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(uid_t, geteuid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(gid_t, getgid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(gid_t, getegid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(int, setuid, uid_t, uid)
{
	return uid == 0 ? 0 : -EPERM;
}

UK_SYSCALL_R_DEFINE(int, setgid, gid_t, gid)
{
	return gid == 0 ? 0 : -EPERM;
}

static char root_name[] = "root", root_dir[] = "/", root_shell[] = "/bin/sh";
static char no_pw[] = "x";
static struct passwd root_pw = {
	.pw_name = root_name,
	.pw_passwd = no_pw,
	.pw_uid = 0,
	.pw_gid = 0,
	.pw_gecos = root_name,
	.pw_dir = root_dir,
	.pw_shell = root_shell,
};
static char *no_members[] = { NULL };
static struct group root_gr = {
	.gr_name = root_name,
	.gr_passwd = no_pw,
	.gr_gid = 0,
	.gr_mem = no_members,
};

struct passwd *getpwnam(const char *name)
{
	return name && !strcmp(name, root_name) ? &root_pw : NULL;
}

struct passwd *getpwuid(uid_t uid)
{
	return uid == 0 ? &root_pw : NULL;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len,
	       struct passwd **res)
{
	(void)buf, (void)len;
	*res = getpwnam(name);
	if (*res)
		*pw = **res;
	return 0;
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len,
	       struct passwd **res)
{
	(void)buf, (void)len;
	*res = getpwuid(uid);
	if (*res)
		*pw = **res;
	return 0;
}

struct group *getgrnam(const char *name)
{
	return name && !strcmp(name, root_name) ? &root_gr : NULL;
}

struct group *getgrgid(gid_t gid)
{
	return gid == 0 ? &root_gr : NULL;
}

char *getlogin(void)
{
	return root_name;
}
