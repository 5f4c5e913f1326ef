/* SPDX-License-Identifier: BSD-3-Clause */
/* Raw Linux system calls through the syscall instruction (kvm image). */
#include <uk/test.h>
#include <string.h>
#include <uk/plat/lcpu.h>

static long raw(long nr, long a1, long a2, long a3)
{
	long r;

	__asm__ __volatile__("syscall"
			     : "=a"(r)
			     : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
			     : "rcx", "r11", "memory");
	return r;
}

static long raw4(long nr, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
	long r;

	__asm__ __volatile__("syscall"
			     : "=a"(r)
			     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			     : "rcx", "r11", "memory");
	return r;
}

UK_TESTCASE(syscall_insn, linux_numbers_and_errors)
{
	struct {
		unsigned long dev, ino, nlink;
		unsigned int mode, uid, gid;
		int pad0;
		unsigned long rdev;
		long size, rest[12];
	} st;
	struct {
		long sec, nsec;
	} ts = { 0, 0 };
	struct {
		short type, whence;
		long start, len;
		int pid;
	} lk;
	struct {
		long sec, nsec;
	} tms[2] = { { 7654321, 0 }, { 1234567, 0 } };
	long fd;

	UK_TEST_EXPECT_SNUM_EQ(raw(39, 0, 0, 0), 1);          /* getpid */
	UK_TEST_EXPECT_SNUM_EQ(raw(1, 1, (long)"", 0), 0);     /* write 0 bytes */
	UK_TEST_EXPECT_SNUM_EQ(raw(2, (long)"/nonexistent", 0, 0), -2); /* ENOENT */
	UK_TEST_EXPECT_SNUM_EQ(raw(3, 4000, 0, 0), -9);        /* close: EBADF */
	UK_TEST_EXPECT_SNUM_EQ(raw(9999, 0, 0, 0), -38);       /* ENOSYS, Linux's */
	UK_TEST_EXPECT_SNUM_EQ(raw(228, 1, (long)&ts, 0), 0);  /* CLOCK_MONOTONIC */
	UK_TEST_EXPECT(ts.sec > 0 || ts.nsec > 0);
	/* O_CREAT|O_WRONLY|O_TRUNC in Linux's values */
	fd = raw(2, (long)"/sc_raw", 01 | 0100 | 01000, 0644);
	UK_TEST_ASSERT(fd >= 3);
	UK_TEST_EXPECT_SNUM_EQ(raw(1, fd, (long)"12345", 5), 5);
	UK_TEST_EXPECT_SNUM_EQ(raw(5, fd, (long)&st, 0), 0);   /* fstat */
	UK_TEST_EXPECT_SNUM_EQ(st.size, 5);
	UK_TEST_EXPECT_SNUM_EQ(st.mode & 0170000, 0100000);
	/* fcntl record locks, Linux's numbers and struct flock */
	lk.type = 1;   /* F_WRLCK */
	lk.whence = 0; /* SEEK_SET */
	lk.start = 0;
	lk.len = 0;
	UK_TEST_EXPECT_SNUM_EQ(raw(72, fd, 6, (long)&lk), 0);  /* F_SETLK */
	UK_TEST_EXPECT_SNUM_EQ(raw(72, fd, 7, (long)&lk), 0);  /* F_SETLKW */
	UK_TEST_EXPECT_SNUM_EQ(raw(72, fd, 5, (long)&lk), 0);  /* F_GETLK */
	UK_TEST_EXPECT_SNUM_EQ(lk.type, 2);                    /* F_UNLCK */
	lk.type = 3;
	UK_TEST_EXPECT_SNUM_EQ(raw(72, fd, 6, (long)&lk), -22); /* EINVAL */
	UK_TEST_EXPECT_SNUM_EQ(raw(73, fd, 2 | 4, 0), 0);      /* flock EX|NB */
	/* utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), Linux's */
	UK_TEST_EXPECT_SNUM_EQ(raw4(280, -100, (long)"/sc_raw", (long)tms,
				    0x100), 0);
	UK_TEST_EXPECT_SNUM_EQ(raw(5, fd, (long)&st, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(st.rest[2], 7654321);            /* st_atime */
	UK_TEST_EXPECT_SNUM_EQ(st.rest[4], 1234567);            /* st_mtime */
	UK_TEST_EXPECT_SNUM_EQ(raw(3, fd, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(raw(87, (long)"/sc_raw", 0, 0), 0); /* unlink */
	UK_TEST_EXPECT_SNUM_EQ(raw(4, (long)"/sc_raw", (long)&st, 0), -2);
}

/*
 * Code built without -mno-red-zone may keep data in the 128 bytes below
 * rsp across a syscall (Linux's entry switches stacks). Fill them, call
 * getpid, and OR together what changed. Interrupts are masked: the CPU
 * pushes their frames onto the current stack too.
 */
UK_TESTCASE(syscall_insn, red_zone_left_alone)
{
	const unsigned long magic = 0x5a17c0de0ddba11UL;
	unsigned long changed, flags;
	long pid;

	flags = ukplat_lcpu_save_irqf();
	__asm__ __volatile__(
		".irp off, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, "
		"104, 112, 120, 128\n\t"
		"movq %[m], -\\off(%%rsp)\n\t"
		".endr\n\t"
		"movl $39, %%eax\n\t"
		"syscall\n\t"
		"xorl %k[c], %k[c]\n\t"
		".irp off, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, "
		"104, 112, 120, 128\n\t"
		"movq -\\off(%%rsp), %%rcx\n\t"
		"xorq %[m], %%rcx\n\t"
		"orq %%rcx, %[c]\n\t"
		".endr"
		: [c] "=&r"(changed), "=&a"(pid)
		: [m] "r"(magic)
		: "rcx", "r11", "memory");
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_SNUM_EQ(pid, 1);
	UK_TEST_EXPECT_UNUM_EQ(changed, 0);
}

/* Signals through raw system calls: Linux's numbers and structures. */
static volatile int raw_hits;

static void raw_handler(int sig)
{
	raw_hits += sig;
}

UK_TESTCASE(syscall_insn, signals_with_linux_numbers)
{
	struct {
		void *handler;
		unsigned long flags;
		void *restorer;
		unsigned long mask;
	} ka = { (void *)raw_handler, 0, 0, 0 }, old;
	unsigned long set = 1UL << (10 - 1), pending = 0, was = 0;

	raw_hits = 0;
	UK_TEST_EXPECT_ZERO(raw4(13, 10, (long)&ka, 0, 8)); /* SIGUSR1 */
	UK_TEST_EXPECT_ZERO(raw(62, 1, 10, 0));              /* kill */
	UK_TEST_EXPECT_SNUM_EQ(raw_hits, 10);
	UK_TEST_EXPECT_ZERO(raw4(14, 0, (long)&set, (long)&was, 8)); /* block */
	UK_TEST_EXPECT_ZERO(raw(234, 1, 1, 10));             /* tgkill */
	UK_TEST_EXPECT_SNUM_EQ(raw_hits, 10);
	UK_TEST_EXPECT_ZERO(raw(127, (long)&pending, 8, 0)); /* rt_sigpending */
	UK_TEST_EXPECT_UNUM_EQ(pending, set);
	UK_TEST_EXPECT_ZERO(raw4(14, 1, (long)&set, 0, 8));  /* unblock */
	UK_TEST_EXPECT_SNUM_EQ(raw_hits, 20);
	UK_TEST_EXPECT_SNUM_EQ(raw(62, -1, 10, 0), -3);      /* ESRCH */
	UK_TEST_EXPECT_SNUM_EQ(raw(62, 1, 65, 0), -22);      /* EINVAL */
	ka.handler = 0; /* SIG_DFL back */
	UK_TEST_EXPECT_ZERO(raw4(13, 10, (long)&ka, (long)&old, 8));
	UK_TEST_EXPECT(old.handler == (void *)raw_handler);
}
