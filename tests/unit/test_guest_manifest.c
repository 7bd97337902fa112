// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the guest manifest parser (hypervisor/guest_manifest.c):
 * good guests of every kind come out with their fields and defaults;
 * every bad line is reported with its line number while the good guests
 * around it are kept; the genguests.py rules (name syntax and
 * uniqueness against the built-in table and the manifest, vCPUs,
 * affinity, memory multiple of 2 MiB, RAM placement, addresses inside
 * RAM, files present and fitting, RAM of all guests) each refuse a guest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hypervisor/guest_manifest.h>

#define MiB	      (1ULL << 20)
#define MAX_OUT	      8
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct guest_config builtin_guests[] = {
	{.name = "linux", .type = GUEST_TYPE_LINUX, .nr_vcpus = 2, .ram_size = 256 * MiB},
	{.name = "testos", .type = GUEST_TYPE_TESTOS, .nr_vcpus = 1, .ram_size = 32 * MiB},
};
static const struct guest_table builtin = {2, builtin_guests};
static const struct guest_table no_guests = {0, NULL};

/* The problems reported by the last parse: "line: message". */
static char reports[32][200];
static unsigned int nr_reports;

static void report(void *ctx, unsigned int line, const char *msg)
{
	(void)ctx;
	if (nr_reports < 32)
		snprintf(reports[nr_reports++], sizeof(reports[0]), "%u: %s", line, msg);
}

/* Files on the pretend host.img. */
static long long file_size(void *ctx, const char *path)
{
	(void)ctx;
	if (!strcmp(path, "/guests/testos/testos.bin"))
		return 40000;
	if (!strcmp(path, "/guests/testos/guest.dtb"))
		return 2000;
	if (!strcmp(path, "/guests/linux/Image"))
		return 30 * MiB;
	if (!strcmp(path, "/guests/linux/initrd.cpio.gz"))
		return 3 * MiB;
	if (!strcmp(path, "/rtos/rtos.bin"))
		return 100000;
	return -1;
}

static const struct guest_manifest_limits limits = {
	.max_vcpus = 8,
	.nr_cpus = 4,
	.board_ram = 1024 * MiB,
	.reserved = 64 * MiB,
	.file_size = file_size,
	.report = report,
};

static struct guest_config out[MAX_OUT];
static char *text; /* kept: the guests point into it */

static unsigned int parse_with(const char *manifest, const struct guest_table *existing,
			       unsigned int max_out, unsigned int *refused)
{
	free(text);
	text = strdup(manifest);
	assert_non_null(text);
	nr_reports = 0;
	memset(out, 0, sizeof(out));
	return guest_manifest_parse(text, strlen(text), existing, &limits, out, max_out, refused);
}

static unsigned int parse(const char *manifest, unsigned int *refused)
{
	return parse_with(manifest, &builtin, MAX_OUT, refused);
}

/* Some report is on this line and contains this text. */
static void assert_report(unsigned int line, const char *what)
{
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "%u: ", line);
	for (unsigned int i = 0; i < nr_reports; i++)
		if (!strncmp(reports[i], prefix, strlen(prefix)) && strstr(reports[i], what))
			return;
	for (unsigned int i = 0; i < nr_reports; i++)
		print_message("report: %s\n", reports[i]);
	fail_msg("no report on line %u containing '%s'", line, what);
}

static void test_good_guests(void **state)
{
	unsigned int refused = 99;
	unsigned int n =
		parse("# more guests\n"
		      "\n"
		      "[testos2]\n"
		      "type = testos\n"
		      "kernel = /guests/testos/testos.bin\n"
		      "dtb=/guests/testos/guest.dtb\n"
		      "  vcpus\t= 1  \n"
		      "mem = 32\n"
		      "autostart = yes\n"
		      "; a second one, with defaults and CR LF endings\r\n"
		      "[linux-b]\r\n"
		      "type = linux\r\n"
		      "kernel = /guests/linux/Image\r\n"
		      "initrd = /guests/linux/initrd.cpio.gz\r\n"
		      "bootargs = console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init\r\n"
		      "vcpus = 2\r\n"
		      "affinity = 0x3\r\n"
		      "[rtos]\n"
		      "type = custom\n"
		      "kernel = /rtos/rtos.bin\n"
		      "ram_base = 0x0\n"
		      "mem = 3M\n"
		      "load = 0x0\n"
		      "entry = 0x100\n"
		      "dtb_addr = 0x200000", /* no newline at the end */
		      &refused);

	(void)state;
	assert_int_equal(nr_reports, 0);
	assert_int_equal(n, 3);
	assert_int_equal(refused, 0);

	assert_string_equal(out[0].name, "testos2");
	assert_int_equal(out[0].type, GUEST_TYPE_TESTOS);
	assert_string_equal(out[0].kernel_path, "/guests/testos/testos.bin");
	assert_string_equal(out[0].dtb_path, "/guests/testos/guest.dtb");
	assert_null(out[0].initrd_path);
	assert_string_equal(out[0].bootargs, "");
	assert_int_equal(out[0].nr_vcpus, 1);
	assert_int_equal(out[0].ram_size, 32 * MiB);
	assert_true(out[0].autostart);
	assert_int_equal(out[0].ram_base, 0x40000000);
	assert_int_equal(out[0].load_addr, 0x40080000);
	assert_int_equal(out[0].entry, 0x40080000);
	assert_int_equal(out[0].manifest_line, 3);
	assert_int_equal(out[0].slot, 0);

	assert_string_equal(out[1].name, "linux-b");
	assert_int_equal(out[1].type, GUEST_TYPE_LINUX);
	assert_string_equal(out[1].initrd_path, "/guests/linux/initrd.cpio.gz");
	assert_string_equal(out[1].bootargs,
			    "console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init");
	assert_int_equal(out[1].ram_size, 256 * MiB); /* the Linux default */
	assert_int_equal(out[1].nr_vcpus, 2);
	assert_int_equal(out[1].cpu_affinity, 0x3);
	assert_false(out[1].autostart); /* the default */
	assert_null(out[1].dtb_path);
	assert_int_equal(out[1].manifest_line, 11);

	assert_string_equal(out[2].name, "rtos");
	assert_int_equal(out[2].type, GUEST_TYPE_CUSTOM);
	assert_int_equal(out[2].ram_base, 0);
	assert_int_equal(out[2].ram_size, 3 * MiB); /* custom: any MiB count */
	assert_int_equal(out[2].load_addr, 0);
	assert_int_equal(out[2].entry, 0x100);
	assert_int_equal(out[2].dtb_addr, 0x200000);
	assert_int_equal(out[2].ram_size, 3 * MiB);
}

static void test_empty_and_comments_only(void **state)
{
	unsigned int refused = 99;

	(void)state;
	assert_int_equal(parse("", &refused), 0);
	assert_int_equal(refused, 0);
	assert_int_equal(parse("# nothing\n\n  ; here\n", &refused), 0);
	assert_int_equal(nr_reports, 0);
}

/* Syntax: each bad line reported with its number, good guests kept. */
static void test_bad_lines_reported_good_guests_kept(void **state)
{
	unsigned int refused = 0;
	unsigned int n = parse("vcpus = 1\n"			      /* 1 */
			       "[good1]\n"			      /* 2 */
			       "type = testos\n"		      /* 3 */
			       "kernel = /guests/testos/testos.bin\n" /* 4 */
			       "[bad]\n"			      /* 5 */
			       "type = testos\n"		      /* 6 */
			       "kernel = /guests/testos/testos.bin\n" /* 7 */
			       "vcpu = 2\n"			      /* 8 */
			       "this line has no equals sign\n"	      /* 9 */
			       "mem = lots\n"			      /* 10 */
			       "type = linux\n"			      /* 11 */
			       "autostart = maybe\n"		      /* 12 */
			       "kernel2 =\n"			      /* 13 */
			       "[bad2\n"			      /* 14 */
			       "type = testos\n"		      /* 15 */
			       "[good2]\n"			      /* 16 */
			       "type = testos\n"		      /* 17 */
			       "kernel = /guests/testos/testos.bin\n" /* 18 */
			       "[BadName]\n"			      /* 19 */
			       "[bad3]\n"			      /* 20 */
			       "type = windows\n"		      /* 21 */
			       "kernel = guests/testos/testos.bin\n"  /* 22 */
			       "vcpus = 0x\n"			      /* 23 */
			       "initrd =\n"			      /* 24 */
			       "[bad4]\n",			      /* 25 */
			       &refused);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(out[0].name, "good1");
	assert_string_equal(out[1].name, "good2");
	assert_int_equal(refused, 5); /* bad, bad2, BadName, bad3, bad4 */
	assert_report(1, "before the first [name] section");
	assert_report(8, "unknown key 'vcpu'");
	assert_report(9, "expected 'key = value' or '[name]'");
	assert_report(10, "bad memory size 'lots'");
	assert_report(11, "type given twice (also on line 6)");
	assert_report(12, "autostart must be yes or no, not 'maybe'");
	assert_report(13, "unknown key 'kernel2'");
	assert_report(14, "bad section header '[bad2'");
	assert_report(19, "invalid name");
	assert_report(21, "unknown type 'windows'");
	assert_report(22, "is not absolute");
	assert_report(23, "bad number '0x'");
	assert_report(24, "initrd has no value");
	assert_report(25, "no type");
	assert_report(25, "no kernel file");
	/* BadName: no keys and a bad name: one report for it, the name. */
	assert_report(19, "BadName");
}

static void test_rules_of_genguests(void **state)
{
	static const struct {
		const char *body; /* after "[g]\ntype = testos\nkernel = ...\n" (line 4 on) */
		const char *what;
	} cases[] = {
		{"vcpus = 9\n", "9 vCPUs is beyond the limit of HV_MAX_VCPUS=8"},
		{"vcpus = 0\n", "0 vCPUs is beyond the limit"},
		{"affinity = 0x10\n", "CPU affinity 0x10 names CPUs beyond NR_CPUS=4"},
		{"mem = 3\n", "memory size 3 MiB must be a non-zero multiple of 2 MiB"},
		{"mem = 0\n", "must be a non-zero multiple of 2 MiB"},
		{"mem = 2G\n", "does not fit in BOARD_RAM_MB=1024 minus HV_RESERVED_MB=64"},
		{"mem = 99999999999999999999\n", "bad memory size"},
		{"load = 0x40000000\n", "load is only for type = custom"},
		{"dtb = /guests/nothere.dtb\n",
		 "dtb file '/guests/nothere.dtb' is not on host.img"},
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		char buf[512];
		unsigned int refused = 0;

		snprintf(buf, sizeof(buf),
			 "[g]\ntype = testos\nkernel = /guests/testos/testos.bin\n%s",
			 cases[i].body);
		assert_int_equal(parse(buf, &refused), 0);
		assert_int_equal(refused, 1);
		assert_report(4, cases[i].what);
	}
}

static void test_custom_placement_rules(void **state)
{
	static const struct {
		const char *body;
		unsigned int line;
		const char *what;
	} cases[] = {
		{"ram_base = 0x10000000\n", 4, "overlaps the device window 0x8000000-0x3fffffff"},
		{"ram_base = 0x40000800\n", 4, "RAM base 0x40000800 is not 4 KiB aligned"},
		{"ram_base = 0xffff000000\nmem = 64M\n", 5, "beyond the 40-bit guest physical"},
		{"load = 0x50000000\n", 4, "load address 0x50000000 is outside guest RAM"},
		{"entry = 0x3fffffff\n", 4, "entry point 0x3fffffff is outside guest RAM"},
		{"dtb_addr = 0x60000000\n", 4, "DTB address 0x60000000 is outside guest RAM"},
		{"dtb_addr = 0x40100004\n", 4, "DTB address 0x40100004 is not 8-byte aligned"},
		{"mem = 1M\nram_base = 0x0\nload = 0xf0000\nentry = 0xf0000\n", 3,
		 "kernel file (100000 bytes at 0xf0000) does not fit in 1 MiB"},
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		char buf[512];
		unsigned int refused = 0;

		snprintf(buf, sizeof(buf), "[rtos]\ntype = custom\nkernel = /rtos/rtos.bin\n%s",
			 cases[i].body);
		assert_int_equal(parse(buf, &refused), 0);
		assert_int_equal(refused, 1);
		assert_report(cases[i].line, cases[i].what);
	}
}

static void test_names_and_totals(void **state)
{
	unsigned int refused = 0;
	unsigned int n = parse("[testos]\n" /* 1: built-in name */
			       "type = testos\n"
			       "kernel = /guests/testos/testos.bin\n"
			       "[big1]\n" /* 4 */
			       "type = testos\n"
			       "kernel = /guests/testos/testos.bin\n"
			       "mem = 512\n" /* 7 */
			       "[big1]\n"    /* 8: twice */
			       "type = testos\n"
			       "kernel = /guests/testos/testos.bin\n"
			       "[big2]\n" /* 11 */
			       "type = testos\n"
			       "kernel = /guests/testos/testos.bin\n"
			       "mem = 256\n"  /* 14: 256+32+512+256+64 > 1024 */
			       "[nokernel]\n" /* 15 */
			       "type = testos\n"
			       "kernel = /guests/none.bin\n" /* 17 */
			       "[small]\n"
			       "type = testos\n"
			       "kernel = /guests/testos/testos.bin\n"
			       "mem = 32\n",
			       &refused);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(out[0].name, "big1");
	assert_string_equal(out[1].name, "small");
	assert_int_equal(refused, 4);
	assert_report(1, "guest 1 of the built-in table is also called 'testos'");
	assert_report(8, "the guest on line 4 is also called 'big1'");
	assert_report(14, "guests would need 1056 MiB in all, more than BOARD_RAM_MB=1024");
	assert_report(17, "kernel file '/guests/none.bin' is not on host.img");
}

static void test_table_full(void **state)
{
	unsigned int refused = 0;
	unsigned int n = parse_with("[a]\ntype = testos\nkernel = /guests/testos/testos.bin\n"
				    "[b]\ntype = testos\nkernel = /guests/testos/testos.bin\n",
				    &no_guests, 1, &refused);

	(void)state;
	assert_int_equal(n, 1);
	assert_int_equal(refused, 1);
	assert_report(4, "too many guests (at most 1 in all)");
}

static void test_nul_byte_and_long_line(void **state)
{
	static const char nul[] = "[a]\ntype = testos\nkernel = /guests/testos/testos.bin\n"
				  "boot\0args = x\n";
	unsigned int refused = 0;
	unsigned int n;
	char *big = malloc(70000);

	(void)state;
	free(text);
	text = malloc(sizeof(nul));
	memcpy(text, nul, sizeof(nul));
	nr_reports = 0;
	n = guest_manifest_parse(text, sizeof(nul) - 1, &builtin, &limits, out, MAX_OUT, &refused);
	assert_int_equal(n, 0);
	assert_int_equal(refused, 1);
	assert_report(4, "NUL byte");

	/* A very long value: reported without overflowing the message. */
	assert_non_null(big);
	memcpy(big, "[a]\ntype = ", 11);
	memset(big + 11, 'x', 69000);
	big[69011] = '\0';
	assert_int_equal(parse(big, &refused), 0);
	assert_report(2, "unknown type 'xxxx");
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_guests),
		cmocka_unit_test(test_empty_and_comments_only),
		cmocka_unit_test(test_bad_lines_reported_good_guests_kept),
		cmocka_unit_test(test_rules_of_genguests),
		cmocka_unit_test(test_custom_placement_rules),
		cmocka_unit_test(test_names_and_totals),
		cmocka_unit_test(test_table_full),
		cmocka_unit_test(test_nul_byte_and_long_line),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	free(text);
	return ret;
}
