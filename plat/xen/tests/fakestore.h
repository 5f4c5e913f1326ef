/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A xenstore daemon in memory for the tests: the other end of a store
 * ring, answering READ, WRITE, RM, DIRECTORY, WATCH, UNWATCH and
 * transactions from a small table of keys, firing watches on writes.
 * It runs when the client notifies or waits.
 */
#ifndef XEN_TEST_FAKESTORE_H
#define XEN_TEST_FAKESTORE_H

#include <xen/xenstore.h>

#define FS_KEYS 48
#define FS_WATCHES 8

struct fakestore {
	struct xen_xs xs;
	struct xen_xs_interface ring __align(4096);
	struct { char path[128]; char value[3100]; int used; } keys[FS_KEYS];
	struct { char path[128]; char token[32]; int used; } watches[FS_WATCHES];
	/* Request being read from req. */
	__u8 in[16 + XEN_XS_PAYLOAD_MAX + 1];
	unsigned int in_len;
	/* Replies and events not yet on rsp. */
	__u8 out[16384];
	unsigned int out_len;
	unsigned int trickle;   /* most bytes put on rsp per run (0: all) */
	int mute;               /* read requests, answer nothing */
	unsigned int eagain;    /* transaction ends that fail with EAGAIN */
	unsigned int tx_ends, next_tx;
	unsigned int requests;
	/* Called after a write the store applied (a fake backend). */
	void (*on_write)(struct fakestore *fs, const char *path,
			 const char *value);
};

/* A connection to a fresh store whose ring indexes start at start. */
void fakestore_init(struct fakestore *fs, __u32 start);
/* Run the store: read requests, answer, put what fits on rsp. */
void fakestore_run(struct fakestore *fs);
/* Set a key directly (no watch fires) / fire watches as a write does. */
void fakestore_set(struct fakestore *fs, const char *path, const char *value);
const char *fakestore_get(struct fakestore *fs, const char *path);
void fakestore_fire(struct fakestore *fs, const char *path);
/* Queue a raw message (for malformed replies). */
void fakestore_send(struct fakestore *fs, __u32 type, __u32 req_id,
		    const void *payload, unsigned int len);
#endif
