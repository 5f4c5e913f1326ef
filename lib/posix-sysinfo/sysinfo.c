/* SPDX-License-Identifier: BSD-3-Clause */
/* uname and the host name. */
#include <uk/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>

#if defined(__x86_64__)
#define MACHINE "x86_64"
#elif defined(__aarch64__)
#define MACHINE "aarch64"
#else
#define MACHINE "unknown"
#endif

static char hostname[65] = "tessera";

UK_SYSCALL_R_DEFINE(int, uname, struct utsname *, u)
{
	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, "Tessera");
	strcpy(u->nodename, hostname);
	strcpy(u->release, "0.1");
	strcpy(u->version, CONFIG_UK_NAME);
	strcpy(u->machine, MACHINE);
	strcpy(u->domainname, "(none)");
	return 0;
}

int gethostname(char *name, size_t len)
{
	size_t n = strlen(hostname);

	if (n + 1 > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, hostname, n + 1);
	return 0;
}

int sethostname(const char *name, size_t len)
{
	if (len >= sizeof(hostname)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(hostname, name, len);
	hostname[len] = 0;
	return 0;
}
