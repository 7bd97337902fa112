/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "tinyimg.h"

static int md_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct memdev *m = ctx;
	uint64_t off = lba * m->bd.sector_size, len = (uint64_t)count * m->bd.sector_size;

	if (off > m->size || len > m->size - off)
		return -1;
	memcpy(buf, m->data + off, len);
	return 0;
}

static int md_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct memdev *m = ctx;
	uint64_t off = lba * m->bd.sector_size, len = (uint64_t)count * m->bd.sector_size;

	if (off > m->size || len > m->size - off)
		return -1;
	memcpy(m->data + off, buf, len);
	return 0;
}

void memdev_init(struct memdev *m, uint8_t *data, size_t size, uint32_t sector_size)
{
	memset(m, 0, sizeof(*m));
	m->data = data;
	m->size = size;
	m->bd.ctx = m;
	m->bd.sector_size = sector_size;
	m->bd.sector_count = size / sector_size;
	m->bd.read = md_read;
	m->bd.write = md_write;
}

static void p16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static void p32(uint8_t *p, uint32_t v)
{
	p16(p, v);
	p16(p + 2, v >> 16);
}

size_t tiny_format(uint8_t *img, size_t cap, uint32_t clusters, uint32_t spc)
{
	const uint32_t bps = 512, rsvd = 8, nfats = 2;
	uint32_t fatsz = ((clusters + 2) * 4 + bps - 1) / bps;
	uint32_t total = rsvd + nfats * fatsz + clusters * spc, i;
	size_t size = (size_t)total * bps;
	uint8_t *bs = img, *fsi = img + bps;

	if (size > cap)
		return 0;
	memset(img, 0, size);
	bs[0] = 0xEB;
	bs[1] = 0x58;
	bs[2] = 0x90;
	memcpy(bs + 3, "AVATAR  ", 8);
	p16(bs + 11, bps);
	bs[13] = (uint8_t)spc;
	p16(bs + 14, rsvd);
	bs[16] = (uint8_t)nfats;
	bs[21] = 0xF8;
	p16(bs + 24, 32);
	p16(bs + 26, 2);
	p32(bs + 32, total);
	p32(bs + 36, fatsz);
	p32(bs + 44, 2); /* root cluster */
	p16(bs + 48, 1); /* FSInfo */
	p16(bs + 50, 6); /* backup boot sector */
	bs[64] = 0x80;
	bs[66] = 0x29;
	p32(bs + 67, 0x12345678);
	memcpy(bs + 71, "NO NAME    ", 11);
	memcpy(bs + 82, "FAT32   ", 8);
	bs[510] = 0x55;
	bs[511] = 0xAA;
	p32(fsi + 0, 0x41615252);
	p32(fsi + 484, 0x61417272);
	p32(fsi + 488, clusters - 1);
	p32(fsi + 492, 3);
	p32(fsi + 508, 0xAA550000);
	memcpy(img + 6 * bps, bs, bps);
	memcpy(img + 7 * bps, fsi, bps);
	for (i = 0; i < nfats; i++) {
		uint8_t *fat = img + (size_t)(rsvd + i * fatsz) * bps;

		p32(fat, 0x0FFFFFF8);
		p32(fat + 4, 0x0FFFFFFF);
		p32(fat + 8, 0x0FFFFFFF); /* root directory */
	}
	return size;
}

static void put(struct fat32_fs *fs, const char *path, size_t len, uint8_t seed)
{
	struct fat32_file f;
	uint8_t buf[256];
	size_t i, n;

	if (fat32_open(fs, &f, path, FAT32_O_WRONLY | FAT32_O_CREAT | FAT32_O_TRUNC))
		return;
	for (i = 0; i < len; i += n) {
		n = len - i < sizeof(buf) ? len - i : sizeof(buf);
		for (size_t k = 0; k < n; k++)
			buf[k] = (uint8_t)(seed + i + k);
		if (fat32_write(&f, buf, n) != (int64_t)n)
			break;
	}
	fat32_close(&f);
}

size_t tiny_build(uint8_t *img, size_t cap, unsigned variant)
{
	struct memdev m;
	struct fat32_fs fs;
	uint32_t spc = (variant & 1) ? 2 : 1;
	size_t size = tiny_format(img, cap, variant & 2 ? 60 : 100, spc);

	if (!size)
		return 0;
	memdev_init(&m, img, size, 512);
	if (fat32_mount(&fs, &m.bd, NULL))
		return 0;
	fat32_mkdir(&fs, "/dir");
	fat32_mkdir(&fs, "/dir/Sub Directory");
	put(&fs, "/README.TXT", 100, 1);
	put(&fs, "/a", 600, 2);
	put(&fs, "/b", 600, 3);
	put(&fs, "/dir/A long file name.text", 1500, 4);
	put(&fs, "/dir/Sub Directory/\xc3\xbcnicode \xe6\x97\xa5.bin", 700, 5);
	fat32_unlink(&fs, "/a");
	put(&fs, "/fragmented", 3000, 6);
	if (variant & 4) {
		fat32_set_label(&fs, "TINY");
		fat32_rename(&fs, "/b", "/dir/b moved");
	}
	fat32_unmount(&fs);
	return size;
}
