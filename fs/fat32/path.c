/* SPDX-License-Identifier: MIT */
/*
 * FAT32 path resolution.
 *
 * Paths are UTF-8, '/'-separated and relative to the volume root (a
 * leading '/' is optional, repeated and trailing '/' are ignored). "."
 * stays, ".." follows the directory's on-disk ".." entry (cluster 0
 * there means the root). Names compare case-insensitively (ASCII) with
 * both the long and the 8.3 name of each entry.
 */
#include "fat32_internal.h"

static void node_root(struct fat32_fs *fs, struct fat32_node *node)
{
	node->is_root = true;
	node->parent = fs->root_cluster;
	node->cluster = fs->root_cluster;
}

static bool node_is_dir(const struct fat32_node *node)
{
	return node->is_root || (node->rec.ent[DIR_ATTR] & FAT32_ATTR_DIRECTORY);
}

/* Descend from node into the component comp[0..len). */
static int step(struct fat32_fs *fs, struct fat32_node *node, const char *comp, size_t len)
{
	uint16_t name[LFN_MAX_UNITS];
	uint32_t parent, c;
	int n, err;

	if (len == 1 && comp[0] == '.')
		return 0;
	if (!node_is_dir(node))
		return FAT32_ENOTDIR;
	if (!fat32_cluster_valid(fs, node->cluster))
		return FAT32_ECORRUPT;
	if (len == 2 && comp[0] == '.' && comp[1] == '.') {
		if (node->is_root)
			return 0;
		name[0] = name[1] = '.';
		n = 2;
	} else {
		n = fat32_utf8_to_utf16(comp, len, name, LFN_MAX_UNITS);
		if (n < 0)
			return n == FAT32_ENAMETOOLONG ? n : FAT32_ENOENT;
	}
	parent = node->cluster;
	err = fat32_dir_lookup(fs, parent, name, (size_t)n, &node->rec);
	if (err)
		return err;
	c = dirent_cluster(node->rec.ent);
	if (n == 2 && name[0] == '.' && name[1] == '.' && (c == 0 || c == fs->root_cluster)) {
		node_root(fs, node);
		return 0;
	}
	node->is_root = false;
	node->parent = parent;
	node->cluster = c;
	return 0;
}

static int walk(struct fat32_fs *fs, const char *path, size_t len, struct fat32_node *node)
{
	size_t i = 0, start;
	int err;

	node_root(fs, node);
	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		if (i == start)
			break;
		err = step(fs, node, path + start, i - start);
		if (err)
			return err;
	}
	return 0;
}

int fat32_path_lookup(struct fat32_fs *fs, const char *path, struct fat32_node *node)
{
	size_t len;

	if (!path)
		return FAT32_EINVAL;
	len = strlen(path);
	if (len >= FAT32_PATH_MAX)
		return FAT32_ENAMETOOLONG;
	return walk(fs, path, len, node);
}

int fat32_path_parent(struct fat32_fs *fs, const char *path, uint32_t *dir, uint16_t *name,
		      size_t *n)
{
	struct fat32_node node;
	size_t len, end, start;
	int r;

	if (!path)
		return FAT32_EINVAL;
	len = strlen(path);
	if (len >= FAT32_PATH_MAX)
		return FAT32_ENAMETOOLONG;
	end = len;
	while (end > 0 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (start == end)
		return FAT32_EINVAL; /* the root has no parent entry */
	if ((end - start == 1 && path[start] == '.') ||
	    (end - start == 2 && path[start] == '.' && path[start + 1] == '.'))
		return FAT32_EINVAL;
	r = walk(fs, path, start, &node);
	if (r)
		return r;
	if (!node_is_dir(&node))
		return FAT32_ENOTDIR;
	if (!fat32_cluster_valid(fs, node.cluster))
		return FAT32_ECORRUPT;
	r = fat32_utf8_to_utf16(path + start, end - start, name, LFN_MAX_UNITS);
	if (r < 0)
		return r;
	*dir = node.cluster;
	*n = (size_t)r;
	return 0;
}
