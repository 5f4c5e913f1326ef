/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The allocator benchmark's workload, built both as a Tessera image and as
 * a native Linux program (gcc -O2 main.c) so glibc's malloc runs the very
 * same requests:
 *
 *   A deterministic PRNG (xorshift32, seed 1) drives STEPS steps over a
 *   window of WINDOW slots. Each step picks a slot at random, frees the
 *   block in it (if any) and allocates a new one, writing its first and
 *   last byte. Sizes: 63 requests in 64 are 16 B .. 16 * 2^k B with k
 *   uniform in 0..8 (so 16 B .. 4 KiB, most of them small); 1 in 64 is
 *   16 KiB .. 256 KiB. At the end every block is freed.
 *
 * It prints "allocbench: ops=N ns=T check=C": N mallocs + frees, T the
 * wall time of the workload alone (CLOCK_MONOTONIC), C a checksum.
 * callgrind counts instructions with --toggle-collect=workload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define WINDOW 1024
#define STEPS 1000000

static unsigned int rng_state = 1;

static unsigned int rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static size_t pick_size(void)
{
	unsigned int r = rng();

	if (r % 64 == 0)
		return (16 << 10) + rng() % (240 << 10);
	return 16 + rng() % ((16U << (rng() % 9)) - 15);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}

static char *slot[WINDOW];
static size_t slot_size[WINDOW];

/* Returns the number of mallocs and frees, or 0 when malloc failed. */
__attribute__((noinline)) unsigned long workload(unsigned long *check)
{
	unsigned long ops = 0;

	for (unsigned long i = 0; i < STEPS; i++) {
		unsigned int s = rng() % WINDOW;
		size_t n = pick_size();

		if (slot[s]) {
			*check += (unsigned char)slot[s][slot_size[s] - 1];
			free(slot[s]);
			ops++;
		}
		slot[s] = malloc(n);
		if (!slot[s])
			return 0;
		slot[s][0] = (char)i;
		slot[s][n - 1] = (char)(i >> 3);
		slot_size[s] = n;
		ops++;
	}
	for (unsigned int s = 0; s < WINDOW; s++) {
		if (slot[s]) {
			free(slot[s]);
			slot[s] = NULL;
			ops++;
		}
	}
	return ops;
}

int main(void)
{
	unsigned long check = 0, ops;
	unsigned long long t0, t1;

	t0 = now_ns();
	ops = workload(&check);
	t1 = now_ns();
	if (!ops) {
		printf("allocbench: malloc failed\n");
		return 1;
	}
	printf("allocbench: ops=%lu ns=%llu check=%lu\n", ops, t1 - t0, check);
	return 0;
}
