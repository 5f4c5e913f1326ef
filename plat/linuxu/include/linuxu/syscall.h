/* SPDX-License-Identifier: BSD-3-Clause */
/* Raw Linux system calls for the linuxu platform (no host libc). */
#ifndef LINUXU_SYSCALL_H
#define LINUXU_SYSCALL_H

#include <uk/essentials.h>

#if defined(__x86_64__)
#include <linuxu/syscall-x86_64.h>
#elif defined(__aarch64__)
#include <linuxu/syscall-arm64.h>
#else
#error "linuxu: unsupported architecture"
#endif

/* Linux errno values the platform checks for (same on x86_64 and arm64). */
#define LINUX_ENOENT 2
#define LINUX_EINTR 4
#define LINUX_EAGAIN 11
#define LINUX_ENOMEM 12

#define LINUX_PROT_READ 0x1
#define LINUX_PROT_WRITE 0x2
#define LINUX_MAP_PRIVATE 0x02
#define LINUX_MAP_ANONYMOUS 0x20
#define LINUX_MAP_NORESERVE 0x4000
#define LINUX_O_RDONLY 0
#define LINUX_O_CLOEXEC 02000000
#define LINUX_O_RDWR 2
#define LINUX_O_NONBLOCK 04000
#define LINUX_AT_FDCWD (-100)

struct linux_timespec {
	long tv_sec;
	long tv_nsec;
};

struct linux_pollfd {
	int fd;
	short events;
	short revents;
};
#define LINUX_POLLIN 0x1
#define LINUX_POLLHUP 0x10

struct linux_rlimit {
	unsigned long cur, max;
};
#define LINUX_RLIMIT_CORE 4

#define LINUX_CLOCK_REALTIME 0
#define LINUX_CLOCK_MONOTONIC 1

/* Thin wrappers; each returns what the kernel returns (negative errno). */
static inline long linuxu_write(int fd, const void *buf, __sz len)
{
	return linuxu_syscall3(__NR_write, fd, (long)buf, (long)len);
}

static inline long linuxu_read(int fd, void *buf, __sz len)
{
	return linuxu_syscall3(__NR_read, fd, (long)buf, (long)len);
}

static inline long linuxu_openat(int dirfd, const char *path, int flags)
{
	return linuxu_syscall4(__NR_openat, dirfd, (long)path, flags, 0);
}

static inline long linuxu_ioctl(int fd, unsigned long req, void *arg)
{
	return linuxu_syscall3(__NR_ioctl, fd, (long)req, (long)arg);
}

static inline long linuxu_close(int fd)
{
	return linuxu_syscall1(__NR_close, fd);
}

static inline long linuxu_lseek(int fd, long off, int whence)
{
	return linuxu_syscall3(__NR_lseek, fd, off, whence);
}

static inline long linuxu_pread(int fd, void *buf, __sz len, long off)
{
	return linuxu_syscall4(__NR_pread64, fd, (long)buf, (long)len, off);
}

static inline long linuxu_pwrite(int fd, const void *buf, __sz len, long off)
{
	return linuxu_syscall4(__NR_pwrite64, fd, (long)buf, (long)len, off);
}

static inline long linuxu_fsync(int fd)
{
	return linuxu_syscall1(__NR_fsync, fd);
}

static inline void *linuxu_mmap(void *addr, __sz len, int prot, int flags,
				int fd, long off)
{
	return (void *)linuxu_syscall6(__NR_mmap, (long)addr, (long)len, prot,
				       flags, fd, off);
}

static inline long linuxu_munmap(void *addr, __sz len)
{
	return linuxu_syscall2(__NR_munmap, (long)addr, (long)len);
}

/* mmap returns -4095..-1 for errors. */
#define LINUXU_MMAP_FAILED(p) ((unsigned long)(p) > -4096UL)

static inline __noreturn void linuxu_exit_group(int status)
{
	for (;;)
		linuxu_syscall1(__NR_exit_group, status);
}

static inline long linuxu_clock_gettime(int clk, struct linux_timespec *ts)
{
	return linuxu_syscall2(__NR_clock_gettime, clk, (long)ts);
}

static inline long linuxu_ppoll(struct linux_pollfd *fds, unsigned long n,
				const struct linux_timespec *tmo)
{
	return linuxu_syscall5(__NR_ppoll, (long)fds, (long)n, (long)tmo, 0, 8);
}

static inline long linuxu_getpid(void)
{
	return linuxu_syscall0(__NR_getpid);
}

static inline long linuxu_gettid(void)
{
	return linuxu_syscall0(__NR_gettid);
}

static inline long linuxu_tgkill(long pid, long tid, int sig)
{
	return linuxu_syscall3(__NR_tgkill, pid, tid, sig);
}

static inline long linuxu_prlimit(int resource, const struct linux_rlimit *new)
{
	return linuxu_syscall4(__NR_prlimit64, 0, resource, (long)new, 0);
}

static inline long linuxu_readlink(const char *path, char *buf, __sz len)
{
	return linuxu_syscall4(__NR_readlinkat, LINUX_AT_FDCWD, (long)path,
			       (long)buf, (long)len);
}

static inline long linuxu_execve(const char *path, char *const argv[],
				 char *const envp[])
{
	return linuxu_syscall3(__NR_execve, (long)path, (long)argv, (long)envp);
}

#endif
