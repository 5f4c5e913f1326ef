/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform console as a file: writes go to ukplat_coutk, reads wait
 * for ukplat_cink to have something (end of input reads as 0 bytes).
 *
 * No platform tells when console input arrives (no input interrupt yet),
 * so a reader looks again after a short sleep: 1 ms at first, doubling
 * up to 8 ms while nothing comes. The sleep blocks the thread (other
 * threads run) or idles the CPU; a waiting reader costs about 125
 * wake-ups a second, and input is seen within 8 ms. A signal (posix-
 * process) ends the wait: its handler runs, then the read starts over
 * if the handler has SA_RESTART, or fails with EINTR.
 *
 * fd 0 is the console's input side, fds 1 and 2 its output side (two
 * open files): each is a terminal (isatty, a character device in fstat)
 * exactly when the platform says that side is one (on linuxu: the host's
 * stdin, stdout), otherwise fstat shows a FIFO, a stream that is no
 * terminal, and isatty is false.
 */
#include <uk/file.h>
#include <uk/plat/console.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#ifdef CONFIG_LIBPOSIX_PROCESS
#include <uk/signal.h>
#include <uk/plat/time.h>
#endif

#define POLL_FIRST_NS 1000000L /* 1 ms */
#define POLL_MAX_NS 8000000L   /* 8 ms */

static ssize_t con_read(struct uk_file *f, void *buf, size_t len, off_t off)
{
	struct timespec nap = { 0, POLL_FIRST_NS };
	int r;

	(void)off;
	if (!len)
		return 0;
	if (len > 0x10000000)
		len = 0x10000000;
	for (;;) {
		r = ukplat_cink(buf, (unsigned int)len);
		if (r > 0)
			return r;
		if (r < 0) /* no more input will ever come */
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		/* Nothing yet: sleep (others run, or the CPU idles). */
#ifdef CONFIG_LIBPOSIX_PROCESS
		if (uk_signal_sleep_until(ukplat_monotonic_clock() +
					  (__nsec)nap.tv_nsec) == -EINTR)
			return -EINTR;
#else
		nanosleep(&nap, NULL);
#endif
		if (nap.tv_nsec < POLL_MAX_NS)
			nap.tv_nsec *= 2;
	}
}

static ssize_t con_write(struct uk_file *f, const void *buf, size_t len,
			 off_t off)
{
	int r;

	(void)f, (void)off;
	if (len > 0x40000000)
		len = 0x40000000;
	r = ukplat_coutk(buf, (unsigned int)len);
	return r < 0 ? -EIO : r;
}

static int con_fstat(struct uk_file *f, struct stat *st)
{
	int side = f->priv ? UKPLAT_CONSOLE_OUT : UKPLAT_CONSOLE_IN;

	memset(st, 0, sizeof(*st));
	if (ukplat_console_is_terminal(side)) {
		st->st_mode = S_IFCHR | 0620;
		st->st_rdev = (5 << 8) | 1; /* like /dev/console */
	} else {
		st->st_mode = S_IFIFO | 0600;
	}
	st->st_blksize = 1024;
	st->st_nlink = 1;
	return 0;
}

static int con_poll(struct uk_file *f)
{
	(void)f;
	return POLLOUT; /* input readiness is unknown until read */
}

static const struct uk_file_ops console_ops = {
	.read = con_read,
	.write = con_write,
	.fstat = con_fstat,
	.poll = con_poll,
};

struct uk_file *uk_console_file(int side)
{
	return uk_file_new(&console_ops,
			   side == UKPLAT_CONSOLE_OUT ? (void *)1 : NULL,
			   O_RDWR, 0);
}
