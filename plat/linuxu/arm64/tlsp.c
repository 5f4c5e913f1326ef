/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu arm64: the thread pointer is TPIDR_EL0, which EL0 may write. */
#include <uk/plat/tls.h>
#include <uk/arch/tls.h>

void ukplat_tlsp_set(__uptr tp)
{
	ukarch_tlsp_set_reg(tp);
}
