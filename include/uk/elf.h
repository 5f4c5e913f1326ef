/* SPDX-License-Identifier: BSD-3-Clause */
/* The parts of the ELF64 format that crash reporting and loaders read. */
#ifndef UK_ELF_H
#define UK_ELF_H

#include <uk/essentials.h>

#define UK_ELFMAG "\177ELF"
#define UK_ELFCLASS64 2
#define UK_PT_LOAD 1
#define UK_SHT_SYMTAB 2
#define UK_STT_FUNC 2
#define UK_STT_OBJECT 1
#define UK_ELF64_ST_TYPE(info) ((info) & 0xf)

struct uk_elf64_ehdr {
	unsigned char e_ident[16];
	__u16 e_type, e_machine;
	__u32 e_version;
	__u64 e_entry, e_phoff, e_shoff;
	__u32 e_flags;
	__u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct uk_elf64_phdr {
	__u32 p_type, p_flags;
	__u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct uk_elf64_shdr {
	__u32 sh_name, sh_type;
	__u64 sh_flags, sh_addr, sh_offset, sh_size;
	__u32 sh_link, sh_info;
	__u64 sh_addralign, sh_entsize;
};

struct uk_elf64_sym {
	__u32 st_name;
	unsigned char st_info, st_other;
	__u16 st_shndx;
	__u64 st_value, st_size;
};

#endif
