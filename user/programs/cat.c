// SPDX-License-Identifier: GPL-2.0
/* Print files from the boot volume (open, read, close). */
#include <ulib.h>

#define BUF 256

int main(int argc, char **argv)
{
	char buf[BUF];
	int i, fd;
	long n;

	for (i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			printf("cat: %s: error %d\n", argv[i], -fd);
			return 1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			write(STDOUT_FD, buf, (size_t)n);
		close(fd);
		if (n < 0) {
			printf("cat: %s: read error %ld\n", argv[i], -n);
			return 1;
		}
	}
	return 0;
}
