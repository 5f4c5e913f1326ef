/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu: the TLS template is the PT_TLS segment of our own program
 * headers, which the linker maps with the ELF header (__ehdr_start) at
 * the start of the first loadable segment.
 */
#include <uk/plat/tls.h>
#include <uk/elf.h>

#define PT_TLS 7

extern const struct uk_elf64_ehdr __ehdr_start __weak;

void ukplat_tls_image(struct ukplat_tls_image *img)
{
	const struct uk_elf64_ehdr *eh = &__ehdr_start;
	const struct uk_elf64_phdr *ph;

	img->init = 0;
	img->init_len = 0;
	img->len = 0;
	img->align = 1;
	if (!eh)
		return;
	/*
	 * The program headers lie outside the object __ehdr_start names:
	 * reach them through the address, not by arithmetic on a pointer to
	 * the 64-byte header (undefined, and -fsanitize=object-size says so).
	 */
	ph = (const struct uk_elf64_phdr *)((unsigned long)eh + eh->e_phoff);
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		img->init = (const void *)ph[i].p_vaddr;
		img->init_len = ph[i].p_filesz;
		img->len = ph[i].p_memsz;
		img->align = ph[i].p_align ? ph[i].p_align : 1;
		return;
	}
}
