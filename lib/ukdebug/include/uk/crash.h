/* SPDX-License-Identifier: BSD-3-Clause */
/* Pieces of a crash report, for platforms' trap and signal handlers. */
#ifndef UK_CRASH_H
#define UK_CRASH_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>

/* Print the registers of regs, then a backtrace from its pc and fp. */
void uk_crash_print_regs(const struct __regs *regs);

/*
 * Print a backtrace: pc first (if non-zero), then the return address of
 * every frame reached from frame pointer fp. Stops at a zero, misaligned,
 * or non-increasing frame pointer, or after 64 frames.
 */
void uk_backtrace_print(unsigned long pc, unsigned long fp);

/*
 * Name the function that contains addr, from the platform's debug image
 * (ukplat_debug_image). Returns 0 and sets *name and *off, or -ENOENT.
 */
int uk_symbol_lookup(unsigned long addr, const char **name,
		     unsigned long *off);

/* The same, in the ELF file elf[0..len). Never reads outside it. */
int uk_elf_symbol_lookup(const void *elf, __sz len, unsigned long addr,
			 const char **name, unsigned long *off);

#endif
