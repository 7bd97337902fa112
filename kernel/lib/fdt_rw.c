// SPDX-License-Identifier: GPL-2.0
/*
 * Flattened device tree writer: set, add and delete properties, add and
 * delete nodes, in place in a buffer with room to grow. The interface is
 * in <avatar/fdt.h>.
 *
 * Every change is a splice of the structure block: [off, off + old) is
 * replaced by new bytes, and what follows - the rest of the structure
 * block, any gap, and the strings block, which fdt_open_rw() made sure
 * comes last - moves by the difference with one memmove. Property names
 * are shared in the strings block (an existing string is reused; a new
 * one is appended at its end; strings no longer used are left, as dtc
 * and libfdt do). The room a change needs is computed before anything is
 * moved, so a write that fails leaves the blob as it was.
 *
 * Node offsets given by the caller are checked by walking the tree from
 * the root: an offset that merely points at a BEGIN_NODE word inside a
 * property value is refused, so no write can corrupt the structure.
 */
#include <avatar/compiler.h>
#include <avatar/fdt.h>
#include <avatar/string.h>

#include "fdt-internal.h"

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static u32 strings_end(const struct fdt *fdt)
{
	return fdt->strings_off + fdt->strings_size;
}

int fdt_open_rw(struct fdt *fdt, void *buf, size_t buf_size)
{
	int err = fdt_init(fdt, buf, buf_size);

	if (err)
		return err;
	if (fdt->version < 17) {
		fdt->blob = NULL;
		return -FDT_ERR_BADVERSION; /* v16 has no size_dt_struct to keep */
	}
	/* Memory reservation map, then structure block, then strings block. */
	if (fdt->rsvmap_off >= fdt->struct_off ||
	    (u64)fdt->struct_off + fdt->struct_size > fdt->strings_off) {
		fdt->blob = NULL;
		return -FDT_ERR_BADLAYOUT;
	}
	fdt->wblob = buf;
	fdt->buf_size = buf_size > 0xffffffffU ? 0xffffffffU : (u32)buf_size;
	return 0;
}

static int writable(const struct fdt *fdt)
{
	if (!fdt || !fdt->blob)
		return -FDT_ERR_BADARG;
	return fdt->wblob ? 0 : -FDT_ERR_RDONLY;
}

/* Names: printable ASCII without '/', not empty (devicetree spec 2.2.1, 2.2.4). */
static bool valid_name(const char *name)
{
	if (!name || !*name)
		return false;
	for (; *name; name++)
		if (*name <= ' ' || *name > '~' || *name == '/')
			return false;
	return true;
}

static void write_header(struct fdt *fdt)
{
	put_be32(fdt->wblob + HDR_TOTALSIZE, fdt->total_size);
	put_be32(fdt->wblob + HDR_OFF_DT_STRINGS, fdt->strings_off);
	put_be32(fdt->wblob + HDR_SIZE_DT_STRINGS, fdt->strings_size);
	put_be32(fdt->wblob + HDR_SIZE_DT_STRUCT, fdt->struct_size);
}

/* Can the blob grow by 'more' bytes? */
static int room_for(const struct fdt *fdt, u64 more)
{
	return (u64)strings_end(fdt) + more <= fdt->buf_size ? 0 : -FDT_ERR_NOSPACE;
}

/*
 * Replace [off, off + old_len) of the structure block by new_len bytes
 * (left uninitialised for the caller), moving everything after it. The
 * caller has checked room_for(new_len - old_len).
 */
static void splice_struct(struct fdt *fdt, u32 off, u32 old_len, u32 new_len)
{
	u8 *from = fdt->wblob + fdt->struct_off + off + old_len;
	u8 *to = fdt->wblob + fdt->struct_off + off + new_len;

	memmove(to, from, strings_end(fdt) - (fdt->struct_off + off + old_len));
	fdt->struct_size = fdt->struct_size - old_len + new_len;
	fdt->strings_off = fdt->strings_off - old_len + new_len;
	fdt->total_size = MAX(fdt->total_size, strings_end(fdt));
	write_header(fdt);
}

/* Offset of 'name' in the strings block, or -FDT_ERR_NOTFOUND. */
static int find_string(const struct fdt *fdt, const char *name)
{
	const char *strings = (const char *)fdt->blob + fdt->strings_off;
	size_t len = strlen(name) + 1;

	for (u32 i = 0; len <= fdt->strings_size && i <= fdt->strings_size - len; i++)
		if (memcmp(strings + i, name, len) == 0)
			return (int)i;
	return -FDT_ERR_NOTFOUND;
}

/* Append 'name' to the strings block (room checked by the caller); its offset. */
static u32 add_string(struct fdt *fdt, const char *name)
{
	u32 off = fdt->strings_size;
	size_t len = strlen(name) + 1;

	memcpy(fdt->wblob + strings_end(fdt), name, len);
	fdt->strings_size += (u32)len;
	fdt->total_size = MAX(fdt->total_size, strings_end(fdt));
	write_header(fdt);
	return off;
}

/*
 * Is 'node' the offset of a node of the tree (found by walking it)? Its
 * depth (root = 1) in *depth.
 */
static int check_node(const struct fdt *fdt, int node, int *depth)
{
	int off = fdt_root(fdt), d = 1;

	if (node < 0)
		return -FDT_ERR_BADARG;
	while (off >= 0) {
		if (off == node) {
			if (depth)
				*depth = d;
			return 0;
		}
		off = fdt_next_node(fdt, off, &d);
	}
	return off == -FDT_ERR_NOTFOUND ? -FDT_ERR_BADARG : off;
}

/*
 * The property 'name' of 'node': its token's offset in *prop (or -1), and
 * in *end the offset just after the node's last property (where a new one
 * goes).
 */
static int find_prop(const struct fdt *fdt, int node, const char *name, int *prop, int *end)
{
	struct fdt_token tok;
	int off, err;

	err = fdt_read_token(fdt, node, &tok);
	if (err)
		return err;
	*prop = -1;
	for (off = tok.next;; off = tok.next) {
		err = fdt_read_token(fdt, off, &tok);
		if (err)
			return err;
		if (tok.tag == FDT_NOP)
			continue;
		if (tok.tag != FDT_PROP)
			break;
		if (*prop < 0 && tok.name && strcmp(tok.name, name) == 0)
			*prop = off;
	}
	*end = off;
	return 0;
}

/* Write a property token at off: header, value, zero padding. */
static void write_prop(struct fdt *fdt, u32 off, u32 nameoff, const void *val, u32 len)
{
	u8 *p = fdt->wblob + fdt->struct_off + off;

	put_be32(p, FDT_PROP);
	put_be32(p + FDT_TOKEN_SIZE, len);
	put_be32(p + 2 * FDT_TOKEN_SIZE, nameoff);
	if (len)
		memcpy(p + FDT_PROP_HDR_SIZE, val, len);
	memset(p + FDT_PROP_HDR_SIZE + len, 0, fdt_align(len) - len);
}

int fdt_setprop(struct fdt *fdt, int node, const char *name, const void *val, u32 len)
{
	int err = writable(fdt), prop, end, nameoff;
	u32 new_len = FDT_PROP_HDR_SIZE + fdt_align(len);
	struct fdt_token tok;

	if (err)
		return err;
	if (!valid_name(name))
		return -FDT_ERR_BADNAME;
	if (!val && len)
		return -FDT_ERR_BADARG;
	if (len > fdt->buf_size)
		return -FDT_ERR_NOSPACE;
	err = check_node(fdt, node, NULL);
	if (!err)
		err = find_prop(fdt, node, name, &prop, &end);
	if (err)
		return err;

	if (prop >= 0) {
		u32 old_len;

		err = fdt_read_token(fdt, prop, &tok);
		if (err)
			return err;
		old_len = (u32)(tok.next - prop);
		if (new_len > old_len && room_for(fdt, new_len - old_len))
			return -FDT_ERR_NOSPACE;
		nameoff = (int)fdt_be32(fdt->blob + fdt->struct_off + prop + 2 * FDT_TOKEN_SIZE);
		splice_struct(fdt, (u32)prop, old_len, new_len);
		write_prop(fdt, (u32)prop, (u32)nameoff, val, len);
		return 0;
	}

	nameoff = find_string(fdt, name);
	if (room_for(fdt, (u64)new_len + (nameoff < 0 ? strlen(name) + 1 : 0)))
		return -FDT_ERR_NOSPACE;
	if (nameoff < 0)
		nameoff = (int)add_string(fdt, name);
	splice_struct(fdt, (u32)end, 0, new_len);
	write_prop(fdt, (u32)end, (u32)nameoff, val, len);
	return 0;
}

int fdt_setprop_u32(struct fdt *fdt, int node, const char *name, u32 val)
{
	u8 cell[4];

	put_be32(cell, val);
	return fdt_setprop(fdt, node, name, cell, sizeof(cell));
}

int fdt_setprop_u64(struct fdt *fdt, int node, const char *name, u64 val)
{
	u8 cells[8];

	put_be32(cells, (u32)(val >> 32));
	put_be32(cells + 4, (u32)val);
	return fdt_setprop(fdt, node, name, cells, sizeof(cells));
}

int fdt_setprop_string(struct fdt *fdt, int node, const char *name, const char *str)
{
	if (!str)
		return -FDT_ERR_BADARG;
	return fdt_setprop(fdt, node, name, str, (u32)strlen(str) + 1);
}

int fdt_delprop(struct fdt *fdt, int node, const char *name)
{
	int err = writable(fdt), prop, end;
	struct fdt_token tok;

	if (err)
		return err;
	if (!name)
		return -FDT_ERR_BADARG;
	err = check_node(fdt, node, NULL);
	if (!err)
		err = find_prop(fdt, node, name, &prop, &end);
	if (!err && prop < 0)
		err = -FDT_ERR_NOTFOUND;
	if (!err)
		err = fdt_read_token(fdt, prop, &tok);
	if (err)
		return err;
	splice_struct(fdt, (u32)prop, (u32)(tok.next - prop), 0);
	return 0;
}

int fdt_add_subnode(struct fdt *fdt, int parent, const char *name)
{
	int err = writable(fdt), depth, prop, end, child;
	size_t name_len;
	u32 size;
	u8 *p;

	if (err)
		return err;
	if (!valid_name(name))
		return -FDT_ERR_BADNAME;
	name_len = strlen(name);
	if (name_len >= fdt->buf_size)
		return -FDT_ERR_NOSPACE;
	err = check_node(fdt, parent, &depth);
	if (err)
		return err;
	if (depth >= FDT_MAX_DEPTH)
		return -FDT_ERR_TOODEEP;
	fdt_for_each_child(fdt, parent, child)
	{
		const char *n = fdt_node_name(fdt, child);

		if (n && strcmp(n, name) == 0)
			return -FDT_ERR_EXISTS;
	}
	err = find_prop(fdt, parent, "", &prop, &end);
	if (err)
		return err;
	/* BEGIN_NODE, the name padded to a token, END_NODE. */
	size = FDT_TOKEN_SIZE + fdt_align(name_len + 1) + FDT_TOKEN_SIZE;
	if (room_for(fdt, size))
		return -FDT_ERR_NOSPACE;
	splice_struct(fdt, (u32)end, 0, size);
	p = fdt->wblob + fdt->struct_off + end;
	put_be32(p, FDT_BEGIN_NODE);
	memset(p + FDT_TOKEN_SIZE, 0, fdt_align(name_len + 1));
	memcpy(p + FDT_TOKEN_SIZE, name, name_len);
	put_be32(p + size - FDT_TOKEN_SIZE, FDT_END_NODE);
	return end;
}

int fdt_del_node(struct fdt *fdt, int node)
{
	int err = writable(fdt), depth = 0, off;
	struct fdt_token tok;

	if (err)
		return err;
	err = check_node(fdt, node, &depth);
	if (err)
		return err;
	if (depth == 1)
		return -FDT_ERR_BADARG; /* the root */
	/* Find the END_NODE that closes 'node'. */
	depth = 0;
	for (off = node;; off = tok.next) {
		err = fdt_read_token(fdt, off, &tok);
		if (err)
			return err;
		if (tok.tag == FDT_BEGIN_NODE)
			depth++;
		else if (tok.tag == FDT_END_NODE && --depth == 0)
			break;
		else if (tok.tag == FDT_END)
			return -FDT_ERR_BADSTRUCTURE;
	}
	splice_struct(fdt, (u32)node, (u32)(tok.next - node), 0);
	return 0;
}
