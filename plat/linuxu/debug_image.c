/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu: find the image with symbols for crash reports. The stripped image
 * has none; <image>.dbg beside it has, and is used if its loadable segments
 * are those of the running image (so a stale .dbg is never believed).
 */
#include <uk/plat/debug.h>
#include <uk/elf.h>
#include <linuxu/syscall.h>
#include <errno.h>

#define PATH_MAX_LEN 4096

static const void *map_file(const char *path, __sz *len)
{
	long fd = linuxu_openat(LINUX_AT_FDCWD, path,
				LINUX_O_RDONLY | LINUX_O_CLOEXEC);
	long size;
	void *p;

	if (fd < 0)
		return 0;
	size = linuxu_lseek((int)fd, 0, 2 /* SEEK_END */);
	if (size < (long)sizeof(struct uk_elf64_ehdr)) {
		linuxu_close((int)fd);
		return 0;
	}
	p = linuxu_mmap(0, (__sz)size, LINUX_PROT_READ, LINUX_MAP_PRIVATE,
			(int)fd, 0);
	linuxu_close((int)fd);
	if (LINUXU_MMAP_FAILED(p))
		return 0;
	*len = (__sz)size;
	return p;
}

static const struct uk_elf64_phdr *phdrs(const void *elf, __sz len, int *n)
{
	const struct uk_elf64_ehdr *eh = elf;

	if (__builtin_memcmp(eh->e_ident, UK_ELFMAG, 4) ||
	    eh->e_ident[4] != UK_ELFCLASS64 ||
	    eh->e_phentsize != sizeof(struct uk_elf64_phdr) ||
	    eh->e_phoff > len ||
	    eh->e_phnum > (len - eh->e_phoff) / sizeof(struct uk_elf64_phdr))
		return 0;
	*n = eh->e_phnum;
	return (const struct uk_elf64_phdr *)((const char *)elf + eh->e_phoff);
}

/* Same entry point and same loadable segments? */
static int same_image(const void *a, __sz alen, const void *b, __sz blen)
{
	int na, nb;
	const struct uk_elf64_phdr *pa = phdrs(a, alen, &na);
	const struct uk_elf64_phdr *pb = phdrs(b, blen, &nb);

	if (!pa || !pb ||
	    ((const struct uk_elf64_ehdr *)a)->e_entry !=
		    ((const struct uk_elf64_ehdr *)b)->e_entry)
		return 0;
	for (int i = 0, j = 0;; i++, j++) {
		while (i < na && pa[i].p_type != UK_PT_LOAD)
			i++;
		while (j < nb && pb[j].p_type != UK_PT_LOAD)
			j++;
		if (i == na || j == nb)
			return i == na && j == nb;
		if (pa[i].p_vaddr != pb[j].p_vaddr ||
		    pa[i].p_memsz != pb[j].p_memsz ||
		    pa[i].p_filesz != pb[j].p_filesz)
			return 0;
	}
}

int ukplat_debug_image(const void **elf, __sz *len)
{
	static const void *img;
	static __sz img_len;
	static int tried;
	char path[PATH_MAX_LEN + 5];
	const void *self, *dbg;
	__sz self_len, dbg_len;
	long n;

	if (tried)
		goto out;
	tried = 1;
	n = linuxu_readlink("/proc/self/exe", path, PATH_MAX_LEN);
	if (n <= 0 || n >= PATH_MAX_LEN)
		return -ENOENT;
	path[n] = '\0';
	self = map_file(path, &self_len);
	if (!self)
		return -ENOENT;
	__builtin_memcpy(path + n, ".dbg", 5);
	dbg = map_file(path, &dbg_len);
	if (dbg && same_image(self, self_len, dbg, dbg_len)) {
		img = dbg, img_len = dbg_len;
		linuxu_munmap((void *)self, self_len);
	} else {
		if (dbg)
			linuxu_munmap((void *)dbg, dbg_len);
		img = self, img_len = self_len; /* has symbols if unstripped */
	}
out:
	if (!img)
		return -ENOENT;
	*elf = img;
	*len = img_len;
	return 0;
}
