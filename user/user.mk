# SPDX-License-Identifier: GPL-2.0
#
# User programs (CONFIG_USER): every user/programs/<name>.c becomes a
# static ELF executable $(O)/user/<name>.elf linked at the user link
# address (user/user.lds) with the tiny library of user/lib/ (plus the
# kernel's string and printf code, built again for EL0). The programs are
# linked into the kernel as blobs by generated/user_programs.S
# (scripts/genprograms.py), and packed into host.img as /bin/<name>.elf.

USER_OBJ := $(objtree)/user
USER_PROGRAMS := $(sort $(basename $(notdir $(wildcard $(srctree)/user/programs/*.c))))
USER_ELFS := $(addprefix $(USER_OBJ)/,$(addsuffix .elf,$(USER_PROGRAMS)))
USER_LIB_OBJS := $(addprefix $(USER_OBJ)/lib/,crt0.o syscall.o printf.o string.o vsnprintf.o)

UCPPFLAGS := -nostdinc -isystem $(GCC_INCLUDE) -I$(srctree)/user/include -I$(srctree)/include
UCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pie -fno-pic -mgeneral-regs-only -fno-common \
	-fno-asynchronous-unwind-tables -mno-outline-atomics -mcpu=cortex-a53 $(UCPPFLAGS)

$(USER_OBJ)/lib/%.o: $(srctree)/user/lib/%.c $(objtree)/.kflags
	$(quiet) UCC $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(UCFLAGS) -MD -MF $@.d -c -o $@ $<

$(USER_OBJ)/lib/%.o: $(srctree)/user/lib/%.S $(objtree)/.kflags
	$(quiet) UAS $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -D__ASSEMBLY__ $(UCPPFLAGS) -MD -MF $@.d -c -o $@ $<

$(USER_OBJ)/lib/%.o: $(srctree)/kernel/lib/%.c $(objtree)/.kflags
	$(quiet) UCC $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(UCFLAGS) -MD -MF $@.d -c -o $@ $<

$(USER_OBJ)/programs/%.o: $(srctree)/user/programs/%.c $(objtree)/.kflags
	$(quiet) UCC $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(UCFLAGS) -MD -MF $@.d -c -o $@ $<

$(USER_OBJ)/%.elf: $(USER_OBJ)/programs/%.o $(USER_LIB_OBJS) $(srctree)/user/user.lds
	$(quiet) ULD $(patsubst $(objtree)/%,%,$@)
	$(Q)$(LD) -static -nostdlib -z max-page-size=4096 -T $(srctree)/user/user.lds \
		-o $@ $< $(USER_LIB_OBJS) $(LIBGCC)

$(objtree)/generated/user_programs.S: $(USER_ELFS) $(srctree)/scripts/genprograms.py
	$(quiet) GEN $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) -P $(srctree)/scripts/genprograms.py $@ $(USER_ELFS)

$(objtree)/generated/user_programs.o: $(objtree)/generated/user_programs.S $(USER_ELFS)
	$(quiet) AS $(patsubst $(objtree)/%,%,$@)
	$(Q)$(CC) $(KAFLAGS) -c -o $@ $<

kernel-objs += $(objtree)/generated/user_programs.o

# The same programs as files on host.img, /bin/<name>.elf, for `run
# /bin/<name>.elf` (loaded through the VFS; guests/guests.mk packs them).
HOSTIMG_EXTRA_LISTS += $(USER_OBJ)/hostimg.list
HOSTIMG_EXTRA_INPUTS += $(USER_ELFS)
$(USER_OBJ)/hostimg.list: $(USER_ELFS)
	$(Q)mkdir -p $(@D)
	$(Q)for p in $(USER_PROGRAMS); do printf '%s\t/bin/%s.elf\n' $(USER_OBJ)/$$p.elf $$p; done > $@

# Keep the objects (make would delete them as intermediate files).
.SECONDARY: $(USER_LIB_OBJS) $(addprefix $(USER_OBJ)/programs/,$(addsuffix .o,$(USER_PROGRAMS)))

-include $(wildcard $(USER_OBJ)/lib/*.d $(USER_OBJ)/programs/*.d)
