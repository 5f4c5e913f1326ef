/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Extended CPU state on x86_64: x87, SSE and (where the OS enabled them in
 * XCR0) AVX and later registers, saved with XSAVE when the CPU and OS
 * support it and with FXSAVE otherwise. Schedulers that switch threads
 * from interrupt context save it at each switch when the platform's
 * interrupt entry does not (CONFIG_LIBUKSCHED_SAVE_FPU).
 */
#ifndef UK_ARCH_ECTX_H
#define UK_ARCH_ECTX_H

#include <uk/essentials.h>

/* Alignment an extended state area needs. */
#define UKARCH_ECTX_ALIGN 64

/*
 * Bytes an extended state area needs on this CPU (512 with FXSAVE, the
 * XSAVE size of the enabled components otherwise). Any context.
 */
__sz ukarch_ectx_size(void);

/* Fill ectx with the reset state (all registers 0, exceptions masked). */
void ukarch_ectx_init(void *ectx);

/* Save the CPU's extended state into / load it from ectx. Any context. */
void ukarch_ectx_save(void *ectx);
void ukarch_ectx_restore(void *ectx);

#endif
