/* SPDX-License-Identifier: BSD-3-Clause */
/* From the boot loader's command line to ukplat_entry(argc, argv). */
#include <kvm/cmdline.h>
#include <uk/argparse.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <errno.h>
#include <stddef.h>

int kvm_cmdline_split(const char *cmdline, const char *name, char *buf,
		      __sz bufsz, char *argv[], int maxargs)
{
	__sz len = 0;
	int n;

	if (maxargs < 2 || bufsz < 1)
		return -E2BIG;
	if (!cmdline)
		cmdline = "";
	while (cmdline[len]) {
		if (len + 1 >= bufsz)
			return -ENAMETOOLONG;
		buf[len] = cmdline[len];
		len++;
	}
	buf[len] = '\0';
	argv[0] = (char *)name;
	n = uk_argnparse(buf, len + 1, argv + 1, maxargs - 2);
	if (n < 0)
		return n == -ENOSPC ? -ENAMETOOLONG : n;
	argv[n + 1] = NULL;
	return n + 1;
}

const char *kvm_cmdline_strerror(int err)
{
	switch (err) {
	case -ENAMETOOLONG:
		return "longer than the image takes (CONFIG_KVM_CMDLINE_MAX="
		       STRINGIFY(CONFIG_KVM_CMDLINE_MAX) ", NUL included)";
	case -E2BIG:
		return "more than " STRINGIFY(CONFIG_KVM_MAX_ARGS)
		       " words with argv[0] (CONFIG_KVM_MAX_ARGS)";
	case -EINVAL:
		return "a quote is never closed, or it ends in a backslash";
	}
	return "cannot be split";
}

/*
 * The limit, where support/scripts/qemu-guest finds it in the image file
 * (an ELF or a raw arm64 Image alike): this 16-byte magic, then the
 * longest command line in bytes, without the NUL, as a little-endian
 * 32-bit number. The launcher refuses longer lines before starting QEMU.
 */
struct kvm_cmdline_limit {
	char magic[16];
	__u32 max;
};
const struct kvm_cmdline_limit kvm_cmdline_limit __used __align(8) = {
	"TESSERA_CMDLINE", CONFIG_KVM_CMDLINE_MAX - 1
};

/* A longer line is reported as this long (QEMU cannot pass one anyway). */
#define CMDLINE_SCAN_MAX (1UL << 20)

static char buf[CONFIG_KVM_CMDLINE_MAX];
static char *argv[CONFIG_KVM_MAX_ARGS + 1];
static int argc;

void kvm_cmdline_init(const char *cmdline)
{
	argc = kvm_cmdline_split(cmdline, CONFIG_UK_NAME, buf, sizeof(buf),
				 argv, CONFIG_KVM_MAX_ARGS + 1);
	if (argc == -ENAMETOOLONG) {
		__sz len = 0;

		while (len < CMDLINE_SCAN_MAX && cmdline[len])
			len++;
		/* a read the compiler cannot fold: the record stays linked */
		uk_pr_crit("kvm: the command line is %lu bytes; this image takes at most %u (CONFIG_KVM_CMDLINE_MAX=%u, NUL included)\n",
			   (unsigned long)len,
			   *(volatile const __u32 *)&kvm_cmdline_limit.max,
			   CONFIG_KVM_CMDLINE_MAX);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	if (argc < 0) {
		uk_pr_crit("bad kernel command line: %s\n",
			   kvm_cmdline_strerror(argc));
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
}

void kvm_cmdline_enter(void)
{
	ukplat_entry(argc, argv);
}
