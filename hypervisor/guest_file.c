// SPDX-License-Identifier: GPL-2.0
/*
 * Guest files on host.img (see <hypervisor/guest_file.h>).
 *
 * Reads go through the FAT32 code and the buffer cache into their final
 * place: headers into small buffers on the stack, kernel and initrd
 * directly into the host pages that back the guest's RAM (found through
 * the VM's RAM block list and the identity map), a chunk at a time, each
 * chunk inside one RAM block. The volume's lock (<avatar/volume.h>) is
 * held from guest_file_open() to guest_file_close(), so a guest being
 * loaded and the shell's fs commands (through the VFS, which takes the
 * same lock) never use FAT32 at once; the loader has one file open at a
 * time.
 */
#include <asm/cache.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/volume.h>
#include <hypervisor/guest_file.h>
#include <hypervisor/vm.h>

#define GUEST_FILE_CHUNK SZ_2M /* largest read into guest RAM at once */

int guest_file_open(const char *guest, const char *path, struct fat32_file *f, u64 *size)
{
	struct volume *v = volume_get();
	int err;

	if (!v) {
		printk("guest: %s: %s: no volume mounted (host.img is not attached?)\n", guest,
		       path);
		return -1;
	}
	mutex_lock(&v->lock);
	err = fat32_open(&v->fs, f, path, FAT32_O_RDONLY);
	if (err) {
		mutex_unlock(&v->lock);
		printk("guest: %s: %s: %s\n", guest, path, fat32_strerror(err));
		return -1;
	}
	*size = f->size;
	return 0;
}

int guest_file_pread(const char *guest, const char *path, struct fat32_file *f, u64 off, void *buf,
		     size_t len)
{
	int64_t n = fat32_lseek(f, (int64_t)off, FAT32_SEEK_SET);

	if (n == (int64_t)off)
		n = fat32_read(f, buf, len);
	if (n != (int64_t)len) {
		printk("guest: %s: %s: read error at offset %llu: %s\n", guest, path,
		       (unsigned long long)off, n < 0 ? fat32_strerror((int)n) : "short read");
		return -1;
	}
	return 0;
}

int guest_file_to_ram(struct vm *vm, const char *path, struct fat32_file *f, u64 off, u64 ipa,
		      u64 len)
{
	while (len) {
		u64 chunk = GUEST_FILE_CHUNK - (ipa & (GUEST_FILE_CHUNK - 1));
		void *dst;

		if (chunk > len)
			chunk = len;
		dst = vm_ipa_to_va(vm, ipa, chunk);
		if (!dst) /* the chunk spans two RAM blocks: one page at a time */
			chunk = MIN(chunk, PAGE_SIZE - (ipa & (PAGE_SIZE - 1)));
		dst = vm_ipa_to_va(vm, ipa, chunk);
		if (!dst) {
			printk("guest: %s: %s: IPA 0x%llx is not guest RAM\n", vm->name, path,
			       (unsigned long long)ipa);
			return -1;
		}
		if (guest_file_pread(vm->name, path, f, off, dst, chunk))
			return -1;
		dcache_clean_poc((uintptr_t)dst, (uintptr_t)dst + chunk);
		ipa += chunk;
		off += chunk;
		len -= chunk;
	}
	return 0;
}

void guest_file_close(struct fat32_file *f)
{
	struct volume *v = volume_get();

	fat32_close(f);
	mutex_unlock(&v->lock);
}
