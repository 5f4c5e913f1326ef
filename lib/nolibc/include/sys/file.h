/* SPDX-License-Identifier: BSD-3-Clause */
/* flock() and its LOCK_* operations live in <fcntl.h>. */
#include <fcntl.h>
