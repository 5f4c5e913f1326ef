/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <dlfcn.h>: a unikernel is one statically linked program, so every
 * request to load or look up fails cleanly with a message saying why.
 * The message is kept for the whole image, not per thread.
 */
#include <dlfcn.h>
#include <stdio.h>

static char message[160];
static int pending;

static void fail(const char *what, const char *why)
{
	snprintf(message, sizeof(message), "%s: %s", what ? what : "(null)",
		 why);
	pending = 1;
}

/* The handle of the program itself (dlopen(NULL)). */
static char program;

void *dlopen(const char *file, int mode)
{
	(void)mode;
	if (!file)
		return &program;
	fail(file, "dynamic loading is not supported in a unikernel");
	return NULL;
}

void *dlsym(void *handle, const char *name)
{
	(void)handle;
	fail(name, "symbol lookup is not supported in a unikernel "
		   "(statically linked, no dynamic symbol table)");
	return NULL;
}

int dlclose(void *handle)
{
	if (handle == &program)
		return 0;
	fail("dlclose", "invalid handle");
	return -1;
}

char *dlerror(void)
{
	if (!pending)
		return NULL;
	pending = 0;
	return message;
}

int dladdr(const void *addr, Dl_info *info)
{
	(void)addr;
	(void)info;
	return 0;
}
