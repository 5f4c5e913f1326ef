/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which library implements which POSIX call: one line per call,
 *
 *   UK_SYSCALL_ENTRY(name, nargs, Linux x86_64 number, Linux arm64
 *                    number (-1: none there), library)
 *
 * Include it after defining UK_SYSCALL_ENTRY. The dispatcher
 * (uk_syscall_r) finds uk_syscall_r_<name> of the library if that library
 * is in the image; otherwise the call returns ENOSYS. Add a line when a
 * library implements a new call (doc/posix-and-vfs.md).
 */
/* posix-fdtab: the file descriptor table and what works on any fd */
UK_SYSCALL_ENTRY(read, 3, 0, 63, posix_fdtab)
UK_SYSCALL_ENTRY(write, 3, 1, 64, posix_fdtab)
UK_SYSCALL_ENTRY(close, 1, 3, 57, posix_fdtab)
UK_SYSCALL_ENTRY(fstat, 2, 5, 80, posix_fdtab)
UK_SYSCALL_ENTRY(lseek, 3, 8, 62, posix_fdtab)
UK_SYSCALL_ENTRY(ioctl, 3, 16, 29, posix_fdtab)
UK_SYSCALL_ENTRY(pread64, 4, 17, 67, posix_fdtab)
UK_SYSCALL_ENTRY(pwrite64, 4, 18, 68, posix_fdtab)
UK_SYSCALL_ENTRY(readv, 3, 19, 65, posix_fdtab)
UK_SYSCALL_ENTRY(writev, 3, 20, 66, posix_fdtab)
UK_SYSCALL_ENTRY(dup, 1, 32, 23, posix_fdtab)
UK_SYSCALL_ENTRY(dup2, 2, 33, -1, posix_fdtab)
UK_SYSCALL_ENTRY(dup3, 3, 292, 24, posix_fdtab)
UK_SYSCALL_ENTRY(fcntl, 3, 72, 25, posix_fdtab)
UK_SYSCALL_ENTRY(fsync, 1, 74, 82, posix_fdtab)
UK_SYSCALL_ENTRY(fdatasync, 1, 75, 83, posix_fdtab)
UK_SYSCALL_ENTRY(ftruncate, 2, 77, 46, posix_fdtab)
/* posix-poll: waiting on several fds */
UK_SYSCALL_ENTRY(poll, 3, 7, -1, posix_poll)
UK_SYSCALL_ENTRY(select, 5, 23, -1, posix_poll)
/* vfscore: names, directories, the mount table */
UK_SYSCALL_ENTRY(open, 3, 2, -1, vfscore)
UK_SYSCALL_ENTRY(openat, 4, 257, 56, vfscore)
UK_SYSCALL_ENTRY(creat, 2, 85, -1, vfscore)
UK_SYSCALL_ENTRY(stat, 2, 4, -1, vfscore)
UK_SYSCALL_ENTRY(lstat, 2, 6, -1, vfscore)
UK_SYSCALL_ENTRY(access, 2, 21, -1, vfscore)
UK_SYSCALL_ENTRY(getdents64, 3, 217, 61, vfscore)
UK_SYSCALL_ENTRY(getcwd, 2, 79, 17, vfscore)
UK_SYSCALL_ENTRY(chdir, 1, 80, 49, vfscore)
UK_SYSCALL_ENTRY(fchdir, 1, 81, 50, vfscore)
UK_SYSCALL_ENTRY(rename, 2, 82, -1, vfscore)
UK_SYSCALL_ENTRY(mkdir, 2, 83, -1, vfscore)
UK_SYSCALL_ENTRY(rmdir, 1, 84, -1, vfscore)
UK_SYSCALL_ENTRY(link, 2, 86, -1, vfscore)
UK_SYSCALL_ENTRY(unlink, 1, 87, -1, vfscore)
UK_SYSCALL_ENTRY(symlink, 2, 88, -1, vfscore)
UK_SYSCALL_ENTRY(readlink, 3, 89, -1, vfscore)
UK_SYSCALL_ENTRY(chmod, 2, 90, -1, vfscore)
UK_SYSCALL_ENTRY(truncate, 2, 76, 45, vfscore)
UK_SYSCALL_ENTRY(umask, 1, 95, 166, vfscore)
UK_SYSCALL_ENTRY(mount, 5, 165, 40, vfscore)
UK_SYSCALL_ENTRY(umount2, 2, 166, 39, vfscore)
/* posix-mmap: anonymous memory */
UK_SYSCALL_ENTRY(mmap, 6, 9, 222, posix_mmap)
UK_SYSCALL_ENTRY(munmap, 2, 11, 215, posix_mmap)
UK_SYSCALL_ENTRY(mprotect, 3, 10, 226, posix_mmap)
/* posix-process: this one process */
UK_SYSCALL_ENTRY(getpid, 0, 39, 172, posix_process)
UK_SYSCALL_ENTRY(getppid, 0, 110, 173, posix_process)
UK_SYSCALL_ENTRY(gettid, 0, 186, 178, posix_process)
UK_SYSCALL_ENTRY(exit, 1, 60, 93, posix_process)
UK_SYSCALL_ENTRY(exit_group, 1, 231, 94, posix_process)
UK_SYSCALL_ENTRY(kill, 2, 62, 129, posix_process)
UK_SYSCALL_ENTRY(getrlimit, 2, 97, 163, posix_process)
UK_SYSCALL_ENTRY(sched_yield, 0, 24, 124, posix_process)
UK_SYSCALL_ENTRY(rt_sigprocmask, 4, 14, 135, posix_process)
UK_SYSCALL_ENTRY(fork, 0, 57, -1, posix_process)
UK_SYSCALL_ENTRY(execve, 3, 59, 221, posix_process)
UK_SYSCALL_ENTRY(wait4, 4, 61, 260, posix_process)
/* posix-user: the built-in root user */
UK_SYSCALL_ENTRY(getuid, 0, 102, 174, posix_user)
UK_SYSCALL_ENTRY(getgid, 0, 104, 176, posix_user)
UK_SYSCALL_ENTRY(setuid, 1, 105, 146, posix_user)
UK_SYSCALL_ENTRY(setgid, 1, 106, 144, posix_user)
UK_SYSCALL_ENTRY(geteuid, 0, 107, 175, posix_user)
UK_SYSCALL_ENTRY(getegid, 0, 108, 177, posix_user)
/* posix-time: clocks and sleeping */
UK_SYSCALL_ENTRY(gettimeofday, 2, 96, 169, posix_time)
UK_SYSCALL_ENTRY(clock_gettime, 2, 228, 113, posix_time)
UK_SYSCALL_ENTRY(clock_getres, 2, 229, 114, posix_time)
UK_SYSCALL_ENTRY(nanosleep, 2, 35, 101, posix_time)
UK_SYSCALL_ENTRY(time, 1, 201, -1, posix_time)
/* posix-sysinfo: what system this is */
UK_SYSCALL_ENTRY(uname, 1, 63, 160, posix_sysinfo)
UK_SYSCALL_ENTRY(getrandom, 3, 318, 278, posix_sysinfo)
