/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Terminal attributes, Linux's layout and numbers (newlib's <termios.h>
 * includes this file; bare targets have none). The console of an image is
 * not a terminal the program can configure: tcgetattr and tcsetattr ask
 * the descriptor (ioctl TCGETS/TCSETS) and fail with ENOTTY there.
 */
#ifndef _TESSERA_SYS_TERMIOS_H
#define _TESSERA_SYS_TERMIOS_H

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS 32

struct termios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_line;
	cc_t c_cc[NCCS];
	speed_t c_ispeed;
	speed_t c_ospeed;
};

/* c_cc indexes */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
/* c_iflag */
#define IGNBRK 0000001
#define BRKINT 0000002
#define INPCK 0000020
#define ISTRIP 0000040
#define ICRNL 0000400
#define IXON 0002000
/* c_oflag */
#define OPOST 0000001
/* c_cflag */
#define CSIZE 0000060
#define CS8 0000060
/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define IEXTEN 0100000
/* tcsetattr actions */
#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);

#endif
