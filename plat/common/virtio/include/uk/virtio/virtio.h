/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtio devices (virtio 1.x, and legacy 0.9.5 devices), independent of
 * the transport. A transport (virtio_pci.c: PCI legacy and modern;
 * virtio_mmio.c: MMIO versions 1 and 2) finds a device, fills a struct
 * virtio_dev and hands it to the driver registered for its device type:
 *
 *   static int add(struct virtio_dev *vdev) { ...; return 0; }
 *   static const struct virtio_driver drv = {
 *           .name = "virtio-net", .device_type = VIRTIO_ID_NET, .add = add,
 *   };
 *   UK_VIRTIO_DRIVER_REGISTER(&drv);
 *
 * A driver's add: virtio_negotiate (reset, acknowledge, features), then
 * virtio_vq_create for each queue, virtio_irq_register, and
 * virtio_driver_ok once it is ready for the device to use the queues.
 * Set-up runs at boot (bus probing) and may allocate.
 */
#ifndef UK_VIRTIO_VIRTIO_H
#define UK_VIRTIO_VIRTIO_H

#include <uk/essentials.h>
#include <uk/plat/irq.h>
#include <uk/virtio/virtqueue.h>

/* Device types (5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_9P 9

/* Device status bits (2.1). */
#define VIRTIO_S_ACKNOWLEDGE 1
#define VIRTIO_S_DRIVER 2
#define VIRTIO_S_DRIVER_OK 4
#define VIRTIO_S_FEATURES_OK 8
#define VIRTIO_S_NEEDS_RESET 64
#define VIRTIO_S_FAILED 128

/* Transport and ring feature bits (6). */
#define VIRTIO_F_NOTIFY_ON_EMPTY 24
#define VIRTIO_F_ANY_LAYOUT 27
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33

#define VIRTIO_BIT(f) (1ULL << (f))

/* ISR status bits (4.1.4.5). */
#define VIRTIO_ISR_QUEUE 1
#define VIRTIO_ISR_CONFIG 2

struct virtio_dev;

/* What a transport does; virtio_* below are the callers. */
struct virtio_transport_ops {
	__u64 (*features_get)(struct virtio_dev *vdev);
	void (*features_set)(struct virtio_dev *vdev, __u64 features);
	__u8 (*status_get)(struct virtio_dev *vdev);
	void (*status_set)(struct virtio_dev *vdev, __u8 status);
	/* Read len bytes of device configuration at off. */
	void (*config_read)(struct virtio_dev *vdev, unsigned int off,
			    void *buf, unsigned int len);
	/* Most entries of queue idx (0: no such queue). */
	unsigned int (*vq_max)(struct virtio_dev *vdev, __u16 idx);
	/* Tell the device where vq's rings are, and enable it. 0 or -EIO. */
	int (*vq_enable)(struct virtio_dev *vdev, struct virtq *vq);
	void (*notify)(struct virtio_dev *vdev, struct virtq *vq);
	/* Read the interrupt status; reading (or this call) acknowledges. */
	__u8 (*isr_ack)(struct virtio_dev *vdev);
};

struct virtio_dev {
	const struct virtio_transport_ops *ops;
	const char *transport; /* "pci-modern", "pci-legacy", "mmio-v2" ... */
	char where[24];        /* "pci 00:03.0", "mmio 0xa003e00" */
	__u32 device_type;     /* VIRTIO_ID_* */
	int modern;            /* speaks virtio 1.x (VERSION_1 required) */
	unsigned int max_vq_size; /* transport limit (legacy: fixed) */
	int vq_size_fixed;     /* the queue size cannot be chosen */
	unsigned long irq;     /* line for ukplat_irq_register */
	__u64 features;        /* negotiated */
	void *transport_priv;
	void *drv_priv;
};

struct virtio_driver {
	const char *name;
	__u32 device_type;
	/* Take vdev: 0, or a negative errno (the device is left alone). */
	int (*add)(struct virtio_dev *vdev);
};

#define UK_VIRTIO_DRIVER_REGISTER(drv)                                         \
	static const struct virtio_driver *const __used                        \
		__section("uk_virtio_drivers") __align(8)                      \
		UK_CONCAT(__uk_virtio_driver_, __LINE__) = (drv)

/*
 * Transport side: give vdev to the driver of its type. Returns 0 when a
 * driver took it, -ENODEV without a driver, or the driver's error (both
 * named on the console). Boot.
 */
int virtio_dev_attach(struct virtio_dev *vdev);

/*
 * Reset the device, acknowledge it, and agree on features: the device's
 * offer ANDed with wanted (VIRTIO_F_VERSION_1 added for modern devices,
 * which must offer it); the result is in vdev->features. Returns 0,
 * -EIO if the device refuses (status FAILED is set then).
 */
int virtio_negotiate(struct virtio_dev *vdev, __u64 wanted);

static inline int virtio_has(const struct virtio_dev *vdev, unsigned int f)
{
	return !!(vdev->features & VIRTIO_BIT(f));
}

/* Read len bytes of the device configuration at off. */
void virtio_config_read(struct virtio_dev *vdev, unsigned int off, void *buf,
			unsigned int len);

/*
 * Create queue idx with at most num entries (0: the device's maximum;
 * the device's maximum when the transport fixes it), with event indexes
 * if negotiated, and enable it. Returns the queue, NULL (errno-style
 * reason in *err) if the device has no such queue (-ENOENT), without
 * memory (-ENOMEM) or if the device refuses it (-EIO).
 */
struct virtq *virtio_vq_create(struct virtio_dev *vdev, __u16 idx,
			       unsigned int num, int *err);

/* Notify the device of new buffers in vq if it wants to be told. */
void virtio_vq_kick(struct virtio_dev *vdev, struct virtq *vq);

/*
 * Handler on the device's interrupt line; 0, -ENODEV if the device has no
 * line (0 or 0xff), or another negative errno.
 */
int virtio_irq_register(struct virtio_dev *vdev, uk_irq_handler_t fn,
			void *arg);

/* Read and acknowledge the interrupt status (VIRTIO_ISR_*). IRQ context. */
static inline __u8 virtio_isr_ack(struct virtio_dev *vdev)
{
	return vdev->ops->isr_ack(vdev);
}

/* The driver is ready: DRIVER_OK. 0, or -EIO if the device failed. */
int virtio_driver_ok(struct virtio_dev *vdev);

/* Give up on the device (status FAILED). */
void virtio_fail(struct virtio_dev *vdev);

/*
 * The start shared by the single-queue drivers (blk, 9p): negotiate
 * wanted, let check(arg) read and judge the configuration (0 or a negative
 * errno), create queue 0 with at most num entries into *vq. On any error
 * the device is failed (status FAILED) and the error returned; a ring
 * already handed to the device stays allocated (the device may know it).
 */
int virtio_start_single(struct virtio_dev *vdev, __u64 wanted,
			int (*check)(void *arg), void *arg, unsigned int num,
			struct virtq **vq);

/*
 * The negotiated features among names[0..n) (bit, name pairs) as a comma
 * list in buf (of size bytes; "none" if there is none). Returns buf.
 */
struct virtio_feature_name {
	unsigned int bit;
	const char *name;
};
const char *virtio_feature_list(const struct virtio_dev *vdev,
				const struct virtio_feature_name *names,
				unsigned int n, char *buf, __sz size);

/* How a driver names its interrupt mode in its announcement. */
#define VIRTIO_IRQ_MODE(have_irq)                                              \
	((have_irq) ? "interrupts" : "no interrupt line: polling only")
#endif
