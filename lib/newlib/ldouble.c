/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rounding of long doubles (x86_64's 80-bit, arm64's 128-bit), which
 * newlib's libm does not build for these targets. A long double of
 * magnitude 2^(LDBL_MANT_DIG - 1) or more is already an integer; below
 * that, the conversion through a 128-bit integer truncates exactly, and
 * x - truncl(x) is the exact fraction.
 */
#include <math.h>
#include <float.h>

#define INTEGRAL_FROM ((long double)((unsigned __int128)1 << (LDBL_MANT_DIG - 1)))

long double truncl(long double x)
{
	long double t;

	if (!(__builtin_fabsl(x) < INTEGRAL_FROM)) /* integral, inf or NaN */
		return x;
	t = (long double)(__int128)x;
	return t == 0 ? __builtin_copysignl(0.0L, x) : t;
}

long double floorl(long double x)
{
	long double t = truncl(x);

	return t > x ? t - 1 : t;
}

long double ceill(long double x)
{
	long double t = truncl(x);

	return t < x ? (t + 1 == 0 ? -0.0L : t + 1) : t;
}

/* Halfway cases away from zero. */
long double roundl(long double x)
{
	long double t = truncl(x), d = x - t;

	if (d >= 0.5L)
		return t + 1;
	if (d <= -0.5L)
		return t - 1;
	return t;
}

long lroundl(long double x)
{
	return (long)roundl(x);
}

long long llroundl(long double x)
{
	return (long long)roundl(x);
}
