/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The runtime of -fsanitize=undefined: the __ubsan_handle_* functions
 * GCC calls when a check fails. Each prints one line
 *   UBSAN: <what happened> at <file>:<line>:<column>
 * through uk_pr_raw, once per place in the source, then either stops the
 * image with the crash status (CONFIG_LIBUKUBSAN_STOP) or returns and
 * lets the program go on (CONFIG_LIBUKUBSAN_CONTINUE).
 *
 * This file is compiled without -fsanitize (the root Makefile leaves
 * libukubsan out): a check in a handler would call the handler again.
 *
 * The structures below are those the compiler builds (one per check
 * site, in writable data) and passes as the first argument. Values come
 * as a pointer-sized handle: the value itself when it fits, else the
 * address of the value.
 */
#include <stdint.h>
#include <stdio.h>
#include <uk/assert.h>
#include <uk/essentials.h>
#include <uk/print.h>

struct ubsan_loc {
	const char *file;
	uint32_t line;
	uint32_t column; /* bit 31: this place has been reported */
};

#define UBSAN_REPORTED 0x80000000u

/*
 * kind 0: integer, info = log2(bits) << 1 | signed;
 * kind 1: float, info = bits.
 */
struct ubsan_type {
	uint16_t kind;
	uint16_t info;
	char name[]; /* quoted: 'int' */
};

#define UBSAN_KIND_INT 0

struct ubsan_type_mismatch {
	struct ubsan_loc loc;
	const struct ubsan_type *type;
	unsigned char log_align;
	unsigned char check_kind;
};

struct ubsan_overflow {
	struct ubsan_loc loc;
	const struct ubsan_type *type;
};

struct ubsan_shift {
	struct ubsan_loc loc;
	const struct ubsan_type *lhs_type;
	const struct ubsan_type *rhs_type;
};

struct ubsan_bounds {
	struct ubsan_loc loc;
	const struct ubsan_type *array_type;
	const struct ubsan_type *index_type;
};

struct ubsan_at {
	struct ubsan_loc loc;
};

struct ubsan_nonnull_arg {
	struct ubsan_loc loc;
	struct ubsan_loc attr_loc;
	int arg;
};

struct ubsan_nonnull_return {
	struct ubsan_loc attr_loc;
};

struct ubsan_float_cast {
	struct ubsan_loc loc;
	const struct ubsan_type *from;
	const struct ubsan_type *to;
};

struct ubsan_builtin {
	struct ubsan_loc loc;
	unsigned char kind; /* 0: ctz, 1: clz */
};

/* What a type_mismatch check was guarding, by check_kind. */
static const char *const access_names[] = {
	"load of", "store to", "reference binding to", "member access within",
	"member call on", "constructor call on", "downcast of", "downcast of",
	"upcast of", "cast to virtual base of", "_Nonnull binding to",
	"dynamic operation on",
};

/* Set while a report prints: a fault in printk must not report again. */
static int reporting;

/*
 * Claims the report of loc: 1 the first time, 0 if this place has
 * reported already or another report is printing.
 */
static int report_begin(struct ubsan_loc *loc)
{
	if (__atomic_fetch_or(&loc->column, UBSAN_REPORTED, __ATOMIC_RELAXED) &
	    UBSAN_REPORTED)
		return 0;
	if (__atomic_exchange_n(&reporting, 1, __ATOMIC_ACQUIRE)) {
		__atomic_fetch_and(&loc->column, ~UBSAN_REPORTED,
				   __ATOMIC_RELAXED);
		return 0;
	}
	return 1;
}

/* file without the source tree's prefix (UBSAN_ROOT, from Makefile.uk) */
static const char *short_name(const char *file)
{
	const char *root = UBSAN_ROOT;

	if (!file)
		return "<unknown>";
	while (*root && *root == *file) {
		root++;
		file++;
	}
	return *root ? file - (root - UBSAN_ROOT) : file;
}

/* Ends the report line with the place; stops the image if so configured. */
static void report_end(const struct ubsan_loc *loc, int must_stop)
{
	uk_pr_raw(" at %s:%u:%u\n", short_name(loc->file),
		  (unsigned int)loc->line,
		  (unsigned int)(loc->column & ~UBSAN_REPORTED));
	__atomic_store_n(&reporting, 0, __ATOMIC_RELEASE);
#ifdef CONFIG_LIBUKUBSAN_STOP
	must_stop = 1;
#endif
	if (must_stop)
		UK_CRASH("undefined behaviour (ukubsan stops at the first "
			 "report)");
}

static unsigned int int_bits(const struct ubsan_type *t)
{
	return 1u << (t->info >> 1);
}

static int int_signed(const struct ubsan_type *t)
{
	return t->info & 1;
}

/* An integer value is negative (signed type, sign bit set). */
static int int_negative(const struct ubsan_type *t, uintptr_t v)
{
	unsigned int bits = int_bits(t);

	if (t->kind != UBSAN_KIND_INT || !int_signed(t))
		return 0;
	if (bits > sizeof(uintptr_t) * 8)
		return ((const int64_t *)v)[bits / 64 - 1] < 0;
	return (v >> (bits - 1)) & 1;
}

/* The integer value as an unsigned 64-bit number (low half if wider). */
static uint64_t int_low64(const struct ubsan_type *t, uintptr_t v)
{
	unsigned int bits = int_bits(t);

	if (bits > sizeof(uintptr_t) * 8)
		return *(const uint64_t *)v;
	if (bits < 64)
		v &= (UINT64_C(1) << bits) - 1;
	return v;
}

/* Writes value v of type t into buf, in decimal where it is an integer. */
static const char *value_str(char *buf, size_t len, const struct ubsan_type *t,
			     uintptr_t v)
{
	unsigned int bits = int_bits(t);
	uint64_t low;

	if (t->kind != UBSAN_KIND_INT) {
		snprintf(buf, len, "<value of type %s>", t->name);
		return buf;
	}
	if (bits > sizeof(uintptr_t) * 8) {
		const uint64_t *w = (const uint64_t *)v;

		snprintf(buf, len, "0x%016llx%016llx",
			 (unsigned long long)w[1], (unsigned long long)w[0]);
		return buf;
	}
	low = int_low64(t, v);
	if (int_signed(t)) {
		/* sign-extended from its width (GCC shifts signed arithmetically) */
		int64_t s = (int64_t)(low << (64 - bits)) >> (64 - bits);

		snprintf(buf, len, "%lld", (long long)s);
	} else {
		snprintf(buf, len, "%llu", (unsigned long long)low);
	}
	return buf;
}

#define VALUE_LEN 48

static void report_arith(struct ubsan_overflow *d, const char *op,
			 uintptr_t lhs, uintptr_t rhs)
{
	char a[VALUE_LEN], b[VALUE_LEN];

	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: %s integer overflow: %s %s %s cannot be represented "
		  "in type %s",
		  int_signed(d->type) ? "signed" : "unsigned",
		  value_str(a, sizeof(a), d->type, lhs), op,
		  value_str(b, sizeof(b), d->type, rhs), d->type->name);
	report_end(&d->loc, 0);
}

/*
 * Every handler has an _abort twin, which GCC calls instead for the checks
 * compiled with -fno-sanitize-recover: it reports and always stops.
 * The root Makefile compiles with recovery, so these are for code that
 * asks otherwise in its own flags.
 */
#define UBSAN_ABORT_TWIN(name, params, args)                                   \
	void __noreturn __ubsan_handle_##name##_abort params;                  \
	void __noreturn __ubsan_handle_##name##_abort params                   \
	{                                                                      \
		__ubsan_handle_##name args;                                    \
		UK_CRASH("undefined behaviour (ukubsan: check compiled "       \
			 "without recovery)");                                 \
	}

/* Declarations for -Wmissing-prototypes: only the compiler calls these. */
void __ubsan_handle_add_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				 uintptr_t rhs);
void __ubsan_handle_sub_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				 uintptr_t rhs);
void __ubsan_handle_mul_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				 uintptr_t rhs);
void __ubsan_handle_negate_overflow(struct ubsan_overflow *d, uintptr_t old);
void __ubsan_handle_divrem_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				    uintptr_t rhs);
void __ubsan_handle_shift_out_of_bounds(struct ubsan_shift *d, uintptr_t lhs,
					uintptr_t rhs);
void __ubsan_handle_out_of_bounds(struct ubsan_bounds *d, uintptr_t index);
void __ubsan_handle_type_mismatch_v1(struct ubsan_type_mismatch *d,
				     uintptr_t ptr);
void __ubsan_handle_pointer_overflow(struct ubsan_at *d, uintptr_t base,
				     uintptr_t result);
void __ubsan_handle_load_invalid_value(struct ubsan_overflow *d, uintptr_t v);
void __ubsan_handle_nonnull_arg(struct ubsan_nonnull_arg *d);
void __ubsan_handle_nonnull_return_v1(struct ubsan_nonnull_return *d,
				      struct ubsan_loc *loc);
void __ubsan_handle_vla_bound_not_positive(struct ubsan_overflow *d,
					   uintptr_t bound);
void __ubsan_handle_float_cast_overflow(struct ubsan_float_cast *d,
					uintptr_t from);
void __ubsan_handle_invalid_builtin(struct ubsan_builtin *d);
void __noreturn __ubsan_handle_builtin_unreachable(struct ubsan_at *d);
void __noreturn __ubsan_handle_missing_return(struct ubsan_at *d);

void __ubsan_handle_add_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				 uintptr_t rhs)
{
	report_arith(d, "+", lhs, rhs);
}
UBSAN_ABORT_TWIN(add_overflow,
		 (struct ubsan_overflow *d, uintptr_t lhs, uintptr_t rhs),
		 (d, lhs, rhs))

void __ubsan_handle_sub_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				 uintptr_t rhs)
{
	report_arith(d, "-", lhs, rhs);
}
UBSAN_ABORT_TWIN(sub_overflow,
		 (struct ubsan_overflow *d, uintptr_t lhs, uintptr_t rhs),
		 (d, lhs, rhs))

void __ubsan_handle_mul_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				 uintptr_t rhs)
{
	report_arith(d, "*", lhs, rhs);
}
UBSAN_ABORT_TWIN(mul_overflow,
		 (struct ubsan_overflow *d, uintptr_t lhs, uintptr_t rhs),
		 (d, lhs, rhs))

void __ubsan_handle_negate_overflow(struct ubsan_overflow *d, uintptr_t old)
{
	char a[VALUE_LEN];

	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: negation of %s cannot be represented in type %s",
		  value_str(a, sizeof(a), d->type, old), d->type->name);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(negate_overflow, (struct ubsan_overflow *d, uintptr_t old),
		 (d, old))

void __ubsan_handle_divrem_overflow(struct ubsan_overflow *d, uintptr_t lhs,
				    uintptr_t rhs)
{
	char a[VALUE_LEN];

	if (!report_begin(&d->loc))
		return;
	if (d->type->kind == UBSAN_KIND_INT && int_low64(d->type, rhs) == 0)
		uk_pr_raw("UBSAN: division by zero");
	else
		uk_pr_raw("UBSAN: division of %s by -1 cannot be represented "
			  "in type %s",
			  value_str(a, sizeof(a), d->type, lhs), d->type->name);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(divrem_overflow,
		 (struct ubsan_overflow *d, uintptr_t lhs, uintptr_t rhs),
		 (d, lhs, rhs))

void __ubsan_handle_shift_out_of_bounds(struct ubsan_shift *d, uintptr_t lhs,
					uintptr_t rhs)
{
	char a[VALUE_LEN], b[VALUE_LEN];

	if (!report_begin(&d->loc))
		return;
	value_str(a, sizeof(a), d->lhs_type, lhs);
	value_str(b, sizeof(b), d->rhs_type, rhs);
	if (int_negative(d->rhs_type, rhs))
		uk_pr_raw("UBSAN: shift exponent %s is negative", b);
	else if (int_low64(d->rhs_type, rhs) >= int_bits(d->lhs_type))
		uk_pr_raw("UBSAN: shift exponent %s is too large for %u-bit "
			  "type %s",
			  b, int_bits(d->lhs_type), d->lhs_type->name);
	else if (int_negative(d->lhs_type, lhs))
		uk_pr_raw("UBSAN: left shift of negative value %s", a);
	else
		uk_pr_raw("UBSAN: left shift of %s by %s places cannot be "
			  "represented in type %s",
			  a, b, d->lhs_type->name);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(shift_out_of_bounds,
		 (struct ubsan_shift *d, uintptr_t lhs, uintptr_t rhs),
		 (d, lhs, rhs))

void __ubsan_handle_out_of_bounds(struct ubsan_bounds *d, uintptr_t index)
{
	char a[VALUE_LEN];

	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: array index out of bounds: index %s out of bounds "
		  "for type %s",
		  value_str(a, sizeof(a), d->index_type, index),
		  d->array_type->name);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(out_of_bounds, (struct ubsan_bounds *d, uintptr_t index),
		 (d, index))

void __ubsan_handle_type_mismatch_v1(struct ubsan_type_mismatch *d,
				     uintptr_t ptr)
{
	uintptr_t align = (uintptr_t)1 << d->log_align;
	const char *access = d->check_kind < ARRAY_SIZE(access_names)
				     ? access_names[d->check_kind]
				     : "access to";

	if (!report_begin(&d->loc))
		return;
	if (!ptr)
		uk_pr_raw("UBSAN: null pointer: %s null pointer of type %s",
			  access, d->type->name);
	else if (ptr & (align - 1))
		uk_pr_raw("UBSAN: misaligned access: %s misaligned address "
			  "%#lx for type %s, which requires %lu-byte alignment",
			  access, (unsigned long)ptr, d->type->name,
			  (unsigned long)align);
	else
		uk_pr_raw("UBSAN: object too small: %s address %#lx with "
			  "insufficient space for an object of type %s",
			  access, (unsigned long)ptr, d->type->name);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(type_mismatch_v1,
		 (struct ubsan_type_mismatch *d, uintptr_t ptr), (d, ptr))

void __ubsan_handle_pointer_overflow(struct ubsan_at *d, uintptr_t base,
				     uintptr_t result)
{
	if (!report_begin(&d->loc))
		return;
	if (!base && !result)
		uk_pr_raw("UBSAN: pointer overflow: applying zero offset to "
			  "null pointer");
	else if (!base)
		uk_pr_raw("UBSAN: pointer overflow: applying non-zero offset "
			  "%#lx to null pointer",
			  (unsigned long)result);
	else if (!result)
		uk_pr_raw("UBSAN: pointer overflow: applying non-zero offset "
			  "to non-null pointer %#lx produced null pointer",
			  (unsigned long)base);
	else
		uk_pr_raw("UBSAN: pointer overflow: pointer arithmetic on "
			  "%#lx overflowed to %#lx",
			  (unsigned long)base, (unsigned long)result);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(pointer_overflow,
		 (struct ubsan_at *d, uintptr_t base, uintptr_t result),
		 (d, base, result))

void __ubsan_handle_load_invalid_value(struct ubsan_overflow *d, uintptr_t v)
{
	char a[VALUE_LEN];

	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: invalid value: load of value %s, which is not a "
		  "valid value for type %s",
		  value_str(a, sizeof(a), d->type, v), d->type->name);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(load_invalid_value, (struct ubsan_overflow *d, uintptr_t v),
		 (d, v))

void __ubsan_handle_nonnull_arg(struct ubsan_nonnull_arg *d)
{
	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: null argument: null pointer passed as argument %d, "
		  "which is declared to never be null",
		  d->arg);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(nonnull_arg, (struct ubsan_nonnull_arg *d), (d))

void __ubsan_handle_nonnull_return_v1(struct ubsan_nonnull_return *d,
				      struct ubsan_loc *loc)
{
	(void)d;
	if (!report_begin(loc))
		return;
	uk_pr_raw("UBSAN: null return: null pointer returned from a function "
		  "declared to never return null");
	report_end(loc, 0);
}
UBSAN_ABORT_TWIN(nonnull_return_v1,
		 (struct ubsan_nonnull_return *d, struct ubsan_loc *loc),
		 (d, loc))

void __ubsan_handle_vla_bound_not_positive(struct ubsan_overflow *d,
					   uintptr_t bound)
{
	char a[VALUE_LEN];

	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: variable length array bound evaluates to "
		  "non-positive value %s",
		  value_str(a, sizeof(a), d->type, bound));
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(vla_bound_not_positive,
		 (struct ubsan_overflow *d, uintptr_t bound), (d, bound))

void __ubsan_handle_float_cast_overflow(struct ubsan_float_cast *d,
					uintptr_t from)
{
	(void)from; /* no floating point formatting in the kernel */
	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: float cast overflow: a value of type %s is outside "
		  "the range of representable values of type %s",
		  d->from->name, d->to->name);
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(float_cast_overflow,
		 (struct ubsan_float_cast *d, uintptr_t from), (d, from))

void __ubsan_handle_invalid_builtin(struct ubsan_builtin *d)
{
	if (!report_begin(&d->loc))
		return;
	uk_pr_raw("UBSAN: invalid builtin use: passing zero to %s, which is "
		  "not a valid argument",
		  d->kind == 0 ? "ctz()" : "clz()");
	report_end(&d->loc, 0);
}
UBSAN_ABORT_TWIN(invalid_builtin, (struct ubsan_builtin *d), (d))

/* No code follows these two: they stop in both modes. */
void __noreturn __ubsan_handle_builtin_unreachable(struct ubsan_at *d)
{
	if (report_begin(&d->loc)) {
		uk_pr_raw("UBSAN: unreachable code: execution reached "
			  "__builtin_unreachable()");
		report_end(&d->loc, 1);
	}
	UK_CRASH("undefined behaviour (ukubsan: unreachable code reached)");
}

void __noreturn __ubsan_handle_missing_return(struct ubsan_at *d)
{
	if (report_begin(&d->loc)) {
		uk_pr_raw("UBSAN: missing return: execution reached the end of "
			  "a value-returning function");
		report_end(&d->loc, 1);
	}
	UK_CRASH("undefined behaviour (ukubsan: missing return)");
}
