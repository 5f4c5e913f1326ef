/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One walk over the device tree, keeping what the platform needs (see
 * kvm/arm64/dt.h). A node's properties come before its children, so a
 * node is classified when its first child begins or when it ends; only
 * that node's properties are held meanwhile.
 */
#include <kvm/arm64/dt.h>
#include <errno.h>
#include <stddef.h>

#define NODE_PROPS 24
#define ALIASES_MAX 16
#define UART_CANDIDATES 4
#define PATH_MAX_LEN 96

struct prop {
	const char *name;
	const void *val;
	__u32 len;
};

struct node {
	const char *name;
	int depth;
	int nprops;
	struct prop props[NODE_PROPS];
};

struct cells {
	int addr, size; /* #address-cells, #size-cells for the children */
	int plain;      /* children's addresses are CPU addresses */
	const char *name;
};

struct uart {
	struct kvm_dt_dev dev;
	char path[PATH_MAX_LEN];
};

struct walk {
	struct kvm_arm64_dt *dt;
	struct cells cells[UK_FDT_MAX_DEPTH + 1];
	const char *names[UK_FDT_MAX_DEPTH + 1];
	struct node cur;
	int cur_open;               /* cur still collects properties */
	const char *stdout_path;
	__u32 stdout_len;
	struct prop aliases[ALIASES_MAX];
	int naliases;
	struct uart uarts[UART_CANDIDATES];
	int nuarts;
};

static const struct prop *prop(const struct node *n, const char *name)
{
	for (int i = 0; i < n->nprops; i++)
		if (!uk_fdt_strcmp(n->props[i].name, name))
			return &n->props[i];
	return NULL;
}

static int compatible(const struct node *n, const char *c)
{
	const struct prop *p = prop(n, "compatible");

	return p && uk_fdt_list_has(p->val, p->len, c);
}

static int str_prop_is(const struct node *n, const char *name, const char *v)
{
	const struct prop *p = prop(n, name);

	return p && uk_fdt_is_string(p->val, p->len) &&
	       !uk_fdt_strcmp(p->val, v);
}

static __u32 u32_prop(const struct node *n, const char *name, __u32 dflt)
{
	const struct prop *p = prop(n, name);

	return p && p->len == 4 ? uk_fdt32(p->val) : dflt;
}

/* Register range i of n (with its parent's cells): 1, or 0 if absent. */
static int reg(const struct walk *w, const struct node *n, int i,
	       __u64 *base, __u64 *size)
{
	const struct cells *c = &w->cells[n->depth - 1];
	const struct prop *p = prop(n, "reg");
	__u32 entry = 4 * (__u32)(c->addr + c->size);
	const void *v;

	if (!p || c->addr < 1 || c->addr > 2 || c->size > 2 || !entry ||
	    p->len < entry * (__u32)(i + 1))
		return 0;
	v = (const __u8 *)p->val + entry * (__u32)i;
	*base = uk_fdt_cells(&v, c->addr);
	*size = uk_fdt_cells(&v, c->size);
	return 1;
}

/* Interrupt i of n, in the GIC's three-cell format. */
static struct kvm_dt_irq irq(const struct node *n, int i)
{
	const struct prop *p = prop(n, "interrupts");
	struct kvm_dt_irq r = { 0, 0 };
	const __u8 *v;
	__u32 type, num;

	if (!p || p->len % 12 || p->len < 12 * (__u32)(i + 1))
		return r;
	v = (const __u8 *)p->val + 12 * i;
	type = uk_fdt32(v);
	num = uk_fdt32(v + 4);
	if (type == 0 && num < 988)
		r.intid = 32 + num; /* SPI */
	else if (type == 1 && num < 16)
		r.intid = 16 + num; /* PPI */
	r.edge = (uk_fdt32(v + 8) & 0xf) == 1 || (uk_fdt32(v + 8) & 0xf) == 2;
	return r;
}

static void dev(const struct walk *w, const struct node *n,
		struct kvm_dt_dev *d)
{
	if (!reg(w, n, 0, &d->base, &d->size))
		d->base = d->size = 0;
	d->irq = irq(n, 0);
}

/* "/a@1/b" of the node at depth d (names[1..d]) into buf. */
static void node_path(const struct walk *w, int d, char *buf)
{
	__sz k = 0;

	for (int i = 1; i <= d; i++) {
		if (k + 1 < PATH_MAX_LEN)
			buf[k++] = '/';
		for (const char *s = w->names[i]; *s && k + 1 < PATH_MAX_LEN;
		     s++)
			buf[k++] = *s;
	}
	if (!d && k + 1 < PATH_MAX_LEN)
		buf[k++] = '/';
	buf[k] = '\0';
}

static void add_range(struct kvm_memrange *r, int *n, int max, __u64 base,
		      __u64 size, int flags, const char *name,
		      struct kvm_arm64_dt *dt)
{
	if (!size)
		return;
	if (*n == max) {
		dt->warning = "more memory or reserved ranges than the platform keeps";
		return;
	}
	r[(*n)++] = (struct kvm_memrange){ base, size, flags, name };
}

static void finish_memory(struct walk *w, const struct node *n)
{
	struct kvm_arm64_dt *dt = w->dt;
	__u64 base, size;

	for (int i = 0; reg(w, n, i, &base, &size); i++)
		add_range(dt->mem, &dt->nmem, KVM_DT_MEM_MAX, base, size,
			  UKPLAT_MEMRF_FREE, "ram", dt);
}

static __u64 addr_prop(const struct node *n, const char *name)
{
	const struct prop *p = prop(n, name);
	const void *v;

	if (!p || (p->len != 4 && p->len != 8))
		return 0;
	v = p->val;
	return uk_fdt_cells(&v, (int)p->len / 4);
}

static void finish_chosen(struct walk *w, const struct node *n)
{
	struct kvm_arm64_dt *dt = w->dt;
	const struct prop *p;

	p = prop(n, "bootargs");
	if (p && uk_fdt_is_string(p->val, p->len))
		dt->bootargs = p->val;
	p = prop(n, "stdout-path");
	if (!p)
		p = prop(n, "linux,stdout-path");
	if (p && uk_fdt_is_string(p->val, p->len)) {
		w->stdout_path = p->val;
		w->stdout_len = 0;
		while (w->stdout_path[w->stdout_len] &&
		       w->stdout_path[w->stdout_len] != ':')
			w->stdout_len++;
	}
	dt->initrd_start = addr_prop(n, "linux,initrd-start");
	dt->initrd_end = addr_prop(n, "linux,initrd-end");
	if (dt->initrd_end <= dt->initrd_start)
		dt->initrd_start = dt->initrd_end = 0;
}

static void finish_pci(struct walk *w, const struct node *n)
{
	struct kvm_arm64_dt *dt = w->dt;
	const struct prop *p;

	dev(w, n, &dt->pci.ecam);
	dt->pci.parent_addr_cells = w->cells[n->depth - 1].addr;
	dt->pci.bus_start = 0;
	dt->pci.bus_end = 255;
	p = prop(n, "bus-range");
	if (p && p->len == 8) {
		dt->pci.bus_start = uk_fdt32(p->val) & 0xff;
		dt->pci.bus_end = uk_fdt32((const __u8 *)p->val + 4) & 0xff;
	}
	p = prop(n, "ranges");
	if (p) {
		dt->pci.ranges = p->val;
		dt->pci.ranges_len = p->len;
	}
	p = prop(n, "interrupt-map");
	if (p) {
		dt->pci.imap = p->val;
		dt->pci.imap_len = p->len;
	}
	p = prop(n, "interrupt-map-mask");
	for (int i = 0; i < 4; i++)
		dt->pci.imap_mask[i] = p && p->len == 16
			? uk_fdt32((const __u8 *)p->val + 4 * i) : 0xffffffffU;
}

/* cur's properties are all read: classify it, note its children's cells. */
static void finish_node(struct walk *w)
{
	const struct node *n = &w->cur;
	struct kvm_arm64_dt *dt = w->dt;
	struct cells *c = &w->cells[n->depth];
	const struct cells *pc = n->depth ? &w->cells[n->depth - 1] : NULL;
	const struct prop *st = prop(n, "status");

	w->cur_open = 0;
	c->addr = (int)u32_prop(n, "#address-cells", 2);
	c->size = (int)u32_prop(n, "#size-cells", 1);
	c->name = n->name;
	/* Children of the root, or of a node with an empty "ranges". */
	c->plain = !pc || (pc->plain && prop(n, "ranges") &&
			   !prop(n, "ranges")->len);
	if (!pc)
		return; /* the root */
	if (st && uk_fdt_is_string(st->val, st->len) &&
	    uk_fdt_strcmp(st->val, "okay") && uk_fdt_strcmp(st->val, "ok"))
		return;
	if (n->depth == 1 && !uk_fdt_strcmp(n->name, "chosen")) {
		finish_chosen(w, n);
		return;
	}
	if (n->depth == 1 && !uk_fdt_strcmp(n->name, "aliases")) {
		for (int i = 0; i < n->nprops && w->naliases < ALIASES_MAX;
		     i++)
			if (uk_fdt_is_string(n->props[i].val, n->props[i].len))
				w->aliases[w->naliases++] = n->props[i];
		return;
	}
	if (!pc->plain) {
		if (str_prop_is(n, "device_type", "memory") ||
		    compatible(n, "arm,pl011") || compatible(n, "virtio,mmio") ||
		    compatible(n, "pci-host-ecam-generic"))
			dt->warning = "devices behind a bus with address translation (\"ranges\") are ignored";
		return;
	}
	if (n->depth == 2 && !uk_fdt_strcmp(pc->name, "reserved-memory")) {
		__u64 base, size;

		for (int i = 0; reg(w, n, i, &base, &size); i++)
			add_range(dt->rsv, &dt->nrsv, KVM_DT_RSV_MAX, base,
				  size, UKPLAT_MEMRF_RESERVED, "reserved", dt);
		return;
	}
	if (str_prop_is(n, "device_type", "memory")) {
		finish_memory(w, n);
	} else if (compatible(n, "arm,pl011")) {
		if (w->nuarts < UART_CANDIDATES) {
			struct uart *u = &w->uarts[w->nuarts++];

			dev(w, n, &u->dev);
			node_path(w, n->depth, u->path);
		}
	} else if (compatible(n, "arm,gic-v3")) {
		dt->gic_version = 3;
		dt->gic_addr_cells = (int)u32_prop(n, "#address-cells", 0);
		reg(w, n, 0, &dt->gicd.base, &dt->gicd.size);
		reg(w, n, 1, &dt->gicc.base, &dt->gicc.size);
	} else if (compatible(n, "arm,cortex-a15-gic") ||
		   compatible(n, "arm,gic-400") ||
		   compatible(n, "arm,cortex-a9-gic") ||
		   compatible(n, "arm,cortex-a7-gic")) {
		dt->gic_version = 2;
		dt->gic_addr_cells = (int)u32_prop(n, "#address-cells", 0);
		reg(w, n, 0, &dt->gicd.base, &dt->gicd.size);
		reg(w, n, 1, &dt->gicc.base, &dt->gicc.size);
	} else if (compatible(n, "arm,armv8-timer")) {
		dt->timer_phys = irq(n, 1);
		dt->timer_virt = irq(n, 2);
		dt->timer_freq = u32_prop(n, "clock-frequency", 0);
	} else if (compatible(n, "arm,psci-0.2") || compatible(n, "arm,psci")) {
		if (str_prop_is(n, "method", "hvc"))
			dt->psci = KVM_DT_PSCI_HVC;
		else if (str_prop_is(n, "method", "smc"))
			dt->psci = KVM_DT_PSCI_SMC;
	} else if (compatible(n, "arm,pl031")) {
		dev(w, n, &dt->rtc);
	} else if (compatible(n, "virtio,mmio")) {
		if (dt->nvirtio < KVM_DT_VIRTIO_MAX)
			dev(w, n, &dt->virtio[dt->nvirtio++]);
	} else if (compatible(n, "pci-host-ecam-generic")) {
		finish_pci(w, n);
	}
}

/* Does the first len bytes of path name the UART candidate u? */
static int path_is(const char *path, __u32 len, const struct uart *u)
{
	__u32 i = 0;

	while (i < len && u->path[i] == path[i])
		i++;
	return i == len && !u->path[i];
}

static void pick_uart(struct walk *w)
{
	const char *path = w->stdout_path;
	__u32 len = w->stdout_len;

	if (!w->nuarts)
		return;
	w->dt->uart = w->uarts[0].dev;
	if (!path)
		return;
	if (path[0] != '/') { /* an alias: its value is the path */
		for (int i = 0; i < w->naliases; i++) {
			const char *a = w->aliases[i].name;
			__u32 k = 0;

			while (k < len && a[k] == path[k])
				k++;
			if (k == len && !a[k]) {
				path = w->aliases[i].val;
				for (len = 0; path[len] && path[len] != ':';)
					len++;
				break;
			}
		}
	}
	for (int i = 0; i < w->nuarts; i++)
		if (path_is(path, len, &w->uarts[i])) {
			w->dt->uart = w->uarts[i].dev;
			return;
		}
}

int kvm_arm64_dt_parse(const void *blob, __sz maxlen, struct uk_fdt *fdt,
		       struct kvm_arm64_dt *dt)
{
	static struct walk w; /* a few KiB: kept off the boot stack */
	struct uk_fdt_walk fw = { 0 };
	struct uk_fdt_token t;
	int rc;

	*dt = (struct kvm_arm64_dt){ 0 };
	w = (struct walk){ .dt = dt };
	rc = uk_fdt_init(fdt, blob, maxlen);
	if (rc < 0)
		return rc;
	while ((rc = uk_fdt_next(fdt, &fw, &t)) > 0) {
		switch (t.type) {
		case UK_FDT_BEGIN_NODE:
			if (w.cur_open)
				finish_node(&w);
			w.names[t.depth] = t.name;
			w.cur = (struct node){ .name = t.name, .depth = t.depth };
			w.cur_open = 1;
			break;
		case UK_FDT_PROP:
			if (w.cur_open && w.cur.nprops < NODE_PROPS)
				w.cur.props[w.cur.nprops++] = (struct prop){
					t.name, t.val, t.len };
			break;
		case UK_FDT_END_NODE:
			if (w.cur_open)
				finish_node(&w);
			break;
		}
	}
	if (rc < 0)
		return rc;
	for (unsigned int i = 0;; i++) {
		__u64 base, size;

		rc = uk_fdt_rsv(fdt, i, &base, &size);
		if (rc < 0)
			return rc;
		if (!rc)
			break;
		add_range(dt->rsv, &dt->nrsv, KVM_DT_RSV_MAX, base, size,
			  UKPLAT_MEMRF_RESERVED, "reserved", dt);
	}
	pick_uart(&w);
	return 0;
}
