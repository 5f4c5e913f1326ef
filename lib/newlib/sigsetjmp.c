/* SPDX-License-Identifier: BSD-3-Clause */
/* The functions behind <setjmp.h>'s POSIX additions (see there). */
#include <setjmp.h>
#include <signal.h>

void __tessera_sigsetjmp_save(sigjmp_buf env, int savemask)
{
	env->__savedmask = savemask != 0;
	if (savemask)
		sigprocmask(SIG_SETMASK, NULL, &env->__mask);
}

void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__savedmask)
		sigprocmask(SIG_SETMASK, &env->__mask, NULL);
	longjmp(env->__jb, val ? val : 1);
}

void _longjmp(jmp_buf env, int val)
{
	longjmp(env, val ? val : 1);
}
