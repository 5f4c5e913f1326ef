/* SPDX-License-Identifier: BSD-3-Clause */
/* lwip's compiler and platform definitions for Tessera. */
#ifndef TESSERA_LWIP_ARCH_CC_H
#define TESSERA_LWIP_ARCH_CC_H

#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/assert.h>

#define LWIP_NO_INTTYPES_H 1
#include <limits.h>
#include <sys/types.h>
#ifndef SSIZE_MAX /* the C library has ssize_t (newlib's limits.h lacks this) */
#define SSIZE_MAX __LONG_MAX__
#endif
#define X8_F "hhu"
#define U16_F "hu"
#define S16_F "hd"
#define X16_F "hx"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/* BYTE_ORDER and LITTLE_ENDIAN come from the C library (<sys/types.h>). */
#define LWIP_PLATFORM_DIAG(x)                                                  \
	do {                                                                   \
		uk_pr_info x;                                                  \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x)                                                \
	UK_CRASH("lwip assertion \"%s\" failed at %s:%d\n", x, __FILE__,       \
		 __LINE__)

#endif
