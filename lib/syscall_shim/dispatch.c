/* SPDX-License-Identifier: BSD-3-Clause */
/* syscall(2): Linux numbers to the implementing libraries' functions. */
#include <uk/syscall.h>
#include <sys/syscall.h>
#include <stdarg.h>
#include <stddef.h>

typedef long (*uk_syscall_fn)(long, long, long, long, long, long);

/* Each library's entry, or NULL when the library is not in the image. */
#define UK_SYSCALL_ENTRY(name, n, x86, a64, lib)                               \
	extern long uk_syscall_r_##name(long, long, long, long, long, long)    \
		__weak;
#include <uk/syscall_table.h>
#undef UK_SYSCALL_ENTRY

#if defined(__x86_64__)
#define NR(x86, a64) (x86)
#elif defined(__aarch64__)
#define NR(x86, a64) (a64)
#else
#error "syscall_shim: unknown architecture"
#endif

static const struct {
	long nr;
	const char *name;
	uk_syscall_fn fn;
} table[] = {
#define UK_SYSCALL_ENTRY(name, n, x86, a64, lib)                               \
	{ NR(x86, a64), #name, uk_syscall_r_##name },
#include <uk/syscall_table.h>
#undef UK_SYSCALL_ENTRY
};

static int find(long nr)
{
	if (nr < 0)
		return -1;
	for (unsigned int i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i].nr == nr)
			return (int)i;
	return -1;
}

const char *uk_syscall_name(long nr)
{
	int i = find(nr);

	return i < 0 ? NULL : table[i].name;
}

long uk_syscall_r(long nr, long a1, long a2, long a3, long a4, long a5,
		  long a6)
{
	int i = find(nr);

	if (i < 0) {
		static char unknown[] = "syscall #0000";
		unsigned long v = (unsigned long)nr;

		for (int d = 12; d >= 9; d--, v /= 10)
			unknown[d] = (char)('0' + v % 10);
		return uk_syscall_enosys(nr >= 0 && nr < 10000 ? unknown
							      : "syscall #?");
	}
	if (!table[i].fn)
		return uk_syscall_enosys(table[i].name);
	return table[i].fn(a1, a2, a3, a4, a5, a6);
}

long syscall(long nr, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return uk_syscall_ret(uk_syscall_r(nr, a[0], a[1], a[2], a[3], a[4],
					   a[5]));
}
