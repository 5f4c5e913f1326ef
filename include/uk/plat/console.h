/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform console: the kernel's output and input. */
#ifndef UK_PLAT_CONSOLE_H
#define UK_PLAT_CONSOLE_H

#include <uk/essentials.h>

/*
 * Write len bytes of buf to the console. Returns the number of bytes written
 * (len, unless the console fails), or a negative errno. Safe from any context,
 * including crash handlers; needs no allocator.
 */
int ukplat_coutk(const char *buf, unsigned int len);

/*
 * Read up to maxlen bytes that are already waiting on the console input
 * without blocking. Returns the number read, 0 if none are waiting, or a
 * negative errno when no more input can ever come (end of input, -EIO).
 */
int ukplat_cink(char *buf, unsigned int maxlen);

#define UKPLAT_CONSOLE_IN 0
#define UKPLAT_CONSOLE_OUT 1
/*
 * 1 if the console's input (UKPLAT_CONSOLE_IN) or output
 * (UKPLAT_CONSOLE_OUT) is a terminal at the other end, 0 if it is not (a
 * pipe or a file on the host, no device at all). isatty() of the
 * descriptors that start as the console answers with this. Thread
 * context.
 */
int ukplat_console_is_terminal(int side);

#endif
