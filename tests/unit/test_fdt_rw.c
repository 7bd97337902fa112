// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the device tree writer (kernel/lib/fdt_rw.c).
 *
 * Blobs compiled by dtc from tests/unit/dts/ (directory in argv[1]) are
 * copied into heap buffers of exactly the capacity the test gives, so
 * AddressSanitizer catches any write past it. Results are checked by
 * parsing the blob again with fdt_init() and our reader, and with the
 * real tools: dtc must decompile the result and fdtget must read back
 * what was written (the test runs in a scratch directory).
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

struct blob {
	uint8_t *data;
	size_t size; /* the blob's totalsize when loaded */
	size_t cap;  /* the buffer */
};

/* Load a compiled DTB into a buffer with 'slack' bytes of room after it. */
static struct blob load_dtb(const char *name, size_t slack)
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
	b.cap = b.size + slack;
	b.data = calloc(1, b.cap);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.size, f), b.size);
	fclose(f);
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

/* The blob must still be valid: parse it again from scratch. */
static void reparse(const struct blob *b, struct fdt *out)
{
	struct fdt fdt;

	assert_int_equal(fdt_init(&fdt, b->data, b->cap), 0);
	if (out)
		*out = fdt;
}

/* Write the blob to 'name' (its totalsize bytes). */
static void save(const struct blob *b, const char *name)
{
	FILE *f = fopen(name, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, get_be32(b->data + 4), f), get_be32(b->data + 4));
	fclose(f);
}

/* Run a shell command, return its first output line (trailing newline cut). */
static int run(const char *cmd, char *out, size_t outlen)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0;
	int c;

	assert_non_null(p);
	while ((c = fgetc(p)) != EOF)
		if (n + 1 < outlen)
			out[n++] = (char)c;
	out[n] = '\0';
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	return pclose(p);
}

/* dtc decompiles the blob without error or warning. */
static void dtc_accepts(const struct blob *b)
{
	char out[4096];

	save(b, "t.dtb");
	assert_int_equal(run("dtc -q -I dtb -O dts -o t.dts t.dtb 2>&1", out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

/* fdtget's answer for node/prop of the saved blob. */
static void fdtget(const struct blob *b, const char *args, char *out, size_t outlen)
{
	char cmd[512];

	save(b, "t.dtb");
	snprintf(cmd, sizeof(cmd), "fdtget %s 2>&1", args);
	assert_int_equal(run(cmd, out, outlen), 0);
}

static int node(const struct fdt *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	assert_true(off >= 0);
	return off;
}

/* --- tests --------------------------------------------------------------- */

static void test_setprop_grow_and_shrink(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb", 4096);
	uint8_t *orig = malloc(b.size);
	char out[1024], longer[600];
	struct fdt fdt;
	uint32_t len;

	(void)state;
	memcpy(orig, b.data, b.size);
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);

	/* Grow a property in the middle of the tree. */
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/chosen"), "stdout-path", longer), 0);
	reparse(&b, &fdt);
	assert_string_equal(fdt_prop_string(&fdt, node(&fdt, "/chosen"), "stdout-path"), longer);
	/* Everything after it moved but reads the same. */
	assert_true(
		fdt_prop_has_string(&fdt, node(&fdt, "/pl011@9000000"), "compatible", "arm,pl011"));
	assert_true(get_be32(b.data + 4) > b.size);
	dtc_accepts(&b);
	fdtget(&b, "-t s t.dtb /chosen stdout-path", out, sizeof(out));
	assert_string_equal(out, longer);

	/* Shrink it. */
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/chosen"), "stdout-path", "/a"), 0);
	reparse(&b, &fdt);
	assert_string_equal(fdt_prop_string(&fdt, node(&fdt, "/chosen"), "stdout-path"), "/a");
	assert_non_null(fdt_getprop(&fdt, node(&fdt, "/memory"), "reg", &len));
	assert_int_equal(len, 16);
	dtc_accepts(&b);

	/* Back to the original value: structure and strings as they were. */
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(
		fdt_setprop_string(&fdt, node(&fdt, "/chosen"), "stdout-path", "/pl011@9000000"),
		0);
	assert_memory_equal(b.data + 40, orig + 40, b.size - 40);
	/* totalsize never shrinks: the freed bytes stay inside the blob. */
	assert_true(get_be32(b.data + 4) >= b.size);
	free(orig);
	free(b.data);
}

static void test_add_properties(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb", 4096);
	static const uint8_t bytes[3] = {0xaa, 0xbb, 0xcc};
	char out[256];
	struct fdt fdt;
	uint32_t len, v32;
	uint64_t v64;
	const uint8_t *p;

	(void)state;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(
		fdt_setprop_u64(&fdt, node(&fdt, "/chosen"), "linux,initrd-start", 0x4fd0e000ULL),
		0);
	assert_int_equal(
		fdt_setprop_u64(&fdt, node(&fdt, "/chosen"), "linux,initrd-end", 0x14fe00000ULL),
		0);
	/* /cpus has children: the property must go before them to be found. */
	assert_int_equal(fdt_setprop_u32(&fdt, node(&fdt, "/cpus"), "new-cell", 7), 0);
	assert_int_equal(fdt_setprop(&fdt, node(&fdt, "/cpus/cpu@2"), "odd-len", bytes, 3), 0);
	assert_int_equal(fdt_setprop(&fdt, node(&fdt, "/psci"), "empty-flag", NULL, 0), 0);
	/* A new name is appended to the strings block once, then shared. */
	len = fdt.strings_size;
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/timer"), "new-status", "okay"), 0);
	assert_int_equal(fdt.strings_size, len + sizeof("new-status"));
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/psci"), "new-status", "x"), 0);
	assert_int_equal(fdt.strings_size, len + sizeof("new-status"));
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/timer"), "status", "okay"), 0);
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/psci"), "status", "disabled"), 0);

	reparse(&b, &fdt);
	assert_int_equal(fdt_prop_u64(&fdt, node(&fdt, "/chosen"), "linux,initrd-start", &v64), 0);
	assert_int_equal(v64, 0x4fd0e000ULL);
	assert_int_equal(fdt_prop_u64(&fdt, node(&fdt, "/chosen"), "linux,initrd-end", &v64), 0);
	assert_int_equal(v64, 0x14fe00000ULL);
	assert_int_equal(fdt_prop_u32(&fdt, node(&fdt, "/cpus"), "new-cell", &v32), 0);
	assert_int_equal(v32, 7);
	p = fdt_getprop(&fdt, node(&fdt, "/cpus/cpu@2"), "odd-len", &len);
	assert_non_null(p);
	assert_int_equal(len, 3);
	assert_memory_equal(p, bytes, 3);
	assert_non_null(fdt_getprop(&fdt, node(&fdt, "/psci"), "empty-flag", &len));
	assert_int_equal(len, 0);
	assert_true(fdt_node_is_enabled(&fdt, node(&fdt, "/timer")));
	assert_false(fdt_node_is_enabled(&fdt, node(&fdt, "/psci")));
	/* The unchanged rest. */
	assert_int_equal(fdt_reg_count(&fdt, node(&fdt, "/cpus/cpu@3")), 1);

	dtc_accepts(&b);
	fdtget(&b, "-t x t.dtb /chosen linux,initrd-end", out, sizeof(out));
	assert_string_equal(out, "1 4fe00000");
	fdtget(&b, "-t x t.dtb /chosen linux,initrd-start", out, sizeof(out));
	assert_string_equal(out, "0 4fd0e000");
	fdtget(&b, "-t u t.dtb /cpus new-cell", out, sizeof(out));
	assert_string_equal(out, "7");
	fdtget(&b, "-t bx t.dtb /cpus/cpu@2 odd-len", out, sizeof(out));
	assert_string_equal(out, "aa bb cc");
	fdtget(&b, "-t s t.dtb /psci status", out, sizeof(out));
	assert_string_equal(out, "disabled");
	free(b.data);
}

static void test_add_subnode(void **state)
{
	struct blob b = load_dtb("minimal.dtb", 1024);
	char out[256];
	struct fdt fdt;
	int root, chosen, child, n = 0;

	(void)state;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(fdt_path_offset(&fdt, "/chosen"), -FDT_ERR_NOTFOUND);
	root = fdt_root(&fdt);
	chosen = fdt_add_subnode(&fdt, root, "chosen");
	assert_true(chosen > root);
	assert_int_equal(fdt_add_subnode(&fdt, root, "chosen"), -FDT_ERR_EXISTS);
	assert_int_equal(fdt_add_subnode(&fdt, root, "a/b"), -FDT_ERR_BADNAME);
	assert_int_equal(fdt_add_subnode(&fdt, root, ""), -FDT_ERR_BADNAME);
	assert_int_equal(fdt_add_subnode(&fdt, root, "sp ace"), -FDT_ERR_BADNAME);
	assert_int_equal(fdt_setprop_string(&fdt, chosen, "bootargs", "console=ttyAMA0"), 0);
	child = fdt_add_subnode(&fdt, node(&fdt, "/bus"), "device@30");
	assert_int_equal(child, node(&fdt, "/bus/device@30"));

	reparse(&b, &fdt);
	assert_int_equal(fdt_path_offset(&fdt, "/chosen"), chosen);
	assert_string_equal(fdt_prop_string(&fdt, chosen, "bootargs"), "console=ttyAMA0");
	assert_int_equal(fdt_parent(&fdt, chosen), fdt_root(&fdt));
	/* The other children are still there, after it. */
	fdt_for_each_child(&fdt, fdt_root(&fdt), child) n++;
	assert_int_equal(n, 4);
	n = 0;
	fdt_for_each_child(&fdt, node(&fdt, "/bus"), child) n++;
	assert_int_equal(n, 2);
	assert_int_equal(fdt_reg_count(&fdt, node(&fdt, "/bus/device@10")), 2);

	dtc_accepts(&b);
	fdtget(&b, "-t s t.dtb /chosen bootargs", out, sizeof(out));
	assert_string_equal(out, "console=ttyAMA0");
	fdtget(&b, "-l t.dtb /bus", out, sizeof(out));
	assert_string_equal(out, "device@30\ndevice@10");
	free(b.data);
}

static void test_delete(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb", 0);
	char out[256];
	struct fdt fdt;
	int cpus, child, n = 0;

	(void)state;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	cpus = node(&fdt, "/cpus");
	/* Deleting shrinks: works with no spare room at all. */
	assert_int_equal(fdt_del_node(&fdt, node(&fdt, "/cpus/cpu@3")), 0);
	assert_int_equal(fdt_del_node(&fdt, node(&fdt, "/cpus/cpu@1")), 0);
	assert_int_equal(fdt_delprop(&fdt, node(&fdt, "/cpus/cpu@2"), "enable-method"), 0);
	assert_int_equal(fdt_delprop(&fdt, node(&fdt, "/cpus/cpu@2"), "enable-method"),
			 -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_del_node(&fdt, fdt_root(&fdt)), -FDT_ERR_BADARG);

	reparse(&b, &fdt);
	assert_int_equal(node(&fdt, "/cpus"), cpus); /* before the edits: unchanged */
	fdt_for_each_child(&fdt, cpus, child) n++;
	assert_int_equal(n, 2);
	assert_int_equal(fdt_path_offset(&fdt, "/cpus/cpu@1"), -FDT_ERR_NOTFOUND);
	assert_null(fdt_getprop(&fdt, node(&fdt, "/cpus/cpu@2"), "enable-method", NULL));
	assert_non_null(fdt_getprop(&fdt, node(&fdt, "/cpus/cpu@2"), "reg", NULL));
	dtc_accepts(&b);
	fdtget(&b, "-l t.dtb /cpus", out, sizeof(out));
	assert_string_equal(out, "cpu@0\ncpu@2");
	fdtget(&b, "-p t.dtb /cpus/cpu@2", out, sizeof(out));
	assert_null(strstr(out, "enable-method"));

	/* A node with children: all of them go. */
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(fdt_del_node(&fdt, node(&fdt, "/cpus")), 0);
	reparse(&b, &fdt);
	assert_int_equal(fdt_path_offset(&fdt, "/cpus"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&fdt, "/cpus/cpu@0"), -FDT_ERR_NOTFOUND);
	assert_true(node(&fdt, "/intc@8000000/its@8080000") > 0);
	dtc_accepts(&b);
	free(b.data);
}

/* A write that does not fit fails with NOSPACE and leaves every byte alone. */
static void test_no_space(void **state)
{
	struct blob b = load_dtb("virt-gicv3.dtb", 16);
	uint8_t *orig = malloc(b.cap);
	char big[64];
	struct fdt fdt;

	(void)state;
	memcpy(orig, b.data, b.cap);
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/chosen"), "stdout-path", big),
			 -FDT_ERR_NOSPACE);
	assert_int_equal(fdt_setprop_string(&fdt, node(&fdt, "/chosen"), "a-new-name", "v"),
			 -FDT_ERR_NOSPACE);
	assert_int_equal(fdt_add_subnode(&fdt, fdt_root(&fdt), "a-node-with-a-long-name"),
			 -FDT_ERR_NOSPACE);
	assert_int_equal(fdt_setprop(&fdt, node(&fdt, "/chosen"), "x", big, 0xffffffffU),
			 -FDT_ERR_NOSPACE);
	assert_memory_equal(b.data, orig, b.cap);
	/* Exactly fitting is fine: 16 bytes = a 4-byte value + its header. */
	assert_int_equal(fdt_setprop_u32(&fdt, node(&fdt, "/chosen"), "stdout-path", 1), 0);
	reparse(&b, NULL);
	free(orig);
	free(b.data);
}

static void test_read_only_and_bad_args(void **state)
{
	struct blob b = load_dtb("minimal.dtb", 256);
	struct fdt fdt;
	uint32_t len;
	const uint8_t *val;
	int odd;

	(void)state;
	/* Opened with fdt_init(): reading only. */
	assert_int_equal(fdt_init(&fdt, b.data, b.cap), 0);
	assert_int_equal(fdt_setprop_u32(&fdt, fdt_root(&fdt), "x", 1), -FDT_ERR_RDONLY);
	assert_int_equal(fdt_add_subnode(&fdt, fdt_root(&fdt), "x"), -FDT_ERR_RDONLY);
	assert_int_equal(fdt_del_node(&fdt, node(&fdt, "/odd")), -FDT_ERR_RDONLY);
	assert_int_equal(fdt_delprop(&fdt, fdt_root(&fdt), "model"), -FDT_ERR_RDONLY);
	assert_int_equal(fdt_setprop_u32(NULL, 0, "x", 1), -FDT_ERR_BADARG);

	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	odd = node(&fdt, "/odd");
	/* Offsets that are not nodes: negative, unaligned, inside a value. */
	assert_int_equal(fdt_setprop_u32(&fdt, -4, "x", 1), -FDT_ERR_BADARG);
	assert_int_equal(fdt_setprop_u32(&fdt, odd + 2, "x", 1), -FDT_ERR_BADARG);
	val = fdt_getprop(&fdt, node(&fdt, "/odd/child@1"), "reg", &len);
	assert_non_null(val); /* reg = <1 2 3>: its first cell reads as BEGIN_NODE */
	assert_int_equal(get_be32(val), 1);
	assert_int_equal(fdt_add_subnode(&fdt, (int)(val - (b.data + fdt.struct_off)), "x"),
			 -FDT_ERR_BADARG);
	assert_int_equal(fdt_del_node(&fdt, (int)(val - (b.data + fdt.struct_off))),
			 -FDT_ERR_BADARG);
	assert_int_equal(fdt_del_node(&fdt, 1 << 20), -FDT_ERR_BADARG);
	/* Bad names and values. */
	assert_int_equal(fdt_setprop_u32(&fdt, odd, "", 1), -FDT_ERR_BADNAME);
	assert_int_equal(fdt_setprop_u32(&fdt, odd, "a/b", 1), -FDT_ERR_BADNAME);
	assert_int_equal(fdt_setprop_u32(&fdt, odd, "tab\there", 1), -FDT_ERR_BADNAME);
	assert_int_equal(fdt_setprop(&fdt, odd, "x", NULL, 4), -FDT_ERR_BADARG);
	assert_int_equal(fdt_setprop_string(&fdt, odd, "x", NULL), -FDT_ERR_BADARG);
	assert_int_equal(fdt_delprop(&fdt, odd, NULL), -FDT_ERR_BADARG);
	assert_int_equal(fdt_delprop(&fdt, odd, "no-such"), -FDT_ERR_NOTFOUND);
	/* None of that changed the blob. */
	reparse(&b, &fdt);
	assert_int_equal(get_be32(b.data + 4), b.size);
	free(b.data);
}

/* Blobs fdt_open_rw() cannot edit in place. */
static void test_open_rw_refuses(void **state)
{
	struct blob b = load_dtb("minimal.dtb", 64);
	uint8_t *orig = malloc(b.cap);
	struct fdt fdt;
	uint32_t off_struct, off_strings;

	(void)state;
	memcpy(orig, b.data, b.cap);
	assert_int_equal(fdt_open_rw(&fdt, NULL, 100), -FDT_ERR_BADARG);
	assert_int_equal(fdt_open_rw(&fdt, b.data, 20), -FDT_ERR_TRUNCATED);

	/* Version 16: no size_dt_struct to keep up to date. */
	put_be32(b.data + 20, 16);
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), -FDT_ERR_BADVERSION);
	assert_int_equal(fdt_setprop_u32(&fdt, 0, "x", 1), -FDT_ERR_BADARG);
	memcpy(b.data, orig, b.cap);

	/* The strings block before (here: overlapping) the structure block. */
	off_struct = get_be32(b.data + 8);
	off_strings = get_be32(b.data + 12);
	assert_true(off_strings > off_struct);
	put_be32(b.data + 12, off_struct);
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), -FDT_ERR_BADLAYOUT);
	memcpy(b.data, orig, b.cap);
	/* The reservation map after the structure block. */
	put_be32(b.data + 16, (off_struct + get_be32(b.data + 36) + 7) & ~7u);
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), -FDT_ERR_BADLAYOUT);
	memcpy(b.data, orig, b.cap);

	/* Garbage. */
	b.data[0] ^= 0xff;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), -FDT_ERR_BADMAGIC);
	memcpy(b.data, orig, b.cap);
	put_be32(b.data + 4, (uint32_t)b.cap + 1);
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), -FDT_ERR_TRUNCATED);
	free(orig);
	free(b.data);
}

/* A blob padded by dtc -p: totalsize already has room; it is used, not exceeded. */
static void test_padded_blob(void **state)
{
	struct blob b = load_dtb("minimal.dtb", 0);
	struct blob p;
	char out[256];
	struct fdt fdt;

	(void)state;
	save(&b, "m.dtb");
	assert_int_equal(run("dtc -q -I dtb -O dtb -p 256 -o p.dtb m.dtb", out, sizeof(out)), 0);
	{
		FILE *f = fopen("p.dtb", "rb");

		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		p.size = p.cap = (size_t)ftell(f);
		fseek(f, 0, SEEK_SET);
		p.data = malloc(p.cap);
		assert_int_equal(fread(p.data, 1, p.cap, f), p.cap);
		fclose(f);
	}
	assert_int_equal(fdt_open_rw(&fdt, p.data, p.cap), 0);
	assert_int_equal(fdt_setprop_string(&fdt, fdt_root(&fdt), "model", "a longer model name"),
			 0);
	assert_int_equal(get_be32(p.data + 4), p.size); /* grew inside the padding */
	reparse(&p, &fdt);
	assert_string_equal(fdt_prop_string(&fdt, fdt_root(&fdt), "model"), "a longer model name");
	dtc_accepts(&p);
	free(p.data);
	free(b.data);
}

/*
 * Many random edits in a row: after each, the blob parses again and the
 * edit reads back; at the end dtc accepts it.
 */
static void test_random_edits(void **state)
{
	static const char *const paths[] = {"/",       "/chosen", "/cpus",  "/cpus/cpu@0",
					    "/memory", "/psci",	  "/timer", "/pl011@9000000"};
	static const char *const names[] = {"a", "bb", "prop-c", "linux,initrd-start", "reg"};
	struct blob b = load_dtb("virt-gicv3.dtb", 8192);
	uint32_t seed = 4242;
	struct fdt fdt;

	(void)state;
	for (int i = 0; i < 400; i++) {
		const char *path, *name;
		uint8_t val[40];
		uint32_t len, got;
		const uint8_t *p;
		int nd, err;

		seed = seed * 1103515245 + 12345;
		path = paths[(seed >> 8) % 8];
		name = names[(seed >> 12) % 5];
		len = (seed >> 16) % sizeof(val);
		for (uint32_t k = 0; k < len; k++)
			val[k] = (uint8_t)(seed >> (k % 24));
		assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
		nd = fdt_path_offset(&fdt, path);
		if (nd < 0) {
			/* deleted earlier: add it back (one level under an existing parent) */
			nd = fdt_add_subnode(&fdt, fdt_root(&fdt), path + 1);
			if (nd == -FDT_ERR_BADNAME)
				continue; /* "/cpus/cpu@0" under a deleted /cpus */
			assert_true(nd >= 0);
		}
		switch ((seed >> 20) % 4) {
		case 0:
		case 1:
			err = fdt_setprop(&fdt, nd, name, val, len);
			assert_int_equal(err, 0);
			reparse(&b, &fdt);
			p = fdt_getprop(&fdt, fdt_path_offset(&fdt, path), name, &got);
			assert_non_null(p);
			assert_int_equal(got, len);
			if (len)
				assert_memory_equal(p, val, len);
			break;
		case 2:
			err = fdt_delprop(&fdt, nd, name);
			assert_true(err == 0 || err == -FDT_ERR_NOTFOUND);
			reparse(&b, &fdt);
			assert_null(fdt_getprop(&fdt, fdt_path_offset(&fdt, path), name, NULL));
			break;
		default:
			if (nd == fdt_root(&fdt) || (seed >> 24) % 4)
				break;
			assert_int_equal(fdt_del_node(&fdt, nd), 0);
			reparse(&b, &fdt);
			assert_true(fdt_path_offset(&fdt, path) < 0);
			break;
		}
	}
	dtc_accepts(&b);
	free(b.data);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setprop_grow_and_shrink),
		cmocka_unit_test(test_add_properties),
		cmocka_unit_test(test_add_subnode),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_no_space),
		cmocka_unit_test(test_read_only_and_bad_args),
		cmocka_unit_test(test_open_rw_refuses),
		cmocka_unit_test(test_padded_blob),
		cmocka_unit_test(test_random_edits),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s <directory with the compiled test DTBs>\n", argv[0]);
		return 2;
	}
	dtb_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
