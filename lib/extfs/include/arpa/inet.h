/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The byte-order functions libext2fs' journal headers take from
 * <arpa/inet.h> (the journal is big-endian on disk). Seen only by
 * libext2fs and the glue.
 */
#ifndef EXTFS_ARPA_INET_H
#define EXTFS_ARPA_INET_H

#include <stdint.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define htonl(x) __builtin_bswap32((uint32_t)(x))
#define htons(x) __builtin_bswap16((uint16_t)(x))
#else
#define htonl(x) ((uint32_t)(x))
#define htons(x) ((uint16_t)(x))
#endif
#define ntohl(x) htonl(x)
#define ntohs(x) htons(x)

#endif
