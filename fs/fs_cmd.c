// SPDX-License-Identifier: GPL-2.0
/*
 * Shell commands on files (<avatar/vfs.h>): `fs <sub> ...` and `sync`.
 * Each subcommand is one row of `fs_subcmds`; errors print "fs: <path>:
 * <reason>" (vfs_strerror) and the shell goes on. Paths go through the
 * VFS, so they reach FAT32 at "/", ramfs at /tmp and devfs at /dev;
 * `fs info`, `fs bench` and `sync` are about the boot volume itself and
 * take its lock (<avatar/volume.h>) around direct FAT32 and cache calls.
 */
#include <asm/pmu.h>
#include <avatar/console.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/time.h>
#include <avatar/vfs.h>
#include <avatar/volume.h>
#include <uapi/avatar/errno.h>

#define FS_IO_CHUNK	 (64 * 1024) /* bytes per read/write of cat, cp, sum */
#define FS_HEXDUMP_WIDTH 16
#define FS_HEXDUMP_MAX	 (64 * 1024) /* bytes hexdump shows at most */
#define FS_DEVICE_MAX	 (64 * 1024) /* bytes read from a character device (/dev/zero) */
#define CRC32_POLY	 0xedb88320u /* IEEE 802.3, reflected */
#define MIB		 (1024 * 1024)

/* Subcommands get the arguments after their name. */
struct fs_subcmd {
	const char *name;
	int min_args, max_args; /* after the subcommand */
	int (*fn)(int argc, char **argv);
};

static int fail(const char *path, int err)
{
	printk("fs: %s: %s\n", path, vfs_strerror(err));
	return SHELL_ERR_FAILED;
}

static void *io_buffer(size_t size, unsigned int *order)
{
	int o = page_order_for(size);

	if (o < 0)
		return NULL;
	*order = (unsigned int)o;
	return pa_to_va(alloc_pages(*order));
}

static void io_buffer_free(void *p, unsigned int order)
{
	if (p)
		free_pages(va_to_pa(p), order);
}

static struct volume *volume_or_say(void)
{
	struct volume *v = volume_get();

	if (!v)
		printk("fs: no volume mounted\n");
	return v;
}

static int fs_ls(int argc, char **argv)
{
	const char *path = argc > 0 ? argv[0] : "/";
	static struct vfs_dirent ent; /* 270 bytes: off the stack (one shell) */
	struct vfs_file *f;
	int err = vfs_open(path, O_RDONLY, &f), n;

	if (err)
		return fail(path, err);
	while ((n = vfs_readdir(f, &ent)) > 0)
		printk("%10llu  %s%s\n", (unsigned long long)ent.size, ent.name,
		       ent.type == VFS_T_DIR ? "/" : "");
	vfs_close(f);
	return n < 0 ? fail(path, n) : 0;
}

/*
 * Call fn on each chunk of the file (at most limit bytes; a character
 * device, which may never end, at most FS_DEVICE_MAX); returns the bytes
 * read or a negative error (reported).
 */
static s64 for_each_chunk(const char *path, u64 limit,
			  void (*fn)(const u8 *p, size_t len, u64 off, void *arg), void *arg)
{
	struct vfs_file *f;
	unsigned int order;
	u8 *buf;
	u64 off = 0;
	s64 n = 0;
	int err = vfs_open(path, O_RDONLY, &f);

	if (err)
		return fail(path, err);
	if (f->type == VFS_T_CHR)
		limit = MIN(limit, (u64)FS_DEVICE_MAX);
	buf = io_buffer(FS_IO_CHUNK, &order);
	if (!buf) {
		vfs_close(f);
		printk("fs: out of memory\n");
		return SHELL_ERR_FAILED;
	}
	while (off < limit && (n = vfs_read(f, buf, MIN((u64)FS_IO_CHUNK, limit - off))) > 0) {
		fn(buf, (size_t)n, off, arg);
		off += (u64)n;
	}
	io_buffer_free(buf, order);
	vfs_close(f);
	if (n < 0)
		return fail(path, (int)n);
	return (s64)off;
}

static void cat_chunk(const u8 *p, size_t len, u64 off, void *arg)
{
	(void)off;
	(void)arg;
	console_write((const char *)p, len);
}

static int fs_cat(int argc, char **argv)
{
	(void)argc;
	return for_each_chunk(argv[0], ~0ULL, cat_chunk, NULL) < 0 ? SHELL_ERR_FAILED : 0;
}

static void hexdump_chunk(const u8 *p, size_t len, u64 off, void *arg)
{
	(void)arg;
	for (size_t i = 0; i < len; i += FS_HEXDUMP_WIDTH) {
		char hex[FS_HEXDUMP_WIDTH * 3 + 1], asc[FS_HEXDUMP_WIDTH + 1];
		size_t n = MIN((size_t)FS_HEXDUMP_WIDTH, len - i);
		static const char digits[] = "0123456789abcdef";

		for (size_t j = 0; j < FS_HEXDUMP_WIDTH; j++) {
			hex[j * 3] = j < n ? digits[p[i + j] >> 4] : ' ';
			hex[j * 3 + 1] = j < n ? digits[p[i + j] & 0xf] : ' ';
			hex[j * 3 + 2] = ' ';
			asc[j] = j >= n					 ? '\0'
				 : (p[i + j] >= 0x20 && p[i + j] < 0x7f) ? (char)p[i + j]
									 : '.';
		}
		hex[FS_HEXDUMP_WIDTH * 3] = '\0';
		asc[FS_HEXDUMP_WIDTH] = '\0';
		printk("%08llx  %s |%s|\n", (unsigned long long)(off + i), hex, asc);
	}
}

static int fs_hexdump(int argc, char **argv)
{
	s64 n;

	(void)argc;
	n = for_each_chunk(argv[0], FS_HEXDUMP_MAX, hexdump_chunk, NULL);
	if (n == FS_HEXDUMP_MAX)
		printk("(first %u bytes shown)\n", FS_HEXDUMP_MAX);
	return n < 0 ? SHELL_ERR_FAILED : 0;
}

static u32 crc32_table[256];

static void crc32_chunk(const u8 *p, size_t len, u64 off, void *arg)
{
	u32 *crc = arg, c = *crc;

	(void)off;
	if (!crc32_table[1])
		for (u32 i = 0; i < 256; i++) {
			u32 r = i;

			for (int k = 0; k < 8; k++)
				r = r & 1 ? (r >> 1) ^ CRC32_POLY : r >> 1;
			crc32_table[i] = r;
		}
	for (size_t i = 0; i < len; i++)
		c = crc32_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	*crc = c;
}

static int fs_sum(int argc, char **argv)
{
	u32 crc = ~0u;
	s64 n;

	(void)argc;
	n = for_each_chunk(argv[0], ~0ULL, crc32_chunk, &crc);
	if (n < 0)
		return SHELL_ERR_FAILED;
	printk("crc32 %08x bytes %lld %s\n", ~crc, (long long)n, argv[0]);
	return 0;
}

static int fs_mkdir(int argc, char **argv)
{
	int err = vfs_mkdir(argv[0]);

	(void)argc;
	return err ? fail(argv[0], err) : 0;
}

/* A file or an empty directory. */
static int fs_rm(int argc, char **argv)
{
	struct vfs_stat st;
	int err = vfs_stat(argv[0], &st);

	(void)argc;
	if (!err)
		err = st.type == VFS_T_DIR ? vfs_rmdir(argv[0]) : vfs_unlink(argv[0]);
	return err ? fail(argv[0], err) : 0;
}

static int fs_mv(int argc, char **argv)
{
	int err = vfs_rename(argv[0], argv[1]);

	(void)argc;
	return err ? fail(argv[0], err) : 0;
}

/* Any file to any file, across mounts (/README.txt to /tmp/x). */
static int fs_cp(int argc, char **argv)
{
	struct vfs_file *in, *out;
	unsigned int order;
	u8 *buf;
	s64 n;
	int err;

	(void)argc;
	err = vfs_open(argv[0], O_RDONLY, &in);
	if (err)
		return fail(argv[0], err);
	err = vfs_open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, &out);
	if (err) {
		vfs_close(in);
		return fail(argv[1], err);
	}
	buf = io_buffer(FS_IO_CHUNK, &order);
	n = buf ? 0 : -ENOMEM;
	while (buf && (n = vfs_read(in, buf, FS_IO_CHUNK)) > 0) {
		s64 w = vfs_write(out, buf, (size_t)n);

		if (w != n) {
			err = w < 0 ? (int)w : -ENOSPC;
			break;
		}
	}
	io_buffer_free(buf, order);
	vfs_close(in);
	if (!err && n < 0)
		err = (int)n;
	n = vfs_close(out);
	if (!err && n)
		err = (int)n;
	return err ? fail(argv[1], err) : 0;
}

/* Write all of it, or an error (a short write is a full volume). */
static int write_all(struct vfs_file *f, const void *p, size_t len)
{
	s64 n = vfs_write(f, p, len);

	return n < 0 ? (int)n : n != (s64)len ? -ENOSPC : 0;
}

static int fs_write(int argc, char **argv)
{
	struct vfs_file *f;
	int err = vfs_open(argv[0], O_WRONLY | O_CREAT | O_TRUNC, &f);

	if (err)
		return fail(argv[0], err);
	for (int i = 1; i < argc && !err; i++) {
		err = write_all(f, argv[i], strlen(argv[i]));
		if (!err)
			err = write_all(f, i + 1 < argc ? " " : "\n", 1);
	}
	if (!err)
		err = vfs_close(f);
	else
		vfs_close(f);
	return err ? fail(argv[0], err) : 0;
}

/* The boot volume (FAT32 and its cache), whatever is mounted where. */
static int fs_info(int argc, char **argv)
{
	struct volume *v = volume_or_say();
	struct fat32_statfs sf;
	struct bcache_stats cs;
	const struct blkdev_stats *bs;
	char label[12];
	int err;

	(void)argc;
	(void)argv;
	if (!v)
		return SHELL_ERR_FAILED;
	bs = &v->dev->stats;
	mutex_lock(&v->lock);
	err = fat32_statfs(&v->fs, &sf);
	if (fat32_get_label(&v->fs, label))
		label[0] = '\0';
	bcache_get_stats(&v->cache, &cs);
	mutex_unlock(&v->lock);
	if (err)
		return fail("/", err);
	printk("volume: %s, label %s, FAT32%s\n", v->dev->name, label[0] ? label : "(none)",
	       v->readonly ? ", read-only" : "");
	printk("size: %llu MiB, cluster %u bytes, %u clusters, free %llu KiB\n",
	       (unsigned long long)(v->dev->nr_sectors >> (20 - BLK_SECTOR_SHIFT)), sf.cluster_size,
	       sf.total_clusters, (unsigned long long)sf.free_clusters * sf.cluster_size / 1024);
	printk("cache: %u blocks of %u bytes, %u dirty; hits %llu, misses %llu, read-ahead %llu, "
	       "bypass %llu, evictions %llu\n",
	       v->cache.nr_bufs, BCACHE_BLOCK_SIZE, v->cache.nr_dirty, (unsigned long long)cs.hits,
	       (unsigned long long)cs.misses, (unsigned long long)cs.readahead,
	       (unsigned long long)cs.bypass, (unsigned long long)cs.evictions);
	printk("cache writes: %llu blocks in %llu device writes, %llu write-backs, %llu syncs\n",
	       (unsigned long long)cs.blocks_written, (unsigned long long)cs.dev_writes,
	       (unsigned long long)cs.writebacks, (unsigned long long)cs.flushes);
	printk("disk: %llu reads (%llu sectors), %llu writes (%llu sectors), %llu flushes, "
	       "%llu errors, %llu time-outs\n",
	       (unsigned long long)bs->reads, (unsigned long long)bs->sectors_read,
	       (unsigned long long)bs->writes, (unsigned long long)bs->sectors_written,
	       (unsigned long long)bs->flushes, (unsigned long long)bs->errors,
	       (unsigned long long)bs->timeouts);
	return 0;
}

struct bench_result {
	u64 ns;	  /* time_now_ns(): includes idle time skipped under -icount sleep=off */
	u32 inst; /* retired instructions (PMU; 0 if the event is not available) */
};

/* Read the whole file into memory with one vfs_read() (one fat32_read()). */
static int bench_read(const char *path, u8 *buf, u32 size, struct bench_result *r)
{
	struct vfs_file *f;
	bool pmu = pmu_inst_supported();
	u64 t0;
	s64 n;
	int err;

	if (pmu)
		pmu_inst_start();
	t0 = time_now_ns();
	err = vfs_open(path, O_RDONLY, &f);
	if (err)
		return err;
	n = vfs_read(f, buf, size);
	vfs_close(f);
	r->ns = time_now_ns() - t0;
	r->inst = pmu ? pmu_inst_read() : 0;
	return n == (s64)size ? 0 : n < 0 ? (int)n : -EIO;
}

static int fs_bench(int argc, char **argv)
{
	struct volume *v = volume_or_say();
	struct vfs_stat st;
	unsigned int order;
	struct bench_result cold, warm;
	u8 *buf;
	int err;

	(void)argc;
	if (!v)
		return SHELL_ERR_FAILED;
	err = vfs_stat(argv[0], &st);
	if (!err && st.type != VFS_T_FILE)
		err = -EISDIR;
	if (!err && st.size > FAT32_FILE_MAX)
		err = -EFBIG;
	if (err)
		return fail(argv[0], err);
	buf = io_buffer(MAX(st.size, 1ull), &order);
	if (!buf) {
		printk("fs: out of memory for %llu bytes\n", (unsigned long long)st.size);
		return SHELL_ERR_FAILED;
	}
	mutex_lock(&v->lock);
	bcache_drop_clean(&v->cache); /* cold: nothing of the file cached */
	mutex_unlock(&v->lock);
	err = bench_read(argv[0], buf, (u32)st.size, &cold);
	if (!err)
		err = bench_read(argv[0], buf, (u32)st.size, &warm);
	io_buffer_free(buf, order);
	if (err)
		return fail(argv[0], err);
	printk("bench: %s, %llu bytes: cold %llu ns %u instructions, warm %llu ns %u "
	       "instructions\n",
	       argv[0], (unsigned long long)st.size, (unsigned long long)cold.ns, cold.inst,
	       (unsigned long long)warm.ns, warm.inst);
	return 0;
}

/* The mount table: path, file system, rw/ro, size and free space. */
static int fs_mount(int argc, char **argv)
{
	const struct vfs_mount *m;

	(void)argc;
	(void)argv;
	for (unsigned int i = 0; i < VFS_MAX_MOUNTS; i++) {
		u64 total, free_bytes;

		m = vfs_mount_at(i);
		if (!m)
			continue;
		if (vfs_statfs(m->path, &total, &free_bytes))
			total = free_bytes = 0;
		printk("%-8s %-6s %s", m->path, m->ops->name,
		       m->flags & VFS_MOUNT_RDONLY ? "ro" : "rw");
		if (total)
			printk("  %llu KiB, %llu KiB free", (unsigned long long)(total / 1024),
			       (unsigned long long)(free_bytes / 1024));
		printk("\n");
	}
	return 0;
}

static const struct fs_subcmd fs_subcmds[] = {
	{"bench", 1, 1, fs_bench}, {"cat", 1, 1, fs_cat},
	{"cp", 2, 2, fs_cp},	   {"hexdump", 1, 1, fs_hexdump},
	{"info", 0, 0, fs_info},   {"ls", 0, 1, fs_ls},
	{"mkdir", 1, 1, fs_mkdir}, {"mount", 0, 0, fs_mount},
	{"mv", 2, 2, fs_mv},	   {"rm", 1, 1, fs_rm},
	{"sum", 1, 1, fs_sum},	   {"write", 1, SHELL_MAX_ARGS, fs_write},
};

static int cmd_fs(int argc, char **argv)
{
	if (argc < 2)
		return SHELL_ERR_USAGE;
	for (unsigned int i = 0; i < ARRAY_SIZE(fs_subcmds); i++) {
		const struct fs_subcmd *s = &fs_subcmds[i];

		if (strcmp(argv[1], s->name))
			continue;
		if (argc - 2 < s->min_args || argc - 2 > s->max_args)
			return SHELL_ERR_USAGE;
		return s->fn(argc - 2, argv + 2);
	}
	return SHELL_ERR_USAGE;
}
SHELL_COMMAND(fs,
	      "fs ls [dir] | cat|hexdump|sum|bench <file> | info | mount | mkdir <dir> | "
	      "rm <path> | cp|mv <src> <dst> | write <file> <text...>",
	      "files: / (FAT32 on vda), /tmp (ramfs), /dev (devfs)", cmd_fs);

static int cmd_sync(int argc, char **argv)
{
	struct volume *v;
	int err;

	(void)argv;
	if (argc != 1)
		return SHELL_ERR_USAGE;
	v = volume_or_say();
	if (!v)
		return SHELL_ERR_FAILED;
	err = volume_sync(v);
	return err ? fail(v->dev->name, err) : 0;
}
SHELL_COMMAND(sync, "sync", "write cached changes to the disk", cmd_sync);
