// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the device tree reader (kernel/lib/fdt.c).
 *
 * Well-formed blobs are compiled by dtc from the .dts files in tests/unit/dts/ (their
 * directory is argv[1]); malformed ones are made here, either by patching
 * a good blob or with a small blob builder. Every blob is copied into a
 * heap buffer of exactly its size, so AddressSanitizer reports any read
 * outside it: a corrupt blob must give an error code, never an overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <avatar/fdt.h>

static const char *dtb_dir;

/* --- helpers ------------------------------------------------------------ */

struct blob {
	uint8_t *data;
	size_t size;
};

static struct blob load_dtb(const char *name)
{
	char path[512];
	struct blob b;
	FILE *f;
	long size;

	snprintf(path, sizeof(path), "%s/%s", dtb_dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run with the DTB directory as argument)", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	b.size = (size_t)size;
	b.data = malloc(b.size);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.size, f), b.size);
	fclose(f);
	return b;
}

static struct blob copy_blob(const uint8_t *data, size_t size)
{
	struct blob b = {.data = malloc(size ? size : 1), .size = size};

	assert_non_null(b.data);
	memcpy(b.data, data, size);
	return b;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

enum {
	H_MAGIC = 0,
	H_TOTALSIZE = 4,
	H_OFF_STRUCT = 8,
	H_OFF_STRINGS = 12,
	H_OFF_RSV = 16,
	H_VERSION = 20,
	H_LAST_COMP = 24,
	H_SIZE_STRINGS = 32,
	H_SIZE_STRUCT = 36
};

static int open_blob(struct fdt *fdt, const struct blob *b)
{
	return fdt_init(fdt, b->data, b->size);
}

/* Exercise every accessor on every node: must not crash or overrun. */
static void walk_everything(const struct fdt *fdt)
{
	static const char *const props[] = {"reg",	   "compatible",     "status",
					    "device_type", "#address-cells", "#size-cells",
					    "model",	   "method"};
	int node, depth = 0, steps = 0;

	fdt_path_offset(fdt, "/cpus/cpu@1");
	fdt_path_offset(fdt, "/memory");
	fdt_node_by_compatible(fdt, -1, "arm,pl011");
	for (node = fdt_root(fdt); node >= 0 && steps < 10000;
	     node = fdt_next_node(fdt, node, &depth), steps++) {
		u64 a, s;
		u32 v, len;
		unsigned int i;

		fdt_node_name(fdt, node);
		fdt_parent(fdt, node);
		fdt_first_child(fdt, node);
		fdt_next_sibling(fdt, node);
		fdt_node_is_enabled(fdt, node);
		fdt_address_cells(fdt, node);
		fdt_size_cells(fdt, node);
		fdt_reg_count(fdt, node);
		for (i = 0; i < 4; i++)
			fdt_reg(fdt, node, i, &a, &s);
		for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
			fdt_getprop(fdt, node, props[i], &len);
			fdt_prop_u32(fdt, node, props[i], &v);
			fdt_prop_u64(fdt, node, props[i], &a);
			fdt_prop_string(fdt, node, props[i]);
			fdt_prop_has_string(fdt, node, props[i], "arm,pl011");
		}
	}
}

/* --- a tiny blob builder, for structures dtc refuses to produce ---------- */

struct builder {
	uint8_t structs[4096];
	size_t slen;
	char strings[1024];
	size_t strlen_;
};

static void b_u32(struct builder *b, uint32_t v)
{
	put_be32(b->structs + b->slen, v);
	b->slen += 4;
}

static void b_bytes(struct builder *b, const void *data, size_t len)
{
	memcpy(b->structs + b->slen, data, len);
	b->slen += len;
	while (b->slen % 4)
		b->structs[b->slen++] = 0;
}

static void b_begin(struct builder *b, const char *name)
{
	b_u32(b, 1);
	b_bytes(b, name, strlen(name) + 1);
}

static void b_prop(struct builder *b, const char *name, const void *val, uint32_t len)
{
	uint32_t nameoff = (uint32_t)b->strlen_;

	memcpy(b->strings + b->strlen_, name, strlen(name) + 1);
	b->strlen_ += strlen(name) + 1;
	b_u32(b, 3);
	b_u32(b, len);
	b_u32(b, nameoff);
	b_bytes(b, val, len);
}

static void b_end_node(struct builder *b)
{
	b_u32(b, 2);
}

static void b_end(struct builder *b)
{
	b_u32(b, 9);
}

static struct blob b_finish(const struct builder *b)
{
	size_t off_rsv = 40, off_struct = off_rsv + 16, off_strings = off_struct + b->slen;
	size_t total = off_strings + b->strlen_;
	uint8_t *d = calloc(1, total);
	struct blob out = {.data = d, .size = total};

	put_be32(d + H_MAGIC, FDT_MAGIC);
	put_be32(d + H_TOTALSIZE, (uint32_t)total);
	put_be32(d + H_OFF_STRUCT, (uint32_t)off_struct);
	put_be32(d + H_OFF_STRINGS, (uint32_t)off_strings);
	put_be32(d + H_OFF_RSV, (uint32_t)off_rsv);
	put_be32(d + H_VERSION, 17);
	put_be32(d + H_LAST_COMP, 16);
	put_be32(d + H_SIZE_STRINGS, (uint32_t)b->strlen_);
	put_be32(d + H_SIZE_STRUCT, (uint32_t)b->slen);
	memcpy(d + off_struct, b->structs, b->slen);
	memcpy(d + off_strings, b->strings, b->strlen_);
	return out;
}

/* --- well-formed blobs ---------------------------------------------------- */

static void test_header_ok(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb");
	struct fdt fdt;

	(void)state;
	assert_int_equal(open_blob(&fdt, &b), 0);
	assert_int_equal(fdt.total_size, b.size);
	assert_int_equal(fdt.version, 17);
	assert_int_equal(fdt_root(&fdt), 0);
	assert_string_equal(fdt_node_name(&fdt, 0), "");
	/* A larger buffer than the blob is fine. */
	assert_int_equal(fdt_init(&fdt, b.data, SIZE_MAX), 0);
	free(b.data);
}

static void test_paths(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb");
	struct fdt fdt;
	int node;

	(void)state;
	assert_int_equal(open_blob(&fdt, &b), 0);
	assert_int_equal(fdt_path_offset(&fdt, "/"), 0);

	node = fdt_path_offset(&fdt, "/cpus/cpu@2");
	assert_true(node > 0);
	assert_string_equal(fdt_node_name(&fdt, node), "cpu@2");

	/* A component without a unit address matches one with it. */
	node = fdt_path_offset(&fdt, "/memory");
	assert_true(node > 0);
	assert_string_equal(fdt_node_name(&fdt, node), "memory@40000000");
	assert_int_equal(fdt_path_offset(&fdt, "/memory@40000000"), node);
	assert_int_equal(fdt_path_offset(&fdt, "/memory@50000000"), -FDT_ERR_NOTFOUND);
	/* ... but only a whole name: "/mem" is not "/memory". */
	assert_int_equal(fdt_path_offset(&fdt, "/mem"), -FDT_ERR_NOTFOUND);

	assert_true(fdt_path_offset(&fdt, "/intc@8000000/its@8080000") > 0);
	assert_int_equal(fdt_path_offset(&fdt, "/cpus/"), fdt_path_offset(&fdt, "/cpus"));
	assert_int_equal(fdt_path_offset(&fdt, "/cpus/cpu@9"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&fdt, "/nonexistent/cpu@0"), -FDT_ERR_NOTFOUND);
	/* cpu@0 is under /cpus, not under the root. */
	assert_int_equal(fdt_path_offset(&fdt, "/cpu@0"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&fdt, "cpus"), -FDT_ERR_BADARG);
	free(b.data);
}

static void test_iteration(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb");
	struct fdt fdt;
	int node, cpus, child, depth = 0, count = 0, max_depth = 0;

	(void)state;
	assert_int_equal(open_blob(&fdt, &b), 0);
	for (node = fdt_root(&fdt); node >= 0; node = fdt_next_node(&fdt, node, &depth)) {
		count++;
		if (depth > max_depth)
			max_depth = depth;
	}
	/* / chosen aliases psci memory cpus cpu*4 timer pl011 intc its */
	assert_int_equal(count, 14);
	assert_int_equal(max_depth, 2);

	cpus = fdt_path_offset(&fdt, "/cpus");
	count = 0;
	fdt_for_each_child(&fdt, cpus, child)
	{
		assert_int_equal(fdt_parent(&fdt, child), cpus);
		count++;
	}
	assert_int_equal(count, 4);

	/* Children of the root, in order, skipping grandchildren. */
	node = fdt_first_child(&fdt, 0);
	assert_string_equal(fdt_node_name(&fdt, node), "chosen");
	node = fdt_next_sibling(&fdt, fdt_path_offset(&fdt, "/cpus"));
	assert_string_equal(fdt_node_name(&fdt, node), "timer");
	node = fdt_path_offset(&fdt, "/intc");
	assert_int_equal(fdt_next_sibling(&fdt, node), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_first_child(&fdt, fdt_path_offset(&fdt, "/timer")), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_parent(&fdt, 0), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_parent(&fdt, fdt_path_offset(&fdt, "/intc/its")), node);

	/* Offsets that are not nodes are rejected. */
	assert_null(fdt_node_name(&fdt, 4));
	assert_null(fdt_node_name(&fdt, -1));
	assert_int_equal(fdt_next_node(&fdt, 1 << 20, NULL), -FDT_ERR_BADSTRUCTURE);
	free(b.data);
}

static void test_compatible(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb");
	struct blob b2 = load_dtb("virt-gicv2.dtb");
	struct fdt fdt, fdt2;
	int node;

	(void)state;
	assert_int_equal(open_blob(&fdt, &b), 0);
	node = fdt_node_by_compatible(&fdt, -1, "arm,pl011");
	assert_string_equal(fdt_node_name(&fdt, node), "pl011@9000000");
	/* The second entry of a compatible list matches too. */
	assert_int_equal(fdt_node_by_compatible(&fdt, -1, "arm,primecell"), node);
	assert_int_equal(fdt_node_by_compatible(&fdt, node, "arm,pl011"), -FDT_ERR_NOTFOUND);
	assert_true(fdt_node_by_compatible(&fdt, -1, "arm,gic-v3") > 0);
	assert_int_equal(fdt_node_by_compatible(&fdt, -1, "arm,gic-400"), -FDT_ERR_NOTFOUND);
	/* The root itself can match. */
	assert_int_equal(fdt_node_by_compatible(&fdt, -1, "linux,dummy-virt"), 0);
	/* Prefixes of an entry do not match. */
	assert_int_equal(fdt_node_by_compatible(&fdt, -1, "arm,pl01"), -FDT_ERR_NOTFOUND);

	assert_int_equal(open_blob(&fdt2, &b2), 0);
	node = fdt_node_by_compatible(&fdt2, -1, "arm,pl011");
	assert_string_equal(fdt_node_name(&fdt2, node), "serial@9001000");
	assert_false(fdt_node_is_enabled(&fdt2, node));
	node = fdt_node_by_compatible(&fdt2, node, "arm,pl011");
	assert_string_equal(fdt_node_name(&fdt2, node), "serial@9000000");
	assert_true(fdt_node_is_enabled(&fdt2, node));
	assert_true(fdt_node_is_enabled(&fdt2, 0)); /* no status at all */
	assert_true(fdt_node_by_compatible(&fdt2, -1, "arm,cortex-a15-gic") > 0);
	free(b.data);
	free(b2.data);
}

static void test_properties(void **state)
{
	struct blob b = load_dtb("minimal.dtb");
	struct blob g = load_dtb("virt-gicv3.dtb");
	struct fdt fdt, fdt3;
	int odd, psci;
	u32 v, len;
	u64 v64;

	(void)state;
	assert_int_equal(open_blob(&fdt, &b), 0);
	odd = fdt_path_offset(&fdt, "/odd");
	assert_true(odd > 0);

	assert_non_null(fdt_getprop(&fdt, odd, "empty", &len));
	assert_int_equal(len, 0);
	assert_null(fdt_getprop(&fdt, odd, "missing", &len));
	assert_null(fdt_prop_string(&fdt, odd, "empty"));
	/* Unterminated "abc" is not a string. */
	assert_null(fdt_prop_string(&fdt, odd, "not-a-string"));
	assert_false(fdt_prop_has_string(&fdt, odd, "not-a-string", "abc"));

	assert_string_equal(fdt_prop_string(&fdt, odd, "two-strings"), "first");
	assert_true(fdt_prop_has_string(&fdt, odd, "two-strings", "second"));
	assert_false(fdt_prop_has_string(&fdt, odd, "two-strings", "third"));
	assert_false(fdt_prop_has_string(&fdt, odd, "two-strings", "fir"));

	assert_int_equal(fdt_prop_u64(&fdt, odd, "u64-value", &v64), 0);
	assert_true(v64 == 0x123456789abcdef0ULL);
	assert_int_equal(fdt_prop_u32(&fdt, odd, "u64-value", &v), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_prop_u32(&fdt, odd, "missing", &v), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_prop_u32(&fdt, 0, "#address-cells", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(fdt_prop_u64(&fdt, 0, "#size-cells", &v64), 0);
	assert_true(v64 == 1);
	/* Properties of a child are not properties of its parent. */
	assert_null(fdt_getprop(&fdt, 0, "device_type", NULL));

	assert_int_equal(open_blob(&fdt3, &g), 0);
	psci = fdt_path_offset(&fdt3, "/psci");
	assert_string_equal(fdt_prop_string(&fdt3, psci, "method"), "smc");
	assert_int_equal(fdt_prop_u32(&fdt3, psci, "cpu_on", &v), 0);
	assert_int_equal(v, 0xc4000003);
	free(b.data);
	free(g.data);
}

static void test_reg(void **state)
{
	struct blob g3 = load_dtb("virt-gicv3.dtb");
	struct blob g2 = load_dtb("virt-gicv2.dtb");
	struct blob m = load_dtb("minimal.dtb");
	struct fdt fdt;
	u64 addr, size;
	int node;

	(void)state;
	/* 2 address + 2 size cells at the root; 1 + 0 under /cpus. */
	assert_int_equal(open_blob(&fdt, &g3), 0);
	node = fdt_path_offset(&fdt, "/memory");
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_true(addr == 0x40000000 && size == 0x20000000);
	assert_int_equal(fdt_reg(&fdt, node, 1, &addr, &size), -FDT_ERR_NOTFOUND);
	node = fdt_path_offset(&fdt, "/intc");
	assert_int_equal(fdt_reg_count(&fdt, node), 2);
	assert_int_equal(fdt_reg(&fdt, node, 1, &addr, &size), 0);
	assert_true(addr == 0x080a0000 && size == 0xf60000);
	node = fdt_path_offset(&fdt, "/cpus/cpu@3");
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, NULL), 0);
	assert_true(addr == 3);
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_true(size == 0);
	/* The root has no parent, hence no reg. */
	assert_true(fdt_reg(&fdt, 0, 0, &addr, &size) < 0);

	/* Two-cell CPU ids and a second RAM bank above 4 GiB. */
	assert_int_equal(open_blob(&fdt, &g2), 0);
	node = fdt_path_offset(&fdt, "/cpus/cpu@101");
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, NULL), 0);
	assert_true(addr == 0x101);
	node = fdt_path_offset(&fdt, "/memory@40000000");
	assert_int_equal(fdt_reg_count(&fdt, node), 2);
	assert_int_equal(fdt_reg(&fdt, node, 1, &addr, &size), 0);
	assert_true(addr == 0x100000000ULL && size == 0x40000000);

	/* One-cell addresses; a reg whose length is not a whole entry; 3 cells. */
	assert_int_equal(open_blob(&fdt, &m), 0);
	node = fdt_path_offset(&fdt, "/memory");
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_true(addr == 0x80000000 && size == 0x4000000);
	node = fdt_path_offset(&fdt, "/bus/device@10");
	assert_int_equal(fdt_reg_count(&fdt, node), 2);
	assert_int_equal(fdt_reg(&fdt, node, 1, &addr, &size), 0);
	assert_true(addr == 0x20 && size == 0);
	node = fdt_path_offset(&fdt, "/odd");
	assert_int_equal(fdt_address_cells(&fdt, node), -FDT_ERR_BADCELLS);
	assert_int_equal(fdt_size_cells(&fdt, node), 1); /* the default */
	assert_int_equal(fdt_reg(&fdt, fdt_path_offset(&fdt, "/odd/child"), 0, &addr, &size),
			 -FDT_ERR_BADCELLS);
	free(g3.data);
	free(g2.data);
	free(m.data);
}

/* --- malformed blobs -------------------------------------------------------- */

/* Patch one header field of the good blob and expect 'err' from fdt_init(). */
static void expect_header_error(unsigned int field, uint32_t value, int err)
{
	struct blob b = load_dtb("virt-gicv3.dtb");
	struct fdt fdt;

	put_be32(b.data + field, value);
	assert_int_equal(open_blob(&fdt, &b), err);
	/* A rejected blob is unusable: accessors fail instead of reading it. */
	assert_true(fdt_root(&fdt) < 0);
	assert_true(fdt_path_offset(&fdt, "/cpus") < 0);
	assert_null(fdt_getprop(&fdt, 0, "model", NULL));
	free(b.data);
}

static void test_bad_header(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb");
	struct fdt fdt;
	uint32_t total = (uint32_t)b.size;
	uint32_t off_struct = get_be32(b.data + H_OFF_STRUCT);
	uint32_t off_strings = get_be32(b.data + H_OFF_STRINGS);

	(void)state;
	expect_header_error(H_MAGIC, 0xedfe0dd0, -FDT_ERR_BADMAGIC);
	expect_header_error(H_VERSION, 15, -FDT_ERR_BADVERSION);
	expect_header_error(H_LAST_COMP, 18, -FDT_ERR_BADVERSION);
	expect_header_error(H_TOTALSIZE, total + 1, -FDT_ERR_TRUNCATED);
	expect_header_error(H_TOTALSIZE, 0xffffffff, -FDT_ERR_TRUNCATED);
	expect_header_error(H_TOTALSIZE, 8, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_OFF_STRUCT, total, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_OFF_STRUCT, 0xfffffff0, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_OFF_STRUCT, off_struct + 2, -FDT_ERR_BADLAYOUT); /* misaligned */
	expect_header_error(H_OFF_STRUCT, 0, -FDT_ERR_BADLAYOUT);	       /* overlaps header */
	expect_header_error(H_SIZE_STRUCT, total, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_SIZE_STRUCT, 0xfffffffc, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_OFF_STRINGS, total + 4, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_SIZE_STRINGS, total - off_strings + 1, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_SIZE_STRINGS, 0xffffffff, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_OFF_RSV, total, -FDT_ERR_BADLAYOUT);
	expect_header_error(H_OFF_RSV, 41, -FDT_ERR_BADLAYOUT);
	/* Strings block that cuts the last property name short. */
	expect_header_error(H_SIZE_STRINGS, get_be32(b.data + H_SIZE_STRINGS) - 1,
			    -FDT_ERR_BADSTRUCTURE);
	/* Structure block too short to hold the END token. */
	expect_header_error(H_SIZE_STRUCT, get_be32(b.data + H_SIZE_STRUCT) - 4,
			    -FDT_ERR_BADSTRUCTURE);

	/* NULL and too-small buffers. */
	assert_int_equal(fdt_init(&fdt, NULL, 100), -FDT_ERR_BADARG);
	assert_int_equal(fdt_init(&fdt, b.data, 39), -FDT_ERR_TRUNCATED);
	assert_string_equal(fdt_strerror(-FDT_ERR_BADMAGIC), "bad magic (not a device tree blob)");
	assert_string_equal(fdt_strerror(-1000), "unknown error");
	free(b.data);
}

/* Every truncation of a good blob is rejected without reading past the buffer. */
static void test_truncated(void **state)
{
	struct blob good = load_dtb("virt-gicv3.dtb");
	size_t len;

	(void)state;
	for (len = 0; len < good.size; len++) {
		struct blob b = copy_blob(good.data, len);
		struct fdt fdt;
		int err = fdt_init(&fdt, b.data, b.size);

		assert_int_equal(err, -FDT_ERR_TRUNCATED);
		free(b.data);
	}
	free(good.data);
}

static void test_bad_structure(void **state)
{
	struct builder bld;
	struct blob b;
	struct fdt fdt;
	u32 len;
	int i;

	(void)state;
	/* Reference: a good hand-built blob. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_prop(&bld, "model", "x", 2);
	b_begin(&bld, "child");
	b_end_node(&bld);
	b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), 0);
	assert_string_equal(fdt_prop_string(&fdt, 0, "model"), "x");
	free(b.data);

	/* NOPs anywhere are skipped. */
	memset(&bld, 0, sizeof(bld));
	b_u32(&bld, 4);
	b_begin(&bld, "");
	b_u32(&bld, 4);
	b_prop(&bld, "model", "y", 2);
	b_u32(&bld, 4);
	b_begin(&bld, "child");
	b_end_node(&bld);
	b_end_node(&bld);
	b_u32(&bld, 4);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), 0);
	assert_int_equal(fdt_root(&fdt), 4);
	assert_string_equal(fdt_prop_string(&fdt, fdt_root(&fdt), "model"), "y");
	assert_true(fdt_path_offset(&fdt, "/child") > 0);
	free(b.data);

	/* Missing END_NODE for the root. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* One END_NODE too many. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_end_node(&bld);
	b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* No END token: the walk runs into the end of the block. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_end_node(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* Two roots. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_end_node(&bld);
	b_begin(&bld, "");
	b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* Unknown token. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_u32(&bld, 7);
	b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* Property outside any node. */
	memset(&bld, 0, sizeof(bld));
	b_prop(&bld, "model", "x", 2);
	b_begin(&bld, "");
	b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* Property length running past the structure block. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_u32(&bld, 3);
	b_u32(&bld, 0x7ffffff0);
	b_u32(&bld, 0);
	b_end_node(&bld);
	b_end(&bld);
	bld.strings[0] = 'a';
	bld.strlen_ = 2;
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* Property name offset outside the strings block. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_u32(&bld, 3);
	b_u32(&bld, 0);
	b_u32(&bld, 0x1000);
	b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* Node name without a terminating NUL at the very end of the block. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_end_node(&bld);
	b_end(&bld);
	b_u32(&bld, 1);
	memcpy(bld.structs + bld.slen, "abcd", 4); /* no NUL, no padding */
	bld.slen += 4;
	b = b_finish(&bld);
	/* The END token stops the walk first, so this blob is fine ... */
	assert_int_equal(open_blob(&fdt, &b), 0);
	free(b.data);
	/* ... but not when the unterminated name is reached. */
	memset(&bld, 0, sizeof(bld));
	b_begin(&bld, "");
	b_u32(&bld, 1);
	memcpy(bld.structs + bld.slen, "abcd", 4);
	bld.slen += 4;
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_BADSTRUCTURE);
	free(b.data);

	/* Nesting deeper than FDT_MAX_DEPTH. */
	memset(&bld, 0, sizeof(bld));
	for (i = 0; i < FDT_MAX_DEPTH + 1; i++)
		b_begin(&bld, "n");
	for (i = 0; i < FDT_MAX_DEPTH + 1; i++)
		b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), -FDT_ERR_TOODEEP);
	free(b.data);

	/* Exactly FDT_MAX_DEPTH is fine, and the deepest node has the right parent. */
	memset(&bld, 0, sizeof(bld));
	for (i = 0; i < FDT_MAX_DEPTH; i++)
		b_begin(&bld, i ? "n" : "");
	for (i = 0; i < FDT_MAX_DEPTH; i++)
		b_end_node(&bld);
	b_end(&bld);
	b = b_finish(&bld);
	assert_int_equal(open_blob(&fdt, &b), 0);
	{
		int node = 0, depth = 0, prev = -1;

		while ((i = fdt_next_node(&fdt, node, &depth)) >= 0) {
			prev = node;
			node = i;
		}
		assert_int_equal(depth, FDT_MAX_DEPTH - 1);
		assert_int_equal(fdt_parent(&fdt, node), prev);
	}
	assert_null(fdt_getprop(&fdt, 0, "x", &len));
	free(b.data);
}

/*
 * Random corruption of a good blob: whatever fdt_init() says, nothing may
 * read outside the buffer (ASan) or loop forever.
 */
static void test_fuzz(void **state)
{
	struct blob good = load_dtb("virt-gicv3.dtb");
	uint32_t seed = 12345;
	int iter, accepted = 0;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		struct blob b = copy_blob(good.data, good.size);
		struct fdt fdt;
		int flips = 1 + iter % 8, k;

		for (k = 0; k < flips; k++) {
			size_t pos;

			seed = seed * 1103515245 + 12345;
			/* Half the time hit the header, which holds the offsets. */
			pos = (iter & 1) ? (seed >> 8) % 40 : (seed >> 8) % b.size;
			seed = seed * 1103515245 + 12345;
			b.data[pos] = (uint8_t)(seed >> 16);
		}
		if (fdt_init(&fdt, b.data, b.size) == 0) {
			accepted++;
			walk_everything(&fdt);
		}
		free(b.data);
	}
	/* Some corruptions (inside property values) leave a valid blob. */
	assert_true(accepted > 0);
	free(good.data);
}

static void test_walk_good_blobs(void **state)
{
	static const char *const names[] = {"virt-gicv3.dtb", "virt-gicv2.dtb", "minimal.dtb"};
	unsigned int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct blob b = load_dtb(names[i]);
		struct fdt fdt;

		assert_int_equal(open_blob(&fdt, &b), 0);
		walk_everything(&fdt);
		free(b.data);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_ok),	cmocka_unit_test(test_paths),
		cmocka_unit_test(test_iteration),	cmocka_unit_test(test_compatible),
		cmocka_unit_test(test_properties),	cmocka_unit_test(test_reg),
		cmocka_unit_test(test_bad_header),	cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_structure),	cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_walk_good_blobs),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s <directory with the compiled test DTBs>\n", argv[0]);
		return 2;
	}
	dtb_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
