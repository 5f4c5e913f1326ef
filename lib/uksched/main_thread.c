/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukboot's hook (CONFIG_HAVE_SCHED): main() runs in a thread of its own,
 * "main", with a stack of CONFIG_LIBUKSCHED_MAIN_STACK_SIZE KiB; the boot
 * thread waits for it and hands its return value back to ukboot, which
 * exits with it (other threads still running do not delay the exit).
 */
#include <uk/boot.h>
#include <uk/thread.h>
#include <uk/assert.h>

struct main_call {
	int (*main)(int, char *[]);
	int argc;
	char **argv;
};

static void *main_thread(void *arg)
{
	struct main_call *c = arg;

	return (void *)(long)c->main(c->argc, c->argv);
}

int uk_boot_sched_main(int (*main)(int, char *[]), int argc, char *argv[])
{
	struct main_call c = { main, argc, argv };
	struct uk_thread_attr attr = {
		.stack_size = (__sz)CONFIG_LIBUKSCHED_MAIN_STACK_SIZE * 1024,
	};
	struct uk_thread *t;
	void *ret;
	int rc;

	rc = uk_thread_create(&t, "main", &attr, main_thread, &c);
	if (rc < 0)
		UK_CRASH("cannot create the thread for main(): error %d\n", rc);
	rc = uk_thread_join(t, &ret);
	UK_ASSERT(rc == 0); /* main is joinable and not the boot thread */
	return (int)(long)ret;
}
