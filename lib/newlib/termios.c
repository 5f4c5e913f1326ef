/* SPDX-License-Identifier: BSD-3-Clause */
/* tcgetattr/tcsetattr as the descriptor's ioctls (ENOTTY on the console). */
#include <termios.h>
#include <sys/ioctl.h>

#define TCSETS 0x5402

int tcgetattr(int fd, struct termios *t)
{
	return ioctl(fd, TCGETS, t);
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	return ioctl(fd, TCSETS + action, (void *)t);
}
