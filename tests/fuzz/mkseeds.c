/* SPDX-License-Identifier: MIT */
/*
 * Writes the fuzz seed corpus: tiny FAT32 images (60-100 clusters,
 * 30-110 KiB) built in memory and filled through Avatar itself, since a
 * mkfs.fat image is at least 33 MiB. Usage: mkseeds DIR
 */
#include <stdio.h>

#include "../unit/fat32/tinyimg.h"

int main(int argc, char **argv)
{
	static uint8_t img[1 << 20];
	char path[4096];
	unsigned v;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (v = 0; v < 8; v++) {
		size_t size = tiny_build(img, sizeof(img), v);
		FILE *f;

		if (!size)
			return 1;
		snprintf(path, sizeof(path), "%s/tiny%u.img", argv[1], v);
		f = fopen(path, "wb");
		if (!f || fwrite(img, 1, size, f) != size || fclose(f))
			return 1;
	}
	return 0;
}
