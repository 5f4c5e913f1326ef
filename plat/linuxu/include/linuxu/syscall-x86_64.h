/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64 Linux system call numbers and the `syscall` instruction. */
#ifndef LINUXU_SYSCALL_X86_64_H
#define LINUXU_SYSCALL_X86_64_H

#define __NR_socket 41
#define __NR_ioctl 16
#define __NR_fcntl 72
#define __NR_read 0
#define __NR_write 1
#define __NR_close 3
#define __NR_lseek 8
#define __NR_pread64 17
#define __NR_pwrite64 18
#define __NR_fsync 74
#define __NR_mmap 9
#define __NR_mprotect 10
#define __NR_munmap 11
#define __NR_rt_sigaction 13
#define __NR_rt_sigprocmask 14
#define __NR_rt_sigreturn 15
#define __NR_getpid 39
#define __NR_execve 59
#define __NR_sigaltstack 131
#define __NR_arch_prctl 158
#define __NR_gettid 186
#define __NR_futex 202
#define __NR_timer_create 222
#define __NR_timer_settime 223
#define __NR_clock_gettime 228
#define __NR_clock_nanosleep 230
#define __NR_exit_group 231
#define __NR_tgkill 234
#define __NR_openat 257
#define __NR_readlinkat 267
#define __NR_ppoll 271
#define __NR_timerfd_create 283
#define __NR_timerfd_settime 286
#define __NR_prlimit64 302
#define __NR_getrandom 318

/* hostfs */
#define __NR_getdents64 217
#define __NR_mkdirat 258
#define __NR_fchownat 260
#define __NR_unlinkat 263
#define __NR_renameat2 316
#define __NR_linkat 265
#define __NR_symlinkat 266
#define __NR_fchmodat 268
#define __NR_utimensat 280
#define __NR_ftruncate 77
#define __NR_statx 332

static inline long linuxu_syscall0(long n)
{
	long ret;

	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long linuxu_syscall1(long n, long a)
{
	long ret;

	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long linuxu_syscall2(long n, long a, long b)
{
	long ret;

	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long linuxu_syscall3(long n, long a, long b, long c)
{
	long ret;

	__asm__ __volatile__("syscall" : "=a"(ret)
			     : "a"(n), "D"(a), "S"(b), "d"(c)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long linuxu_syscall4(long n, long a, long b, long c, long d)
{
	long ret;
	register long r10 __asm__("r10") = d;

	__asm__ __volatile__("syscall" : "=a"(ret)
			     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long linuxu_syscall5(long n, long a, long b, long c, long d,
				   long e)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;

	__asm__ __volatile__("syscall" : "=a"(ret)
			     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10),
			       "r"(r8)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long linuxu_syscall6(long n, long a, long b, long c, long d,
				   long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ __volatile__("syscall" : "=a"(ret)
			     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10),
			       "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

#endif
