/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * glibc's <features.h>, which Linux programs include by name after setting
 * _GNU_SOURCE & co.: newlib keeps the same job in <sys/features.h>.
 */
#include <sys/features.h>
