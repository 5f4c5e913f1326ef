/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu network devices on host tap interfaces: linuxu.tap=IFNAME (up
 * to CONFIG_LIBUKNETDEV_MAXDEVS times) attaches to an existing tap
 * interface (ip tuntap add IFNAME mode tap; the process needs access to
 * /dev/net/tun) and registers it with uknetdev. Frames are read and
 * written whole with the host's read/write on the non-blocking tap
 * descriptor; reception is polled (the driver offers no rx interrupt, so
 * the network stack polls it). A tap that cannot be opened stops the
 * boot naming the interface and the host's error.
 */
#include <uk/netdev.h>
#include <uk/libparam.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/random.h>
#include <linuxu/syscall.h>
#include <errno.h>

#define LINUX_TUNSETIFF 0x400454caUL
#define LINUX_IFF_TAP 0x0002
#define LINUX_IFF_NO_PI 0x1000
#define LINUX_EAGAIN 11
#define LINUX_ENODEV 19
#define LINUX_AF_UNIX 1
#define LINUX_SOCK_DGRAM 2
#define LINUX_SIOCGIFINDEX 0x8933UL
#define FRAME_MAX 1518

struct linux_ifreq {
	char name[16];
	short flags;
	char pad[22];
};

struct tap {
	struct uk_netdev dev;
	int fd;
	const char *ifname;
	struct uk_netdev_rxq_conf rxc;
};

static const char *tap_vals[CONFIG_LIBUKNETDEV_MAXDEVS];
static struct uk_libparam_strv tap_params = UK_LIBPARAM_STRV_INIT(tap_vals);
UK_LIBPARAM(linuxu, tap, strv, &tap_params,
	    "host tap interface to use as a network device (repeatable)");

static void tap_info(struct uk_netdev *d __unused, struct uk_netdev_info *i)
{
	i->max_rxq = i->max_txq = 1;
	i->rx_headroom = 0;
	i->tx_headroom = 0;
	i->rx_buflen = FRAME_MAX;
}

static int tap_configure(struct uk_netdev *d __unused,
			 const struct uk_netdev_conf *c __unused)
{
	return 0;
}

static int tap_rxq(struct uk_netdev *d, unsigned int q __unused,
		   const struct uk_netdev_rxq_conf *c)
{
	struct tap *t = (struct tap *)d;

	if (c->event)
		return -ENOTSUP; /* polled only */
	t->rxc = *c;
	return 0;
}

static int tap_txq(struct uk_netdev *d __unused, unsigned int q __unused,
		   const struct uk_netdev_txq_conf *c __unused)
{
	return 0;
}

static int tap_start(struct uk_netdev *d __unused)
{
	return 0;
}

static int tap_rx(struct uk_netdev *d, unsigned int q __unused,
		  struct uk_netbuf **pkts, unsigned int n)
{
	struct tap *t = (struct tap *)d;
	unsigned int got = 0;

	while (got < n) {
		struct uk_netbuf *nb;
		long r;

		if (t->rxc.alloc_rxbufs(t->rxc.alloc_arg, &nb, 1) != 1) {
			d->stats.rx_dropped++;
			break;
		}
		r = linuxu_read(t->fd, nb->data, uk_netbuf_tailroom(nb));
		if (r <= 0) {
			uk_netbuf_free(nb);
			if (r < 0 && r != -LINUX_EAGAIN)
				return (int)r;
			break;
		}
		nb->len = (__u32)r;
		d->stats.rx_packets++;
		d->stats.rx_bytes += (__u64)r;
		pkts[got++] = nb;
	}
	return (int)got;
}

static int tap_tx(struct uk_netdev *d, unsigned int q __unused,
		  struct uk_netbuf **pkts, unsigned int n)
{
	struct tap *t = (struct tap *)d;
	char frame[FRAME_MAX];

	for (unsigned int i = 0; i < n; i++) {
		struct uk_netbuf *nb = pkts[i];
		__u32 len = uk_netbuf_pktlen(nb);
		const void *data = nb->data;
		long r;

		if (nb->next) { /* a chain: one write per frame */
			__u32 off = 0;

			if (len > sizeof(frame)) {
				d->stats.tx_errors++;
				uk_netbuf_free(nb);
				continue;
			}
			for (struct uk_netbuf *s = nb; s; s = s->next) {
				__builtin_memcpy(frame + off, s->data, s->len);
				off += s->len;
			}
			data = frame;
		}
		r = linuxu_write(t->fd, data, len);
		if (r == -LINUX_EAGAIN)
			return (int)i; /* the host's queue is full: keep the rest */
		if (r < 0) {
			d->stats.tx_errors++;
		} else {
			d->stats.tx_packets++;
			d->stats.tx_bytes += len;
		}
		uk_netbuf_free(nb);
	}
	return (int)n;
}

static const struct uk_netdev_ops tap_ops = {
	.info_get = tap_info,
	.configure = tap_configure,
	.rxq_setup = tap_rxq,
	.txq_setup = tap_txq,
	.start = tap_start,
	.rx_burst = tap_rx,
	.tx_burst = tap_tx,
};

static int tap_open(const char *ifname)
{
	struct linux_ifreq ifr = { .flags = LINUX_IFF_TAP | LINUX_IFF_NO_PI };
	__sz len = __builtin_strlen(ifname);
	struct tap *t;
	long fd, rc;

	if (!len || len >= sizeof(ifr.name)) {
		uk_pr_crit("linuxu.tap=%s: an interface name has 1 to 15 "
			   "characters\n", ifname);
		return -EINVAL;
	}
	__builtin_memcpy(ifr.name, ifname, len);
	/*
	 * Attach, never create (as root TUNSETIFF would make a new one): ask
	 * the host's network namespace for the interface's index first.
	 */
	fd = linuxu_syscall3(__NR_socket, LINUX_AF_UNIX,
			     LINUX_SOCK_DGRAM | LINUX_O_CLOEXEC, 0);
	if (fd >= 0) {
		rc = linuxu_ioctl((int)fd, LINUX_SIOCGIFINDEX, &ifr);
		linuxu_close((int)fd);
		if (rc == -LINUX_ENODEV) {
			uk_pr_crit("linuxu.tap=%s: the host has no such "
				   "interface; create it first: ip tuntap add "
				   "%s mode tap user $USER; ip link set %s up\n",
				   ifname, ifname, ifname);
			return -ENODEV;
		}
	}
	ifr.flags = LINUX_IFF_TAP | LINUX_IFF_NO_PI; /* the index went there */
	fd = linuxu_openat(LINUX_AT_FDCWD, "/dev/net/tun",
			   LINUX_O_RDWR | LINUX_O_NONBLOCK | LINUX_O_CLOEXEC);
	if (fd < 0) {
		uk_pr_crit("linuxu.tap=%s: cannot open /dev/net/tun (error "
			   "%ld)\n", ifname, -fd);
		return -ENODEV;
	}
	rc = linuxu_ioctl((int)fd, LINUX_TUNSETIFF, &ifr);
	if (rc < 0) {
		uk_pr_crit("linuxu.tap=%s: the host refuses the tap interface "
			   "(error %ld%s)\n", ifname, -rc,
			   rc == -1 ? ": not permitted; create it with "
				      "'ip tuntap add NAME mode tap user USER'"
				    : "");
		linuxu_close((int)fd);
		return -ENODEV;
	}
	t = uk_calloc(uk_alloc_get_default(), 1, sizeof(*t));
	if (!t) {
		linuxu_close((int)fd);
		return -ENOMEM;
	}
	t->fd = (int)fd;
	t->ifname = ifname;
	t->dev.ops = &tap_ops;
	t->dev.drv_name = "tap";
	t->dev.mtu = 1500;
	ukplat_random_bytes(t->dev.hwaddr, sizeof(t->dev.hwaddr));
	t->dev.hwaddr[0] = (__u8)((t->dev.hwaddr[0] & 0xfe) | 0x02);
	rc = uk_netdev_register(&t->dev);
	return rc < 0 ? (int)rc : 0;
}

static int linuxu_tap_init(void)
{
	for (unsigned int i = 0; i < tap_params.n; i++)
		if (tap_open(tap_vals[i]) < 0)
			ukplat_exit(UKPLAT_EXIT_USAGE);
	return 0;
}
uk_plat_initcall(linuxu_tap_init);
