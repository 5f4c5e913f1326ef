# SPDX-License-Identifier: BSD-3-Clause
#
# Tessera build driver.
#
#   make -C <tessera> A=<app dir> [L=<lib dir>:<lib dir>] [O=<build dir>] [C=<.config>] [goal]
#
# or, from an application directory whose Makefile forwards to this one,
# just `make [goal]`. `make help` lists the goals. doc/build-system.md explains
# how the pieces fit.

MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.SUFFIXES:
.DEFAULT_GOAL := all
SHELL := /bin/bash

UK_ROOT := $(realpath $(dir $(lastword $(MAKEFILE_LIST))))
UK_BASE := $(UK_ROOT)
include $(UK_ROOT)/support/build/Makefile.rules
include $(UK_ROOT)/support/build/Makefile.extlib

# ---------------------------------------------------------------------------
# Where things are: application (A), build directory (O), configuration (C),
# external libraries (L).

config_goals := menuconfig nconfig oldconfig olddefconfig defconfig \
	savedefconfig alldefconfig allnoconfig
noconfig_goals := help clean properclean distclean $(config_goals)

ifeq ($(A),)
ifneq ($(realpath $(CURDIR)),$(UK_ROOT))
A := $(CURDIR)
endif
endif

UK_GOALS := $(or $(MAKECMDGOALS),all)
APP_DIR := $(realpath $(A))
ifneq ($(filter-out help,$(UK_GOALS)),)
ifeq ($(A),)
$(error no application given: run make from an application directory, or give A=<app dir> (e.g. make A=apps/helloworld))
endif
ifeq ($(APP_DIR),)
$(error application directory A=$(A) does not exist)
endif
ifeq ($(wildcard $(APP_DIR)/Makefile.uk),)
$(error $(APP_DIR) is not an application directory: it has no Makefile.uk)
endif
endif

# Relative O=, C=, L= and UK_DEFCONFIG= are relative to the directory make
# was called in. Through an application's Makefile (make -C <tessera> from
# the application directory) that is the application directory, not this one.
ifeq ($(UK_CALLER_DIR),)
ifneq ($(MAKELEVEL),0)
UK_CALLER_DIR := $(or $(APP_DIR),$(CURDIR))
else
UK_CALLER_DIR := $(CURDIR)
endif
endif
user_path = $(abspath $(if $(filter /%,$(1)),$(1),$(UK_CALLER_DIR)/$(1)))

# Unset or empty (an application Makefile may pass O=$(UK_BUILD) unset).
ifeq ($(O),)
override O := $(APP_DIR)/build
endif
BUILD_DIR := $(call user_path,$(O))
ifeq ($(C),)
override C := $(APP_DIR)/.config
endif
UK_CONFIG := $(call user_path,$(C))
ifneq ($(UK_DEFCONFIG),)
UK_DEFCONFIG_PATH := $(call user_path,$(UK_DEFCONFIG))
endif

# L= is colon separated (Unikraft style); spaces are accepted too. An entry
# that does not exist but names a library this tree has (Unikraft
# applications say L=$(UK_LIBS)/lwip) gets one warning and the built-in one.
builtin_lib = $(wildcard $(UK_ROOT)/lib/$(patsubst lib%,%,$(notdir $(1))) $(UK_ROOT)/lib/$(notdir $(1)))
extlib_dir = $(or $(realpath $(call user_path,$(1))),$(if $(call builtin_lib,$(1)),\
	$(if $(MAKE_RESTARTS),,$(warning L=$(1) does not exist: using the built-in library $(firstword $(call builtin_lib,$(1))))),\
	$(error external library L=$(1) does not exist (looked for $(call user_path,$(1))))))
EXTLIB_DIRS := $(strip $(foreach l,$(subst :, ,$(L)),$(call extlib_dir,$(l))))
$(foreach l,$(EXTLIB_DIRS),$(if $(wildcard $(l)/Makefile.uk),,$(error external library $(l) has no Makefile.uk)))
$(foreach l,$(EXTLIB_DIRS),$(if $(wildcard $(l)/Config.uk),,$(error external library $(l) has no Config.uk (a library folder needs both Config.uk and Makefile.uk))))

HOSTARCH := $(shell uname -m)

# ---------------------------------------------------------------------------
# Goals mixed with configuration or clean goals run one after the other
# (under -j, "make clean all" would otherwise clean while it builds).

sequential_goals := $(config_goals) clean properclean distclean
ifneq ($(filter $(sequential_goals),$(MAKECMDGOALS)),)
ifneq ($(word 2,$(MAKECMDGOALS)),)
_one_by_one:
	$(Q)set -e; for g in $(MAKECMDGOALS); do $(MAKE) --no-print-directory -f $(UK_ROOT)/Makefile UK_CALLER_DIR='$(UK_CALLER_DIR)' $$g; done
$(MAKECMDGOALS): _one_by_one
	@:
.PHONY: _one_by_one $(MAKECMDGOALS)
UK_SEQUENTIAL := y
endif
endif

ifneq ($(UK_SEQUENTIAL),y)

# ---------------------------------------------------------------------------
# Configuration (kconfig-frontends). The generated lists of library menus live
# in $(KCONFIG_DIR); auto.conf (read by make) and uk/config.h (read by C) are
# written by `kconfig-conf --silentoldconfig`, run from $(KCONFIG_DIR).

KCONFIG_DIR := $(BUILD_DIR)/kconfig
KCONFIG_AUTOCONF := $(KCONFIG_DIR)/include/config/auto.conf
UK_CONFIG_H := $(BUILD_DIR)/include/uk/config.h
KCONF := kconfig-conf
KMCONF := kconfig-mconf
KNCONF := kconfig-nconf

KCONFIG_ENV := UK_BASE='$(UK_ROOT)' UK_GENDIR='$(KCONFIG_DIR)' \
	UK_APP_NAME='$(notdir $(APP_DIR))' UK_HOST_ARCH='$(HOSTARCH)' \
	KCONFIG_CONFIG='$(UK_CONFIG)' KCONFIG_AUTOHEADER='$(UK_CONFIG_H)'

need_kconfig := $(if $(filter-out help clean properclean distclean print-%,$(UK_GOALS)),y)
ifeq ($(need_kconfig),y)
ifeq ($(shell command -v $(KCONF)),)
$(error $(KCONF) not found: install Debian's kconfig-frontends-nox (apt-get install kconfig-frontends-nox), or run support/scripts/setup)
endif
# C= may name a file in a directory that does not exist yet.
$(if $(wildcard $(dir $(UK_CONFIG))),,$(shell mkdir -p '$(dir $(UK_CONFIG))'))
$(if $(wildcard $(dir $(UK_CONFIG))),,$(error cannot create the directory of C=$(C) ($(dir $(UK_CONFIG)))))
# Write a generated file only when its content changes, so make sees no news.
write_if_changed = $(shell mkdir -p '$(dir $(1))' && printf '%b' '$(2)' > '$(1).tmp' && \
	{ cmp -s '$(1).tmp' '$(1)' && rm -f '$(1).tmp' || mv -f '$(1).tmp' '$(1)'; })
kconfig_sources = $(subst \n ,\n,$(foreach f,$(1),source "$(f)"\n))
$(call write_if_changed,$(KCONFIG_DIR)/libs.uk,$(call kconfig_sources,$(sort $(wildcard $(UK_ROOT)/lib/*/Config.uk))))
$(call write_if_changed,$(KCONFIG_DIR)/extlibs.uk,$(call kconfig_sources,$(wildcard $(addsuffix /Config.uk,$(EXTLIB_DIRS)))))
$(call write_if_changed,$(KCONFIG_DIR)/app.uk,$(call kconfig_sources,$(wildcard $(APP_DIR)/Config.uk)))
endif

KCONFIG_INPUTS := $(KCONFIG_DIR)/libs.uk $(KCONFIG_DIR)/extlibs.uk $(KCONFIG_DIR)/app.uk

menuconfig:
	$(Q)cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KMCONF) '$(UK_ROOT)/Config.uk'
nconfig:
	$(Q)cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KNCONF) '$(UK_ROOT)/Config.uk'
oldconfig:
	$(Q)cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KCONF) --oldconfig '$(UK_ROOT)/Config.uk'
olddefconfig alldefconfig allnoconfig:
	$(Q)cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KCONF) --$@ '$(UK_ROOT)/Config.uk'
defconfig:
	$(Q)$(if $(UK_DEFCONFIG),test -f '$(UK_DEFCONFIG_PATH)' || { echo "UK_DEFCONFIG=$(UK_DEFCONFIG) does not exist (looked for $(UK_DEFCONFIG_PATH))" >&2; exit 1; })
	$(Q)cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KCONF) \
		$(if $(UK_DEFCONFIG),--defconfig='$(UK_DEFCONFIG_PATH)',--alldefconfig) '$(UK_ROOT)/Config.uk'
savedefconfig:
	$(Q)cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KCONF) \
		--savedefconfig='$(or $(UK_DEFCONFIG_PATH),$(APP_DIR)/defconfig)' '$(UK_ROOT)/Config.uk'
	@echo "  Saved the minimal configuration to $(or $(UK_DEFCONFIG_PATH),$(APP_DIR)/defconfig)"
.PHONY: menuconfig nconfig oldconfig olddefconfig alldefconfig allnoconfig defconfig savedefconfig

# No configuration yet: write the default one and go on.
$(UK_CONFIG):
	@echo "  No configuration at $(UK_CONFIG): writing the defaults (change them with make menuconfig)"
	$(Q)cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KCONF) -s --olddefconfig '$(UK_ROOT)/Config.uk'

# Kconfig lists the menu files it read; a change to any of them reruns it.
-include $(KCONFIG_DIR)/include/config/auto.conf.cmd
$(KCONFIG_AUTOCONF): $(UK_CONFIG) $(KCONFIG_INPUTS) $(deps_config)
	$(call cmd,CONFIG,$(call shortname,$(UK_CONFIG)),\
		mkdir -p '$(KCONFIG_DIR)/include/config' '$(KCONFIG_DIR)/include/generated' '$(dir $(UK_CONFIG_H))' && \
		cd '$(KCONFIG_DIR)' && env $(KCONFIG_ENV) $(KCONF) -s --olddefconfig '$(UK_ROOT)/Config.uk' </dev/null && \
		env $(KCONFIG_ENV) $(KCONF) -s --silentoldconfig '$(UK_ROOT)/Config.uk' </dev/null)
$(UK_CONFIG_H): $(KCONFIG_AUTOCONF)
	@:

# On the pass where make still has to (re)write auto.conf, it restarts once
# that is done: checks and library registration wait for the fresh file.
ifeq ($(filter $(noconfig_goals),$(MAKECMDGOALS)),)
include $(KCONFIG_AUTOCONF)
BUILDING := $(shell cd '$(KCONFIG_DIR)' 2>/dev/null && for f in '$(UK_CONFIG)' $(KCONFIG_INPUTS); do \
	[ include/config/auto.conf -nt "$$f" ] || exit 0; done && echo y)
endif

# ---------------------------------------------------------------------------
# Toolchain.

UK_ARCH := $(call unquote,$(CONFIG_UK_ARCH))
UK_NAME := $(call unquote,$(CONFIG_UK_NAME))
ifeq ($(BUILDING),y)
ifeq ($(UK_ARCH),)
$(error $(UK_CONFIG) selects no architecture: run make menuconfig)
endif
ifeq ($(UK_NAME),)
$(error $(UK_CONFIG) has an empty image name (CONFIG_UK_NAME))
endif
endif

arch_gnu_x86_64 := x86_64
arch_gnu_arm64 := aarch64
UK_ARCH_GNU := $(arch_gnu_$(UK_ARCH))
CROSS_COMPILE ?= $(call unquote,$(CONFIG_CROSS_COMPILE))
ifeq ($(CROSS_COMPILE),)
ifneq ($(UK_ARCH_GNU),$(HOSTARCH))
# Empty (also an empty CROSS_COMPILE= on the command line): pick the usual
# Debian cross compiler for the configured architecture.
override CROSS_COMPILE := $(UK_ARCH_GNU)-linux-gnu-
endif
endif

CC := $(CROSS_COMPILE)gcc
CXX := $(CROSS_COMPILE)g++
OBJCOPY := $(CROSS_COMPILE)objcopy
STRIP := $(CROSS_COMPILE)strip
NM := $(CROSS_COMPILE)nm
AR := $(CROSS_COMPILE)$(if $(filter y,$(CONFIG_OPTIMIZE_LTO)),gcc-ar,ar)

ifeq ($(BUILDING),y)
ifeq ($(shell command -v $(CC)),)
ifeq ($(CROSS_COMPILE),$(UK_ARCH_GNU)-linux-gnu-)
$(error $(CC) not found: install gcc-$(subst _,-,$(UK_ARCH_GNU))-linux-gnu (support/scripts/setup does), or set CROSS_COMPILE=<prefix of a compiler for $(UK_ARCH)>)
else
$(error $(CC) not found (compiler prefix CROSS_COMPILE=$(CROSS_COMPILE)): give the prefix of an installed compiler for $(UK_ARCH)$(if $(filter-out $(HOSTARCH),$(UK_ARCH_GNU)), such as $(UK_ARCH_GNU)-linux-gnu-))
endif
endif
CC_MACHINE := $(shell $(CC) -dumpmachine)
ifeq ($(filter $(UK_ARCH_GNU)-%,$(CC_MACHINE)),)
$(error $(CC) builds for $(CC_MACHINE), but $(UK_CONFIG) is for $(UK_ARCH): set CROSS_COMPILE to the prefix of a compiler for $(UK_ARCH) (e.g. $(UK_ARCH_GNU)-linux-gnu-))
endif
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
LIBGCC := $(shell $(CC) -print-libgcc-file-name)
endif

# ---------------------------------------------------------------------------
# Flags every library gets. Per-library ones come from each Makefile.uk.

OPTFLAGS-$(CONFIG_OPTIMIZE_PERF) += -O2
OPTFLAGS-$(CONFIG_OPTIMIZE_SIZE) += -Os
OPTFLAGS-$(CONFIG_OPTIMIZE_NONE) += -O0
OPTFLAGS-$(CONFIG_OPTIMIZE_DEADELIM) += -ffunction-sections -fdata-sections
OPTFLAGS-$(CONFIG_OPTIMIZE_LTO) += -flto
OPTFLAGS-$(CONFIG_OPTIMIZE_FRAMEPOINTER) += -fno-omit-frame-pointer
DBGFLAGS-$(CONFIG_DEBUG_SYMBOLS_LVL0) += -g0
DBGFLAGS-$(CONFIG_DEBUG_SYMBOLS_LVL1) += -g1
DBGFLAGS-$(CONFIG_DEBUG_SYMBOLS_LVL2) += -g
DBGFLAGS-$(CONFIG_DEBUG_SYMBOLS_LVL3) += -g3

# Stack canaries (lib/ukstackprotector) in every object, with one global
# canary: x86_64 would otherwise read it from %fs:0x28, which threads here
# do not reserve.
SSPFLAGS-y := -fno-stack-protector
SSPFLAGS-$(CONFIG_LIBUKSTACKPROTECTOR) := -fstack-protector-strong -mstack-protector-guard=global
ifeq ($(CONFIG_LIBUKSTACKPROTECTOR_ALL),y)
SSPFLAGS-y := -fstack-protector-all -mstack-protector-guard=global
endif

# The undefined behaviour sanitizer (lib/ukubsan) in every C and C++ object
# but those of the libraries in UK_NOSANITIZE (the runtime itself; newlib's
# upstream objects are built apart and never get it). Recovering checks:
# the runtime decides whether a report stops the image. vptr needs C++
# type information the image does not have.
UBSANFLAGS-$(CONFIG_LIBUKUBSAN) := -fsanitize=undefined -fno-sanitize=vptr \
	-fsanitize-recover=undefined
UK_NOSANITIZE := libukubsan

# The host compiler says Linux; an image is not (no <linux/*.h>, no /proc):
# code under #ifdef __linux__ takes its generic POSIX path instead
# (doc/posix-and-vfs.md). __unix__ stays.
NOT_LINUX := -U__linux__ -U__linux -Ulinux -U__gnu_linux__
COMPFLAGS := -nostdinc -fno-pie $(SSPFLAGS-y) -fno-common \
	-fno-asynchronous-unwind-tables -fno-plt -fno-semantic-interposition \
	-D__Unikraft__ -D__TESSERA__ $(NOT_LINUX) -include $(UK_CONFIG_H) \
	-Wall -Wextra $(OPTFLAGS-y) $(DBGFLAGS-y)
# Code of this project must be warning free; external code may not be.
PROJECT_WFLAGS := -Werror
PROJECT_DIRS := $(addprefix $(UK_ROOT)/,lib/% plat/% arch/% apps/%)
SYSINCLUDES = -isystem $(GCC_INCLUDE)
CINCLUDES := -I$(BUILD_DIR)/include -I$(UK_ROOT)/include

LDFLAGS-$(CONFIG_OPTIMIZE_DEADELIM) += -Wl,--gc-sections
LDFLAGS-$(CONFIG_OPTIMIZE_LTO) += -flto=auto $(OPTFLAGS-y)
UK_LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-z,norelro -Wl,--no-warn-rwx-segments $(ARCHFLAGS) $(LDFLAGS) $(LDFLAGS-y)

# ---------------------------------------------------------------------------
# Read every Makefile.uk: architecture, platforms, libraries, L= libraries,
# then the application. Each registers itself with addlib & co.

UK_IMAGE_PREFIX = $(BUILD_DIR)/$(UK_NAME)
ifeq ($(BUILDING),y)
import = $(eval _IMPORT_BASE := $(patsubst %/,%,$(dir $(1))))$(eval include $(1))
$(call import,$(UK_ROOT)/arch/$(UK_ARCH)/Makefile.uk)
$(foreach f,$(sort $(wildcard $(UK_ROOT)/plat/*/Makefile.uk)),$(call import,$(f)))
$(foreach f,$(sort $(wildcard $(UK_ROOT)/lib/*/Makefile.uk)),$(call import,$(f)))
$(foreach l,$(EXTLIB_DIRS),$(call import,$(l)/Makefile.uk))
$(call import,$(APP_DIR)/Makefile.uk)

ifeq ($(strip $(UK_PLATS)),)
$(error $(UK_CONFIG) selects no platform: choose at least one with make menuconfig)
endif

$(foreach l,$(UK_ALLLIBS),$(eval $(call lib_rules,$(l))))
UK_ALLOBJS := $(foreach l,$(UK_ALLLIBS),$(call lib_objs,$(l)))
# External libraries that install headers (newlib) come first.
$(UK_ALLOBJS): | $(UK_PREPARE)
-include $(addsuffix .d,$(UK_ALLOBJS))
-include $(addsuffix .cmd,$(UK_ALLOBJS))

# Each platform's Linker.uk adds its images to UK_IMAGES.
$(foreach p,$(UK_PLATS),$(eval include $(UK_ROOT)/plat/$(p)/Linker.uk))
-include $(foreach i,$(UK_IMAGES),$(i).dbg.cmd $(i).cmd)
endif

# ---------------------------------------------------------------------------
# Goals.

all: $(UK_IMAGES)
.PHONY: all

# Objects and images go; the configuration, kconfig state and fetched
# sources stay.
clean:
	$(Q)if [ -d '$(BUILD_DIR)' ]; then \
		find '$(BUILD_DIR)' -mindepth 1 -maxdepth 1 ! -name kconfig ! -name include ! -name cache \
			! -name '*.src' -exec rm -rf {} +; fi
	@echo "  CLEAN   $(call shortname,$(BUILD_DIR))"
# The whole build directory goes.
properclean:
	$(Q)rm -rf '$(BUILD_DIR)'
	@echo "  RM      $(BUILD_DIR)"
# ... and the configuration too.
distclean: properclean
	$(Q)rm -f '$(UK_CONFIG)' '$(UK_CONFIG).old'
	@echo "  RM      $(UK_CONFIG)"
.PHONY: clean properclean distclean

# make print-VAR shows a make variable (for debugging Makefile.uk files).
print-%:
	@echo '$*=$($*)'

help:
	@echo 'Tessera build driver'
	@echo
	@echo 'Usage: make -C <tessera> A=<app dir> [L=<lib>:<lib>] [O=<build dir>] [C=<config>] [V=1] [goal]'
	@echo '   or: make [goal] from an application directory that forwards to this Makefile'
	@echo
	@echo 'Variables:'
	@echo '  A=dir          application directory (Makefile.uk, optional Config.uk); default: the current directory'
	@echo '  L=dir:dir      external libraries, each a folder with Config.uk and Makefile.uk'
	@echo '  O=dir          build directory; default: <app dir>/build'
	@echo '  C=file         configuration file; default: <app dir>/.config'
	@echo '  V=1            print full commands instead of short progress lines'
	@echo '  CROSS_COMPILE= compiler prefix, overriding the configured one'
	@echo '  UK_DEFCONFIG=  configuration fragment for "defconfig" (input) and "savedefconfig" (output)'
	@echo
	@echo 'Build goals:'
	@echo '  all (default)  build one image per selected platform: <O>/<name>_<plat>-<arch>'
	@echo '                 (stripped) and <O>/<name>_<plat>-<arch>.dbg (with symbols)'
	@echo '  clean          remove objects and images, keep the configuration'
	@echo '  properclean    remove the whole build directory'
	@echo '  distclean      properclean, and remove the configuration'
	@echo
	@echo 'Configuration goals:'
	@echo '  menuconfig     edit the configuration in a text menu (kconfig-mconf)'
	@echo '  nconfig        the same in the ncurses menu (kconfig-nconf)'
	@echo '  oldconfig      ask about options new since the configuration was written'
	@echo '  olddefconfig   set options new since the configuration was written to their defaults'
	@echo '  defconfig      write a configuration from UK_DEFCONFIG=<fragment>, or all defaults'
	@echo '  savedefconfig  save the minimal configuration to UK_DEFCONFIG, or <app dir>/defconfig'
	@echo '  alldefconfig   every option at its default'
	@echo '  allnoconfig    every option off that can be'
	@echo
	@echo 'Without a configuration, "make" writes the defaults first and goes on.'
.PHONY: help

endif # UK_SEQUENTIAL
