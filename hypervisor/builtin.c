// SPDX-License-Identifier: GPL-2.0
/*
 * Guest images built into the hypervisor (CONFIG_HV_BUILTIN_GUESTS): the
 * interim image source of the loader until guests load from host.img.
 *
 * The build generates $(O)/generated/hv_builtin.S (scripts/genbuiltin.py)
 * which .incbin's the files of host.img that a guest can be started
 * from without the storage stack (TestOS images and every guest DTB)
 * and lists them in hv_builtin_files[], each under its host.img path, so
 * the loader asks for the same path either way.
 */
#include <avatar/string.h>
#include <hypervisor/loader.h>

struct hv_builtin_file {
	const char *path;
	const u8 *start;
	const u8 *end;
};

extern const struct hv_builtin_file hv_builtin_files[];
extern const unsigned long hv_builtin_count;

int guest_image_get(const char *path, const void **data, size_t *size)
{
	if (!path)
		return -1;
	for (unsigned long i = 0; i < hv_builtin_count; i++)
		if (!strcmp(hv_builtin_files[i].path, path)) {
			*data = hv_builtin_files[i].start;
			*size = (size_t)(hv_builtin_files[i].end - hv_builtin_files[i].start);
			return 0;
		}
	return -1;
}
