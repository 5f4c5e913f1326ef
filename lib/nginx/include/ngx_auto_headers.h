/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What nginx's configure would write into objs/ngx_auto_headers.h for
 * Tessera: the headers this C library has, and the platform (Linux's
 * interfaces, which the POSIX layer provides).
 */
#ifndef TESSERA_NGX_AUTO_HEADERS_H
#define TESSERA_NGX_AUTO_HEADERS_H

#define NGX_HAVE_UNISTD_H 1
#define NGX_HAVE_INTTYPES_H 1
#define NGX_HAVE_LIMITS_H 1
#define NGX_HAVE_SYS_PARAM_H 1
#define NGX_HAVE_SYS_PRCTL_H 1
#define NGX_HAVE_CRYPT_H 1
#define NGX_LINUX 1

#endif
