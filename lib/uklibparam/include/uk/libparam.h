/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel parameters. A library declares one with
 *
 *   static __sz heap_size = 16 << 20;
 *   UK_LIBPARAM(linuxu, heap, size, &heap_size, "heap size, e.g. 64M");
 *
 * and the user sets it on the command line before "--" as linuxu.heap=64M.
 * Types and the C type the pointer must have:
 *
 *   bool   int *           1/0, y/n, yes/no, true/false, on/off
 *   int    int *           decimal, or 0x hexadecimal, optional sign
 *   long   long *
 *   ulong  unsigned long *
 *   size   __sz *          a byte count with an optional K, M, G or T suffix
 *   str    const char **   the rest of the word after '='
 *   strv   struct uk_libparam_strv *
 *                          repeatable: each occurrence appends its value
 *                          (in command-line order) to v[0..max-1]; one
 *                          more than max is out of range
 *
 * Values are set before any init function runs.
 */
#ifndef UK_LIBPARAM_H
#define UK_LIBPARAM_H

#include <uk/essentials.h>

enum uk_libparam_type {
	UK_LIBPARAM_bool,
	UK_LIBPARAM_int,
	UK_LIBPARAM_long,
	UK_LIBPARAM_ulong,
	UK_LIBPARAM_size,
	UK_LIBPARAM_str,
	UK_LIBPARAM_strv,
};

/* Values of a repeatable parameter: n of them in v (room for max). */
struct uk_libparam_strv {
	const char **v;
	unsigned int max, n;
};

#define UK_LIBPARAM_STRV_INIT(array)                                           \
	{ .v = (array), .max = ARRAY_SIZE(array), .n = 0 }

#define __UK_LIBPARAM_CTYPE_bool int
#define __UK_LIBPARAM_CTYPE_int int
#define __UK_LIBPARAM_CTYPE_long long
#define __UK_LIBPARAM_CTYPE_ulong unsigned long
#define __UK_LIBPARAM_CTYPE_size __sz
#define __UK_LIBPARAM_CTYPE_str const char *
#define __UK_LIBPARAM_CTYPE_strv struct uk_libparam_strv

struct uk_libparam {
	const char *name; /* "prefix.name" */
	void *addr;
	const char *desc;
	enum uk_libparam_type type;
};

#define UK_LIBPARAM(prefix, pname, type, ptr, description)                     \
	_Static_assert(__builtin_types_compatible_p(__typeof__(ptr),           \
				__UK_LIBPARAM_CTYPE_##type *),                  \
		       "UK_LIBPARAM " #prefix "." #pname ": pointer must be "  \
		       "to " STRINGIFY(__UK_LIBPARAM_CTYPE_##type));            \
	static const struct uk_libparam __used __section("uk_libparams")       \
		__align(8) __uk_libparam_##prefix##_##pname = {                  \
			#prefix "." #pname, (void *)(ptr), description,        \
			UK_LIBPARAM_##type }

/*
 * Set parameters from words "name=value" (argc of them). On the first bad
 * word prints what is wrong (and, for an unknown name, the known ones) and
 * returns -EINVAL; otherwise 0.
 */
int uk_libparam_parse(int argc, char *argv[]);

/* Look a parameter up by its full name; NULL if unknown. */
const struct uk_libparam *uk_libparam_find(const char *name, __sz namelen);

/*
 * Convert text to the parameter's type and store it. Returns 0, -EINVAL
 * for text that is not of the type, -ERANGE for a value that does not fit.
 */
int uk_libparam_set(const struct uk_libparam *p, const char *value);

#endif
