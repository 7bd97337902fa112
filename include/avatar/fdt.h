/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small, defensive reader of flattened device trees (DTB, devicetree
 * specification v0.4, chapter 5).
 *
 * fdt_init() checks the header and walks the whole structure block once,
 * so a blob it accepts has in-bounds blocks, well-formed tokens and
 * balanced nodes. Every accessor still bounds-checks what it reads, so no
 * call can read outside [blob, blob + totalsize) whatever the blob holds.
 *
 * Nodes are named by their offset in the structure block (an int >= 0).
 * Functions returning an int return a node offset or 0 on success, and a
 * negative -FDT_ERR_* code on failure. All multi-byte values in a blob are
 * big-endian; the accessors convert them. Host-safe (used by unit tests).
 */
#ifndef AVATAR_FDT_H
#define AVATAR_FDT_H

#include <avatar/types.h>

#define FDT_MAGIC	      0xd00dfeedU
#define FDT_HEADER_SIZE	      40 /* v17 header: ten 32-bit fields */
#define FDT_MIN_VERSION	      16 /* oldest format this reader accepts */
#define FDT_LAST_COMP_VERSION 17 /* newest format it understands */
#define FDT_MAX_DEPTH	      32 /* deepest node nesting accepted */

enum fdt_error {
	FDT_ERR_NOTFOUND = 1, /* no such node or property */
	FDT_ERR_BADMAGIC,     /* not a device tree blob */
	FDT_ERR_BADVERSION,   /* format version not supported */
	FDT_ERR_TRUNCATED,    /* blob larger than the buffer holding it */
	FDT_ERR_BADLAYOUT,    /* a block lies outside the blob or is misaligned */
	FDT_ERR_BADSTRUCTURE, /* bad token, unterminated name, unbalanced nodes */
	FDT_ERR_BADVALUE,     /* property of the wrong size or format */
	FDT_ERR_BADCELLS,     /* #address-cells / #size-cells unsupported */
	FDT_ERR_TOODEEP,      /* nesting deeper than FDT_MAX_DEPTH */
	FDT_ERR_BADARG,	      /* invalid argument (e.g. negative node offset) */
	FDT_ERR_NOSPACE,      /* a write needs more room than the buffer has */
	FDT_ERR_RDONLY,	      /* a write to a blob not opened with fdt_open_rw() */
	FDT_ERR_EXISTS,	      /* fdt_add_subnode(): the parent has a node of that name */
	FDT_ERR_BADNAME,      /* empty name, or characters a name may not have */
};

/* A validated blob; filled in by fdt_init(). */
struct fdt {
	const u8 *blob;
	u32 total_size;
	u32 version;
	u32 boot_cpuid;
	u32 struct_off; /* structure block: offset and size in the blob */
	u32 struct_size;
	u32 strings_off; /* strings block */
	u32 strings_size;
	u32 rsvmap_off;
	u8 *wblob;    /* the same blob, writable (fdt_open_rw()); NULL: read-only */
	u32 buf_size; /* fdt_open_rw(): bytes the blob may grow to */
};

/*
 * Validate the blob at 'blob'. buf_size bounds what may be read (pass the
 * size of the buffer, or SIZE_MAX when unknown, e.g. a boot loader's DTB).
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t buf_size);
const char *fdt_strerror(int err);

/* --- Nodes --- */
int fdt_root(const struct fdt *fdt);
/*
 * The node after 'node' in document order. *depth (if not NULL) is
 * adjusted by the change in nesting: +1 for the first child, 0 for a
 * sibling, negative after leaving nodes. -FDT_ERR_NOTFOUND at the end.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_parent(const struct fdt *fdt, int node);
/* Node name including any unit address ("cpu@1"); "" for the root, NULL if invalid. */
const char *fdt_node_name(const struct fdt *fdt, int node);
/*
 * Look a node up by absolute path ("/cpus/cpu@0"). A path component
 * without '@' also matches a node name with a unit address ("/memory"
 * finds "memory@40000000").
 */
int fdt_path_offset(const struct fdt *fdt, const char *path);
/* First node after 'from' (or from the root if from < 0) compatible with 'compatible'. */
int fdt_node_by_compatible(const struct fdt *fdt, int from, const char *compatible);
bool fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compatible);
/* status absent, "okay" or "ok". */
bool fdt_node_is_enabled(const struct fdt *fdt, int node);

#define fdt_for_each_child(fdt, parent, child)                         \
	for ((child) = fdt_first_child((fdt), (parent)); (child) >= 0; \
	     (child) = fdt_next_sibling((fdt), (child)))

/* --- Properties --- */
/* Property value and length (in bytes), or NULL if the node has no such property. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len);
/* A single-cell property. */
int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, u32 *out);
/* A one- or two-cell property. */
int fdt_prop_u64(const struct fdt *fdt, int node, const char *name, u64 *out);
/* First string of a string (list) property; NULL if absent or not NUL-terminated. */
const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name);
/* Does the string-list property 'name' contain 'str'? */
bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name, const char *str);

/* --- Addresses --- */
/* #address-cells / #size-cells of 'node' (which apply to its children); defaults 2 and 1. */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);
/* Number of (address, size) entries in the node's reg property. */
int fdt_reg_count(const struct fdt *fdt, int node);
/*
 * Entry 'index' of the node's reg, decoded with its parent's cell sizes.
 * Addresses are as seen by the parent bus ("ranges" is not applied).
 * size may be NULL; it reads 0 when the parent has #size-cells = 0.
 */
int fdt_reg(const struct fdt *fdt, int node, unsigned int index, u64 *addr, u64 *size);

/*
 * --- Writing (kernel/lib/fdt_rw.c) ---
 *
 * fdt_open_rw() is fdt_init() on a buffer of buf_size bytes the blob may
 * grow into; it needs a v17 blob whose blocks come in the usual order
 * (memory reservation map, structure block, strings block last), which
 * is what dtc writes. Each write moves the rest of the structure block and
 * the strings block in place, updates the header and keeps the blob
 * valid; totalsize grows when the blob does (it never shrinks: bytes freed
 * at the end stay inside it). A write that does not fit returns
 * -FDT_ERR_NOSPACE and changes nothing.
 *
 * A write moves everything after the point it changes: node offsets
 * after it are stale, offsets before it (the node written, its parent,
 * its earlier siblings) stay valid. A value must not point into the
 * blob itself.
 */
int fdt_open_rw(struct fdt *fdt, void *buf, size_t buf_size);
/* Set property 'name' of 'node' to len bytes of val (added if absent). */
int fdt_setprop(struct fdt *fdt, int node, const char *name, const void *val, u32 len);
int fdt_setprop_u32(struct fdt *fdt, int node, const char *name, u32 val);
/* Two cells, big-endian: the form of linux,initrd-start / -end. */
int fdt_setprop_u64(struct fdt *fdt, int node, const char *name, u64 val);
int fdt_setprop_string(struct fdt *fdt, int node, const char *name, const char *str);
/* Remove a property; -FDT_ERR_NOTFOUND if the node has none of that name. */
int fdt_delprop(struct fdt *fdt, int node, const char *name);
/*
 * Add an empty child 'name' (with its unit address, "cpu@2") to 'parent',
 * before the parent's existing children. Returns the new node's offset;
 * -FDT_ERR_EXISTS if the parent already has a child of that exact name.
 */
int fdt_add_subnode(struct fdt *fdt, int parent, const char *name);
/* Remove a node with its properties and all its descendants (not the root). */
int fdt_del_node(struct fdt *fdt, int node);

/* Read a big-endian value from an arbitrarily aligned property. */
static inline u32 fdt_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

#endif /* AVATAR_FDT_H */
