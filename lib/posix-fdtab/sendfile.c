/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sendfile (Linux): copies from a file to any descriptor through a buffer
 * on the stack, in the caller's thread. With off, the file's position is
 * left alone and *off advances; without, the position moves. Stops at end
 * of file, at a short write, or when the output would block after
 * something was sent (a non-blocking socket), as Linux does.
 */
#include <sys/sendfile.h>
#include <unistd.h>
#include <errno.h>
#include <uk/syscall.h>

#define CHUNK 16384

UK_SYSCALL_R_DEFINE(ssize_t, sendfile, int, out, int, in, off_t *, off,
		    size_t, count)
{
	char buf[CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t want = count - done < CHUNK ? count - done : CHUNK;
		long got, put;

		got = off ? pread(in, buf, want, *off) : read(in, buf, want);
		if (got < 0)
			got = -errno;
		if (got <= 0) {
			if (got < 0 && done == 0)
				return got;
			break;
		}
		put = write(out, buf, (size_t)got);
		if (put < 0)
			put = -errno;
		if (put < 0) {
			/* What was read but not written goes back. */
			if (!off)
				lseek(in, -got, SEEK_CUR);
			if (done == 0)
				return put;
			break;
		}
		if (off)
			*off += put;
		else if (put < got)
			lseek(in, put - got, SEEK_CUR);
		done += (size_t)put;
		if (put < got)
			break;
	}
	return (ssize_t)done;
}
