/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <setjmp.h> (setjmp, longjmp: its own assembly for x86_64 and
 * arm64) plus what POSIX adds and newlib defines only for Cygwin and
 * RTEMS: sigjmp_buf, sigsetjmp/siglongjmp (the signal mask kept by
 * posix-process's sigprocmask) and _setjmp/_longjmp (which leave the
 * mask alone). sigsetjmp and _setjmp are macros so that setjmp itself
 * runs in the caller's frame.
 */
#ifndef _TESSERA_SETJMP_H
#define _TESSERA_SETJMP_H

#include_next <setjmp.h>
#include <signal.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * newlib's x86_64 longjmp hands 0 through as 0; C says setjmp then
 * returns 1.
 */
static inline int __tessera_jmp_val(int val)
{
	return val ? val : 1;
}
#define longjmp(env, val) longjmp((env), __tessera_jmp_val(val))

typedef struct {
	jmp_buf __jb;
	int __savedmask; /* sigsetjmp's savemask was nonzero */
	sigset_t __mask;
} sigjmp_buf[1];

/* Remember whether (and which) signal mask siglongjmp restores. */
void __tessera_sigsetjmp_save(sigjmp_buf env, int savemask);

#define sigsetjmp(env, savemask)                                               \
	(__tessera_sigsetjmp_save((env), (savemask)), setjmp((env)->__jb))

/* Back to sigsetjmp's caller (val 0 arrives as 1), mask restored if saved. */
void siglongjmp(sigjmp_buf env, int val) __attribute__((__noreturn__));

#define _setjmp(env) setjmp(env)
void _longjmp(jmp_buf env, int val) __attribute__((__noreturn__));

#ifdef __cplusplus
}
#endif

#endif
