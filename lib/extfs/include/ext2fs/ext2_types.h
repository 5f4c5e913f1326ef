/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fixed-size types libext2fs wants (configure writes this file from
 * ext2_types.h.in upstream). The same definitions as <uk/essentials.h>,
 * so that the glue may include both.
 */
#ifndef _EXT2_TYPES_H
#define _EXT2_TYPES_H

typedef __UINT8_TYPE__ __u8;
typedef __INT8_TYPE__ __s8;
typedef __UINT16_TYPE__ __u16;
typedef __INT16_TYPE__ __s16;
typedef __UINT32_TYPE__ __u32;
typedef __INT32_TYPE__ __s32;
typedef __UINT64_TYPE__ __u64;
typedef __INT64_TYPE__ __s64;
#define HAVE___U8
#define HAVE___S8
#define HAVE___U16
#define HAVE___S16
#define HAVE___U32
#define HAVE___S32
#define HAVE___U64
#define HAVE___S64

/* sparse annotations: nothing for the compiler */
#ifndef __force
#define __force
#endif
#ifndef __bitwise
#define __bitwise
#endif

typedef __u16 __le16;
typedef __u32 __le32;
typedef __u64 __le64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u64 __be64;

#endif
