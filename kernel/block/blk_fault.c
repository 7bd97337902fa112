// SPDX-License-Identifier: GPL-2.0
/*
 * `blkfault <disk>` (CONFIG_BLK_FAULT_INJECT): the disk's next request
 * is lost, as if the device had dropped it. It then runs into the
 * request time-out, which tests/qemu/test_blk.py checks end to end.
 */
#include <asm/barrier.h>
#include <avatar/blkdev.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/time.h>

static int cmd_blkfault(int argc, char **argv)
{
	struct blkdev *dev;

	if (argc != 2)
		return SHELL_ERR_USAGE;
	dev = blkdev_lookup(argv[1]);
	if (!dev) {
		printk("blkfault: %s: no such disk\n", argv[1]);
		return SHELL_ERR_FAILED;
	}
	WRITE_ONCE(dev->fault_lose_next, true);
	printk("blkfault: %s: the next request will be lost (time-out %llu ms)\n", dev->name,
	       (unsigned long long)(dev->timeout_ns / NSEC_PER_MSEC));
	return 0;
}
SHELL_COMMAND(blkfault, "blkfault <disk>", "lose the disk's next request (fault injection)",
	      cmd_blkfault);
