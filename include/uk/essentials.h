/* SPDX-License-Identifier: BSD-3-Clause */
/* Types, attributes and small helpers every library may use. No libc needed. */
#ifndef UK_ESSENTIALS_H
#define UK_ESSENTIALS_H

#ifndef __ASSEMBLY__
typedef __UINT8_TYPE__ __u8;
typedef __INT8_TYPE__ __s8;
typedef __UINT16_TYPE__ __u16;
typedef __INT16_TYPE__ __s16;
typedef __UINT32_TYPE__ __u32;
typedef __INT32_TYPE__ __s32;
typedef __UINT64_TYPE__ __u64;
typedef __INT64_TYPE__ __s64;
typedef __SIZE_TYPE__ __sz;
typedef __PTRDIFF_TYPE__ __ssz;
typedef __UINTPTR_TYPE__ __uptr;
typedef __INTPTR_TYPE__ __sptr;
typedef __u64 __nsec;  /* nanoseconds */
typedef __s64 __snsec; /* signed nanoseconds (differences) */
typedef __uptr __paddr;
typedef __uptr __vaddr;
typedef _Bool __bool;
#endif

/* newlib's <sys/cdefs.h> defines some of these the same way. */
#ifndef __unused
#define __unused __attribute__((unused))
#endif
#ifndef __used
#define __used __attribute__((used))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __align
#define __align(x) __attribute__((aligned(x)))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef __printf
#define __printf(f, a) __attribute__((format(printf, f, a)))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define __STRINGIFY(x) #x
#define STRINGIFY(x) __STRINGIFY(x)
#define __UK_CONCAT(a, b) a##b
#define UK_CONCAT(a, b) __UK_CONCAT(a, b)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
/* Round up/down to a power-of-two alignment. */
#define ALIGN_UP(v, a) (((v) + (a) - 1) & ~((__typeof__(v))(a) - 1))
#define ALIGN_DOWN(v, a) ((v) & ~((__typeof__(v))(a) - 1))
#define IS_ALIGNED(v, a) (((v) & ((__typeof__(v))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define UK_CTASSERT(cond) _Static_assert(cond, #cond)
#ifndef __containerof
#define __containerof(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))
#endif

#define barrier() __asm__ __volatile__("" ::: "memory")

#endif /* UK_ESSENTIALS_H */
