/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Random bytes: the ChaCha20 block function (RFC 8439, section 2.3) keyed
 * from the clocks, with a block counter; /dev/urandom, getrandom and
 * getentropy read from it.
 */
#include <uk/random.h>
#include <uk/syscall.h>
#include <uk/plat/time.h>
#include <sys/random.h>
#include <string.h>
#include <errno.h>

static __u32 state[16];
static int seeded;

#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)                                                         \
	do {                                                                   \
		a += b; d ^= a; d = ROTL(d, 16);                               \
		c += d; b ^= c; b = ROTL(b, 12);                               \
		a += b; d ^= a; d = ROTL(d, 8);                                \
		c += d; b ^= c; b = ROTL(b, 7);                                \
	} while (0)

static void block(__u32 out[16])
{
	__u32 x[16];

	memcpy(x, state, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + state[i];
	if (++state[12] == 0)
		state[13]++;
}

static void seed(void)
{
	__u64 a = ukplat_wall_clock(), b = ukplat_monotonic_clock();

	state[0] = 0x61707865; /* "expand 32-byte k" */
	state[1] = 0x3320646e;
	state[2] = 0x79622d32;
	state[3] = 0x6b206574;
	state[4] = (__u32)a;
	state[5] = (__u32)(a >> 32);
	state[6] = (__u32)b;
	state[7] = (__u32)(b >> 32);
	state[8] = (__u32)(__uptr)&state;
	state[9] = (__u32)((__uptr)&state >> 32);
	seeded = 1;
}

void uk_random_fill(void *buf, __sz len)
{
	unsigned char *p = buf;
	__u32 out[16];

	if (!seeded)
		seed();
	while (len) {
		__sz n = len < sizeof(out) ? len : sizeof(out);

		block(out);
		memcpy(p, out, n);
		p += n;
		len -= n;
	}
}

UK_SYSCALL_R_DEFINE(ssize_t, getrandom, void *, buf, size_t, len,
		    unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM))
		return -EINVAL;
	if (len > 0x2000000)
		len = 0x2000000;
	uk_random_fill(buf, len);
	return (ssize_t)len;
}

int getentropy(void *buf, size_t len)
{
	if (len > 256) {
		errno = EIO;
		return -1;
	}
	uk_random_fill(buf, len);
	return 0;
}
