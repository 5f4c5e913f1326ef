/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Everyone is root: uid and gid 0. The user database has root and
 * Debian's nobody/nogroup (65534), which servers such as nginx look up;
 * switching to them is refused (EPERM), since nothing runs as anyone else.
 * Supplementary groups are kept as set (setgroups, initgroups).
 */
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

#define NOBODY 65534
static char nobody_name[] = "nobody", nogroup_name[] = "nogroup";
static char nobody_dir[] = "/nonexistent", nologin[] = "/usr/sbin/nologin";
static struct passwd nobody_pw = {
	.pw_name = nobody_name,
	.pw_passwd = no_pw,
	.pw_uid = NOBODY,
	.pw_gid = NOBODY,
	.pw_gecos = nobody_name,
	.pw_dir = nobody_dir,
	.pw_shell = nologin,
};
static struct group nogroup_gr = {
	.gr_name = nogroup_name,
	.gr_passwd = no_pw,
	.gr_gid = NOBODY,
	.gr_mem = no_members,
};

struct passwd *getpwnam(const char *name)
{
	if (name && !strcmp(name, root_name))
		return &root_pw;
	if (name && !strcmp(name, nobody_name))
		return &nobody_pw;
	return NULL;
}

struct passwd *getpwuid(uid_t uid)
{
	return uid == 0 ? &root_pw : uid == NOBODY ? &nobody_pw : NULL;
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
	if (name && !strcmp(name, root_name))
		return &root_gr;
	if (name && !strcmp(name, nogroup_name))
		return &nogroup_gr;
	return NULL;
}

struct group *getgrgid(gid_t gid)
{
	return gid == 0 ? &root_gr : gid == NOBODY ? &nogroup_gr : NULL;
}

#define NGROUPS 32
static gid_t groups[NGROUPS];
static int ngroups;

UK_SYSCALL_R_DEFINE(int, getgroups, int, size, gid_t *, list)
{
	if (size == 0)
		return ngroups;
	if (size < ngroups)
		return -EINVAL;
	memcpy(list, groups, (size_t)ngroups * sizeof(*list));
	return ngroups;
}

UK_SYSCALL_R_DEFINE(int, setgroups, int, size, const gid_t *, list)
{
	if (size < 0 || size > NGROUPS)
		return -EINVAL;
	if (size) /* an empty list may be NULL */
		memcpy(groups, list, (size_t)size * sizeof(*list));
	ngroups = size;
	return 0;
}

/* The user's groups are their primary group only (no member lists). */
int initgroups(const char *user, gid_t group)
{
	(void)user;
	return setgroups(1, &group);
}

char *getlogin(void)
{
	return root_name;
}
