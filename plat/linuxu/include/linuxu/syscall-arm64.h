/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arm64 Linux system call numbers (the generic table of
 * asm-generic/unistd.h) and the `svc #0` instruction: number in x8,
 * arguments in x0-x5, result in x0.
 */
#ifndef LINUXU_SYSCALL_ARM64_H
#define LINUXU_SYSCALL_ARM64_H

#define __NR_openat 56
#define __NR_close 57
#define __NR_lseek 62
#define __NR_pread64 67
#define __NR_pwrite64 68
#define __NR_fsync 82
#define __NR_socket 198
#define __NR_ioctl 29
#define __NR_fcntl 25
#define __NR_read 63
#define __NR_write 64
#define __NR_ppoll 73
#define __NR_readlinkat 78
#define __NR_timerfd_create 85
#define __NR_timerfd_settime 86
#define __NR_exit_group 94
#define __NR_futex 98
#define __NR_timer_create 107
#define __NR_timer_settime 110
#define __NR_clock_gettime 113
#define __NR_clock_nanosleep 115
#define __NR_tgkill 131
#define __NR_sigaltstack 132
#define __NR_rt_sigaction 134
#define __NR_rt_sigprocmask 135
#define __NR_rt_sigreturn 139
#define __NR_getpid 172
#define __NR_gettid 178
#define __NR_munmap 215
#define __NR_execve 221
#define __NR_mmap 222
#define __NR_mprotect 226
#define __NR_prlimit64 261
#define __NR_getrandom 278

#define __LINUXU_SVC(...)                                                      \
	__asm__ __volatile__("svc #0" : "+r"(x0) : __VA_ARGS__ : "memory")

/* hostfs */
#define __NR_getdents64 61
#define __NR_mkdirat 34
#define __NR_fchownat 54
#define __NR_unlinkat 35
#define __NR_renameat2 276
#define __NR_linkat 37
#define __NR_symlinkat 36
#define __NR_fchmodat 53
#define __NR_utimensat 88
#define __NR_ftruncate 46
#define __NR_statx 291

static inline long linuxu_syscall0(long n)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0");

	__LINUXU_SVC("r"(x8));
	return x0;
}

static inline long linuxu_syscall1(long n, long a)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;

	__LINUXU_SVC("r"(x8));
	return x0;
}

static inline long linuxu_syscall2(long n, long a, long b)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;

	__LINUXU_SVC("r"(x8), "r"(x1));
	return x0;
}

static inline long linuxu_syscall3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__LINUXU_SVC("r"(x8), "r"(x1), "r"(x2));
	return x0;
}

static inline long linuxu_syscall4(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;

	__LINUXU_SVC("r"(x8), "r"(x1), "r"(x2), "r"(x3));
	return x0;
}

static inline long linuxu_syscall5(long n, long a, long b, long c, long d,
				   long e)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;

	__LINUXU_SVC("r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4));
	return x0;
}

static inline long linuxu_syscall6(long n, long a, long b, long c, long d,
				   long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__LINUXU_SVC("r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5));
	return x0;
}

#endif
