/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Splitting a command line into words, in place.
 *
 * Words are separated by spaces, tabs and newlines. Inside 'single quotes'
 * every character is literal; inside "double quotes" a backslash escapes
 * the next character; outside quotes a backslash escapes the next
 * character. Quotes join with neighbouring text: a'b c'd is one word.
 */
#ifndef UK_ARGPARSE_H
#define UK_ARGPARSE_H

#include <uk/essentials.h>

/*
 * Split the first maxlen bytes of buf (or up to its NUL) into at most
 * maxcount words, storing pointers in argv (buf is rewritten: each word
 * ends up NUL terminated inside it). Returns the number of words,
 * -E2BIG if there are more than maxcount, -EINVAL for a quote that is
 * never closed or a backslash at the very end, or -ENOSPC if the last word
 * fills buf to maxlen with no room left for its NUL.
 */
int uk_argnparse(char *buf, __sz maxlen, char *argv[], int maxcount);

#endif
