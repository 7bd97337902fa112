// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the kernel's vsnprintf() (kernel/lib/vsnprintf.c), built
 * for the host as call_vsnprintf() / avatar_vsnprintf() (see
 * <avatar/libc_names.h>). Expected strings are written out; a second pass
 * compares formats both implementations support against the host's libc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/*
 * The host C library's snprintf, to compare against; defined before
 * <avatar/sprintf.h> renames snprintf to avatar_snprintf.
 */
static int host_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#include <avatar/sprintf.h> /* after the system headers */

/*
 * Format through a wrapper without a format attribute, so the compiler
 * accepts the deliberately odd formats below.
 */
static int call_vsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = avatar_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define CHECK(expected, ...)                                              \
	do {                                                              \
		char buf_[256];                                           \
		int n_ = call_vsnprintf(buf_, sizeof(buf_), __VA_ARGS__); \
		assert_string_equal(buf_, expected);                      \
		assert_int_equal(n_, (int)strlen(expected));              \
	} while (0)

static void test_integers(void **state)
{
	(void)state;
	CHECK("0", "%d", 0);
	CHECK("42 -42", "%d %i", 42, -42);
	CHECK("-2147483648", "%d", (int)INT32_MIN);
	CHECK("4294967295", "%u", 4294967295U);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("-1", "%ld", -1L);
	CHECK("123456789012", "%lu", 123456789012UL);
	CHECK("1234", "%zu", (size_t)1234);
	CHECK("-5", "%td", (ptrdiff_t)-5);
	CHECK("-1 255", "%hhd %hhu", -1, 255);
	CHECK("-1 65535", "%hd %hu", 65535, 65535);
	CHECK("17", "%o", 15);
}

static void test_hex(void **state)
{
	(void)state;
	CHECK("ff FF", "%x %X", 255, 255);
	CHECK("deadbeef", "%x", 0xdeadbeefU);
	CHECK("ffffffffffffffff", "%lx", ~0UL);
	CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	CHECK("0x1f 0X1F", "%#x %#X", 0x1f, 0x1f);
	CHECK("0", "%#x", 0);
	CHECK("0x0000002a", "%#010x", 42);
	CHECK("000000ff", "%08x", 255);
	CHECK("0x0", "%p", (void *)0);
	CHECK("0x1000", "%p", (void *)0x1000);
	CHECK("  0x1000", "%8p", (void *)0x1000);
}

static void test_width_and_flags(void **state)
{
	(void)state;
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("+42 -42", "%+d %+d", 42, -42);
	CHECK(" 42", "% d", 42);
	CHECK("42   |", "%-05d|", 42); /* '-' overrides '0' */
	CHECK("  007", "%5.3d", 7);    /* precision: minimum digits */
	CHECK("", "%.0d", 0);
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42); /* negative width: left align */
	CHECK("12345", "%3d", 12345);	 /* width never truncates */
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	CHECK("hello", "%s", "hello");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("   hi", "%5s", "hi");
	CHECK("hi   |", "%-5s|", "hi");
	CHECK("hel", "%.3s", "hello");
	CHECK("  hel", "%5.3s", "hello");
	CHECK("he", "%.*s", 2, "hello");
	CHECK("x", "%c", 'x');
	CHECK("  x|x  |", "%3c|%-3c|", 'x', 'x');
	CHECK("100%", "100%%");
	CHECK("a%", "a%"); /* lone '%' at the end */
	CHECK("%q", "%q"); /* unknown conversion printed verbatim */
}

static void test_precision_on_unterminated(void **state)
{
	/* %.Ns must not read past N bytes. */
	char not_terminated[3] = {'a', 'b', 'c'};

	(void)state;
	CHECK("abc", "%.3s", not_terminated);
}

static void test_nul_char(void **state)
{
	char buf[8];
	int n;

	(void)state;
	n = call_vsnprintf(buf, sizeof(buf), "a%cb", '\0');
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "a\0b", 4);
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'X', sizeof(buf));
	n = call_vsnprintf(buf, 5, "%s", "abcdefgh");
	assert_int_equal(n, 8);		  /* length of the full output */
	assert_string_equal(buf, "abcd"); /* always terminated */
	assert_int_equal(buf[5], 'X');	  /* nothing written past size */

	n = call_vsnprintf(buf, 1, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], '\0');

	memset(buf, 'X', sizeof(buf));
	n = call_vsnprintf(buf, 0, "%d", 12345); /* size 0: nothing written */
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], 'X');
	n = call_vsnprintf(NULL, 0, "%s", "count me");
	assert_int_equal(n, 8);

	n = call_vsnprintf(buf, sizeof(buf), "%-10d|", 1);
	assert_int_equal(n, 11);
	assert_string_equal(buf, "1      ");
}

static void test_vsnprintf_va_list(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(call_vsnprintf(buf, sizeof(buf), "%s=%d %lx", "x", 5, 0xabcUL), 7);
	assert_string_equal(buf, "x=5 abc");
}

/* Same output as the host C library for the formats both support. */
static void test_against_libc(void **state)
{
	static const char *const int_formats[] = {
		"%d",
		"%5d",
		"%-5d|",
		"%05d",
		"%+d",
		"% d",
		"%.3d",
		"%8.3d",
		"%-8.3d|",
		"%x",
		"%#x",
		"%08X",
		"%#10x",
		"%u",
		"%o",
		"%#o",
		"%i",
		/* flags combined with widths and precisions */
		"%08.3d",
		"%+05d",
		"% 05d",
		"%#08o",
		"%-+6d|",
		"%#.5x",
	};
	static const int values[] = {0, 1, -1, 7, 42, -42, 255, 4096, 2147483647, -2147483647 - 1};
	static const char *const str_formats[] = {"%s", "%10s", "%-10s|", "%.2s", "%10.4s"};
	static const char *const strs[] = {"", "a", "avatar", "hypervisor"};
	char ours[128], theirs[128];
	unsigned int f, v;

	(void)state;
	for (f = 0; f < sizeof(int_formats) / sizeof(int_formats[0]); f++) {
		for (v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			int a = call_vsnprintf(ours, sizeof(ours), int_formats[f], values[v]);
			int b = host_snprintf(theirs, sizeof(theirs), int_formats[f], values[v]);

			if (strcmp(ours, theirs) != 0 || a != b)
				fail_msg(
					"format \"%s\" value %d: got \"%s\" (%d), libc \"%s\" (%d)",
					int_formats[f], values[v], ours, a, theirs, b);
		}
	}
	for (f = 0; f < sizeof(str_formats) / sizeof(str_formats[0]); f++) {
		for (v = 0; v < sizeof(strs) / sizeof(strs[0]); v++) {
			int a = call_vsnprintf(ours, sizeof(ours), str_formats[f], strs[v]);
			int b = host_snprintf(theirs, sizeof(theirs), str_formats[f], strs[v]);

			if (strcmp(ours, theirs) != 0 || a != b)
				fail_msg("format \"%s\" value \"%s\": got \"%s\", libc \"%s\"",
					 str_formats[f], strs[v], ours, theirs);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_precision_on_unterminated),
		cmocka_unit_test(test_nul_char),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_vsnprintf_va_list),
		cmocka_unit_test(test_against_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
