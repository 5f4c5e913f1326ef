/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Crashes on purpose, the way its first argument says, so the test driver
 * can check crash reports and exit statuses:
 *   null, div0, stack, bigstack, illegal, bus, assert, crash, abort, smash
 *   (a stack smash, for the stack protector), ubsan (a signed overflow,
 *   then an array index past the end, for lib/ukubsan), exit:<n>; on
 *   arm64 also pac (an overwritten return address) and bti (an indirect
 *   call past a landing pad)
 * and wait:<ms>, which spins until the monotonic clock has advanced that
 * far (the clock's first reading may find that it cannot run); and the
 * memory-protection cases: write-text, write-rodata (writes to code and
 * constants), exec-data, exec-stack, exec-heap (a return instruction
 * copied there, then called) and null8k (a read 8 KiB above NULL).
 * Where nothing stops them they say so and return 3.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/assert.h>
#include <uk/plat/time.h>

static volatile int zero;

static __attribute__((noinline)) int deref_null(void)
{
	return *(volatile int *)(unsigned long)zero;
}

/*
 * x86_64 traps on an integer division by zero (#DE, SIGFPE). arm64 does
 * not: SDIV gives 0. There the division is checked explicitly, so div0
 * gives a crash report on both.
 */
static __attribute__((noinline)) int divide_by_zero(void)
{
#if defined(__aarch64__)
	if (zero == 0)
		UK_CRASH("integer division by zero (arm64 does not trap: checked explicitly)");
#endif
	return 42 / zero;
}

/* Recursion that only ends when the stack does. */
static volatile int limit = -1;

static __attribute__((noinline)) int recurse(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == limit)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static void wait_ms(long ms)
{
	__nsec end = ukplat_monotonic_clock() + (__nsec)ms * 1000000;

	while (ukplat_monotonic_clock() < end)
		;
	printf("crashtest: waited %ld ms\n", ms);
}

/*
 * The same with frames of 128 KiB (more than the kvm boot stack), of
 * which only the lowest byte is written: without stack probes
 * (-fstack-clash-protection) that write jumps over the 4 KiB guard page
 * below the stack into whatever lies below it; with them, a probe on the
 * way down hits the guard page.
 */
static __attribute__((noinline)) int recurse_big(int depth)
{
	volatile char frame[128 * 1024];

	frame[0] = (char)depth;
	if (depth == limit)
		return 0;
	return recurse_big(depth + 1) + frame[0];
}

static __attribute__((noinline)) void illegal(void)
{
#if defined(__x86_64__)
	__asm__ __volatile__("ud2");
#elif defined(__aarch64__)
	__asm__ __volatile__("udf #0");
#endif
}

/*
 * A misaligned load with alignment checking on (x86_64: EFLAGS.AC; the
 * CPU checks only in user mode, so on linuxu, where the host kernel turns
 * the #AC fault into SIGBUS). Where nothing faults it says so.
 */
static __attribute__((noinline)) int bus_error(void)
{
	int v = 0;

#if defined(__x86_64__)
	static char buf[16] __attribute__((aligned(8)));

	__asm__ __volatile__("pushfq; orl $0x40000, (%%rsp); popfq\n\t"
			     "movl (%1), %0\n\t"
			     "pushfq; andl $~0x40000, (%%rsp); popfq"
			     : "=r"(v)
			     : "r"(buf + 1)
			     : "memory", "cc");
#endif
	printf("crashtest: no alignment fault here\n");
	return 3 + v;
}

static volatile unsigned int smash_len = 64;

/* Writes past the end of a local array: the stack protector's case. */
static __attribute__((noipa)) int smash_stack(void)
{
	char buf[16];

	memset(buf, 'A', smash_len);
	__asm__ __volatile__("" : : "r"(buf) : "memory");
	printf("crashtest: wrote %u bytes into a 16-byte array\n", smash_len);
	return 3;
}

/* Write back the byte at p: no change, if the write is allowed at all. */
static __attribute__((noinline)) int write_to(const char *p, const char *what)
{
	volatile char *v = (volatile char *)(uintptr_t)p;

	printf("crashtest: writing to %s at %p\n", what, (void *)p);
	*v = *v;
	printf("crashtest: wrote to %s: nothing stopped it\n", what);
	return 3;
}

static const char rodata_bytes[16] = "read-only data";

/* One return instruction: where it runs, the call comes straight back. */
#if defined(__x86_64__)
static const unsigned char ret_insn[4] = { 0xc3, 0xc3, 0xc3, 0xc3 };
#elif defined(__aarch64__)
static const unsigned char ret_insn[4] = { 0xc0, 0x03, 0x5f, 0xd6 };
#endif

static __attribute__((noinline)) int exec_at(unsigned char *code,
					      const char *what)
{
	void (*fn)(void);

	memcpy(code, ret_insn, sizeof(ret_insn));
	__builtin___clear_cache((char *)code, (char *)code + sizeof(ret_insn));
	fn = (void (*)(void))(uintptr_t)code;
	printf("crashtest: calling code in %s at %p\n", what, (void *)code);
	fn();
	printf("crashtest: executed code in %s: nothing stopped it\n", what);
	return 3;
}

/* Initialized, so it lies in .data, not in .bss. */
static unsigned char data_code[16] __attribute__((aligned(16))) = { 1 };

static __attribute__((noinline)) int exec_stack(void)
{
	unsigned char code[16] __attribute__((aligned(16)));

	return exec_at(code, "the stack");
}

static int exec_heap(void)
{
	unsigned char *code = malloc(64);

	if (!code) {
		printf("crashtest: no heap (malloc failed)\n");
		return 4;
	}
	return exec_at(code, "the heap");
}

static __attribute__((noinline)) int deref_null8k(void)
{
	return *(volatile int *)((unsigned long)zero + 8192);
}

#if defined(__aarch64__)
/* Where a hijacked return lands: says so and ends the run. */
static __attribute__((noinline, used)) void hijacked(void)
{
	printf("crashtest: the return address was hijacked: nothing stopped it\n");
	exit(3);
}

/*
 * Overwrites its own saved return address (x30 in its frame record) with
 * hijacked's: pointer authentication (CONFIG_ARM64_PAC) catches it.
 */
static __attribute__((noipa)) int pac_victim(void)
{
	/* volatile: the compiler would drop a store into its frame record. */
	volatile unsigned long *frame = __builtin_frame_address(0);

	printf("crashtest: overwriting the return address at %p\n",
	       (void *)&frame[1]);
	frame[1] = (unsigned long)(uintptr_t)hijacked;
	return 0;
}

/*
 * A landing pad (hint #34: BTI c), then an instruction that is none: an
 * indirect call to it is what branch target identification refuses.
 */
void crashtest_bti_landed(void);
__asm__(".text\n"
	".globl crashtest_bti_pad\n"
	".type crashtest_bti_pad, %function\n"
	"crashtest_bti_pad:\n"
	"	hint #34\n"
	"	nop\n"
	"	b crashtest_bti_landed\n"
	".size crashtest_bti_pad, . - crashtest_bti_pad\n");
void crashtest_bti_pad(void);

void crashtest_bti_landed(void)
{
	printf("crashtest: landed in the middle of a function: nothing stopped it\n");
	exit(3);
}

static int bti_jump(void)
{
	void (*volatile fp)(void) =
		(void (*)(void))((uintptr_t)crashtest_bti_pad + 4);

	printf("crashtest: calling %p, past the landing pad\n", (void *)fp);
	fp();
	return 4;
}
#endif

static volatile int big = 2147483647, one = 1, past_end = 4;

/* The index past the end stays inside the structure: only UB, no fault. */
static struct {
	int table[4];
	int after;
} ub_data = { { 1, 2, 3, 4 }, 5 };

/* Two undefined operations; with nothing to stop them, their results. */
static __attribute__((noinline)) int undefined_behaviour(void)
{
	int sum = big + one;
	int beyond = ub_data.table[past_end];

	printf("crashtest: INT_MAX + 1 gave %d, table[4] gave %d: nothing "
	       "stopped it\n", sum, beyond);
	return 3;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "";

	printf("crashtest: %s\n", what);
	if (!strcmp(what, "null"))
		return deref_null();
	if (!strcmp(what, "div0"))
		return divide_by_zero();
	if (!strcmp(what, "stack"))
		return recurse(0);
	if (!strcmp(what, "bigstack"))
		return recurse_big(0);
	if (!strcmp(what, "illegal"))
		illegal();
	if (!strcmp(what, "bus"))
		return bus_error();
	if (!strcmp(what, "assert"))
		UK_ASSERT(argc == 42);
	if (!strcmp(what, "crash"))
		UK_CRASH("crashtest asked for a crash (%d)", argc);
	if (!strcmp(what, "abort"))
		abort();
	if (!strcmp(what, "smash")) {
		smash_stack();
		printf("crashtest: the smashing function returned: nothing noticed\n");
		return 3;
	}
	if (!strcmp(what, "write-text"))
		return write_to((const char *)(uintptr_t)write_to, "code");
	if (!strcmp(what, "write-rodata"))
		return write_to(rodata_bytes, "read-only data");
	if (!strcmp(what, "exec-data"))
		return exec_at(data_code, "data");
	if (!strcmp(what, "exec-stack"))
		return exec_stack();
	if (!strcmp(what, "exec-heap"))
		return exec_heap();
#if defined(__aarch64__)
	if (!strcmp(what, "pac")) {
		pac_victim();
		printf("crashtest: pac_victim returned normally\n");
		return 4;
	}
	if (!strcmp(what, "bti"))
		return bti_jump();
#endif
	if (!strcmp(what, "null8k"))
		return deref_null8k();
	if (!strcmp(what, "ubsan"))
		return undefined_behaviour();
	if (!strncmp(what, "exit:", 5))
		return atoi(what + 5);
	if (!strncmp(what, "wait:", 5)) {
		wait_ms(atoi(what + 5));
		return 0;
	}
	printf("usage: crashtest null|null8k|div0|stack|bigstack|illegal|bus|"
	       "assert|crash|abort|smash|\n  write-text|write-rodata|exec-data|"
	       "exec-stack|exec-heap|ubsan|pac|bti (arm64)|exit:<n>|wait:<ms>\n");
	return 2;
}
