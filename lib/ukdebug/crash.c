/* SPDX-License-Identifier: BSD-3-Clause */
/* Assertion failures, UK_CRASH(), register dumps and backtraces. */
#include <uk/assert.h>
#include <uk/crash.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/debug.h>
#include <stddef.h>

#define BACKTRACE_MAX_FRAMES 64
#define BACKTRACE_MAX_FRAME_SIZE (1UL << 20)

static void print_frame(int i, unsigned long addr, unsigned long lookup)
{
	const char *name;
	unsigned long off;

	if (uk_symbol_lookup(lookup, &name, &off) == 0)
		uk_pr_raw("  #%-2d 0x%016lx %s+0x%lx\n", i, addr, name,
			  off + (addr - lookup));
	else
		uk_pr_raw("  #%-2d 0x%016lx\n", i, addr);
}

/* Platforms that move the image define their own. */
__weak unsigned long ukplat_image_load_offset(void)
{
	return 0;
}

void uk_backtrace_print(unsigned long pc, unsigned long fp)
{
	unsigned long last = 0, offset = ukplat_image_load_offset();
	int i = 0, repeats = 0;

	if (offset)
		uk_pr_raw("Image load offset: 0x%lx (subtract it from an address before addr2line -e IMAGE.dbg)\n",
			  offset);
	uk_pr_raw("Backtrace:\n");
	if (pc)
		print_frame(i++, pc, pc);
	while (fp && IS_ALIGNED(fp, sizeof(long)) && i < BACKTRACE_MAX_FRAMES) {
		unsigned long ret = UKARCH_FRAME_RET(fp);
		unsigned long next = UKARCH_FRAME_NEXT(fp);

		if (!ret)
			break;
		if (ret == last) { /* deep recursion: say it once */
			repeats++;
		} else {
			if (repeats)
				uk_pr_raw("  ... the frame above %d more times\n",
					  repeats);
			repeats = 0;
			/* ret - 1 lies in the call instruction: the caller */
			print_frame(i, ret, ret - 1);
		}
		i++;
		last = ret;
		if (next <= fp || next - fp > BACKTRACE_MAX_FRAME_SIZE)
			break;
		fp = next;
	}
	if (repeats)
		uk_pr_raw("  ... the frame above %d more times\n", repeats);
	if (i == BACKTRACE_MAX_FRAMES)
		uk_pr_raw("  ... (stopped after %d frames)\n", i);
}

void uk_crash_print_regs(const struct __regs *regs)
{
#define REG_ENTRY(r) { #r, offsetof(struct __regs, r) },
	static const struct {
		const char *name;
		unsigned short off;
	} list[] = { UKARCH_REGS_FOREACH(REG_ENTRY) };
#undef REG_ENTRY
	unsigned int i;

	uk_pr_raw("Registers:\n");
	for (i = 0; i < ARRAY_SIZE(list); i++)
		uk_pr_raw(" %6s 0x%016lx%s", list[i].name,
			  *(const unsigned long *)((const char *)regs +
						   list[i].off),
			  i % 3 == 2 || i + 1 == ARRAY_SIZE(list) ? "\n" : "");
	uk_backtrace_print(ukarch_regs_pc(regs), ukarch_regs_fp(regs));
}

void _uk_assert_fail(const char *expr, const char *file, int line,
		     const char *func)
{
	uk_pr_raw("\nASSERTION FAILED: %s\n  at %s:%d, in %s()\n", expr, file,
		  line, func);
	uk_backtrace_print(0, ukarch_read_fp());
	ukplat_terminate(UKPLAT_CRASH);
}

void _uk_crash(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	uk_pr_raw("\nCRASH: ");
	va_start(ap, fmt);
	uk_vpr_raw(fmt, ap);
	va_end(ap);
	uk_pr_raw("\n  at %s:%d\n", file, line);
	uk_backtrace_print(0, ukarch_read_fp());
	ukplat_terminate(UKPLAT_CRASH);
}
