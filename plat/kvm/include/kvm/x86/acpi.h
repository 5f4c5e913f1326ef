/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm x86_64: the little of ACPI the platform needs (powering off). */
#ifndef KVM_X86_ACPI_H
#define KVM_X86_ACPI_H

#include <uk/essentials.h>

/*
 * Enter the S5 (soft off) state as the ACPI tables describe it: FADT
 * PM1a/PM1b control blocks, or the sleep control register on
 * hardware-reduced ACPI (microvm), with SLP_TYPa/b from the DSDT's _S5
 * object. Returns only if that is not possible: -ENODEV (no RSDP, FADT,
 * DSDT or _S5), -EIO (the machine is still running afterwards).
 * Any context; no allocation.
 */
int kvm_acpi_poweroff(void);

/*
 * Find the value of the first element of the package named name (4
 * characters, e.g. "_S5_") in AML bytes aml[0..len): the package must
 * be a NameOp (optionally with a root prefix) followed by a PackageOp
 * whose first element is Zero, One, Ones or a BytePrefix constant.
 * Returns 0 and sets *first and *second (0 if absent), or -ENOENT.
 */
int kvm_acpi_find_package(const __u8 *aml, __sz len, const char *name,
			  __u8 *first, __u8 *second);
#endif
