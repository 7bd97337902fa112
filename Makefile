# SPDX-License-Identifier: GPL-2.0
#
# Avatar top-level Makefile, in the style of Linux's kbuild:
#
#   make <board>_defconfig    configuration from configs/
#   make menuconfig           change it (also savedefconfig, olddefconfig,
#                             listnewconfig, alldefconfig)
#   make [all]                kernel Image, guest images and host.img
#   make run | debug          boot it on QEMU (debug: halted, gdb stub)
#   make check                every test; ends with a pass/fail summary
#   make bench                kernel, storage, hypervisor and Linux boot benchmarks, in instructions (QEMU -icount)
#   make help                 everything else
#
# Out-of-tree: all output goes to O= (default build/), including .config.
# Configuration sync is automatic: when .config or a Kconfig file changes,
# scripts/kconfig/kconfig.py syncconfig rewrites autoconf.h, the
# per-symbol files under include/config/ and the guest table; fixdep makes
# each object depend on the symbols it uses, so changing one symbol
# rebuilds only what uses it.

VERSION = 0
PATCHLEVEL = 1
SUBLEVEL = 0
AVATAR_VERSION := $(VERSION).$(PATCHLEVEL).$(SUBLEVEL)
export AVATAR_VERSION

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:
.DELETE_ON_ERROR:

srctree := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
O ?= build
objtree := $(abspath $(O))
export srctree
# Keep the source tree clean: no __pycache__ from the generators.
export PYTHONDONTWRITEBYTECODE := 1

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

CROSS_COMPILE ?= aarch64-linux-gnu-
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC ?= gcc
# Debian's interpreter: the first python3 on PATH may not see kconfiglib.
PYTHON ?= /usr/bin/python3
DTC ?= dtc
QEMU ?= qemu-system-aarch64
DL_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/avatar/dl
export DL_DIR

KCONFIG_CONFIG := $(objtree)/.config
KCONFIG := $(PYTHON) -P $(srctree)/scripts/kconfig/kconfig.py --srctree $(srctree) \
	--config $(KCONFIG_CONFIG)
DEFAULT_DEFCONFIG := qemu_virt_hv_defconfig
DEFCONFIGS := $(notdir $(wildcard $(srctree)/configs/*_defconfig))

config-targets := %config
no-config-targets := help clean distclean mrproper install-deps check unittests fuzz \
	kernelversion bench bench-kernel bench-fs bench-hv bench-linux
all-goals := $(or $(MAKECMDGOALS),all)

# ---------------------------------------------------------------------------
# Tools: every target needs the toolchain; a missing one is installed by
# scripts/install-deps.sh (the same script .ci/run uses), and we say so.

required-tools := $(CC) $(LD) $(OBJCOPY) $(HOSTCC) $(DTC) mformat mcopy mmd \
	mkfs.fat fsck.vfat $(QEMU) tmux cpio clang
missing-tools := $(shell for t in $(required-tools); do \
	command -v $$t >/dev/null 2>&1 || echo $$t; done; \
	test -f /usr/lib/python3/dist-packages/kconfiglib.py || echo python3-kconfiglib)
ifneq ($(missing-tools),)
ifeq ($(filter help clean distclean mrproper,$(all-goals)),)
$(info make: missing $(missing-tools): running scripts/install-deps.sh)
install-status := $(shell $(srctree)/scripts/install-deps.sh >&2; echo $$?)
ifneq ($(install-status),0)
$(error scripts/install-deps.sh failed; install the packages it names by hand)
endif
still-missing := $(shell for t in $(required-tools); do \
	command -v $$t >/dev/null 2>&1 || echo $$t; done)
ifneq ($(still-missing),)
$(error $(still-missing) not found after scripts/install-deps.sh: check CROSS_COMPILE, QEMU, DTC and HOSTCC)
endif
endif
endif

# ---------------------------------------------------------------------------
# Goals that mix configuration and build targets run one after the other.

ifneq ($(filter $(config-targets),$(all-goals)),)
ifneq ($(filter-out $(config-targets) $(no-config-targets),$(all-goals)),)
mixed-goals := 1
endif
endif

ifeq ($(mixed-goals),1)

$(all-goals): __sequential
	@:
__sequential:
	$(Q)set -e; for t in $(all-goals); do \
		$(MAKE) -f $(srctree)/Makefile O=$(objtree) $$t; done
.PHONY: __sequential $(all-goals)

else

PHONY := all

all:

# ---------------------------------------------------------------------------
# Configuration targets

%_defconfig: FORCE
	$(Q)if [ ! -f $(srctree)/configs/$@ ]; then \
		echo "make: no such defconfig 'configs/$@' (run 'make help' for the list)" >&2; \
		exit 1; fi
	$(Q)mkdir -p $(objtree)
	$(Q)$(KCONFIG) defconfig $(srctree)/configs/$@

alldefconfig: FORCE
	$(Q)mkdir -p $(objtree)
	$(Q)$(KCONFIG) alldefconfig

olddefconfig: FORCE
	$(Q)$(KCONFIG) olddefconfig

listnewconfig: FORCE
	$(Q)$(KCONFIG) listnewconfig

savedefconfig: FORCE
	$(Q)$(KCONFIG) savedefconfig $(objtree)/defconfig

menuconfig: FORCE
	$(Q)mkdir -p $(objtree)
	$(Q)test -f $(KCONFIG_CONFIG) || $(KCONFIG) defconfig \
		$(srctree)/configs/$(DEFAULT_DEFCONFIG)
	$(Q)cd $(srctree) && KCONFIG_CONFIG=$(KCONFIG_CONFIG) MENUCONFIG_STYLE=aquatic \
		$(PYTHON) -P -m menuconfig Kconfig

PHONY += alldefconfig olddefconfig listnewconfig savedefconfig menuconfig

# ---------------------------------------------------------------------------
# Build: only for goals that need the configuration.

ifneq ($(filter-out $(config-targets) $(no-config-targets),$(all-goals)),)

$(KCONFIG_CONFIG):
	@echo "make: no configuration in $(O)/: using $(DEFAULT_DEFCONFIG)"
	$(Q)mkdir -p $(objtree)
	$(Q)$(KCONFIG) defconfig $(srctree)/configs/$(DEFAULT_DEFCONFIG)

KCONFIG_FILES := $(shell find $(srctree) -path $(objtree) -prune -o \
	-name 'Kconfig*' -print)

# syncconfig writes auto.conf (read below), autoconf.h, include/config/,
# and the guest table with the files it names; each is rewritten only
# when its content changes, so the touch marks the sync itself.
$(objtree)/include/config/auto.conf: $(KCONFIG_CONFIG) $(KCONFIG_FILES) \
		$(srctree)/scripts/kconfig/kconfig.py $(srctree)/scripts/genguests.py \
		$(srctree)/scripts/genfile.py \
		$(wildcard $(srctree)/scripts/guest-dts.py)
	$(quiet) SYNC $(O)/.config
	$(Q)$(KCONFIG) syncconfig $(objtree) --version $(AVATAR_VERSION)
	$(Q)touch $@ && touch $(objtree)/generated/guests.mk

$(objtree)/generated/guests.mk: $(objtree)/include/config/auto.conf
	@:

# Configuration synced and generated headers in place, nothing compiled.
prepare: $(objtree)/include/config/auto.conf
PHONY += prepare

include $(objtree)/include/config/auto.conf
include $(objtree)/generated/guests.mk

strip-quotes = $(patsubst "%",%,$(1))

# --- host tools ----------------------------------------------------------

FIXDEP := $(objtree)/scripts/basic/fixdep
$(FIXDEP): $(srctree)/scripts/basic/fixdep.c
	$(quiet) HOSTCC $@
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

# --- kernel objects ------------------------------------------------------

define collect-objs
obj-y :=
subdir-y :=
include $(srctree)/$(1)Makefile
kernel-objs += $$(addprefix $(objtree)/$(1),$$(obj-y))
$$(foreach subdir,$$(subdir-y),$$(eval $$(call collect-objs,$(1)$$(subdir))))
endef

kernel-objs :=
$(foreach d,arch/arm64/ kernel/ drivers/ fs/ $(if $(filter y,$(CONFIG_HYPERVISOR)),hypervisor/), \
	$(if $(wildcard $(srctree)/$(d)Makefile),$(eval $(call collect-objs,$(d)))))
ifeq ($(CONFIG_HYPERVISOR),y)
kernel-objs += $(objtree)/generated/guest_table.o
endif
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
LIBGCC := $(shell $(CC) -print-libgcc-file-name)

KCPPFLAGS := -nostdinc -isystem $(GCC_INCLUDE) \
	-include $(objtree)/include/generated/autoconf.h \
	-I$(srctree)/include -I$(srctree)/arch/arm64/include -I$(objtree)/include
KCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pie -fno-pic -mgeneral-regs-only -mstrict-align \
	-fno-common -fno-asynchronous-unwind-tables -mno-outline-atomics -mcpu=cortex-a53 \
	$(KCPPFLAGS)
KAFLAGS := -D__ASSEMBLY__ -g $(KCPPFLAGS) -mcpu=cortex-a53

# Recompile everything when the compiler or the flags change.
flags-now := $(CC) $(KCFLAGS) | $(KAFLAGS)
ifneq ($(file <$(objtree)/.kflags),$(flags-now))
$(shell mkdir -p $(objtree))
$(file >$(objtree)/.kflags,$(flags-now))
endif

# Kernel objects depend on the sync (order-only: the content they really
# depend on is tracked per symbol by fixdep).
$(objtree)/generated/%.o: $(objtree)/generated/%.c $(objtree)/.kflags \
		| $(FIXDEP) $(objtree)/include/config/auto.conf
	$(quiet) CC $(patsubst $(objtree)/%,%,$@)
	$(Q)$(CC) $(KCFLAGS) -MD -MF $@.d.tmp -c -o $@ $<
	$(Q)$(FIXDEP) $@.d.tmp $@ $(objtree)/include/config > $(@:.o=.d) && rm -f $@.d.tmp

$(objtree)/%.o: $(srctree)/%.c $(objtree)/.kflags | $(FIXDEP) $(objtree)/include/config/auto.conf
	$(quiet) CC $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KCFLAGS) -MD -MF $@.d.tmp -c -o $@ $<
	$(Q)$(FIXDEP) $@.d.tmp $@ $(objtree)/include/config > $(@:.o=.d) && rm -f $@.d.tmp

$(objtree)/%.o: $(srctree)/%.S $(objtree)/.kflags | $(FIXDEP) $(objtree)/include/config/auto.conf
	$(quiet) AS $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KAFLAGS) -MD -MF $@.d.tmp -c -o $@ $<
	$(Q)$(FIXDEP) $@.d.tmp $@ $(objtree)/include/config > $(@:.o=.d) && rm -f $@.d.tmp

LDS := $(objtree)/arch/arm64/avatar.lds
$(LDS): $(srctree)/arch/arm64/avatar.lds.S $(objtree)/.kflags \
		| $(FIXDEP) $(objtree)/include/config/auto.conf
	$(quiet) LDS $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -E -P -x assembler-with-cpp $(KAFLAGS) -MD -MF $@.d.tmp -MT $@ -o $@ $<
	$(Q)$(FIXDEP) $@.d.tmp $@ $(objtree)/include/config > $@.d && rm -f $@.d.tmp

ifeq ($(CONFIG_USER),y)
include $(srctree)/user/user.mk
endif

-include $(wildcard $(kernel-objs:.o=.d) $(LDS).d)

$(objtree)/avatar.elf: $(kernel-objs) $(LDS)
	$(quiet) LD $(O)/avatar.elf
	$(Q)$(LD) -nostdlib -T $(LDS) -Map $(objtree)/avatar.map -o $@ $(kernel-objs) $(LIBGCC)

$(objtree)/Image: $(objtree)/avatar.elf
	$(quiet) OBJCOPY $(O)/Image
	$(Q)$(OBJCOPY) -O binary $< $@

all: $(objtree)/Image

# --- guests and host.img --------------------------------------------------

include $(srctree)/guests/guests.mk
all: $(objtree)/host.img

# --- QEMU ----------------------------------------------------------------

RUN_QEMU = $(srctree)/scripts/run-qemu.sh \
	--mode $(if $(CONFIG_HYPERVISOR),hv,native) --gic $(if $(CONFIG_GIC_V3),3,2) \
	--smp $(CONFIG_NR_CPUS) --mem $(CONFIG_BOARD_RAM_MB) \
	--cpu $(call strip-quotes,$(CONFIG_QEMU_CPU)) --kernel $(objtree)/Image \
	--disk $(objtree)/host.img

run debug: all
	$(Q)if [ "$(CONFIG_BOARD_QEMU_VIRT)" != y ]; then \
		echo "make: board $(CONFIG_BOARD_NAME) does not run on QEMU (use a qemu_virt defconfig)" >&2; \
		exit 1; fi
	$(Q)$(RUN_QEMU) $(if $(filter debug,$@),--gdb $(CONFIG_QEMU_GDB_PORT) --elf $(objtree)/avatar.elf) \
		-- $(call strip-quotes,$(CONFIG_QEMU_EXTRA_ARGS))

PHONY += run debug

endif # build goals

# ---------------------------------------------------------------------------
# Tests

PYTEST := $(PYTHON) -m pytest
CHECK_DIR := $(objtree)/check

include $(srctree)/tests/unit/unit.mk

# `make check` runs everything; the unit tests run inside the pytest
# session too (tests/unit/test_unit.py), so one summary ends the output.
check: unittests-build
	$(Q)AVATAR_OBJTREE=$(objtree) AVATAR_CHECK_DIR=$(CHECK_DIR) \
		$(PYTEST) -p no:cacheprovider -q -rfEs $(srctree)/tests $(PYTEST_ARGS)

PHONY += check

# Microbenchmarks in instructions (docs/bench.md): a native build with
# CONFIG_BENCH in $(O)/bench, booted under QEMU -icount shift=0.
BENCH_DIR := $(objtree)/bench
bench: bench-kernel bench-fs bench-hv bench-linux

bench-kernel:
	$(Q)if [ ! -f $(BENCH_DIR)/.config ]; then \
		$(MAKE) -f $(srctree)/Makefile O=$(BENCH_DIR) qemu_virt_defconfig && \
		echo CONFIG_BENCH=y >> $(BENCH_DIR)/.config && \
		$(MAKE) -f $(srctree)/Makefile O=$(BENCH_DIR) olddefconfig; fi
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(BENCH_DIR) all
	$(Q)$(PYTHON) -P $(srctree)/scripts/bench.py $(BENCH_DIR)

PHONY += bench bench-kernel

# A long libFuzzer run of the FAT32 code (check runs a short one).
FUZZ_ARGS ?= -max_total_time=300
fuzz:
	$(Q)$(srctree)/tests/fuzz/run.sh $(FUZZ_ARGS)

PHONY += fuzz

# The storage benchmark under -icount (scripts/bench-fs.py, docs/storage.md).
BENCH_RUNS ?= 5
bench-fs:
	$(Q)$(PYTHON) $(srctree)/scripts/bench-fs.py --objtree $(objtree) --runs $(BENCH_RUNS)

PHONY += bench-fs

# Hypervisor exits under -icount (scripts/bench-hv.py, docs/bench.md): TestOS
# in benchmark mode ("testos.bench=N" in its bootargs), built in $(O)/bench-hv.
BENCH_HV_ITERATIONS ?= 1024
bench-hv:
	$(Q)$(PYTHON) $(srctree)/scripts/bench-hv.py --objtree $(objtree) \
		--iterations $(BENCH_HV_ITERATIONS)

PHONY += bench-hv

# Linux boot under Avatar against the same boot bare, under -icount
# (scripts/bench-linux.py, docs/bench.md), built in $(O)/bench-linux.
bench-linux:
	$(Q)$(PYTHON) $(srctree)/scripts/bench-linux.py --objtree $(objtree)

PHONY += bench-linux

# ---------------------------------------------------------------------------

clean:
	$(Q)if [ -d $(objtree) ]; then find $(objtree) -mindepth 1 -maxdepth 1 \
		! -name .config ! -name .config.old ! -name defconfig -exec rm -rf {} +; fi

distclean mrproper:
	$(Q)rm -rf $(objtree)

install-deps:
	$(Q)$(srctree)/scripts/install-deps.sh

kernelversion:
	@echo $(AVATAR_VERSION)

help:
	@echo 'Configuration (output in O=$(O)/, .config included):'
	@echo '  <board>_defconfig - configuration from configs/ (list below)'
	@echo '  menuconfig        - change the configuration in a menu'
	@echo '  savedefconfig     - write a minimal $(O)/defconfig of .config'
	@echo '  olddefconfig      - refresh .config: defaults for new symbols, drop unknown ones'
	@echo '  listnewconfig     - list symbols .config does not set yet'
	@echo '  alldefconfig      - every symbol at its default'
	@echo
	@echo 'Build and run:'
	@echo '  all (default)     - kernel Image and host.img (with the guest images in hypervisor mode)'
	@echo '  run               - build, then boot on QEMU with the serial console here (Ctrl-A x quits)'
	@echo '  debug             - like run, but QEMU starts halted with a gdb stub'
	@echo
	@echo 'Tests:'
	@echo '  check             - every test (unit, build, image, QEMU, menuconfig)'
	@echo '  unittests         - host unit tests only'
	@echo '  fuzz              - long libFuzzer run of FAT32 (FUZZ_ARGS=, default -max_total_time=300)'
	@echo '  bench             - bench-kernel, bench-fs, bench-hv and bench-linux'
	@echo '  bench-kernel      - microbenchmarks in instructions under QEMU -icount (native, $(O)/bench)'
	@echo '  bench-fs          - storage benchmark: 32 MiB file read cold/warm under -icount (BENCH_RUNS=5)'
	@echo '  bench-hv          - hypervisor exits (hypercall, MMIO, vIRQ) in instructions under -icount ($(O)/bench-hv)'
	@echo '  bench-linux       - Linux boot under Avatar / bare: guest clock and instructions to /init ($(O)/bench-linux)'
	@echo
	@echo 'Other:'
	@echo '  clean             - remove build output, keep .config'
	@echo '  distclean         - remove $(O)/ entirely'
	@echo '  install-deps      - install the Debian packages the build and tests need'
	@echo '  kernelversion     - print the version ($(AVATAR_VERSION))'
	@echo
	@echo 'Defconfigs:'
	@$(foreach d,$(DEFCONFIGS),echo '  $(d)';)
	@echo
	@echo 'Variables: O=<dir> (default build), V=1 (show commands), CROSS_COMPILE=<prefix>'
	@echo '  (default aarch64-linux-gnu-), DL_DIR=<dir> (download cache, default $(DL_DIR))'

PHONY += clean distclean mrproper install-deps kernelversion help

.DEFAULT:
	@echo "make: unknown target or missing file '$@' (run 'make help' for the targets)" >&2
	@exit 1

endif # mixed goals

PHONY += FORCE
FORCE:
.PHONY: $(PHONY)
