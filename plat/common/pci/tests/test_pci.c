/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI: ID matching, and binding a driver registered like any other. */
#include <uk/test.h>
#include <uk/bus/pci.h>
#include <errno.h>
#include <stddef.h>

#define CLASS_HOST_BRIDGE 0x060000
#define CLASS_MASK_SUB 0xffff00

UK_TESTCASE(pci, match_by_ids_and_class)
{
	static const struct pci_device_id ids[] = {
		PCI_DEVICE_ID(0x1af4, 0x1000),
		PCI_DEVICE_ID(0x1af4, PCI_ANY_ID),
		PCI_DEVICE_CLASS(0x010000, 0xff0000), /* any storage */
		PCI_DEVICE_END,
	};

	UK_TEST_EXPECT_SNUM_EQ(pci_match_id(ids, 0x1af4, 0x1000, 0x020000), 0);
	UK_TEST_EXPECT_SNUM_EQ(pci_match_id(ids, 0x1af4, 0x1001, 0x020000), 1);
	UK_TEST_EXPECT_SNUM_EQ(pci_match_id(ids, 0x8086, 0x7010, 0x010180), 2);
	UK_TEST_EXPECT_SNUM_EQ(pci_match_id(ids, 0x8086, 0x1237, 0x060000), -1);
	UK_TEST_EXPECT_SNUM_EQ(pci_match_id(NULL, 1, 2, 3), -1);
	UK_TEST_EXPECT_SNUM_EQ(pci_match_id(ids + 3, 0x1af4, 0x1000, 0), -1);
}

/* A driver for host bridges: every PCI machine has one. */
static int bound;
static struct pci_device *bound_dev;

static int host_bridge_add(struct pci_device *dev)
{
	bound++;
	bound_dev = dev;
	return 0;
}

static const struct pci_device_id host_bridge_ids[] = {
	PCI_DEVICE_CLASS(CLASS_HOST_BRIDGE, CLASS_MASK_SUB),
	PCI_DEVICE_END,
};
static const struct pci_driver host_bridge_driver = {
	.name = "uktest-host-bridge", .ids = host_bridge_ids,
	.add_dev = host_bridge_add,
};
UK_PCI_DRIVER_REGISTER(&host_bridge_driver);

UK_TESTCASE(pci, enumeration_binds_the_host_bridge)
{
	__u32 v;

	if (!pci_conf_present()) { /* e.g. microvm: no PCI, nothing bound */
		UK_TEST_EXPECT_SNUM_EQ(pci_device_count(), 0);
		return;
	}
	UK_TEST_ASSERT(pci_device_count() > 0);
	UK_TEST_EXPECT_SNUM_EQ(bound, 1);
	UK_TEST_ASSERT(bound_dev != NULL);
	UK_TEST_EXPECT_PTR_EQ(bound_dev->drv, &host_bridge_driver);
	UK_TEST_EXPECT_UNUM_EQ(bound_dev->class_code & CLASS_MASK_SUB,
			       CLASS_HOST_BRIDGE);
	UK_TEST_EXPECT_UNUM_EQ(bound_dev->addr.bus, 0);
	/* Its configuration space agrees with the table. */
	UK_TEST_ASSERT_SNUM_EQ(pci_conf_read(&bound_dev->addr, PCI_VENDOR_ID,
					     2, &v), 0);
	UK_TEST_EXPECT_UNUM_EQ(v, bound_dev->vendor_id);
	UK_TEST_EXPECT(v != 0xffff && v != 0);
	UK_TEST_EXPECT_SNUM_EQ(pci_conf_read(&bound_dev->addr, 3, 2, &v),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(pci_conf_read(&bound_dev->addr, 0, 3, &v),
			       -EINVAL);
	UK_TEST_EXPECT_NULL(pci_device_get(pci_device_count()));
}

UK_TESTCASE(pci, bars_of_the_devices)
{
	/* Every implemented BAR has a power-of-two size; bad indexes fail. */
	for (int i = 0; i < pci_device_count(); i++) {
		struct pci_device *d = pci_device_get(i);
		__u64 base, size;
		int io;

		for (int b = 0; b < (d->header_type == 0 ? 6 : 2); b++) {
			if (pci_bar_get(d, b, &base, &size, &io) < 0)
				continue;
			UK_TEST_EXPECT(size && !(size & (size - 1)));
			UK_TEST_EXPECT_ZERO(base & (size - 1));
		}
		UK_TEST_EXPECT_SNUM_EQ(pci_bar_get(d, 6, &base, &size, &io),
				       -EINVAL);
	}
}

/*
 * Every device on a bus other than 0 was reached through a bridge: one
 * listed before it, whose secondary bus is that bus.
 */
UK_TESTCASE(pci, devices_behind_bridges_follow_their_bridge)
{
	for (int i = 0; i < pci_device_count(); i++) {
		struct pci_device *d = pci_device_get(i);
		int found = d->addr.bus == 0;

		for (int j = 0; j < i && !found; j++) {
			struct pci_device *br = pci_device_get(j);
			__u32 sec;

			if (br->header_type != 1 ||
			    pci_conf_read(&br->addr, PCI_SECONDARY_BUS, 1,
					  &sec) < 0)
				continue;
			found = sec == d->addr.bus;
		}
		UK_TEST_EXPECT(found);
	}
}
