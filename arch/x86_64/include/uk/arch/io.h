/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86 port I/O. Only platform code (plat/) uses these: nothing else
 * touches hardware. Any context.
 */
#ifndef UK_ARCH_IO_H
#define UK_ARCH_IO_H

#include <uk/essentials.h>

static inline __u8 ukarch_inb(__u16 port)
{
	__u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline __u16 ukarch_inw(__u16 port)
{
	__u16 v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline __u32 ukarch_inl(__u16 port)
{
	__u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void ukarch_outb(__u16 port, __u8 v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void ukarch_outw(__u16 port, __u16 v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void ukarch_outl(__u16 port, __u32 v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}

/* Memory-mapped registers: volatile accesses the compiler keeps as is. */
static inline __u8 ukarch_mmio_read8(const volatile void *addr)
{
	return *(const volatile __u8 *)addr;
}

static inline __u16 ukarch_mmio_read16(const volatile void *addr)
{
	return *(const volatile __u16 *)addr;
}

static inline void ukarch_mmio_write8(volatile void *addr, __u8 v)
{
	*(volatile __u8 *)addr = v;
}

static inline void ukarch_mmio_write16(volatile void *addr, __u16 v)
{
	*(volatile __u16 *)addr = v;
}

static inline __u32 ukarch_mmio_read32(const volatile void *addr)
{
	return *(const volatile __u32 *)addr;
}

static inline void ukarch_mmio_write32(volatile void *addr, __u32 v)
{
	*(volatile __u32 *)addr = v;
}
#endif
