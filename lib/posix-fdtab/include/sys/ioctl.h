/* SPDX-License-Identifier: BSD-3-Clause */
/* ioctl() and the few requests the POSIX libraries understand (Linux's numbers). */
#ifndef _TESSERA_SYS_IOCTL_H
#define _TESSERA_SYS_IOCTL_H

#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define FIOCLEX 0x5451
#define FIONCLEX 0x5450
#define FIOASYNC 0x5452

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

int ioctl(int fd, unsigned long req, ...);

#endif
