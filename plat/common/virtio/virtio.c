/* SPDX-License-Identifier: BSD-3-Clause */
/* Transport-independent virtio device set-up (see uk/virtio/virtio.h). */
#include <uk/virtio/virtio.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <uk/assert.h>

#define RESET_READS 1000000UL

extern const struct virtio_driver *const __start_uk_virtio_drivers[] __weak;
extern const struct virtio_driver *const __stop_uk_virtio_drivers[] __weak;

int virtio_dev_attach(struct virtio_dev *vdev)
{
	for (const struct virtio_driver *const *p = __start_uk_virtio_drivers;
	     p < __stop_uk_virtio_drivers; p++) {
		int rc;

		if ((*p)->device_type != vdev->device_type)
			continue;
		rc = (*p)->add(vdev);
		if (rc < 0)
			uk_pr_err("%s: %s (%s) refused the device: error %d\n",
				  vdev->where, (*p)->name, vdev->transport, rc);
		return rc;
	}
	uk_pr_info("%s: virtio device type %u (%s): no driver\n", vdev->where,
		   vdev->device_type, vdev->transport);
	return -ENODEV;
}

static void status_add(struct virtio_dev *vdev, __u8 bits)
{
	vdev->ops->status_set(vdev, vdev->ops->status_get(vdev) | bits);
}

void virtio_fail(struct virtio_dev *vdev)
{
	status_add(vdev, VIRTIO_S_FAILED);
}

int virtio_start_single(struct virtio_dev *vdev, __u64 wanted,
			int (*check)(void *arg), void *arg, unsigned int num,
			struct virtq **vq)
{
	int rc = virtio_negotiate(vdev, wanted);

	*vq = NULL;
	if (rc == 0 && check)
		rc = check(arg);
	if (rc == 0)
		*vq = virtio_vq_create(vdev, 0, num, &rc);
	if (rc < 0)
		virtio_fail(vdev);
	return rc;
}

const char *virtio_feature_list(const struct virtio_dev *vdev,
				const struct virtio_feature_name *names,
				unsigned int n, char *buf, __sz size)
{
	__sz at = 0;

	UK_ASSERT(size >= sizeof("none"));
	buf[0] = 0;
	for (unsigned int i = 0; i < n; i++) {
		__sz len = strlen(names[i].name);

		if (!virtio_has(vdev, names[i].bit) || at + len + 2 > size)
			continue;
		if (at)
			buf[at++] = ',';
		memcpy(buf + at, names[i].name, len + 1);
		at += len;
	}
	if (!at)
		memcpy(buf, "none", sizeof("none"));
	return buf;
}

int virtio_negotiate(struct virtio_dev *vdev, __u64 wanted)
{
	__u64 offered;

	vdev->ops->status_set(vdev, 0); /* reset */
	/* A reset completes when the status reads 0 (4.1.4.3.2). */
	for (unsigned long n = 0; vdev->ops->status_get(vdev) != 0; n++) {
		if (n == RESET_READS) {
			uk_pr_err("%s: the device does not reset\n",
				  vdev->where);
			return -EIO;
		}
	}
	status_add(vdev, VIRTIO_S_ACKNOWLEDGE);
	status_add(vdev, VIRTIO_S_DRIVER);
	offered = vdev->ops->features_get(vdev);
	if (vdev->modern) {
		if (!(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
			uk_pr_err("%s: a modern device without VERSION_1\n",
				  vdev->where);
			virtio_fail(vdev);
			return -EIO;
		}
		wanted |= VIRTIO_BIT(VIRTIO_F_VERSION_1);
	} else {
		wanted &= 0xffffffffULL; /* legacy: 32 feature bits */
	}
	vdev->features = offered & wanted;
	vdev->ops->features_set(vdev, vdev->features);
	if (!vdev->modern)
		return 0; /* legacy devices have no FEATURES_OK */
	status_add(vdev, VIRTIO_S_FEATURES_OK);
	if (!(vdev->ops->status_get(vdev) & VIRTIO_S_FEATURES_OK)) {
		uk_pr_err("%s: the device refused features 0x%llx\n",
			  vdev->where, (unsigned long long)vdev->features);
		virtio_fail(vdev);
		return -EIO;
	}
	return 0;
}

void virtio_config_read(struct virtio_dev *vdev, unsigned int off, void *buf,
			unsigned int len)
{
	vdev->ops->config_read(vdev, off, buf, len);
}

struct virtq *virtio_vq_create(struct virtio_dev *vdev, __u16 idx,
			       unsigned int num, int *err)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned int max = vdev->ops->vq_max(vdev, idx);
	struct virtq *vq;
	void *mem, **cookies;

	if (!max || (max & (max - 1))) {
		*err = -ENOENT;
		return NULL;
	}
	if (!num || num > max || vdev->vq_size_fixed)
		num = max;
	while (num & (num - 1))
		num &= num - 1; /* down to a power of two */
	vq = a ? uk_calloc(a, 1, sizeof(*vq)) : NULL;
	mem = a ? uk_memalign(a, VIRTQ_ALIGN, virtq_mem_size(num)) : NULL;
	cookies = a ? uk_calloc(a, num, sizeof(void *)) : NULL;
	if (!vq || !mem || !cookies) {
		*err = -ENOMEM;
		goto fail;
	}
	virtq_init(vq, idx, mem, num, cookies,
		   virtio_has(vdev, VIRTIO_RING_F_EVENT_IDX));
	*err = vdev->ops->vq_enable(vdev, vq);
	if (*err == 0)
		return vq;
fail:
	if (a) {
		uk_free(a, cookies);
		uk_free(a, mem);
		uk_free(a, vq);
	}
	return NULL;
}

void virtio_vq_kick(struct virtio_dev *vdev, struct virtq *vq)
{
	if (virtq_kick_needed(vq))
		vdev->ops->notify(vdev, vq);
}

int virtio_irq_register(struct virtio_dev *vdev, uk_irq_handler_t fn,
			void *arg)
{
	if (!vdev->irq || vdev->irq == 0xff)
		return -ENODEV; /* no interrupt line: the driver polls */
	return ukplat_irq_register(vdev->irq, fn, arg);
}

int virtio_driver_ok(struct virtio_dev *vdev)
{
	status_add(vdev, VIRTIO_S_DRIVER_OK);
	if (vdev->ops->status_get(vdev) & (VIRTIO_S_NEEDS_RESET |
					   VIRTIO_S_FAILED))
		return -EIO;
	return 0;
}
