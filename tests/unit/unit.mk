# SPDX-License-Identifier: GPL-2.0
#
# Host unit tests (cmocka). tests/unit/Makefile lists them:
#
#   unit-tests += test_foo
#   test_foo-srcs := kernel/lib/foo.c tests/unit/test_foo.c
#   test_foo-dts := tests/unit/dts/bar.dts      (optional: compiled to DTBs)
#   test_foo-cflags := -DFOO                    (optional)
#
# Each test is built for the host with the sanitizers and run with a fresh
# temporary working directory, AVATAR_SRCTREE set to the source tree and
# the directory of the compiled DTBs as its first argument.

unit-tests :=
include $(srctree)/tests/unit/Makefile

UNIT_DIR := $(objtree)/tests/unit
UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-I$(srctree)/include -I$(srctree)/tests/unit
UNIT_BINS := $(addprefix $(UNIT_DIR)/,$(unit-tests))
UNIT_DTBS := $(sort $(foreach t,$(unit-tests), \
	$(patsubst $(srctree)/tests/unit/dts/%.dts,$(UNIT_DIR)/dts/%.dtb, \
	$(addprefix $(srctree)/,$($(t)-dts)))))

define unit-test-rule
$(UNIT_DIR)/$(1): $$(addprefix $(srctree)/,$$($(1)-srcs))
	$$(quiet) HOSTCC tests/unit/$(1)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(HOSTCC) $$(UNIT_CFLAGS) $$($(1)-cflags) -MMD -MP -MF $$@.d -o $$@ \
		$$(addprefix $(srctree)/,$$($(1)-srcs)) -lcmocka
endef
$(foreach t,$(unit-tests),$(eval $(call unit-test-rule,$(t))))
-include $(wildcard $(addsuffix .d,$(UNIT_BINS)))

$(UNIT_DIR)/dts/%.dtb: $(srctree)/tests/unit/dts/%.dts
	$(quiet) DTC $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(DTC) -q -I dts -O dtb -o $@.tmp $< && mv $@.tmp $@

# The list the pytest wrapper (tests/unit/test_unit.py) runs.
$(UNIT_DIR)/tests.list: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' $(unit-tests) > $@.tmp && \
		(cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@)

unittests-build: $(UNIT_BINS) $(UNIT_DTBS) $(UNIT_DIR)/tests.list

unittests: unittests-build
	$(Q)pass=0; fail=0; for t in $(unit-tests); do \
		dir=$$(mktemp -d); \
		if (cd $$dir && AVATAR_SRCTREE=$(srctree) $(UNIT_DIR)/$$t $(UNIT_DIR)/dts); \
		then pass=$$((pass + 1)); else fail=$$((fail + 1)); echo "FAILED: $$t"; fi; \
		rm -rf $$dir; done; \
		echo "unittests: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

PHONY += unittests unittests-build
