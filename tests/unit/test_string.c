// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the kernel's string functions (kernel/lib/string.c),
 * built for the host under the avatar_ prefix (<avatar/libc_names.h>).
 * Buffers come from the heap at their exact size where overruns matter,
 * so AddressSanitizer catches a function touching a byte too many.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/*
 * After the system headers. From here on the standard names (memset, ...)
 * also mean the kernel's functions; the tests name them avatar_* to be clear.
 */
#include <avatar/string.h>

static void test_memcpy(void **state)
{
	unsigned char src[64], dst[64];
	size_t off, len, i;

	(void)state;
	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	/* All alignments and lengths, including the word-at-a-time path. */
	for (off = 0; off < 8; off++) {
		for (len = 0; len + off <= 40; len++) {
			memset(dst, 0xee, sizeof(dst));
			assert_ptr_equal(avatar_memcpy(dst + off, src + (8 - off), len), dst + off);
			if (len)
				assert_memory_equal(dst + off, src + (8 - off), len);
			for (i = 0; i < off; i++)
				assert_int_equal(dst[i], 0xee);
			for (i = off + len; i < sizeof(dst); i++)
				assert_int_equal(dst[i], 0xee);
		}
	}
}

static void test_memmove(void **state)
{
	char buf[16];

	(void)state;
	memcpy(buf, "0123456789", 11);
	avatar_memmove(buf + 2, buf, 5); /* forward overlap */
	assert_string_equal(buf, "0101234789");
	memcpy(buf, "0123456789", 11);
	avatar_memmove(buf, buf + 3, 5); /* backward overlap */
	assert_string_equal(buf, "3456756789");
	memcpy(buf, "0123456789", 11);
	assert_ptr_equal(avatar_memmove(buf, buf, 10), buf);
	assert_string_equal(buf, "0123456789");
	avatar_memmove(buf + 1, buf, 0);
	assert_string_equal(buf, "0123456789");
}

static void test_memset_memcmp_memchr(void **state)
{
	unsigned char *p = malloc(33);
	unsigned char a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 3, 5};

	(void)state;
	assert_non_null(p);
	p[32] = 0x55;
	assert_ptr_equal(avatar_memset(p, 0x1ab, 32), p); /* converted to unsigned char */
	for (int i = 0; i < 32; i++)
		assert_int_equal(p[i], 0xab);
	assert_int_equal(p[32], 0x55);
	free(p);

	assert_int_equal(avatar_memcmp(a, b, 3), 0);
	assert_true(avatar_memcmp(a, b, 4) < 0);
	assert_true(avatar_memcmp(b, a, 4) > 0);
	assert_int_equal(avatar_memcmp(a, b, 0), 0);
	b[0] = 0xff; /* compared as unsigned */
	assert_true(avatar_memcmp(a, b, 4) < 0);

	assert_ptr_equal(avatar_memchr(a, 3, 4), &a[2]);
	assert_null(avatar_memchr(a, 3, 2));
	assert_null(avatar_memchr(a, 9, 4));
}

static void test_strlen_strnlen(void **state)
{
	char *s = malloc(6);

	(void)state;
	memcpy(s, "hello", 6);
	assert_int_equal(avatar_strlen(s), 5);
	assert_int_equal(avatar_strlen(""), 0);
	assert_int_equal(avatar_strnlen(s, 3), 3);
	assert_int_equal(avatar_strnlen(s, 6), 5);
	assert_int_equal(avatar_strnlen(s, 0), 0);
	free(s);

	/* strnlen stops at max: reading an unterminated buffer is fine. */
	s = malloc(3);
	memcpy(s, "abc", 3);
	assert_int_equal(avatar_strnlen(s, 3), 3);
	free(s);
}

static void test_strcmp_strncmp(void **state)
{
	(void)state;
	assert_int_equal(avatar_strcmp("abc", "abc"), 0);
	assert_true(avatar_strcmp("abc", "abd") < 0);
	assert_true(avatar_strcmp("abd", "abc") > 0);
	assert_true(avatar_strcmp("ab", "abc") < 0);
	assert_true(avatar_strcmp("abc", "ab") > 0);
	assert_true(avatar_strcmp("a", "\xff") < 0); /* unsigned comparison */
	assert_int_equal(avatar_strcmp("", ""), 0);

	assert_int_equal(avatar_strncmp("abcdef", "abcxyz", 3), 0);
	assert_true(avatar_strncmp("abcdef", "abcxyz", 4) < 0);
	assert_int_equal(avatar_strncmp("abc", "abc", 10), 0); /* stops at the NUL */
	assert_true(avatar_strncmp("ab", "abc", 10) < 0);
	assert_int_equal(avatar_strncmp("x", "y", 0), 0);
}

static void test_strchr_strrchr(void **state)
{
	const char *s = "a,b,c";

	(void)state;
	assert_ptr_equal(avatar_strchr(s, ','), s + 1);
	assert_ptr_equal(avatar_strrchr(s, ','), s + 3);
	assert_null(avatar_strchr(s, 'x'));
	assert_null(avatar_strrchr(s, 'x'));
	assert_ptr_equal(avatar_strchr(s, '\0'), s + 5); /* the terminator is found */
	assert_ptr_equal(avatar_strrchr(s, '\0'), s + 5);
	assert_ptr_equal(avatar_strchr(s, 'a'), s);
}

static void test_strcpy_strlcpy(void **state)
{
	char buf[8];

	(void)state;
	assert_ptr_equal(avatar_strcpy(buf, "abc"), buf);
	assert_string_equal(buf, "abc");

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(avatar_strlcpy(buf, "abcdefghij", 5), 10);
	assert_string_equal(buf, "abcd");
	assert_int_equal(buf[5], 'X');
	assert_int_equal(avatar_strlcpy(buf, "hi", sizeof(buf)), 2);
	assert_string_equal(buf, "hi");
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(avatar_strlcpy(buf, "hi", 0), 2); /* size 0: untouched */
	assert_int_equal(buf[0], 'X');
}

static void test_strtoul(void **state)
{
	char *end;

	(void)state;
	assert_int_equal(avatar_strtoul("1234", &end, 10), 1234);
	assert_int_equal(*end, '\0');
	assert_int_equal(avatar_strtoul("  42abc", &end, 10), 42);
	assert_string_equal(end, "abc");
	assert_int_equal(avatar_strtoul("0x1F", &end, 0), 31);
	assert_int_equal(avatar_strtoul("0X1f", NULL, 16), 31);
	assert_int_equal(avatar_strtoul("1f", NULL, 16), 31);
	assert_int_equal(avatar_strtoul("017", NULL, 0), 15); /* octal */
	assert_int_equal(avatar_strtoul("0", &end, 0), 0);
	assert_int_equal(*end, '\0');
	assert_int_equal(avatar_strtoul("101", NULL, 2), 5);
	assert_int_equal(avatar_strtoul("zz", NULL, 36), 36 * 35 + 35);
	assert_int_equal(avatar_strtoul("+7", NULL, 10), 7);

	/* "0x" with no hex digit parses as 0, leaving "x..." */
	assert_int_equal(avatar_strtoul("0xg", &end, 0), 0);
	assert_string_equal(end, "xg");

	/* Nothing to parse: *end is the start. */
	{
		const char *s = "  zap";

		assert_int_equal(avatar_strtoul(s, &end, 10), 0);
		assert_ptr_equal(end, s);
		assert_int_equal(avatar_strtoul("5", &end, 1), 0); /* invalid base */
	}

	/* Overflow saturates. */
	assert_true(avatar_strtoul("99999999999999999999999", NULL, 10) == ULONG_MAX);
	assert_true(avatar_strtoull("18446744073709551615", NULL, 10) == ULLONG_MAX);
	assert_true(avatar_strtoull("18446744073709551614", NULL, 10) == ULLONG_MAX - 1);
	assert_true(avatar_strtoull("0xffffffffffffffff", NULL, 0) == ULLONG_MAX);
	/* A minus sign negates, as in C. */
	assert_true(avatar_strtoul("-1", NULL, 10) == ULONG_MAX);
}

static void test_strtol(void **state)
{
	(void)state;
	assert_int_equal(avatar_strtol("-42", NULL, 10), -42);
	assert_int_equal(avatar_strtol("  +42", NULL, 10), 42);
	assert_int_equal(avatar_strtol("-0x10", NULL, 0), -16);
	assert_true(avatar_strtol("9223372036854775807", NULL, 10) == LONG_MAX);
	assert_true(avatar_strtol("9223372036854775808", NULL, 10) == LONG_MAX);
	assert_true(avatar_strtol("-9223372036854775808", NULL, 10) == LONG_MIN);
	assert_true(avatar_strtol("-99999999999999999999", NULL, 10) == LONG_MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memmove),
		cmocka_unit_test(test_memset_memcmp_memchr),
		cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strcmp_strncmp),
		cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strcpy_strlcpy),
		cmocka_unit_test(test_strtoul),
		cmocka_unit_test(test_strtol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
