/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Dynamic loading. The image is one statically linked program: nothing
 * can be loaded. dlopen of a file fails (NULL, dlerror says why);
 * dlopen(NULL) gives a handle of the program itself whose dlsym finds
 * nothing (there is no symbol table at run time). Flags have Linux's
 * values.
 */
#ifndef _TESSERA_DLFCN_H
#define _TESSERA_DLFCN_H

#ifdef __cplusplus
extern "C" {
#endif

#define RTLD_LAZY 0x0001
#define RTLD_NOW 0x0002
#define RTLD_NOLOAD 0x0004
#define RTLD_DEEPBIND 0x0008
#define RTLD_GLOBAL 0x0100
#define RTLD_LOCAL 0
#define RTLD_NODELETE 0x1000

#define RTLD_DEFAULT ((void *)0)
#define RTLD_NEXT ((void *)-1l)

typedef struct {
	const char *dli_fname;
	void *dli_fbase;
	const char *dli_sname;
	void *dli_saddr;
} Dl_info;

/* NULL for any file; the program's handle for NULL. */
void *dlopen(const char *file, int mode);
/* Always NULL: no symbols can be looked up. */
void *dlsym(void *handle, const char *name);
/* 0 for the program's handle, else -1 ("invalid handle"). */
int dlclose(void *handle);
/* The last failure's message once, then NULL. */
char *dlerror(void);
/* Always 0: no symbol information. */
int dladdr(const void *addr, Dl_info *info);

#ifdef __cplusplus
}
#endif

#endif
