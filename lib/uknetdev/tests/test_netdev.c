/* SPDX-License-Identifier: BSD-3-Clause */
/* Network buffers, the address parameters' parser, and the set-up order. */
#include <uk/test.h>
#include <uk/netdev.h>
#include <errno.h>
#include <string.h>

UK_TESTCASE(uknetdev, pool_hands_out_each_buffer_once_and_takes_it_back)
{
	struct uk_netbuf_pool *p = uk_netbuf_pool_create(4, 256, 32);
	struct uk_netbuf *b[5];

	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_alloc_many(p, b, 5), 4);
	UK_TEST_EXPECT_NULL(uk_netbuf_alloc(p));
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_pool_free_count(p), 0);
	for (int i = 0; i < 4; i++) {
		UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_headroom(b[i]), 32);
		UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_tailroom(b[i]), 256 - 32);
		UK_TEST_EXPECT_ZERO((__uptr)b[i]->buf % 64);
		for (int j = 0; j < i; j++)
			UK_TEST_EXPECT(b[i] != b[j] &&
				       ((char *)b[i]->buf + 256 <=
					(char *)b[j]->buf ||
				(char *)b[j]->buf + 256 <= (char *)b[i]->buf));
	}
	/* a chain goes back whole */
	b[0]->next = b[1];
	b[1]->next = b[2];
	uk_netbuf_free(b[0]);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_pool_free_count(p), 3);
	uk_netbuf_free(b[3]);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_pool_free_count(p), 4);
	b[0] = uk_netbuf_alloc(p);
	UK_TEST_ASSERT(b[0] != NULL);
	UK_TEST_EXPECT_NULL(b[0]->next); /* reset on the way out */
	UK_TEST_EXPECT_SNUM_EQ(b[0]->len, 0);
	uk_netbuf_free(b[0]);
	UK_TEST_EXPECT_NULL(uk_netbuf_pool_create(4, 32, 32));
	UK_TEST_EXPECT_NULL(uk_netbuf_pool_create(0, 256, 32));
}

UK_TESTCASE(uknetdev, header_moves_data_within_bounds)
{
	struct uk_netbuf_pool *p = uk_netbuf_pool_create(1, 128, 16);
	struct uk_netbuf *nb = uk_netbuf_alloc(p);

	UK_TEST_ASSERT(nb != NULL);
	nb->len = 10;
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, 17), -1);
	UK_TEST_EXPECT_SNUM_EQ(nb->len, 10);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, 16), 0);
	UK_TEST_EXPECT_SNUM_EQ(nb->len, 26);
	UK_TEST_EXPECT_PTR_EQ(nb->data, nb->buf);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, -27), -1);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, -26), 0);
	UK_TEST_EXPECT_SNUM_EQ(nb->len, 0);
	uk_netbuf_free(nb);
}

static int dtor_calls;

static void count_dtor(struct uk_netbuf *nb)
{
	dtor_calls += nb->priv == &dtor_calls;
}

UK_TESTCASE(uknetdev, wrapper_is_freed_through_its_destructor)
{
	static char mem[100];
	struct uk_netbuf w;

	uk_netbuf_wrap(&w, mem, sizeof(mem), mem + 20, 50, count_dtor,
		       &dtor_calls);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_headroom(&w), 20);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_tailroom(&w), 30);
	uk_netbuf_free(&w);
	UK_TEST_EXPECT_SNUM_EQ(dtor_calls, 1);
}

static __u32 ip(int a, int b, int c, int d)
{
	__u8 x[4] = { (__u8)a, (__u8)b, (__u8)c, (__u8)d };
	__u32 v;

	memcpy(&v, x, 4);
	return v;
}

UK_TESTCASE(uknetdev, ip_parameter_fields_parse)
{
	struct uk_netdev_ipconf c;
	const char *why = NULL;

	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_ipconf_parse("172.44.0.2/24:172.44.0.1:::",
						      &c, &why), 0);
	UK_TEST_EXPECT_SNUM_EQ(c.addr, ip(172, 44, 0, 2));
	UK_TEST_EXPECT_SNUM_EQ(c.gw, ip(172, 44, 0, 1));
	UK_TEST_EXPECT_SNUM_EQ(c.netmask, ip(255, 255, 255, 0));
	UK_TEST_EXPECT_SNUM_EQ(c.prefix, 24);
	UK_TEST_EXPECT_ZERO(c.dns[0] | c.dns[1]);
	UK_TEST_EXPECT_ZERO(c.hostname[0]);

	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_ipconf_parse(
		"10.0.2.15/8:10.0.2.2:10.0.2.3:1.1.1.1:box:example.org", &c,
		&why), 0);
	UK_TEST_EXPECT_SNUM_EQ(c.netmask, ip(255, 0, 0, 0));
	UK_TEST_EXPECT_SNUM_EQ(c.dns[0], ip(10, 0, 2, 3));
	UK_TEST_EXPECT_SNUM_EQ(c.dns[1], ip(1, 1, 1, 1));
	UK_TEST_EXPECT_ZERO(strcmp(c.hostname, "box"));
	UK_TEST_EXPECT_ZERO(strcmp(c.domain, "example.org"));

	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_ipconf_parse("10.1.2.3/32", &c, &why),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(c.netmask, 0xffffffffU);
	UK_TEST_EXPECT_ZERO(c.gw);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_ipconf_parse("10.1.2.3/0", &c, &why),
			       0);
	UK_TEST_EXPECT_ZERO(c.netmask);
}

UK_TESTCASE(uknetdev, malformed_ip_parameters_are_refused_with_a_reason)
{
	static const char *const bad[] = {
		"10.0.2.15",       "10.0.2/24",      "10.0.2.256/24",
		"10.0.2.15/33",    "10.0.2.15/",     "10.0.2.15/2x",
		"10.0.2.15/24:1.2.3", "1.2.3.4/8:::::x:y", "x.0.2.15/24",
		"10.0.2.15/24:1.1.1.1:1.1.1.1.1", "",  "1..2.3/8",
		"0010.0.2.1/8",
	};
	struct uk_netdev_ipconf c;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *why = NULL;

		UK_TEST_EXPECT_SNUM_EQ(uk_netdev_ipconf_parse(bad[i], &c, &why),
				       -EINVAL);
		UK_TEST_EXPECT_NOT_NULL(why);
	}
}

/* A device that loops transmitted packets back to its receive queue. */
struct loopdev {
	struct uk_netdev dev;
	struct uk_netbuf *queue[8];
	unsigned int n;
	struct uk_netdev_rxq_conf rxc;
};

static void loop_info(struct uk_netdev *d __unused, struct uk_netdev_info *i)
{
	i->max_rxq = i->max_txq = 1;
	i->rx_buflen = 1514;
}

static int loop_ok(struct uk_netdev *d __unused,
		   const struct uk_netdev_conf *c __unused)
{
	return 0;
}

static int loop_rxq(struct uk_netdev *d, unsigned int q __unused,
		    const struct uk_netdev_rxq_conf *c)
{
	((struct loopdev *)d)->rxc = *c;
	return 0;
}

static int loop_txq(struct uk_netdev *d __unused, unsigned int q __unused,
		    const struct uk_netdev_txq_conf *c __unused)
{
	return 0;
}

static int loop_start(struct uk_netdev *d __unused)
{
	return 0;
}

static int loop_rx(struct uk_netdev *d, unsigned int q __unused,
		   struct uk_netbuf **pkts, unsigned int n)
{
	struct loopdev *l = (struct loopdev *)d;
	unsigned int k = MIN(n, l->n);

	memcpy(pkts, l->queue, k * sizeof(*pkts));
	memmove(l->queue, l->queue + k, (l->n - k) * sizeof(*pkts));
	l->n -= k;
	return (int)k;
}

static int loop_tx(struct uk_netdev *d, unsigned int q __unused,
		   struct uk_netbuf **pkts, unsigned int n)
{
	struct loopdev *l = (struct loopdev *)d;
	unsigned int k = MIN(n, ARRAY_SIZE(l->queue) - l->n);

	memcpy(l->queue + l->n, pkts, k * sizeof(*pkts));
	l->n += k;
	return (int)k;
}

static const struct uk_netdev_ops loop_ops = {
	.info_get = loop_info, .configure = loop_ok, .rxq_setup = loop_rxq,
	.txq_setup = loop_txq, .start = loop_start, .rx_burst = loop_rx,
	.tx_burst = loop_tx,
};

static unsigned int no_bufs(void *arg __unused, struct uk_netbuf **b __unused,
			    unsigned int n __unused)
{
	return 0;
}

UK_TESTCASE(uknetdev, registry_and_setup_order)
{
	static struct loopdev l = { .dev = { .ops = &loop_ops,
					     .drv_name = "uktest-loop",
					     .mtu = 1500 } };
	static struct uk_netdev incomplete = { .drv_name = "none" };
	struct uk_netdev_rxq_conf rxc = { .alloc_rxbufs = no_bufs };
	struct uk_netdev_txq_conf txc = { 0 };
	struct uk_netbuf_pool *p = uk_netbuf_pool_create(2, 256, 0);
	struct uk_netbuf *out[2], *in[4];
	unsigned int before = uk_netdev_count();
	int id;

	if (before == CONFIG_LIBUKNETDEV_MAXDEVS)
		UK_TEST_SKIP("the registry is full of real devices");
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_register(&incomplete), -EINVAL);
	id = uk_netdev_register(&l.dev);
	UK_TEST_ASSERT_SNUM_EQ(id, (int)before);
	UK_TEST_EXPECT_PTR_EQ(uk_netdev_get((unsigned int)id), &l.dev);
	UK_TEST_EXPECT_NULL(uk_netdev_get(uk_netdev_count()));
	/* out of order, and beyond what the device offers */
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_setup(&l.dev, 0, &rxc), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_start(&l.dev), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_configure(&l.dev,
			&(struct uk_netdev_conf){ 2, 1 }), -EINVAL);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_configure(&l.dev,
			&(struct uk_netdev_conf){ 1, 1 }), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_setup(&l.dev, 1, &rxc), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_setup(&l.dev, 0,
			&(struct uk_netdev_rxq_conf){ 0 }), -EINVAL);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_rxq_setup(&l.dev, 0, &rxc), 0);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_txq_setup(&l.dev, 0, &txc), 0);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_start(&l.dev), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_start(&l.dev), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_link_up(&l.dev), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_intr_enable(&l.dev, 0), -ENOTSUP);

	UK_TEST_ASSERT_SNUM_EQ(uk_netbuf_alloc_many(p, out, 2), 2);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_burst(&l.dev, 0, out, 2), 2);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rx_burst(&l.dev, 0, in, 4), 2);
	UK_TEST_EXPECT_PTR_EQ(in[0], out[0]);
	UK_TEST_EXPECT_PTR_EQ(in[1], out[1]);
	uk_netbuf_free(in[0]);
	uk_netbuf_free(in[1]);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_pool_free_count(p), 2);
	uk_netdev_stop(&l.dev);
	UK_TEST_EXPECT_SNUM_EQ(l.dev.state, UK_NETDEV_STOPPED);
}
