/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu console: stdout for output, stdin for input. One call's output
 * goes out with interrupts (SIGALRM) masked, so no other thread's comes
 * between its partial writes. Whether either is a terminal is the
 * host's answer for its descriptor (TCGETS), asked each time.
 */
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <linuxu/syscall.h>
#include <errno.h>

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned int done = 0;
	int rc;

	while (done < len) {
		long r = linuxu_write(1, buf + done, len - done);

		if (r == -LINUX_EINTR)
			continue;
		if (r <= 0) /* closed, full disk, ...: the console is gone */
			break;
		done += (unsigned int)r;
	}
	rc = done || !len ? (int)done : -EIO;
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/*
 * Never changes stdin's flags: O_NONBLOCK would be shared with the shell
 * that started us. Asks poll whether input waits instead.
 */
int ukplat_cink(char *buf, unsigned int maxlen)
{
	struct linux_pollfd pfd = { .fd = 0, .events = LINUX_POLLIN };
	struct linux_timespec zero = { 0, 0 };
	long r;

	if (maxlen == 0)
		return 0;
	r = linuxu_ppoll(&pfd, 1, &zero);
	if (r == 0 || r == -LINUX_EINTR)
		return 0;
	if (r < 0 || !(pfd.revents & (LINUX_POLLIN | LINUX_POLLHUP)))
		return -EIO;
	r = linuxu_read(0, buf, maxlen);
	if (r == -LINUX_EINTR || r == -LINUX_EAGAIN)
		return 0;
	if (r <= 0) /* end of input */
		return -EIO;
	return (int)r;
}

#define LINUX_TCGETS 0x5401 /* x86_64 and arm64 alike */

int ukplat_console_is_terminal(int side)
{
	/* Linux's struct termios is 36 (x86_64) or 60 (arm64) bytes. */
	unsigned char termios[64];

	return linuxu_ioctl(side == UKPLAT_CONSOLE_IN ? 0 : 1, LINUX_TCGETS,
			    termios) == 0;
}
