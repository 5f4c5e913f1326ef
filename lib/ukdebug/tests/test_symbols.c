/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <uk/crash.h>
#include <uk/elf.h>
#include <string.h>
#include <errno.h>

/*
 * A hand-made ELF file: header, three section headers (null, symtab,
 * strtab), four symbols and their names.
 */
struct mini_elf {
	struct uk_elf64_ehdr eh;
	struct uk_elf64_shdr sh[3];
	struct uk_elf64_sym sym[4];
	char str[32];
};

static void make_elf(struct mini_elf *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, UK_ELFMAG, 4);
	e->eh.e_ident[4] = UK_ELFCLASS64;
	e->eh.e_shoff = __builtin_offsetof(struct mini_elf, sh);
	e->eh.e_shentsize = sizeof(struct uk_elf64_shdr);
	e->eh.e_shnum = 3;
	e->sh[1].sh_type = UK_SHT_SYMTAB;
	e->sh[1].sh_offset = __builtin_offsetof(struct mini_elf, sym);
	e->sh[1].sh_size = sizeof(e->sym);
	e->sh[1].sh_entsize = sizeof(struct uk_elf64_sym);
	e->sh[1].sh_link = 2;
	e->sh[2].sh_offset = __builtin_offsetof(struct mini_elf, str);
	e->sh[2].sh_size = sizeof(e->str);
	memcpy(e->str, "\0alpha\0beta\0label\0", 18);
	/* alpha: [0x1000, 0x1100); beta: [0x2000, 0x2010); label at 0x3000 */
	e->sym[1] = (struct uk_elf64_sym){ .st_name = 1, .st_info = UK_STT_FUNC,
					   .st_value = 0x1000, .st_size = 0x100 };
	e->sym[2] = (struct uk_elf64_sym){ .st_name = 7, .st_info = UK_STT_FUNC,
					   .st_value = 0x2000, .st_size = 0x10 };
	e->sym[3] = (struct uk_elf64_sym){ .st_name = 12, .st_info = UK_STT_FUNC,
					   .st_value = 0x3000 };
}

static struct mini_elf elf;

UK_TESTCASE(ukdebug_symbols, finds_functions)
{
	const char *name;
	unsigned long off;

	make_elf(&elf);
	UK_TEST_ASSERT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x1042, &name, &off), 0);
	UK_TEST_EXPECT_STR_EQ(name, "alpha");
	UK_TEST_EXPECT_UNUM_EQ(off, 0x42);
	UK_TEST_ASSERT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x200f, &name, &off), 0);
	UK_TEST_EXPECT_STR_EQ(name, "beta");
	/* just past beta, far from everything: unknown */
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x2010, &name, &off), -ENOENT);
	/* a label without size names what follows it closely */
	UK_TEST_ASSERT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x3008, &name, &off), 0);
	UK_TEST_EXPECT_STR_EQ(name, "label");
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x999, &name, &off), -ENOENT);
}

UK_TESTCASE(ukdebug_symbols, rejects_malformed_files)
{
	const char *name;
	unsigned long off;

	make_elf(&elf);
	/* truncated: the section headers are cut off */
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, 80, 0x1042, &name, &off), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(NULL, 0, 0x1042, &name, &off), -ENOENT);
	/* symbol table reaching past the end of the file */
	elf.sh[1].sh_size = 1UL << 40;
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x1042, &name, &off), -ENOENT);
	make_elf(&elf);
	/* string table link out of range */
	elf.sh[1].sh_link = 7;
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x1042, &name, &off), -ENOENT);
	make_elf(&elf);
	/* a name offset outside the string table is skipped */
	elf.sym[1].st_name = 1000;
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x1042, &name, &off), -ENOENT);
	make_elf(&elf);
	/* a name that runs off the end of the string table */
	memset(elf.str, 'x', sizeof(elf.str));
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x1042, &name, &off), -ENOENT);
	make_elf(&elf);
	elf.eh.e_ident[0] = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_elf_symbol_lookup(&elf, sizeof(elf), 0x1042, &name, &off), -ENOENT);
}
