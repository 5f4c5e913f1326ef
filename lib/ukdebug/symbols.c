/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Function names for backtraces, from the ELF symbol table of the image's
 * debug copy. The file may be anything (stale, truncated, hostile): every
 * offset and size is checked before it is used.
 */
#include <uk/crash.h>
#include <uk/elf.h>
#include <uk/plat/debug.h>
#include <errno.h>
#include <string.h>

/* How far past a label without a size an address may be named after it. */
#define NEAREST_MAX 0x1000

/* Is [off, off + size) inside [0, len)? */
static int in_file(__u64 off, __u64 size, __sz len)
{
	return off <= len && size <= len - off;
}

int uk_elf_symbol_lookup(const void *elf, __sz len, unsigned long addr,
			 const char **name, unsigned long *off)
{
	const struct uk_elf64_ehdr *eh = elf;
	const struct uk_elf64_shdr *sh, *symtab = NULL, *strtab;
	const struct uk_elf64_sym *syms, *best = NULL;
	const char *strs;
	__u64 nsyms;

	if (!elf || len < sizeof(*eh) || memcmp(eh->e_ident, UK_ELFMAG, 4) ||
	    eh->e_ident[4] != UK_ELFCLASS64 ||
	    eh->e_shentsize != sizeof(*sh) ||
	    !in_file(eh->e_shoff, (__u64)eh->e_shnum * sizeof(*sh), len))
		return -ENOENT;
	sh = (const struct uk_elf64_shdr *)((const char *)elf + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum; i++)
		if (sh[i].sh_type == UK_SHT_SYMTAB) {
			symtab = &sh[i];
			break;
		}
	if (!symtab || symtab->sh_link >= eh->e_shnum ||
	    symtab->sh_entsize != sizeof(*syms) ||
	    !in_file(symtab->sh_offset, symtab->sh_size, len))
		return -ENOENT;
	strtab = &sh[symtab->sh_link];
	if (!in_file(strtab->sh_offset, strtab->sh_size, len) ||
	    strtab->sh_size == 0)
		return -ENOENT;
	syms = (const struct uk_elf64_sym *)((const char *)elf +
					     symtab->sh_offset);
	strs = (const char *)elf + strtab->sh_offset;
	nsyms = symtab->sh_size / sizeof(*syms);

	/* A symbol that contains addr wins; else the nearest label below. */
	for (__u64 i = 0; i < nsyms; i++) {
		const struct uk_elf64_sym *s = &syms[i];
		int type = UK_ELF64_ST_TYPE(s->st_info);

		if ((type != UK_STT_FUNC && type != UK_STT_OBJECT) ||
		    s->st_name >= strtab->sh_size || addr < s->st_value)
			continue;
		if (s->st_size) {
			if (addr - s->st_value < s->st_size) {
				best = s;
				break;
			}
		} else if (!best || s->st_value > best->st_value) {
			best = s;
		}
	}
	if (!best || (!best->st_size && addr - best->st_value > NEAREST_MAX))
		return -ENOENT;
	/* The name must end inside the string table. */
	if (!memchr(strs + best->st_name, '\0',
		    strtab->sh_size - best->st_name))
		return -ENOENT;
	*name = strs + best->st_name;
	*off = addr - best->st_value;
	return 0;
}

int uk_symbol_lookup(unsigned long addr, const char **name,
		     unsigned long *off)
{
	const void *elf;
	__sz len;

	if (ukplat_debug_image(&elf, &len) < 0)
		return -ENOENT;
	return uk_elf_symbol_lookup(elf, len, addr, name, off);
}
