/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The descriptor calls. nolibc declares them; posix-fdtab (read, write,
 * close, dup ...), posix-socket (pipe, pipe2) and the file systems define
 * them. Without those libraries a call is a link error naming it.
 */
#ifndef _NOLIBC_UNISTD_H
#define _NOLIBC_UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

ssize_t read(int fd, void *buf, size_t len);
ssize_t write(int fd, const void *buf, size_t len);
ssize_t pread(int fd, void *buf, size_t len, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t len, off_t off);
off_t lseek(int fd, off_t off, int whence);
int close(int fd);
int dup(int fd);
int dup2(int fd, int to);
int dup3(int fd, int to, int flags);
int isatty(int fd);
int fsync(int fd);
int fdatasync(int fd);
int ftruncate(int fd, off_t len);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
unsigned int sleep(unsigned int secs);
int usleep(unsigned int usecs);
void _exit(int status) __attribute__((noreturn));

#endif
