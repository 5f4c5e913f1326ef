/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An ordinary Linux C program: it builds unchanged with newlib for
 * Tessera and natively with gcc, and prints the same on both (the test
 * suite compares). Everything it prints is deterministic.
 *
 *   posixdemo            run every part, reading two numbers from stdin
 *   posixdemo ls DIR     list DIR, sorted, with sizes of regular files
 *   posixdemo cat FILE   print FILE
 *   posixdemo write FILE TEXT   write TEXT and a newline to FILE
 *   posixdemo getenv NAME        print the variable's value
 *   posixdemo fork               try fork() twice (a unikernel has none)
 *   posixdemo exit               register atexit handlers, exit(3)
 *   posixdemo abort              the same, but abort(): no handler runs
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int list(const char *dir)
{
	char *names[256];
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		printf("ls %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) && n < 256)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	for (int i = 0; i < n; i++) {
		char path[512];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st) < 0)
			printf("  %s ?\n", names[i]);
		else if (S_ISDIR(st.st_mode))
			printf("  %s/\n", names[i]);
		else if (S_ISLNK(st.st_mode))
			printf("  %s@\n", names[i]);
		else
			printf("  %s %ld\n", names[i], (long)st.st_size);
		free(names[i]);
	}
	return 0;
}

static int cat(const char *file)
{
	char buf[256];
	size_t n;
	FILE *f = fopen(file, "r");

	if (!f) {
		printf("cat %s: %s\n", file, strerror(errno));
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return 0;
}

static void part_stdio(void)
{
	double a = 0, b = 0;
	int got;

	printf("== stdio and strtod\n");
	got = scanf("%lf %lf", &a, &b);
	printf("scanf read %d numbers: %.3f + %.3f = %.3f\n", got, a, b, a + b);
	printf("strtod(\"2.5e3xyz\") = %g, rest \"%s\"\n", strtod("2.5e3xyz", NULL),
	       strchr("2.5e3xyz", 'x'));
	printf("%5d|%-5s|%05.1f|%x|%lld\n", 42, "ab", 3.14159, 255, -1234567890123LL);
}

static void part_memory(void)
{
	int *v = malloc(1000 * sizeof(int)), *bigger;
	long sum = 0;

	printf("== malloc and qsort\n");
	if (!v) {
		perror("malloc");
		return;
	}
	for (int i = 0; i < 1000; i++)
		v[i] = (i * 7919) % 1000;
	qsort(v, 1000, sizeof(int), cmp_int);
	for (int i = 0; i < 1000; i++)
		sum += v[i] == i;
	bigger = realloc(v, 100000 * sizeof(int));
	if (!bigger) {
		perror("realloc");
		free(v);
		return;
	}
	v = bigger;
	v[99999] = 5;
	printf("sorted in place: %ld of 1000, realloc kept v[0]=%d\n", sum, v[0]);
	free(v);
}

static void part_files(void)
{
	char line[128];
	FILE *f;
	int fd;

	printf("== files\n");
	mkdir("demo", 0755);
	f = fopen("demo/notes.txt", "w");
	for (int i = 1; i <= 3; i++)
		fprintf(f, "line %d: %s\n", i, i == 2 ? "two" : "other");
	fclose(f);
	f = fopen("demo/notes.txt", "a+");
	fputs("appended\n", f);
	rewind(f);
	while (fgets(line, sizeof(line), f))
		printf("read: %s", line);
	fclose(f);
	mkdir("demo/sub", 0755);
	fd = open("demo/sub/raw", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	printf("write: %zd\n", write(fd, "0123456789", 10));
	printf("pwrite: %zd\n", pwrite(fd, "AB", 2, 4));
	close(fd);
	fd = open("demo/sub/raw", O_RDONLY);
	memset(line, 0, sizeof(line));
	printf("pread: %zd \"%s\"", pread(fd, line, 6, 2), line);
	printf(" lseek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
	close(fd);
	rename("demo/sub/raw", "demo/raw-renamed");
	symlink("notes.txt", "demo/link");
	list("demo");
	printf("errors: %d %d %d %d\n", open("demo/missing", O_RDONLY) < 0 && errno == ENOENT,
	       mkdir("demo", 0755) < 0 && errno == EEXIST,
	       close(12345) < 0 && errno == EBADF,
	       rmdir("demo/sub") == 0);
	unlink("demo/link");
	unlink("demo/raw-renamed");
	unlink("demo/notes.txt");
	printf("rmdir demo: %d\n", rmdir("demo"));
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn = PTHREAD_COND_INITIALIZER;
static int counter, next_id;

static void *worker(void *arg)
{
	int id = (int)(long)arg;

	for (int i = 0; i < 3; i++) {
		pthread_mutex_lock(&lock);
		while (next_id != id)
			pthread_cond_wait(&turn, &lock);
		counter += id;
		next_id = (id + 1) % 4;
		pthread_cond_broadcast(&turn);
		pthread_mutex_unlock(&lock);
	}
	return (void *)(long)(id * 10);
}

static void part_threads(void)
{
	pthread_t t[4];
	long total = 0;

	printf("== pthreads\n");
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < 4; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		total += (long)ret;
	}
	printf("counter %d, sum of return values %ld\n", counter, total);
}

static void part_time(void)
{
	struct timespec a, b, nap = { 0, 20 * 1000 * 1000 };
	time_t now = time(NULL);
	struct tm tm;
	char buf[64];
	long ms;

	printf("== time\n");
	clock_gettime(CLOCK_MONOTONIC, &a);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	printf("slept at least 20 ms: %s\n", ms >= 20 ? "yes" : "no");
	printf("time() is after 2020: %s\n", now > 1577836800 ? "yes" : "no");
	now = 86400 * 365;
	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("gmtime(365 days) = %s\n", buf);
}

static jmp_buf env;

static void __attribute__((noinline)) jump(int depth)
{
	if (depth >= 3)
		longjmp(env, depth);
}

static void part_misc(void)
{
	int r;

	printf("== setjmp, math, environment\n");
	r = setjmp(env);
	for (int depth = 0; r == 0; depth++)
		jump(depth);
	printf("longjmp returned %d\n", r);
	printf("sin(1)=%.6f exp(2)=%.6f pow(2,0.5)=%.6f sqrt(2)=%.6f\n", sin(1.0),
	       exp(2.0), pow(2.0, 0.5), sqrt(2.0));
	setenv("DEMO_VAR", "hello", 1);
	printf("getenv: %s, missing: %s\n", getenv("DEMO_VAR"),
	       getenv("DEMO_NOT_SET") ? "set" : "(null)");
	printf("getpid positive: %s\n", getpid() > 0 ? "yes" : "no");
}

static sigjmp_buf senv;

static void __attribute__((noinline)) sjump(int depth)
{
	if (depth >= 2)
		siglongjmp(senv, 0); /* arrives as 1 */
	sjump(depth + 1);
}

/* File locks, attributes through descriptors, mremap, sigsetjmp. */
static void part_locks(void)
{
	struct timespec ts[2] = { { 1000000000, 0 }, { 1100000000, 0 } };
	struct flock fl;
	struct rusage ru;
	struct stat st;
	char *p, *q;
	int a, b, r;

	printf("== locks, attributes, mremap, sigsetjmp\n");
	a = open("locks.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
	b = open("locks.tmp", O_RDWR);
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_len = 10;
	printf("F_SETLK write lock: %d\n", fcntl(a, F_SETLK, &fl));
	fl.l_start = 5;
	r = fcntl(b, F_GETLK, &fl);
	printf("F_GETLK through another open: %d, %s\n", r,
	       fl.l_type == F_UNLCK ? "no conflict (same process)" : "conflict");
	printf("flock LOCK_EX: %d\n", flock(a, LOCK_EX));
	r = flock(b, LOCK_EX | LOCK_NB);
	printf("flock LOCK_EX|LOCK_NB through another open: %d %s\n", r,
	       r < 0 && errno == EWOULDBLOCK ? "EWOULDBLOCK" : "");
	r = flock(a, LOCK_UN);
	printf("unlock: %d, ", r);
	printf("then again: %d\n", flock(b, LOCK_EX | LOCK_NB));
	r = fchmod(a, 0640);
	printf("fchmod 0640: %d, futimens: %d\n", r, futimens(a, ts));
	fstat(b, &st);
	printf("mode %o, atime %ld, mtime %ld\n", (unsigned)(st.st_mode & 0777),
	       (long)st.st_atime, (long)st.st_mtime);
	close(b);
	close(a);
	unlink("locks.tmp");
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'x', 4096);
	q = mremap(p, 4096, 1 << 20, MREMAP_MAYMOVE);
	printf("mremap to 1 MiB: %s, kept %c%c, new bytes %s\n",
	       q == MAP_FAILED ? "failed" : "ok", q[0], q[4095],
	       q[4096] == 0 && q[(1 << 20) - 1] == 0 ? "zero" : "not zero");
	printf("munmap: %d\n", munmap(q, 1 << 20));
	printf("getrusage: %d\n", getrusage(RUSAGE_SELF, &ru));
	r = sigsetjmp(senv, 1);
	if (r == 0)
		sjump(0);
	printf("siglongjmp(env, 0) returned %d\n", r);
}

static void first_registered(void)
{
	printf("atexit: first registered, runs last\n");
}

static void second_registered(void)
{
	printf("atexit: second registered, runs first\n");
}

/* exit() runs the atexit handlers in reverse order; abort() runs none. */
static void leave(int do_abort)
{
	atexit(first_registered);
	atexit(second_registered);
	printf("leaving with %s\n", do_abort ? "abort()" : "exit(3)");
	fflush(stdout);
	if (do_abort)
		abort();
	exit(3);
}

int main(int argc, char *argv[])
{
	if (argc == 3 && !strcmp(argv[1], "ls"))
		return list(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "cat"))
		return cat(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "write")) {
		FILE *f = fopen(argv[2], "w");

		if (!f) {
			printf("write %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		fprintf(f, "%s\n", argv[3]);
		return fclose(f) ? 1 : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "getenv")) {
		printf("%s=%s\n", argv[2], getenv(argv[2]) ? getenv(argv[2]) : "(unset)");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "fork")) {
		for (int i = 0; i < 2; i++) {
			pid_t pid = fork();

			if (pid == 0)
				_exit(0);
			printf("fork: %s\n", pid < 0 ? strerror(errno) : "ok");
		}
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "exit"))
		leave(0);
	if (argc == 2 && !strcmp(argv[1], "abort"))
		leave(1);
	part_stdio();
	part_memory();
	part_files();
	part_threads();
	part_time();
	part_misc();
	part_locks();
	printf("done\n");
	return 0;
}
