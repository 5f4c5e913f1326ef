/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nginx's objs/ngx_auto_config.h, written for Tessera instead of being
 * probed by configure on the build machine (configure runs its test
 * programs on the host, whose C library is not the image's). Each
 * NGX_HAVE_ names an interface the image really has; what is left out
 * (capabilities, crypt_r, System V shared memory, eventfd, TCP_INFO and other Linux-only socket options, O_DIRECT,
 * struct tm's tm_gmtoff: the zone comes from tzset's `timezone`)
 * nginx then does without, through its own #if branches. The paths are
 * those of doc/servers.md.
 */
#ifndef TESSERA_NGX_AUTO_CONFIG_H
#define TESSERA_NGX_AUTO_CONFIG_H

#include <uk/config.h>

#define NGX_CONFIGURE " (Tessera lib/nginx)"
#define NGX_COMPILER "gcc " __VERSION__

#if defined(__x86_64__)
#define NGX_CPU_CACHE_LINE 64
#elif defined(__aarch64__)
#define NGX_CPU_CACHE_LINE 64
#endif

#define NGX_HAVE_GCC_ATOMIC 1
#define NGX_HAVE_C99_VARIADIC_MACROS 1
#define NGX_HAVE_GCC_VARIADIC_MACROS 1
#define NGX_HAVE_GCC_BSWAP64 1
#define NGX_HAVE_EPOLL 1
#define NGX_HAVE_CLEAR_EVENT 1
#define NGX_HAVE_EPOLLRDHUP 1
#define NGX_HAVE_SENDFILE 1
/* sendfile's offset is a 64-bit off_t (nginx passes an int32_t without it) */
#define NGX_HAVE_SENDFILE64 1
#define NGX_HAVE_PR_SET_DUMPABLE 1
#define NGX_HAVE_NONALIGNED 1
#define NGX_HAVE_SCHED_YIELD 1
#define NGX_HAVE_SCHED_SETAFFINITY 1
#define NGX_HAVE_KEEPALIVE_TUNABLE 1
#define NGX_HAVE_ACCEPT4 1
#define NGX_HAVE_UNIX_DOMAIN 1
#define NGX_PTR_SIZE 8
#define NGX_SIG_ATOMIC_T_SIZE 4
#define NGX_HAVE_LITTLE_ENDIAN 1
#define NGX_MAX_SIZE_T_VALUE 9223372036854775807LL
#define NGX_SIZE_T_LEN (sizeof("-9223372036854775808") - 1)
#define NGX_MAX_OFF_T_VALUE 9223372036854775807LL
#define NGX_OFF_T_LEN (sizeof("-9223372036854775808") - 1)
#define NGX_TIME_T_SIZE 8
#define NGX_TIME_T_LEN (sizeof("-9223372036854775808") - 1)
#define NGX_MAX_TIME_T_VALUE 9223372036854775807LL
#define NGX_HAVE_INET6 1
#define NGX_HAVE_PREAD 1
#define NGX_HAVE_PWRITE 1
#define NGX_HAVE_LOCALTIME_R 1
#define NGX_HAVE_CLOCK_MONOTONIC 1
#define NGX_HAVE_POSIX_MEMALIGN 1
#define NGX_HAVE_MEMALIGN 1
#define NGX_HAVE_MAP_ANON 1
#define NGX_HAVE_MSGHDR_MSG_CONTROL 1
#define NGX_HAVE_FIONBIO 1
#define NGX_HAVE_FIONREAD 1
#define NGX_HAVE_D_TYPE 1
#define NGX_HAVE_SC_NPROCESSORS_ONLN 1
#define NGX_HAVE_OPENAT 1
#define NGX_HAVE_GETADDRINFO 1
/* nginx's own error texts table: strerror() of each errno up to this. */
#define NGX_SYS_NERR 135

#define NGX_HTTP_X_FORWARDED_FOR 1

#define NGX_PREFIX "/nginx/"
#define NGX_CONF_PREFIX "/nginx/conf/"
#define NGX_SBIN_PATH "nginx"
#define NGX_CONF_PATH "/nginx/conf/nginx.conf"
#define NGX_PID_PATH "/tmp/nginx.pid"
#define NGX_LOCK_PATH "/tmp/nginx.lock"
#define NGX_ERROR_LOG_PATH ""
#define NGX_ERROR_LOG_STDERR 1
#define NGX_HTTP_LOG_PATH "/dev/stdout"
#define NGX_HTTP_CLIENT_TEMP_PATH "/tmp/client_body"
#define NGX_HTTP_PROXY_TEMP_PATH "/tmp/proxy"
#define NGX_HTTP_FASTCGI_TEMP_PATH "/tmp/fastcgi"
#define NGX_HTTP_UWSGI_TEMP_PATH "/tmp/uwsgi"
#define NGX_HTTP_SCGI_TEMP_PATH "/tmp/scgi"
#define NGX_SUPPRESS_WARN 1
#define NGX_SMP 1
#define NGX_USER "nobody"
#define NGX_GROUP "nogroup"

#endif
