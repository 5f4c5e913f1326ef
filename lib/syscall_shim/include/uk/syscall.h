/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Defining POSIX calls. In a library that implements read():
 *
 *   UK_SYSCALL_R_DEFINE(ssize_t, read, int, fd, void *, buf, size_t, len)
 *   {
 *           ...
 *           return -EBADF;      (or a count)
 *   }
 *
 * The body returns a long: a result >= 0 or a negative errno. The macro
 * makes two functions of it:
 *   ssize_t read(int fd, void *buf, size_t len)   for applications: sets
 *           errno and returns -1 on error (a direct call, no trap);
 *   long uk_syscall_r_read(long, long, long)      for the dispatcher of
 *           syscall(2) (uk_syscall_r below): negative errno on error.
 * UK_SYSCALL_R_DEFINE_RAW makes only the second, for calls whose C
 * function is written by hand (variadic open, fcntl, ioctl).
 * Every call must have its line in <uk/syscall_table.h>.
 */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <uk/essentials.h>
#include <errno.h>

#define __UK_SC_NARGS_(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		       N, ...)                                                 \
	N
#define __UK_SC_NARGS(...)                                                     \
	__UK_SC_NARGS_(0, ##__VA_ARGS__, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0)

#define __UK_SC_MAP0(m, ...)
#define __UK_SC_MAP1(m, t, a) m(t, a)
#define __UK_SC_MAP2(m, t, a, ...) m(t, a), __UK_SC_MAP1(m, __VA_ARGS__)
#define __UK_SC_MAP3(m, t, a, ...) m(t, a), __UK_SC_MAP2(m, __VA_ARGS__)
#define __UK_SC_MAP4(m, t, a, ...) m(t, a), __UK_SC_MAP3(m, __VA_ARGS__)
#define __UK_SC_MAP5(m, t, a, ...) m(t, a), __UK_SC_MAP4(m, __VA_ARGS__)
#define __UK_SC_MAP6(m, t, a, ...) m(t, a), __UK_SC_MAP5(m, __VA_ARGS__)
#define __UK_SC_MAP(m, ...)                                                    \
	UK_CONCAT(__UK_SC_MAP, __UK_SC_NARGS(__VA_ARGS__))(m, ##__VA_ARGS__)

#define __UK_SC_DECL(t, a) t a
#define __UK_SC_LONG(t, a) long a
#define __UK_SC_CAST(t, a) (t)(a)
#define __UK_SC_NAME(t, a) a
#define __UK_SC_VOID0(...) void

/* An empty parameter list must read (void). */
#define __UK_SC_PARAMS(m, ...)                                                 \
	UK_CONCAT(__UK_SC_PARAMS, __UK_SC_NARGS(__VA_ARGS__))(m, ##__VA_ARGS__)
#define __UK_SC_PARAMS0(m, ...) void
#define __UK_SC_PARAMS1(m, ...) __UK_SC_MAP1(m, __VA_ARGS__)
#define __UK_SC_PARAMS2(m, ...) __UK_SC_MAP2(m, __VA_ARGS__)
#define __UK_SC_PARAMS3(m, ...) __UK_SC_MAP3(m, __VA_ARGS__)
#define __UK_SC_PARAMS4(m, ...) __UK_SC_MAP4(m, __VA_ARGS__)
#define __UK_SC_PARAMS5(m, ...) __UK_SC_MAP5(m, __VA_ARGS__)
#define __UK_SC_PARAMS6(m, ...) __UK_SC_MAP6(m, __VA_ARGS__)

#define UK_SYSCALL_R_DEFINE_RAW(name, ...)                                     \
	static long __uk_sc_##name(__UK_SC_PARAMS(__UK_SC_DECL, ##__VA_ARGS__)); \
	long uk_syscall_r_##name(__UK_SC_PARAMS(__UK_SC_LONG, ##__VA_ARGS__)); \
	long uk_syscall_r_##name(__UK_SC_PARAMS(__UK_SC_LONG, ##__VA_ARGS__))  \
	{                                                                      \
		return __uk_sc_##name(__UK_SC_MAP(__UK_SC_CAST, ##__VA_ARGS__)); \
	}                                                                      \
	static long __uk_sc_##name(__UK_SC_PARAMS(__UK_SC_DECL, ##__VA_ARGS__))

#define UK_SYSCALL_R_DEFINE(rtype, name, ...)                                  \
	static long __uk_sc_##name(__UK_SC_PARAMS(__UK_SC_DECL, ##__VA_ARGS__)); \
	long uk_syscall_r_##name(__UK_SC_PARAMS(__UK_SC_LONG, ##__VA_ARGS__)); \
	long uk_syscall_r_##name(__UK_SC_PARAMS(__UK_SC_LONG, ##__VA_ARGS__))  \
	{                                                                      \
		return __uk_sc_##name(__UK_SC_MAP(__UK_SC_CAST, ##__VA_ARGS__)); \
	}                                                                      \
	rtype name(__UK_SC_PARAMS(__UK_SC_DECL, ##__VA_ARGS__))                \
	{                                                                      \
		long __r = __uk_sc_##name(                                     \
			__UK_SC_MAP(__UK_SC_NAME, ##__VA_ARGS__));             \
		if (__r < 0) {                                                 \
			errno = (int)-__r;                                     \
			return (rtype)-1;                                      \
		}                                                              \
		return (rtype)__r;                                             \
	}                                                                      \
	static long __uk_sc_##name(__UK_SC_PARAMS(__UK_SC_DECL, ##__VA_ARGS__))

/* errno + -1 from a negative errno, for hand-written C functions. */
static inline long uk_syscall_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/*
 * What a call nobody implements does: logs "<name> is not implemented"
 * once per name, returns -ENOSYS.
 */
long uk_syscall_enosys(const char *name);

/*
 * Dispatch the Linux system call number nr (of the image's architecture)
 * through the table: the implementing library's uk_syscall_r_<name>, or
 * -ENOSYS (logged once) when the number is unknown or unimplemented.
 */
long uk_syscall_r(long nr, long a1, long a2, long a3, long a4, long a5,
		  long a6);

/* The name of Linux system call nr in the table, or NULL. */
const char *uk_syscall_name(long nr);

#endif
