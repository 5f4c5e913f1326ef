/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel command line, as a boot loader hands it over: split into
 * words (kvm_cmdline_split, kvm_cmdline_init, uk_argnparse) and the
 * words before "--" read as kernel parameters (uk_libparam_parse) of
 * each type. The input is the line; a NUL in it ends it. Buffers are
 * allocated at their exact size so the sanitizer sees any overrun.
 * Checked beyond memory safety: argv's shape, words lying inside the
 * buffer, a line without quotes or backslashes splitting as at blanks,
 * and numeric parameters agreeing with a reference parser.
 */
#include "shim.h"
#include <kvm/cmdline.h>
#include <uk/argparse.h>
#include <uk/libparam.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int p_bool;
static int p_int;
static long p_long;
static unsigned long p_ulong;
static __sz p_size;
static const char *p_str;

UK_LIBPARAM(fz, b, bool, &p_bool, "fuzz: a boolean");
UK_LIBPARAM(fz, i, int, &p_int, "fuzz: an int");
UK_LIBPARAM(fz, l, long, &p_long, "fuzz: a long");
UK_LIBPARAM(fz, u, ulong, &p_ulong, "fuzz: an unsigned long");
UK_LIBPARAM(fz, sz, size, &p_size, "fuzz: a size");
UK_LIBPARAM(fz, s, str, &p_str, "fuzz: a string");

void ukplat_entry(int argc, char *argv[])
{
	(void)argc, (void)argv;
	fuzz_bug("ukplat_entry called");
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Words of a line without quotes or backslashes match a split at blanks. */
static void check_plain_split(const char *line, char **argv, int argc)
{
	const char *p = line;
	int i = 1;

	if (strpbrk(line, "'\"\\"))
		return;
	for (;;) {
		size_t n;

		while (*p && is_blank(*p))
			p++;
		if (!*p)
			break;
		for (n = 0; p[n] && !is_blank(p[n]); n++)
			;
		FUZZ_CHECK(i < argc, "fewer words than blanks separate");
		FUZZ_CHECK(strlen(argv[i]) == n && !memcmp(argv[i], p, n),
			   "word %d differs from the text between blanks", i);
		i++;
		p += n;
	}
	FUZZ_CHECK(i == argc, "more words (%d) than blanks separate (%d)",
		   argc - 1, i - 1);
}

/* Reference: [+-]?(0x<hex>|<dec>) then the rest at *end; magnitude capped. */
static int ref_number(const char *s, int sign_ok, int *neg,
		      unsigned __int128 *v, const char **end)
{
	unsigned int base = 10;
	int digits = 0;

	*neg = 0;
	*v = 0;
	if (sign_ok && (*s == '-' || *s == '+'))
		*neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	for (;; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (*v < ((unsigned __int128)1 << 80))
			*v = *v * base + (unsigned)d;
	}
	*end = s;
	return digits > 0;
}

/* Does uk_libparam_set's result for p and value agree with ref_number? */
static void check_number(const struct uk_libparam *p, const char *value,
			 int rc)
{
	unsigned __int128 v, max;
	const char *end;
	int neg, ok;

	switch (p->type) {
	case UK_LIBPARAM_int:
	case UK_LIBPARAM_long:
		max = p->type == UK_LIBPARAM_int ? 0x7fffffff : __LONG_MAX__;
		ok = ref_number(value, 1, &neg, &v, &end) && !*end &&
		     v <= max + (unsigned)neg;
		FUZZ_CHECK(ok == !rc, "%s='%s': returned %d", p->name, value,
			   rc);
		if (ok && p->type == UK_LIBPARAM_int)
			FUZZ_CHECK(p_int == (neg ? -(__int128)v : (__int128)v),
				   "%s='%s' set %d", p->name, value, p_int);
		if (ok && p->type == UK_LIBPARAM_long)
			FUZZ_CHECK(p_long == (neg ? -(__int128)v : (__int128)v),
				   "%s='%s' set %ld", p->name, value, p_long);
		break;
	case UK_LIBPARAM_ulong:
		ok = ref_number(value, 0, &neg, &v, &end) && !*end &&
		     v <= ~0UL;
		FUZZ_CHECK(ok == !rc, "%s='%s': returned %d", p->name, value,
			   rc);
		FUZZ_CHECK(!ok || p_ulong == v, "%s='%s' set %lu", p->name,
			   value, p_ulong);
		break;
	case UK_LIBPARAM_size: {
		int shift = 0;

		ok = ref_number(value, 0, &neg, &v, &end);
		if (ok && *end) {
			const char *sfx = strchr("kKmMgGtT", *end);

			shift = sfx ? 10 * (1 + (int)(sfx - "kKmMgGtT") / 2) : 0;
			ok = sfx && !end[1];
		}
		ok = ok && (v << shift) <= (__sz)~0UL;
		FUZZ_CHECK(ok == !rc, "%s='%s': returned %d", p->name, value,
			   rc);
		FUZZ_CHECK(!ok || p_size == (v << shift), "%s='%s' set %zu",
			   p->name, value, p_size);
		break;
	}
	default:
		break;
	}
}

/* The words before "--" as kernel parameters, each alone, then all. */
static void params(char **words, int n)
{
	int i;

	for (i = 0; i < n && strcmp(words[i], "--"); i++) {
		const char *eq = strchr(words[i], '=');
		const struct uk_libparam *p;
		int rc;

		rc = uk_libparam_parse(1, &words[i]);
		FUZZ_CHECK(rc == 0 || rc == -EINVAL, "uk_libparam_parse: %d",
			   rc);
		if (!eq || eq == words[i])
			continue;
		p = uk_libparam_find(words[i], (__sz)(eq - words[i]));
		FUZZ_CHECK(!rc || !p || uk_libparam_set(p, eq + 1),
			   "'%s' refused as a word, accepted as a value",
			   words[i]);
		if (!p)
			continue;
		rc = uk_libparam_set(p, eq + 1);
		check_number(p, eq + 1, rc);
		if (p->type == UK_LIBPARAM_str)
			FUZZ_CHECK(p_str == eq + 1, "fz.s points elsewhere");
	}
	(void)uk_libparam_parse(i, words);
}

/* Split line into an exactly sized buffer and argv; check the result. */
static void split(const char *line, size_t bufsz, int maxargs, int use)
{
	char *buf = malloc(bufsz);
	char **argv = malloc(sizeof(*argv) * (size_t)maxargs);
	size_t len = strlen(line);
	int argc = kvm_cmdline_split(line, "fuzz", buf, bufsz, argv, maxargs);

	if (argc < 0) {
		FUZZ_CHECK(argc == -ENAMETOOLONG || argc == -E2BIG ||
			   argc == -EINVAL, "kvm_cmdline_split: %d", argc);
		FUZZ_CHECK(argc != -ENAMETOOLONG || len + 1 > bufsz,
			   "a %zu-byte line refused for a %zu-byte buffer",
			   len, bufsz);
		FUZZ_CHECK(kvm_cmdline_strerror(argc) != NULL, "no message");
		goto out;
	}
	FUZZ_CHECK(len + 1 <= bufsz, "a %zu-byte line fit %zu bytes", len,
		   bufsz);
	FUZZ_CHECK(argc >= 1 && argc < maxargs, "argc %d of %d", argc,
		   maxargs);
	FUZZ_CHECK(!strcmp(argv[0], "fuzz"), "argv[0] is not the name");
	FUZZ_CHECK(argv[argc] == NULL, "argv[%d] is not NULL", argc);
	for (int i = 1; i < argc; i++)
		FUZZ_CHECK(fuzz_within(argv[i], 1, buf, bufsz) &&
			   memchr(argv[i], 0, bufsz - (size_t)(argv[i] - buf)),
			   "word %d is not a string inside the buffer", i);
	check_plain_split(line, argv, argc);
	if (use)
		params(argv + 1, argc - 1);
out:
	free(argv);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	char *raw = malloc(size ? size : 1);
	char *words[16];
	size_t len;
	int n;

	memcpy(line, data, size);
	line[size] = 0;
	len = strlen(line);

	split(line, CONFIG_KVM_CMDLINE_MAX, CONFIG_KVM_MAX_ARGS + 1, 1);
	split(line, len + 1, 8, 0);
	if (len)
		split(line, len, 8, 0);

	/* uk_argnparse on bytes that need not end in a NUL */
	memcpy(raw, data, size);
	n = uk_argnparse(raw, size, words, 16);
	FUZZ_CHECK(n >= 0 || n == -E2BIG || n == -EINVAL || n == -ENOSPC,
		   "uk_argnparse: %d", n);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(fuzz_within(words[i], 1, raw, size) &&
			   memchr(words[i], 0, size - (size_t)(words[i] - raw)),
			   "uk_argnparse word %d is not a string in the buffer", i);

	/* the boot path: a bad line stops the machine, which is fine */
	if (!FUZZ_STOPPED())
		kvm_cmdline_init(line);
	FUZZ_DISARM();

	free(raw);
	free(line);
	return 0;
}
