// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the guest DTB fix-ups (hypervisor/guest_dtb.c): a DTB
 * that disagrees with its VM (tests/unit/dts/guest-stale.dts) comes out
 * describing the VM - its RAM, its vCPUs, its bootargs and where its
 * initrd is - checked with our reader and with fdtget; DTBs that cannot
 * describe the VM give a message, not a broken blob.
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
#include <hypervisor/guest_dtb.h>

static const char *dtb_dir;

struct blob {
	uint8_t *data;
	size_t size, cap;
};

static struct blob load_dtb(const char *name, size_t room)
{
	char path[512];
	struct blob b;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dtb_dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run with the DTB directory as argument)", path);
	fseek(f, 0, SEEK_END);
	b.size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	b.cap = b.size + room;
	b.data = calloc(1, b.cap);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.size, f), b.size);
	fclose(f);
	return b;
}

static const struct guest_dtb_params linux_vm = {
	.ram_base = 0x40000000,
	.ram_size = 0x10000000,
	.nr_vcpus = 2,
	.bootargs = "console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init",
	.initrd_start = 0x4fd0e000,
	.initrd_end = 0x4fe00000,
};

/* fdtget's output for the fixed-up blob. */
static void fdtget(const struct blob *b, const char *args, char *out, size_t len)
{
	char cmd[512];
	size_t n = 0;
	FILE *f = fopen("t.dtb", "wb");
	int c;

	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->cap, f), b->cap);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "fdtget %s 2>&1", args);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		if (n + 1 < len)
			out[n++] = (char)c;
	while (n && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	assert_int_equal(pclose(f), 0);
}

/* Fix up name for p with exactly guest_dtb_room() to spare. */
static struct blob fixed_up(const char *name, const struct guest_dtb_params *p)
{
	struct blob b = load_dtb(name, guest_dtb_room(p));
	char msg[160] = "";
	struct fdt fdt;

	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	if (guest_dtb_fixup(&fdt, p, msg, sizeof(msg)))
		fail_msg("fix-up failed: %s", msg);
	assert_int_equal(fdt_init(&fdt, b.data, b.cap), 0); /* still a valid blob */
	return b;
}

static void test_linux_vm(void **state)
{
	struct blob b = fixed_up("guest-stale.dtb", &linux_vm);
	char out[512];
	struct fdt fdt;
	uint64_t v;
	int chosen;

	(void)state;
	assert_int_equal(fdt_init(&fdt, b.data, b.cap), 0);
	fdtget(&b, "-t x t.dtb /memory@80000000 reg", out, sizeof(out));
	assert_string_equal(out, "0 40000000 0 10000000");
	fdtget(&b, "-l t.dtb /", out, sizeof(out));
	assert_string_equal(out, "chosen\nmemory@80000000\ncpus\npl011@9000000");
	/* The vCPUs' cpu nodes stay; the others and the cpu-map go; the cache stays. */
	fdtget(&b, "-l t.dtb /cpus", out, sizeof(out));
	assert_string_equal(out, "cpu@0\ncpu@1\nl2-cache");
	fdtget(&b, "-t s t.dtb /chosen bootargs", out, sizeof(out));
	assert_string_equal(out, linux_vm.bootargs);
	chosen = fdt_path_offset(&fdt, "/chosen");
	assert_int_equal(fdt_prop_u64(&fdt, chosen, "linux,initrd-start", &v), 0);
	assert_int_equal(v, 0x4fd0e000);
	assert_int_equal(fdt_prop_u64(&fdt, chosen, "linux,initrd-end", &v), 0);
	assert_int_equal(v, 0x4fe00000);
	fdtget(&b, "-t x t.dtb /chosen linux,initrd-end", out, sizeof(out));
	assert_string_equal(out, "0 4fe00000");
	free(b.data);
}

/* No initrd: a stale range is removed. No bootargs: the DTB's stay. */
static void test_no_initrd_no_bootargs(void **state)
{
	struct guest_dtb_params p = linux_vm;
	struct fdt fdt;
	struct blob b;
	int chosen;

	(void)state;
	p.initrd_start = p.initrd_end = 0;
	p.bootargs = "";
	p.nr_vcpus = 4;
	b = fixed_up("guest-stale.dtb", &p);
	assert_int_equal(fdt_init(&fdt, b.data, b.cap), 0);
	chosen = fdt_path_offset(&fdt, "/chosen");
	assert_null(fdt_getprop(&fdt, chosen, "linux,initrd-start", NULL));
	assert_null(fdt_getprop(&fdt, chosen, "linux,initrd-end", NULL));
	assert_string_equal(fdt_prop_string(&fdt, chosen, "bootargs"), "from-the-dtb");
	/* Four vCPUs: every cpu node and the cpu-map stay. */
	assert_true(fdt_path_offset(&fdt, "/cpus/cpu@3") >= 0);
	assert_true(fdt_path_offset(&fdt, "/cpus/cpu-map") >= 0);
	free(b.data);
	p.bootargs = NULL;
	b = fixed_up("guest-stale.dtb", &p);
	assert_int_equal(fdt_init(&fdt, b.data, b.cap), 0);
	assert_string_equal(fdt_prop_string(&fdt, fdt_path_offset(&fdt, "/chosen"), "bootargs"),
			    "from-the-dtb");
	free(b.data);
}

/* No /chosen and no memory node: both are made. */
static void test_missing_nodes_are_made(void **state)
{
	struct blob b = load_dtb("guest-stale.dtb", 4096);
	char msg[160] = "", out[256];
	struct fdt fdt;

	(void)state;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(fdt_del_node(&fdt, fdt_path_offset(&fdt, "/chosen")), 0);
	assert_int_equal(fdt_del_node(&fdt, fdt_path_offset(&fdt, "/memory@80000000")), 0);
	assert_int_equal(fdt_del_node(&fdt, fdt_path_offset(&fdt, "/memory@c0000000")), 0);
	assert_int_equal(guest_dtb_fixup(&fdt, &linux_vm, msg, sizeof(msg)), 0);
	assert_int_equal(fdt_init(&fdt, b.data, b.cap), 0);
	fdtget(&b, "-t x t.dtb /memory@40000000 reg", out, sizeof(out));
	assert_string_equal(out, "0 40000000 0 10000000");
	fdtget(&b, "-t s t.dtb /memory@40000000 device_type", out, sizeof(out));
	assert_string_equal(out, "memory");
	fdtget(&b, "-t s t.dtb /chosen bootargs", out, sizeof(out));
	assert_string_equal(out, linux_vm.bootargs);
	fdtget(&b, "-t x t.dtb /chosen linux,initrd-start", out, sizeof(out));
	assert_string_equal(out, "0 4fd0e000");
	free(b.data);
}

/* One-cell addresses (minimal.dts): reg in one cell each, or a message above 4 GiB. */
static void test_one_cell_root(void **state)
{
	struct guest_dtb_params p = linux_vm;
	struct blob b = load_dtb("minimal.dtb", guest_dtb_room(&p));
	char msg[160] = "", out[128];
	struct fdt fdt;

	(void)state;
	p.ram_base = 0x100000000ULL;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(guest_dtb_fixup(&fdt, &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "one-cell"));
	/* Fitting RAM: /memory is set, then the missing /cpus is the error. */
	p.ram_base = 0x40000000;
	assert_int_equal(guest_dtb_fixup(&fdt, &p, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "no /cpus node");
	fdtget(&b, "-t x t.dtb /memory reg", out, sizeof(out));
	assert_string_equal(out, "40000000 10000000");
	free(b.data);
}

/* More vCPUs than cpu nodes: refused, saying what is missing. */
static void test_too_few_cpus(void **state)
{
	struct guest_dtb_params p = linux_vm;
	struct blob b = load_dtb("guest-stale.dtb", guest_dtb_room(&p));
	char msg[160] = "";
	struct fdt fdt;

	(void)state;
	p.nr_vcpus = 5;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(guest_dtb_fixup(&fdt, &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "describes 4 CPU(s) for the guest's 5 vCPU(s)"));
	p.nr_vcpus = 0;
	assert_int_equal(guest_dtb_fixup(&fdt, &p, msg, sizeof(msg)), -1);
	free(b.data);
}

/* No room to grow: a message naming the step, never a write past the buffer. */
static void test_no_room(void **state)
{
	struct blob b = load_dtb("guest-stale.dtb", 0);
	struct guest_dtb_params p = linux_vm;
	static char longer[3000];
	char msg[160] = "";
	struct fdt fdt;

	(void)state;
	/* Deleting nodes frees some room; bootargs longer than the blob need more. */
	memset(longer, 'a', sizeof(longer) - 1);
	p.bootargs = longer;
	assert_int_equal(fdt_open_rw(&fdt, b.data, b.cap), 0);
	assert_int_equal(guest_dtb_fixup(&fdt, &p, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "setting /chosen/bootargs: no room left in the buffer");
	assert_int_equal(fdt_init(&fdt, b.data, b.cap), 0); /* still parses */
	free(b.data);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_vm),
		cmocka_unit_test(test_no_initrd_no_bootargs),
		cmocka_unit_test(test_missing_nodes_are_made),
		cmocka_unit_test(test_one_cell_root),
		cmocka_unit_test(test_too_few_cpus),
		cmocka_unit_test(test_no_room),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s <directory with the compiled test DTBs>\n", argv[0]);
		return 2;
	}
	dtb_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
