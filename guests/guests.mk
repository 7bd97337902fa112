# SPDX-License-Identifier: GPL-2.0
#
# Guest images and host.img, included by the top Makefile. In native mode
# there are no guests and host.img holds only /README.txt.
# $(O)/generated/guests.mk (from scripts/genguests.py) says which
# images the enabled guests need (GUEST_BUILD_*), which DTBs to compile
# (GUEST_DTBS) and which files go into host.img (HOSTIMG_INPUTS).
#
# Every step writes to a temporary name and renames on success, so a failed
# or interrupted step leaves nothing that a later build would trust.

guest-build := $(objtree)/guests/build

# Linux: Debian's arm64 kernel and a busybox initramfs (guests/linux/).
$(guest-build)/linux/Image: $(srctree)/guests/linux/mk-kernel.sh \
		$(srctree)/scripts/fetch-deb.sh
	$(quiet) GUEST $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(srctree)/guests/linux/mk-kernel.sh $(DL_DIR) $@

$(guest-build)/linux/initrd.cpio.gz: $(srctree)/guests/linux/mk-initramfs.sh \
		$(srctree)/guests/linux/init $(srctree)/scripts/mkcpio.py \
		$(srctree)/scripts/fetch-deb.sh
	$(quiet) GUEST $(patsubst $(objtree)/%,%,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(srctree)/guests/linux/mk-initramfs.sh $(DL_DIR) $@

# TestOS: a sub-make of guests/testos (it tracks its own dependencies).
$(guest-build)/testos/testos.bin: FORCE
	$(Q)$(MAKE) -C $(srctree)/guests/testos O=$(guest-build)/testos \
		CROSS_COMPILE=$(CROSS_COMPILE) V=$(V)

# The Avatar kernel as a guest: a native build of this tree, in its own O=,
# configured from $(avatar-guest-config) plus guests/avatar/guest.config
# (the self tests), again whenever either changes.
avatar-guest-config ?= qemu_virt_defconfig
avatar-guest-fragment := $(srctree)/guests/avatar/guest.config
# A source file, not the %_defconfig configuration target.
$(srctree)/configs/$(avatar-guest-config): ;
$(guest-build)/avatar/.config: $(srctree)/configs/$(avatar-guest-config) \
		$(avatar-guest-fragment)
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(guest-build)/avatar \
		$(avatar-guest-config) >/dev/null
	$(Q)cat $(avatar-guest-fragment) >>$@
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(guest-build)/avatar olddefconfig >/dev/null

$(guest-build)/avatar/Image: $(guest-build)/avatar/.config FORCE
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(guest-build)/avatar all

# Device trees the build generates, one per guest that has no DTB file.
$(objtree)/guests/vm/%/guest.dtb: $(objtree)/guests/vm/%/guest.dts
	$(quiet) DTC $(patsubst $(objtree)/%,%,$@)
	$(Q)$(DTC) -q -I dts -O dtb -o $@.tmp $< && mv $@.tmp $@

# HOSTIMG_EXTRA_LISTS/INPUTS: more files from other parts of the build
# (user/user.mk: the user programs as /bin/<name>.elf in native mode).
$(objtree)/host.img: $(objtree)/generated/hostimg.list $(HOSTIMG_INPUTS) \
		$(HOSTIMG_EXTRA_LISTS) $(HOSTIMG_EXTRA_INPUTS) $(srctree)/scripts/mkhostimg.sh
	$(quiet) HOSTIMG $(O)/host.img
	$(Q)cat $(objtree)/generated/hostimg.list $(HOSTIMG_EXTRA_LISTS) > $@.list
	$(Q)$(srctree)/scripts/mkhostimg.sh $@.list $@ $(CONFIG_HOSTIMG_SIZE_MB)
