/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stack canary and what happens when a function finds it overwritten.
 * This file is compiled like every other one, with the stack protector
 * on: its functions have no arrays nor address-taken locals except the
 * one that sets the canary, which is marked no_stack_protector.
 */
#include <uk/stackprotector.h>
#include <uk/plat/random.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/debug.h>
#include <uk/assert.h>
#include <uk/crash.h>
#include <uk/print.h>
#include <errno.h>

/*
 * Until the boot sets a random one: a fixed value whose low byte is 0, so
 * that string functions overrunning a buffer cannot copy it unchanged.
 * __used, like __stack_chk_fail: the compiler's references to both appear
 * only when code is generated, after link-time optimisation has decided
 * what nobody references.
 */
__used unsigned long __stack_chk_guard = 0x2f8a5c39d4e6b100UL;

__attribute__((no_stack_protector)) int uk_stack_protector_init(void)
{
	unsigned long canary;
	int rc = ukplat_random_bytes(&canary, sizeof(canary));

	canary &= ~0xffUL; /* the terminator byte, as above */
	if (canary == 0)
		canary = 0x5ca1ab1e00UL;
	__stack_chk_guard = canary;
	if (rc < 0)
		uk_pr_warn("stack protector: no random source; the canary comes "
			   "from clock readings and may be guessed\n");
	return rc;
}

/* Called by a protected function whose canary changed: never returns. */
__used void __noreturn __stack_chk_fail(void)
{
	unsigned long ret = (unsigned long)__builtin_return_address(0);
	const char *name;
	unsigned long off;

	/*
	 * The call is often the function's last instruction (the compiler
	 * knows it does not return): look up the call, not what follows it.
	 */
	if (uk_symbol_lookup(ret - 1, &name, &off) == 0)
		UK_CRASH("stack smashing detected: the stack canary of %s "
			 "was overwritten (called from %#lx, %s+%#lx)",
			 name, ret, name, off + 1);
	/* The .dbg holds link-time addresses: less the load offset, where
	 * the image moved itself (kvm CONFIG_KVM_ASLR). */
	UK_CRASH("stack smashing detected: the stack canary of the function "
		 "at %#lx was overwritten (name it with addr2line -f -e "
		 "IMAGE.dbg %#lx)", ret - 1,
		 ret - 1 - ukplat_image_load_offset());
}
