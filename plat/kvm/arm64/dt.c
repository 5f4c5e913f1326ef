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

#define ALIASES_MAX 16
#define UART_CANDIDATES 4
#define PATH_MAX_LEN 96
/* Name offsets below this are remembered after the first lookup. */
#define NAMEOFF_CACHE 2048

/* The properties the platform reads; others are skipped. */
enum {
	P_COMPATIBLE, P_REG, P_INTERRUPTS, P_STATUS, P_DEVICE_TYPE,
	P_ADDRESS_CELLS, P_SIZE_CELLS, P_RANGES, P_METHOD, P_BOOTARGS,
	P_STDOUT_PATH, P_LINUX_STDOUT_PATH, P_INITRD_START, P_INITRD_END,
	P_CLOCK_FREQUENCY, P_BUS_RANGE, P_INTERRUPT_MAP, P_INTERRUPT_MAP_MASK,
	P_RNG_SEED, P_KASLR_SEED, P_COUNT
};

static const char *const prop_names[P_COUNT] = {
	[P_COMPATIBLE] = "compatible", [P_REG] = "reg",
	[P_INTERRUPTS] = "interrupts", [P_STATUS] = "status",
	[P_DEVICE_TYPE] = "device_type", [P_ADDRESS_CELLS] = "#address-cells",
	[P_SIZE_CELLS] = "#size-cells", [P_RANGES] = "ranges",
	[P_METHOD] = "method", [P_BOOTARGS] = "bootargs",
	[P_STDOUT_PATH] = "stdout-path",
	[P_LINUX_STDOUT_PATH] = "linux,stdout-path",
	[P_INITRD_START] = "linux,initrd-start",
	[P_INITRD_END] = "linux,initrd-end",
	[P_CLOCK_FREQUENCY] = "clock-frequency", [P_BUS_RANGE] = "bus-range",
	[P_INTERRUPT_MAP] = "interrupt-map",
	[P_INTERRUPT_MAP_MASK] = "interrupt-map-mask",
	[P_RNG_SEED] = "rng-seed", [P_KASLR_SEED] = "kaslr-seed",
};

/* Device kinds, from the first "compatible" entry the platform knows. */
enum {
	K_NONE, K_PL011, K_GICV2, K_GICV3, K_TIMER, K_PSCI, K_PL031,
	K_VIRTIO_MMIO, K_PCI_ECAM,
};

static const struct {
	const char *compat;
	int kind;
} kinds[] = {
	{ "virtio,mmio", K_VIRTIO_MMIO }, { "arm,pl011", K_PL011 },
	{ "arm,gic-v3", K_GICV3 }, { "arm,cortex-a15-gic", K_GICV2 },
	{ "arm,gic-400", K_GICV2 }, { "arm,cortex-a9-gic", K_GICV2 },
	{ "arm,cortex-a7-gic", K_GICV2 }, { "arm,armv8-timer", K_TIMER },
	{ "arm,psci-1.0", K_PSCI }, { "arm,psci-0.2", K_PSCI },
	{ "arm,psci", K_PSCI }, { "arm,pl031", K_PL031 },
	{ "pci-host-ecam-generic", K_PCI_ECAM },
	/* Xen's emulated UART (vpl011): a PL011 subset, no control registers. */
	{ "arm,sbsa-uart", K_PL011 },
};

struct prop {
	const char *name;
	const void *val;
	__u32 len;
};

struct node {
	const char *name;
	int depth;
	__u32 have; /* bit p: property p is there */
	struct prop props[P_COUNT];
	int is_aliases;
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
	const char *strings;        /* the strings block */
	__u32 strings_size;
	__u16 gen;                  /* marks this walk's cache entries */
	struct prop aliases[ALIASES_MAX];
	int naliases;
	struct uart uarts[UART_CANDIDATES];
	int nuarts;
};

/* slot + 1 | generation << 5, by name offset: 0 or stale if not known. */
static __u16 slot_cache[NAMEOFF_CACHE];

/* The slot of property name, or -1 for one the platform does not read. */
static int slot_of(struct walk *w, const char *name)
{
	__u32 off = (__u32)(name - w->strings);
	__u16 c = off < NAMEOFF_CACHE ? slot_cache[off] : 0;
	int slot = -1;

	if (c && (c >> 5) == w->gen)
		return (int)(c & 31) - 1;
	for (int i = 0; i < P_COUNT; i++)
		if (name[0] == prop_names[i][0] &&
		    !uk_fdt_strcmp(name, prop_names[i])) {
			slot = i;
			break;
		}
	if (off < NAMEOFF_CACHE)
		slot_cache[off] = (__u16)((slot + 1) | w->gen << 5);
	return slot;
}

static const struct prop *prop(const struct node *n, int p)
{
	return n->have & (1U << p) ? &n->props[p] : NULL;
}

/* Is the list entry at s (the list ends at end) the string str? */
static int entry_is(const char *s, const char *end, const char *str)
{
	while (s < end && *s && *s == *str)
		s++, str++;
	return s < end && !*s && !*str;
}

/* The node's kind, from the first "compatible" entry the platform knows. */
static int kind_of(const struct node *n)
{
	const struct prop *p = prop(n, P_COMPATIBLE);
	const char *s, *end;

	if (!p)
		return K_NONE;
	s = p->val;
	end = s + p->len;
	while (s < end) {
		for (unsigned int i = 0; i < ARRAY_SIZE(kinds); i++)
			if (s[0] == kinds[i].compat[0] &&
			    entry_is(s, end, kinds[i].compat))
				return kinds[i].kind;
		while (s < end && *s)
			s++;
		s++;
	}
	return K_NONE;
}

static int str_prop_is(const struct node *n, int name, const char *v)
{
	const struct prop *p = prop(n, name);

	return p && uk_fdt_is_string(p->val, p->len) &&
	       !uk_fdt_strcmp(p->val, v);
}

static __u32 u32_prop(const struct node *n, int name, __u32 dflt)
{
	const struct prop *p = prop(n, name);

	return p && p->len == 4 ? uk_fdt32(p->val) : dflt;
}

/* Register range i of n (with its parent's cells): 1, or 0 if absent. */
static int reg(const struct walk *w, const struct node *n, int i,
	       __u64 *base, __u64 *size)
{
	const struct cells *c = &w->cells[n->depth - 1];
	const struct prop *p = prop(n, P_REG);
	__u32 entry;
	const void *v;

	/* The cells' range first: their sum may overflow an int. */
	if (!p || c->addr < 1 || c->addr > 2 || c->size < 0 || c->size > 2)
		return 0;
	entry = 4 * (__u32)(c->addr + c->size);
	if (p->len < entry * (__u32)(i + 1))
		return 0;
	v = (const __u8 *)p->val + entry * (__u32)i;
	*base = uk_fdt_cells(&v, c->addr);
	*size = uk_fdt_cells(&v, c->size);
	return 1;
}

/* Interrupt i of n, in the GIC's three-cell format. */
static struct kvm_dt_irq irq(const struct node *n, int i)
{
	const struct prop *p = prop(n, P_INTERRUPTS);
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

static __u64 addr_prop(const struct node *n, int name)
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

	p = prop(n, P_BOOTARGS);
	if (p && uk_fdt_is_string(p->val, p->len))
		dt->bootargs = p->val;
	p = prop(n, P_STDOUT_PATH);
	if (!p)
		p = prop(n, P_LINUX_STDOUT_PATH);
	if (p && uk_fdt_is_string(p->val, p->len)) {
		w->stdout_path = p->val;
		w->stdout_len = 0;
		while (w->stdout_path[w->stdout_len] &&
		       w->stdout_path[w->stdout_len] != ':')
			w->stdout_len++;
	}
	/* Random bytes from the host: QEMU virt gives 32 and 8 of them. */
	p = prop(n, P_RNG_SEED);
	if (!p || !p->len)
		p = prop(n, P_KASLR_SEED);
	if (p && p->len) {
		dt->seed = p->val;
		dt->seed_len = p->len;
	}
	dt->initrd_start = addr_prop(n, P_INITRD_START);
	dt->initrd_end = addr_prop(n, P_INITRD_END);
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
	p = prop(n, P_BUS_RANGE);
	if (p && p->len == 8) {
		dt->pci.bus_start = uk_fdt32(p->val) & 0xff;
		dt->pci.bus_end = uk_fdt32((const __u8 *)p->val + 4) & 0xff;
	}
	p = prop(n, P_RANGES);
	if (p) {
		dt->pci.ranges = p->val;
		dt->pci.ranges_len = p->len;
	}
	p = prop(n, P_INTERRUPT_MAP);
	if (p) {
		dt->pci.imap = p->val;
		dt->pci.imap_len = p->len;
	}
	p = prop(n, P_INTERRUPT_MAP_MASK);
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
	const struct prop *st = prop(n, P_STATUS);
	int kind;

	w->cur_open = 0;
	c->addr = (int)u32_prop(n, P_ADDRESS_CELLS, 2);
	c->size = (int)u32_prop(n, P_SIZE_CELLS, 1);
	c->name = n->name;
	/* Children of the root, or of a node with an empty "ranges". */
	c->plain = !pc || (pc->plain && prop(n, P_RANGES) &&
			   !prop(n, P_RANGES)->len);
	if (!pc)
		return; /* the root */
	if (st && uk_fdt_is_string(st->val, st->len) &&
	    uk_fdt_strcmp(st->val, "okay") && uk_fdt_strcmp(st->val, "ok"))
		return;
	if (n->depth == 1 && !uk_fdt_strcmp(n->name, "chosen")) {
		finish_chosen(w, n);
		return;
	}
	if (n->is_aliases)
		return; /* its properties went to w->aliases as they came */
	kind = kind_of(n);
	if (!pc->plain) {
		if (kind == K_PL011 || kind == K_VIRTIO_MMIO ||
		    kind == K_PCI_ECAM || str_prop_is(n, P_DEVICE_TYPE, "memory"))
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
	switch (kind) {
	case K_VIRTIO_MMIO:
		if (dt->nvirtio < KVM_DT_VIRTIO_MAX)
			dev(w, n, &dt->virtio[dt->nvirtio++]);
		break;
	case K_PL011:
		if (w->nuarts < UART_CANDIDATES) {
			struct uart *u = &w->uarts[w->nuarts++];

			dev(w, n, &u->dev);
			node_path(w, n->depth, u->path);
		}
		break;
	case K_GICV2:
	case K_GICV3:
		dt->gic_version = kind == K_GICV3 ? 3 : 2;
		dt->gic_addr_cells = (int)u32_prop(n, P_ADDRESS_CELLS, 0);
		reg(w, n, 0, &dt->gicd.base, &dt->gicd.size);
		reg(w, n, 1, &dt->gicc.base, &dt->gicc.size);
		break;
	case K_TIMER:
		dt->timer_phys = irq(n, 1);
		dt->timer_virt = irq(n, 2);
		dt->timer_freq = u32_prop(n, P_CLOCK_FREQUENCY, 0);
		break;
	case K_PSCI:
		if (str_prop_is(n, P_METHOD, "hvc"))
			dt->psci = KVM_DT_PSCI_HVC;
		else if (str_prop_is(n, P_METHOD, "smc"))
			dt->psci = KVM_DT_PSCI_SMC;
		break;
	case K_PL031:
		dev(w, n, &dt->rtc);
		break;
	case K_PCI_ECAM:
		finish_pci(w, n);
		break;
	default:
		if (str_prop_is(n, P_DEVICE_TYPE, "memory"))
			finish_memory(w, n);
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

	static __u16 gen;

	*dt = (struct kvm_arm64_dt){ 0 };
	w.dt = dt;
	w.cur_open = 0;
	w.stdout_path = NULL;
	w.naliases = 0;
	w.nuarts = 0;
	rc = uk_fdt_init(fdt, blob, maxlen);
	if (rc < 0)
		return rc;
	if (++gen >= (1 << 11)) { /* generations fill the cache's top bits */
		for (int i = 0; i < NAMEOFF_CACHE; i++)
			slot_cache[i] = 0;
		gen = 1;
	}
	w.gen = gen;
	w.strings = (const char *)fdt->blob + fdt->strings_off;
	w.strings_size = fdt->strings_size;
	while ((rc = uk_fdt_next(fdt, &fw, &t)) > 0) {
		switch (t.type) {
		case UK_FDT_BEGIN_NODE:
			if (w.cur_open)
				finish_node(&w);
			w.names[t.depth] = t.name;
			w.cur.name = t.name;
			w.cur.depth = t.depth;
			w.cur.have = 0;
			w.cur.is_aliases = t.depth == 1 &&
					   !uk_fdt_strcmp(t.name, "aliases");
			w.cur_open = 1;
			break;
		case UK_FDT_PROP: {
			int p;

			if (!w.cur_open)
				break;
			if (w.cur.is_aliases) {
				if (w.naliases < ALIASES_MAX &&
				    uk_fdt_is_string(t.val, t.len))
					w.aliases[w.naliases++] = (struct prop){
						t.name, t.val, t.len };
				break;
			}
			p = slot_of(&w, t.name);
			if (p >= 0) {
				w.cur.props[p] = (struct prop){ t.name, t.val,
								t.len };
				w.cur.have |= 1U << p;
			}
			break;
		}
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
