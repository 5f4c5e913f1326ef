/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot-time work of libraries. A library registers a function with one of
 *
 *   uk_early_initcall(fn)   before anything else (allocators)
 *   uk_plat_initcall(fn)    platform devices and buses
 *   uk_lib_initcall(fn)     ordinary libraries
 *   uk_rootfs_initcall(fn)  mounting the root file system
 *   uk_sys_initcall(fn)     system services that need the file system
 *   uk_late_initcall(fn)    last (test runners)
 *
 * and the _prio(fn, p) variants (p = 0..9, lower first, default 5).
 * ukboot runs them in that order, after kernel parameters are parsed and
 * before main(). fn returns 0, or a negative errno: boot then stops with a
 * message naming fn and the crash status.
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>

typedef int (*uk_init_func_t)(void);

enum uk_init_class {
	UK_INIT_EARLY = 1,
	UK_INIT_PLAT,
	UK_INIT_LIB,
	UK_INIT_ROOTFS,
	UK_INIT_SYS,
	UK_INIT_LATE,
};

struct uk_init_entry {
	uk_init_func_t fn;
	const char *name;
	__u8 cls, prio;
};

/* The linker gathers the entries into the section uk_inittab. */
#define __uk_initcall(f, c, p)                                                 \
	static const struct uk_init_entry __used __section("uk_inittab")       \
		__align(8) UK_CONCAT(__uk_init_, f) = { f, #f, c, p }

#define uk_early_initcall_prio(f, p) __uk_initcall(f, UK_INIT_EARLY, p)
#define uk_plat_initcall_prio(f, p) __uk_initcall(f, UK_INIT_PLAT, p)
#define uk_lib_initcall_prio(f, p) __uk_initcall(f, UK_INIT_LIB, p)
#define uk_rootfs_initcall_prio(f, p) __uk_initcall(f, UK_INIT_ROOTFS, p)
#define uk_sys_initcall_prio(f, p) __uk_initcall(f, UK_INIT_SYS, p)
#define uk_late_initcall_prio(f, p) __uk_initcall(f, UK_INIT_LATE, p)

#define uk_early_initcall(f) uk_early_initcall_prio(f, 5)
#define uk_plat_initcall(f) uk_plat_initcall_prio(f, 5)
#define uk_lib_initcall(f) uk_lib_initcall_prio(f, 5)
#define uk_rootfs_initcall(f) uk_rootfs_initcall_prio(f, 5)
#define uk_sys_initcall(f) uk_sys_initcall_prio(f, 5)
#define uk_late_initcall(f) uk_late_initcall_prio(f, 5)

#endif
