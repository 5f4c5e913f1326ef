/* SPDX-License-Identifier: BSD-3-Clause */
/* Parsing "name=value" kernel parameters into the variables libraries declared. */
#include <uk/libparam.h>
#include <uk/print.h>
#include <errno.h>
#include <string.h>

extern const struct uk_libparam __start_uk_libparams[] __weak;
extern const struct uk_libparam __stop_uk_libparams[] __weak;

static const char *const type_hint[] = {
	[UK_LIBPARAM_bool] = "a boolean (1/0, y/n, yes/no, true/false, on/off)",
	[UK_LIBPARAM_int] = "an integer",
	[UK_LIBPARAM_long] = "an integer",
	[UK_LIBPARAM_ulong] = "a non-negative integer",
	[UK_LIBPARAM_size] = "a size (a number with an optional K, M, G or T suffix)",
	[UK_LIBPARAM_str] = "a string",
	[UK_LIBPARAM_strv] = "a string (repeatable, a limited number of times)",
};

const struct uk_libparam *uk_libparam_find(const char *name, __sz namelen)
{
	for (const struct uk_libparam *p = __start_uk_libparams;
	     p < __stop_uk_libparams; p++)
		if (!strncmp(p->name, name, namelen) && !p->name[namelen])
			return p;
	return NULL;
}

/* Unsigned decimal or 0x-hexadecimal; *end is the first unused char. */
static int parse_u64(const char *s, __u64 *out, const char **end)
{
	unsigned int base = 10, digits = 0;
	__u64 v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	for (;; s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (unsigned int)((*s | 0x20) - 'a' + 10);
		else
			break;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!digits)
		return -EINVAL;
	*out = v;
	*end = s;
	return 0;
}

/* Whole text as a signed integer within [-max - 1, max]. */
static int parse_signed(const char *s, long long max, long long *out)
{
	int neg = (*s == '-');
	const char *end;
	__u64 v;
	int rc;

	if (*s == '-' || *s == '+')
		s++;
	rc = parse_u64(s, &v, &end);
	if (rc == 0 && *end)
		rc = -EINVAL;
	if (rc)
		return rc;
	if (v > (__u64)max + neg)
		return -ERANGE;
	*out = neg ? -(long long)(v - 1) - 1 : (long long)v;
	return 0;
}

static int parse_size(const char *s, __sz *out)
{
	const char *end;
	unsigned int shift = 0;
	__u64 v;
	int rc = parse_u64(s, &v, &end);

	if (rc)
		return rc;
	switch (*end | 0x20) {
	case 'k': shift = 10; end++; break;
	case 'm': shift = 20; end++; break;
	case 'g': shift = 30; end++; break;
	case 't': shift = 40; end++; break;
	}
	if (*end)
		return -EINVAL;
	if (shift && v > ((__u64)(__sz)~0ULL >> shift))
		return -ERANGE;
	*out = (__sz)(v << shift);
	return 0;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "y", "yes", "true", "on" };
	static const char *const no[] = { "0", "n", "no", "false", "off" };

	for (unsigned int i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(s, yes[i]))
			return *out = 1, 0;
		if (!strcmp(s, no[i]))
			return *out = 0, 0;
	}
	return -EINVAL;
}

int uk_libparam_set(const struct uk_libparam *p, const char *value)
{
	long long v;
	int rc;

	switch (p->type) {
	case UK_LIBPARAM_bool:
		return parse_bool(value, p->addr);
	case UK_LIBPARAM_int:
		rc = parse_signed(value, 0x7fffffffLL, &v);
		if (!rc)
			*(int *)p->addr = (int)v;
		return rc;
	case UK_LIBPARAM_long:
		rc = parse_signed(value, __LONG_MAX__, &v);
		if (!rc)
			*(long *)p->addr = (long)v;
		return rc;
	case UK_LIBPARAM_ulong: {
		const char *end;
		__u64 u;

		rc = parse_u64(value, &u, &end);
		if (!rc && *end)
			rc = -EINVAL;
		if (!rc && u > (__u64)(unsigned long)~0UL)
			rc = -ERANGE;
		if (!rc)
			*(unsigned long *)p->addr = (unsigned long)u;
		return rc;
	}
	case UK_LIBPARAM_size:
		return parse_size(value, p->addr);
	case UK_LIBPARAM_str:
		*(const char **)p->addr = value;
		return 0;
	case UK_LIBPARAM_strv: {
		struct uk_libparam_strv *sv = p->addr;

		if (sv->n >= sv->max)
			return -ERANGE;
		sv->v[sv->n++] = value;
		return 0;
	}
	}
	return -EINVAL;
}

static void list_known(void)
{
	const struct uk_libparam *first = __start_uk_libparams;

	if (first == __stop_uk_libparams) {
		uk_pr_raw("This image has no kernel parameters.\n");
		return;
	}
	uk_pr_raw("Kernel parameters of this image:\n");
	for (const struct uk_libparam *p = __start_uk_libparams;
	     p < __stop_uk_libparams; p++)
		uk_pr_raw("  %-24s %s\n", p->name, p->desc);
}

/*
 * A list value of a strv parameter, Unikraft's form: "name=[", the values
 * as separate words, "]" (or glued: "name=[a", "b]"). *i is the word that
 * opened it, and ends at the one that closed it. 0, or -EINVAL when no
 * word closes it, -ERANGE for too many values.
 */
static int parse_list(const struct uk_libparam *p, char *first, int argc,
		      char *argv[], int *i)
{
	char *w = first;
	int rc;

	for (;;) {
		size_t len = strlen(w);
		int last = len && w[len - 1] == ']';

		if (last)
			w[--len] = 0;
		if (len) {
			rc = uk_libparam_set(p, w);
			if (rc)
				return rc;
		}
		if (last)
			return 0;
		if (++*i >= argc) {
			uk_pr_raw("error: kernel parameter %s: the list opened with '[' has no closing ']'\n",
				  p->name);
			return -EINVAL;
		}
		w = argv[*i];
	}
}

int uk_libparam_parse(int argc, char *argv[])
{
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		const struct uk_libparam *p;
		int rc;

		if (!eq || eq == argv[i]) {
			uk_pr_raw("error: kernel parameter '%s' is not of the form name=value "
				  "(application arguments go after \"--\")\n",
				  argv[i]);
			return -EINVAL;
		}
		p = uk_libparam_find(argv[i], (__sz)(eq - argv[i]));
		if (!p) {
			uk_pr_raw("error: unknown kernel parameter '%.*s'\n",
				  (int)(eq - argv[i]), argv[i]);
			list_known();
			return -EINVAL;
		}
		if (p->type == UK_LIBPARAM_strv && eq[1] == '[') {
			int first = i;

			rc = parse_list(p, (char *)eq + 2, argc, argv, &i);
			if (rc == -EINVAL && i >= argc)
				return rc;
			if (rc)
				eq = strchr(argv[first], '=');
		} else {
			rc = uk_libparam_set(p, eq + 1);
		}
		if (rc) {
			uk_pr_raw("error: kernel parameter %s: '%s' is %s; expected %s\n",
				  p->name, eq + 1,
				  rc == -ERANGE ? "out of range" : "malformed",
				  type_hint[p->type]);
			return -EINVAL;
		}
	}
	return 0;
}
