// SPDX-License-Identifier: GPL-2.0
/*
 * ramfs: a tree of nodes in kernel memory (<fs/ramfs.h>).
 *
 * A node is a file or a directory: a name, its parent, its first child
 * and next sibling (directories are unsorted lists: ramfs holds scratch
 * files, not thousands of them). A file's data is an array of pointers
 * to RAMFS_BLOCK_SIZE blocks, grown by doubling; a NULL pointer is a
 * hole. Limits: used_bytes (blocks allocated) against max_bytes, nodes
 * against max_nodes; beyond them -ENOSPC, with nothing changed by the
 * failing call except the bytes already written by a short write.
 *
 * An open file holds a reference on its node (refs); unlink takes the
 * node out of the tree and the last close frees it. Everything runs
 * under the mount's lock (the VFS takes it), so there is no lock here.
 */
#include <avatar/slab.h>
#include <avatar/string.h>
#include <fs/ramfs.h>
#include <uapi/avatar/errno.h>

struct ramfs_node {
	char *name; /* kmalloc'd; "" for the root */
	bool dir;
	bool linked; /* in the tree */
	int refs;    /* open files */
	struct ramfs_node *parent, *child, *next;
	struct ramfs *fs;
	u64 size;
	u8 **blocks;
	u64 nr_blocks; /* entries in blocks[] */
};

struct ramfs {
	struct ramfs_node *root;
	u64 max_bytes, used_bytes;
	u32 max_nodes, nodes;
};

static struct ramfs_node *node_new(struct ramfs *fs, const char *name, size_t len, bool dir)
{
	struct ramfs_node *n;

	if (fs->nodes >= fs->max_nodes)
		return NULL;
	n = kzalloc(sizeof(*n));
	if (!n)
		return NULL;
	n->name = kmalloc(len + 1);
	if (!n->name) {
		kfree(n);
		return NULL;
	}
	memcpy(n->name, name, len);
	n->name[len] = '\0';
	n->dir = dir;
	n->fs = fs;
	fs->nodes++;
	return n;
}

static void free_blocks_from(struct ramfs_node *n, u64 first)
{
	for (u64 i = first; i < n->nr_blocks; i++)
		if (n->blocks[i]) {
			kfree(n->blocks[i]);
			n->blocks[i] = NULL;
			n->fs->used_bytes -= RAMFS_BLOCK_SIZE;
		}
}

static void node_free(struct ramfs_node *n)
{
	free_blocks_from(n, 0);
	kfree(n->blocks);
	kfree(n->name);
	n->fs->nodes--;
	kfree(n);
}

static void link_child(struct ramfs_node *dir, struct ramfs_node *n)
{
	n->parent = dir;
	n->next = dir->child;
	dir->child = n;
	n->linked = true;
}

static void unlink_child(struct ramfs_node *n)
{
	struct ramfs_node **pp = &n->parent->child;

	while (*pp != n)
		pp = &(*pp)->next;
	*pp = n->next;
	n->next = NULL;
	n->linked = false;
}

static struct ramfs_node *find_child(struct ramfs_node *dir, const char *name, size_t len)
{
	for (struct ramfs_node *c = dir->child; c; c = c->next)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

/*
 * Walk a normalized path. Returns the node, or NULL with *err set; when
 * only the last component is missing, *parent is its directory and
 * *last / *last_len its name (for create, mkdir and rename).
 */
static struct ramfs_node *walk(struct ramfs *fs, const char *path, struct ramfs_node **parent,
			       const char **last, size_t *last_len, int *err)
{
	struct ramfs_node *cur = fs->root;
	const char *p = path;

	if (parent)
		*parent = NULL;
	while (*p == '/')
		p++;
	while (*p) {
		const char *start = p;
		size_t len;
		struct ramfs_node *next;

		while (*p && *p != '/')
			p++;
		len = (size_t)(p - start);
		while (*p == '/')
			p++;
		if (!cur->dir) {
			*err = -ENOTDIR;
			return NULL;
		}
		next = find_child(cur, start, len);
		if (!next) {
			*err = -ENOENT;
			if (!*p && parent) {
				*parent = cur;
				*last = start;
				*last_len = len;
			}
			return NULL;
		}
		cur = next;
	}
	return cur;
}

/* Make room for block index idx; 0 or -ENOMEM. */
static int grow_table(struct ramfs_node *n, u64 idx)
{
	u64 nr = n->nr_blocks ? n->nr_blocks : 4;
	u8 **t;

	if (idx < n->nr_blocks)
		return 0;
	while (nr <= idx)
		nr *= 2;
	t = kzalloc(nr * sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (n->blocks)
		memcpy(t, n->blocks, n->nr_blocks * sizeof(*t));
	kfree(n->blocks);
	n->blocks = t;
	n->nr_blocks = nr;
	return 0;
}

static void fill_stat(const struct ramfs_node *n, struct vfs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->type = n->dir ? VFS_T_DIR : VFS_T_FILE;
	st->size = n->dir ? 0 : n->size;
}

/* Cut a file to length: blocks beyond go, the tail of the last one is zeroed. */
static void cut(struct ramfs_node *n, u64 length)
{
	u64 keep = (length + RAMFS_BLOCK_SIZE - 1) / RAMFS_BLOCK_SIZE;
	u64 tail = length % RAMFS_BLOCK_SIZE;

	if (length < n->size) {
		free_blocks_from(n, keep);
		if (tail && keep - 1 < n->nr_blocks && n->blocks[keep - 1])
			memset(n->blocks[keep - 1] + tail, 0, RAMFS_BLOCK_SIZE - tail);
	}
	n->size = length;
}

/* Open files. */

static s64 ramfs_read(struct vfs_file *f, void *buf, size_t len)
{
	struct ramfs_node *n = f->priv;
	u8 *out = buf;
	size_t done = 0;

	if (f->pos >= n->size)
		return 0;
	if (len > n->size - f->pos)
		len = (size_t)(n->size - f->pos);
	while (done < len) {
		u64 idx = f->pos / RAMFS_BLOCK_SIZE, off = f->pos % RAMFS_BLOCK_SIZE;
		size_t chunk =
			RAMFS_BLOCK_SIZE - off < len - done ? RAMFS_BLOCK_SIZE - off : len - done;
		u8 *b = idx < n->nr_blocks ? n->blocks[idx] : NULL;

		if (b)
			memcpy(out + done, b + off, chunk);
		else
			memset(out + done, 0, chunk);
		done += chunk;
		f->pos += chunk;
	}
	return (s64)done;
}

static s64 ramfs_write(struct vfs_file *f, const void *buf, size_t len)
{
	struct ramfs_node *n = f->priv;
	struct ramfs *fs = n->fs;
	const u8 *in = buf;
	size_t done = 0;
	int err = 0;

	while (done < len) {
		u64 idx = f->pos / RAMFS_BLOCK_SIZE, off = f->pos % RAMFS_BLOCK_SIZE;
		size_t chunk =
			RAMFS_BLOCK_SIZE - off < len - done ? RAMFS_BLOCK_SIZE - off : len - done;

		err = grow_table(n, idx);
		if (err)
			break;
		if (!n->blocks[idx]) {
			if (fs->used_bytes + RAMFS_BLOCK_SIZE > fs->max_bytes) {
				err = -ENOSPC;
				break;
			}
			n->blocks[idx] = kzalloc(RAMFS_BLOCK_SIZE);
			if (!n->blocks[idx]) {
				err = -ENOMEM;
				break;
			}
			fs->used_bytes += RAMFS_BLOCK_SIZE;
		}
		memcpy(n->blocks[idx] + off, in + done, chunk);
		done += chunk;
		f->pos += chunk;
		if (f->pos > n->size)
			n->size = f->pos;
	}
	return done ? (s64)done : err;
}

static int ramfs_readdir(struct vfs_file *f, struct vfs_dirent *out)
{
	struct ramfs_node *n = f->cursor;
	struct vfs_stat st;

	/*
	 * The cursor is the next child to return. A node unlinked meanwhile
	 * may be freed, so it is re-validated against the directory's
	 * current children.
	 */
	if (!n)
		return 0;
	for (struct ramfs_node *ch = ((struct ramfs_node *)f->priv)->child; ch; ch = ch->next)
		if (ch == n) {
			fill_stat(n, &st);
			out->type = st.type;
			out->size = st.size;
			strlcpy(out->name, n->name, sizeof(out->name));
			f->cursor = n->next;
			return 1;
		}
	return 0; /* the entry went away: end the listing */
}

static int ramfs_ftruncate(struct vfs_file *f, u64 length)
{
	cut(f->priv, length);
	return 0;
}

static int ramfs_fstat(struct vfs_file *f, struct vfs_stat *st)
{
	fill_stat(f->priv, st);
	return 0;
}

static int ramfs_close(struct vfs_file *f)
{
	struct ramfs_node *n = f->priv;

	if (--n->refs == 0 && !n->linked && n != n->fs->root)
		node_free(n);
	return 0;
}

static const struct vfs_file_ops ramfs_file_ops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.readdir = ramfs_readdir,
	.truncate = ramfs_ftruncate,
	.stat = ramfs_fstat,
	.close = ramfs_close,
};

/* Path operations. */

static int ramfs_open(struct vfs_mount *m, const char *path, int flags, struct vfs_file *f)
{
	struct ramfs *fs = m->priv;
	struct ramfs_node *parent, *n;
	const char *name;
	size_t len;
	int err;

	n = walk(fs, path, &parent, &name, &len, &err);
	if (!n) {
		if (err != -ENOENT || !parent || !(flags & O_CREAT))
			return err;
		if (!parent->dir)
			return -ENOTDIR;
		n = node_new(fs, name, len, false);
		if (!n)
			return -ENOSPC;
		link_child(parent, n);
	} else if ((flags & O_CREAT) && (flags & O_EXCL)) {
		return -EEXIST;
	} else if (n->dir && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))) {
		return -EISDIR;
	} else if (!n->dir && (flags & O_TRUNC)) {
		cut(n, 0);
	}
	n->refs++;
	f->priv = n;
	f->ops = &ramfs_file_ops;
	f->type = n->dir ? VFS_T_DIR : VFS_T_FILE;
	if (n->dir)
		f->cursor = n->child;
	return 0;
}

static int ramfs_stat(struct vfs_mount *m, const char *path, struct vfs_stat *st)
{
	int err;
	struct ramfs_node *n = walk(m->priv, path, NULL, NULL, NULL, &err);

	if (!n)
		return err;
	fill_stat(n, st);
	return 0;
}

static int ramfs_mkdir(struct vfs_mount *m, const char *path)
{
	struct ramfs *fs = m->priv;
	struct ramfs_node *parent, *n;
	const char *name;
	size_t len;
	int err;

	if (walk(fs, path, &parent, &name, &len, &err))
		return -EEXIST;
	if (!parent)
		return err;
	n = node_new(fs, name, len, true);
	if (!n)
		return -ENOSPC;
	link_child(parent, n);
	return 0;
}

/* Take n out of the tree; free it unless a file is open on it. */
static void drop(struct ramfs_node *n)
{
	unlink_child(n);
	if (!n->refs)
		node_free(n);
}

static int ramfs_unlink(struct vfs_mount *m, const char *path)
{
	int err;
	struct ramfs_node *n = walk(m->priv, path, NULL, NULL, NULL, &err);

	if (!n)
		return err;
	if (n->dir)
		return -EISDIR;
	drop(n);
	return 0;
}

static int ramfs_rmdir(struct vfs_mount *m, const char *path)
{
	struct ramfs *fs = m->priv;
	int err;
	struct ramfs_node *n = walk(fs, path, NULL, NULL, NULL, &err);

	if (!n)
		return err;
	if (!n->dir)
		return -ENOTDIR;
	if (n == fs->root)
		return -EBUSY;
	if (n->child)
		return -ENOTEMPTY;
	drop(n);
	return 0;
}

static int ramfs_rename(struct vfs_mount *m, const char *from, const char *to)
{
	struct ramfs *fs = m->priv;
	struct ramfs_node *src, *dst, *parent, *a;
	const char *name;
	size_t len;
	char *newname;
	int err;

	src = walk(fs, from, NULL, NULL, NULL, &err);
	if (!src)
		return err;
	if (src == fs->root)
		return -EBUSY;
	dst = walk(fs, to, &parent, &name, &len, &err);
	if (dst == src)
		return 0;
	if (dst) {
		if (dst == fs->root)
			return -EBUSY;
		if (src->dir && !dst->dir)
			return -ENOTDIR;
		if (!src->dir && dst->dir)
			return -EISDIR;
		if (dst->dir && dst->child)
			return -ENOTEMPTY;
		parent = dst->parent;
		name = vfs_path_basename(to);
		len = strlen(name);
	} else if (!parent) {
		return err;
	}
	/* A directory cannot move below itself. */
	for (a = parent; a; a = a->parent)
		if (a == src)
			return -EINVAL;
	newname = kmalloc(len + 1);
	if (!newname)
		return -ENOMEM;
	memcpy(newname, name, len);
	newname[len] = '\0';
	if (dst)
		drop(dst);
	unlink_child(src);
	kfree(src->name);
	src->name = newname;
	link_child(parent, src);
	return 0;
}

static int ramfs_truncate(struct vfs_mount *m, const char *path, u64 length)
{
	int err;
	struct ramfs_node *n = walk(m->priv, path, NULL, NULL, NULL, &err);

	if (!n)
		return err;
	if (n->dir)
		return -EISDIR;
	cut(n, length);
	return 0;
}

static int ramfs_statfs(struct vfs_mount *m, u64 *total_bytes, u64 *free_bytes)
{
	struct ramfs *fs = m->priv;

	*total_bytes = fs->max_bytes;
	*free_bytes = fs->max_bytes - fs->used_bytes;
	return 0;
}

const struct vfs_fs_ops ramfs_ops = {
	.name = "ramfs",
	.open = ramfs_open,
	.stat = ramfs_stat,
	.mkdir = ramfs_mkdir,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.truncate = ramfs_truncate,
	.statfs = ramfs_statfs,
};

struct ramfs *ramfs_create(u64 max_bytes, u32 max_nodes)
{
	struct ramfs *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->max_bytes = max_bytes;
	fs->max_nodes = max_nodes + 1; /* the root */
	fs->root = node_new(fs, "", 0, true);
	if (!fs->root) {
		kfree(fs);
		return NULL;
	}
	fs->root->linked = true;
	return fs;
}

static void free_tree(struct ramfs_node *n)
{
	while (n->child) {
		struct ramfs_node *c = n->child;

		n->child = c->next;
		free_tree(c);
	}
	node_free(n);
}

void ramfs_destroy(struct ramfs *fs)
{
	free_tree(fs->root);
	kfree(fs);
}

u64 ramfs_used_bytes(const struct ramfs *fs)
{
	return fs->used_bytes;
}
