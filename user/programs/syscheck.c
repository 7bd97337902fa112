// SPDX-License-Identifier: GPL-2.0
/*
 * System call error paths (self test): a bad number returns -ENOSYS,
 * bad pointers (unmapped, kernel, overflowing) return -EFAULT, a bad
 * descriptor -EBADF, a missing file -ENOENT (-ENODEV
 * without a disk). Exits 0 if all did, else the number of the first
 * check that failed.
 */
#include <ulib.h>

#define UNMAPPED ((const void *)0x7000000UL)  /* in the window, never mapped */
#define KERNEL	 ((const void *)0x40080000UL) /* the kernel image */

int main(void)
{
	int status;

	if (syscall3(9999, 0, 0, 0) != -ENOSYS)
		return 1;
	if (syscall3(-1, 0, 0, 0) != -ENOSYS)
		return 2;
	if (write(STDOUT_FD, UNMAPPED, 8) != -EFAULT)
		return 3;
	if (write(STDOUT_FD, KERNEL, 8) != -EFAULT)
		return 4;
	if (write(STDOUT_FD, (const void *)0x400000, ~0UL) != -EFAULT)
		return 5;
	if (read(STDIN_FD, (void *)0x400000, 4) != -EFAULT) /* read-only text */
		return 6;
	if (open(UNMAPPED, 0) != -EFAULT)
		return 7;
	if (wait(-1, (int *)KERNEL) != -EFAULT)
		return 8;
	if (write(42, "x", 1) != -EBADF)
		return 9;
	if (spawn("no-such-program", NULL) != -ENOENT)
		return 10;
	if (wait(-1, &status) != -ECHILD)
		return 11;
	status = open("/no/such/file", O_RDONLY); /* -ENODEV: no file system mounted at / */
	if (status != -ENOENT && status != -ENODEV)
		return 12;
	if (close(7) != -EBADF || read(7, &status, 1) != -EBADF)
		return 13;
	printf("syscheck: OK\n");
	return 0;
}
