/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory-mapped device registers on arm64: single-copy atomic accesses of
 * the register's width that the compiler keeps as they are (no merging,
 * no splitting, no writeback addressing, which a hypervisor cannot
 * emulate from the syndrome). Ordering against normal memory (DMA
 * buffers) is the caller's job: wmb() before a write that starts DMA,
 * rmb() after a read that says DMA is done. Only platform code (plat/)
 * uses these. Any context.
 */
#ifndef UK_ARCH_IO_H
#define UK_ARCH_IO_H

#include <uk/essentials.h>

static inline __u8 ukarch_mmio_read8(const volatile void *addr)
{
	__u8 v;

	__asm__ __volatile__("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline __u16 ukarch_mmio_read16(const volatile void *addr)
{
	__u16 v;

	__asm__ __volatile__("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline __u32 ukarch_mmio_read32(const volatile void *addr)
{
	__u32 v;

	__asm__ __volatile__("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline __u64 ukarch_mmio_read64(const volatile void *addr)
{
	__u64 v;

	__asm__ __volatile__("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void ukarch_mmio_write8(volatile void *addr, __u8 v)
{
	__asm__ __volatile__("strb %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

static inline void ukarch_mmio_write16(volatile void *addr, __u16 v)
{
	__asm__ __volatile__("strh %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

static inline void ukarch_mmio_write32(volatile void *addr, __u32 v)
{
	__asm__ __volatile__("str %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

static inline void ukarch_mmio_write64(volatile void *addr, __u64 v)
{
	__asm__ __volatile__("str %x0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}
#endif
