/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * C11 <stdatomic.h> over the compiler's __atomic built-ins. newlib's own
 * header wraps every atomic object in a structure, which does not work
 * with the compiler's native _Atomic in C11 programs (Redis declares its
 * counters `_Atomic long long`); this one uses _Atomic as the language
 * defines it.
 */
#ifndef _TESSERA_STDATOMIC_H
#define _TESSERA_STDATOMIC_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	memory_order_relaxed = __ATOMIC_RELAXED,
	memory_order_consume = __ATOMIC_CONSUME,
	memory_order_acquire = __ATOMIC_ACQUIRE,
	memory_order_release = __ATOMIC_RELEASE,
	memory_order_acq_rel = __ATOMIC_ACQ_REL,
	memory_order_seq_cst = __ATOMIC_SEQ_CST
} memory_order;

typedef _Atomic _Bool atomic_bool;
typedef _Atomic char atomic_char;
typedef _Atomic signed char atomic_schar;
typedef _Atomic unsigned char atomic_uchar;
typedef _Atomic short atomic_short;
typedef _Atomic unsigned short atomic_ushort;
typedef _Atomic int atomic_int;
typedef _Atomic unsigned int atomic_uint;
typedef _Atomic long atomic_long;
typedef _Atomic unsigned long atomic_ulong;
typedef _Atomic long long atomic_llong;
typedef _Atomic unsigned long long atomic_ullong;
typedef _Atomic __CHAR16_TYPE__ atomic_char16_t;
typedef _Atomic __CHAR32_TYPE__ atomic_char32_t;
typedef _Atomic __WCHAR_TYPE__ atomic_wchar_t;
typedef _Atomic int_least8_t atomic_int_least8_t;
typedef _Atomic uint_least8_t atomic_uint_least8_t;
typedef _Atomic int_least16_t atomic_int_least16_t;
typedef _Atomic uint_least16_t atomic_uint_least16_t;
typedef _Atomic int_least32_t atomic_int_least32_t;
typedef _Atomic uint_least32_t atomic_uint_least32_t;
typedef _Atomic int_least64_t atomic_int_least64_t;
typedef _Atomic uint_least64_t atomic_uint_least64_t;
typedef _Atomic int_fast8_t atomic_int_fast8_t;
typedef _Atomic uint_fast8_t atomic_uint_fast8_t;
typedef _Atomic int_fast16_t atomic_int_fast16_t;
typedef _Atomic uint_fast16_t atomic_uint_fast16_t;
typedef _Atomic int_fast32_t atomic_int_fast32_t;
typedef _Atomic uint_fast32_t atomic_uint_fast32_t;
typedef _Atomic int_fast64_t atomic_int_fast64_t;
typedef _Atomic uint_fast64_t atomic_uint_fast64_t;
typedef _Atomic intptr_t atomic_intptr_t;
typedef _Atomic uintptr_t atomic_uintptr_t;
typedef _Atomic size_t atomic_size_t;
typedef _Atomic ptrdiff_t atomic_ptrdiff_t;
typedef _Atomic intmax_t atomic_intmax_t;
typedef _Atomic uintmax_t atomic_uintmax_t;

#define ATOMIC_BOOL_LOCK_FREE __GCC_ATOMIC_BOOL_LOCK_FREE
#define ATOMIC_CHAR_LOCK_FREE __GCC_ATOMIC_CHAR_LOCK_FREE
#define ATOMIC_CHAR16_T_LOCK_FREE __GCC_ATOMIC_CHAR16_T_LOCK_FREE
#define ATOMIC_CHAR32_T_LOCK_FREE __GCC_ATOMIC_CHAR32_T_LOCK_FREE
#define ATOMIC_WCHAR_T_LOCK_FREE __GCC_ATOMIC_WCHAR_T_LOCK_FREE
#define ATOMIC_SHORT_LOCK_FREE __GCC_ATOMIC_SHORT_LOCK_FREE
#define ATOMIC_INT_LOCK_FREE __GCC_ATOMIC_INT_LOCK_FREE
#define ATOMIC_LONG_LOCK_FREE __GCC_ATOMIC_LONG_LOCK_FREE
#define ATOMIC_LLONG_LOCK_FREE __GCC_ATOMIC_LLONG_LOCK_FREE
#define ATOMIC_POINTER_LOCK_FREE __GCC_ATOMIC_POINTER_LOCK_FREE

#define ATOMIC_VAR_INIT(v) (v)
#define atomic_init(obj, v) __atomic_store_n((obj), (v), __ATOMIC_RELAXED)
#define kill_dependency(y) (y)

#define atomic_thread_fence(mo) __atomic_thread_fence(mo)
#define atomic_signal_fence(mo) __atomic_signal_fence(mo)
#define atomic_is_lock_free(obj) __atomic_is_lock_free(sizeof(*(obj)), (obj))

#define atomic_store_explicit(obj, v, mo) __atomic_store_n((obj), (v), (mo))
#define atomic_store(obj, v) atomic_store_explicit(obj, v, __ATOMIC_SEQ_CST)
#define atomic_load_explicit(obj, mo) __atomic_load_n((obj), (mo))
#define atomic_load(obj) atomic_load_explicit(obj, __ATOMIC_SEQ_CST)
#define atomic_exchange_explicit(obj, v, mo) __atomic_exchange_n((obj), (v), (mo))
#define atomic_exchange(obj, v) atomic_exchange_explicit(obj, v, __ATOMIC_SEQ_CST)
#define atomic_compare_exchange_strong_explicit(obj, exp, des, ok, fail)      \
	__atomic_compare_exchange_n((obj), (exp), (des), 0, (ok), (fail))
#define atomic_compare_exchange_strong(obj, exp, des)                         \
	atomic_compare_exchange_strong_explicit(obj, exp, des,                \
						__ATOMIC_SEQ_CST,             \
						__ATOMIC_SEQ_CST)
#define atomic_compare_exchange_weak_explicit(obj, exp, des, ok, fail)        \
	__atomic_compare_exchange_n((obj), (exp), (des), 1, (ok), (fail))
#define atomic_compare_exchange_weak(obj, exp, des)                           \
	atomic_compare_exchange_weak_explicit(obj, exp, des, __ATOMIC_SEQ_CST, \
					      __ATOMIC_SEQ_CST)

#define atomic_fetch_add_explicit(obj, v, mo) __atomic_fetch_add((obj), (v), (mo))
#define atomic_fetch_add(obj, v) atomic_fetch_add_explicit(obj, v, __ATOMIC_SEQ_CST)
#define atomic_fetch_sub_explicit(obj, v, mo) __atomic_fetch_sub((obj), (v), (mo))
#define atomic_fetch_sub(obj, v) atomic_fetch_sub_explicit(obj, v, __ATOMIC_SEQ_CST)
#define atomic_fetch_or_explicit(obj, v, mo) __atomic_fetch_or((obj), (v), (mo))
#define atomic_fetch_or(obj, v) atomic_fetch_or_explicit(obj, v, __ATOMIC_SEQ_CST)
#define atomic_fetch_xor_explicit(obj, v, mo) __atomic_fetch_xor((obj), (v), (mo))
#define atomic_fetch_xor(obj, v) atomic_fetch_xor_explicit(obj, v, __ATOMIC_SEQ_CST)
#define atomic_fetch_and_explicit(obj, v, mo) __atomic_fetch_and((obj), (v), (mo))
#define atomic_fetch_and(obj, v) atomic_fetch_and_explicit(obj, v, __ATOMIC_SEQ_CST)

typedef struct {
	_Atomic _Bool flag;
} atomic_flag;

#define ATOMIC_FLAG_INIT { 0 }
#define atomic_flag_test_and_set_explicit(f, mo)                              \
	__atomic_exchange_n(&(f)->flag, 1, (mo))
#define atomic_flag_test_and_set(f)                                           \
	atomic_flag_test_and_set_explicit(f, __ATOMIC_SEQ_CST)
#define atomic_flag_clear_explicit(f, mo) __atomic_store_n(&(f)->flag, 0, (mo))
#define atomic_flag_clear(f) atomic_flag_clear_explicit(f, __ATOMIC_SEQ_CST)

#endif
