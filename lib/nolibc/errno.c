/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>

/* One errno for the whole image until a scheduler gives each thread its own. */
static int errno_value;

__attribute__((weak)) int *__errno_location(void)
{
	return &errno_value;
}
