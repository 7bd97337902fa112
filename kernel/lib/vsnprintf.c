// SPDX-License-Identifier: GPL-2.0
/*
 * vsnprintf(): printf-style formatting into a bounded buffer.
 *
 * Each conversion is parsed into a struct format_spec (flags, width,
 * precision, length) and then emitted by one of three writers: an integer
 * in some base, a string, or a character. Every output byte goes through
 * out_char(), which counts it and stores it only while there is room, so
 * overflow is impossible and the C99 return value (the length the full
 * output would have had) falls out naturally.
 *
 * Builds for the kernel and for host tests (<avatar/libc_names.h>).
 */
#include <avatar/sprintf.h>
#include <avatar/string.h>

enum length_mod { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF };

struct format_spec {
	bool left;     /* '-': pad on the right */
	bool zero;     /* '0': pad numbers with zeros */
	bool plus;     /* '+': always print a sign */
	bool space;    /* ' ': a blank where a '+' would go */
	bool alt;      /* '#': 0x prefix for hex, 0 for octal */
	bool pointer;  /* %p: 0x prefix even for a zero value */
	int width;     /* minimum field width, 0 if none */
	int precision; /* -1 if none */
	enum length_mod length;
};

struct out_buf {
	char *buf;
	size_t size; /* capacity including the terminating NUL */
	size_t len;  /* characters produced so far (may exceed size) */
};

static void out_char(struct out_buf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_repeat(struct out_buf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_string(struct out_buf *o, const struct format_spec *spec, const char *s)
{
	size_t len;
	int pad;

	if (!s)
		s = "(null)";
	len = spec->precision >= 0 ? strnlen(s, (size_t)spec->precision) : strlen(s);
	pad = spec->width > (int)len ? spec->width - (int)len : 0;
	if (!spec->left)
		out_repeat(o, ' ', pad);
	while (len--)
		out_char(o, *s++);
	if (spec->left)
		out_repeat(o, ' ', pad);
}

/*
 * Layout of a number: [pad][sign][prefix][zeros][digits][pad]. A precision
 * gives the minimum number of digits and disables the '0' flag (C99).
 */
static void out_number(struct out_buf *o, const struct format_spec *spec, unsigned long long v,
		       bool negative, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 2^64 in octal is 22 digits */
	int ndigits = 0, zeros, pad, prefix_len;
	const char *prefix = "";
	char sign = 0;

	while (v) {
		tmp[ndigits++] = digits[v % base];
		v /= base;
	}
	if (spec->precision < 0 && ndigits == 0)
		tmp[ndigits++] = '0'; /* "%d" of 0 prints 0, "%.0d" prints nothing */

	if (negative)
		sign = '-';
	else if (spec->plus)
		sign = '+';
	else if (spec->space)
		sign = ' ';
	if (spec->alt && base == 16 && (spec->pointer || !(ndigits == 1 && tmp[0] == '0')) &&
	    ndigits)
		prefix = upper ? "0X" : "0x";
	else if (spec->alt && base == 8 && (ndigits == 0 || tmp[ndigits - 1] != '0'))
		prefix = "0";
	prefix_len = (int)strlen(prefix);

	zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;
	pad = spec->width - (ndigits + zeros + prefix_len + (sign ? 1 : 0));
	if (pad < 0)
		pad = 0;
	if (spec->zero && !spec->left && spec->precision < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!spec->left)
		out_repeat(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	while (*prefix)
		out_char(o, *prefix++);
	out_repeat(o, '0', zeros);
	while (ndigits)
		out_char(o, tmp[--ndigits]);
	if (spec->left)
		out_repeat(o, ' ', pad);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Parse the flags, width, precision and length of one conversion that
 * starts just after a '%'; returns a pointer to the conversion character.
 */
static const char *parse_spec(const char *fmt, struct format_spec *spec, va_list *ap)
{
	memset(spec, 0, sizeof(*spec));
	spec->precision = -1;

	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '0')
			spec->zero = true;
		else if (*fmt == '+')
			spec->plus = true;
		else if (*fmt == ' ')
			spec->space = true;
		else if (*fmt == '#')
			spec->alt = true;
		else
			break;
	}

	if (*fmt == '*') {
		spec->width = va_arg(*ap, int);
		if (spec->width < 0) {
			spec->left = true;
			spec->width = -spec->width;
		}
		fmt++;
	} else {
		while (is_digit(*fmt))
			spec->width = spec->width * 10 + (*fmt++ - '0');
	}

	if (*fmt == '.') {
		fmt++;
		spec->precision = 0;
		if (*fmt == '*') {
			spec->precision = va_arg(*ap, int);
			if (spec->precision < 0)
				spec->precision = -1;
			fmt++;
		} else {
			while (is_digit(*fmt))
				spec->precision = spec->precision * 10 + (*fmt++ - '0');
		}
	}

	switch (*fmt) {
	case 'h':
		spec->length = fmt[1] == 'h' ? LEN_CHAR : LEN_SHORT;
		fmt += fmt[1] == 'h' ? 2 : 1;
		break;
	case 'l':
		spec->length = fmt[1] == 'l' ? LEN_LLONG : LEN_LONG;
		fmt += fmt[1] == 'l' ? 2 : 1;
		break;
	case 'z':
		spec->length = LEN_SIZE;
		fmt++;
		break;
	case 't':
		spec->length = LEN_PTRDIFF;
		fmt++;
		break;
	default:
		break;
	}
	return fmt;
}

static long long signed_arg(enum length_mod length, va_list *ap)
{
	switch (length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long unsigned_arg(enum length_mod length, va_list *ap)
{
	switch (length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out_buf o = {.buf = buf, .size = size, .len = 0};
	struct format_spec spec;
	va_list args;

	/* Work on a copy so the helpers can take its address portably. */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec, &args);
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = signed_arg(spec.length, &args);
			unsigned long long mag =
				v < 0 ? -(unsigned long long)v : (unsigned long long)v;

			out_number(&o, &spec, mag, v < 0, 10, false);
			break;
		}
		case 'u':
			out_number(&o, &spec, unsigned_arg(spec.length, &args), false, 10, false);
			break;
		case 'x':
		case 'X':
			out_number(&o, &spec, unsigned_arg(spec.length, &args), false, 16,
				   *fmt == 'X');
			break;
		case 'o':
			out_number(&o, &spec, unsigned_arg(spec.length, &args), false, 8, false);
			break;
		case 'p':
			/* Pointers print as 0x followed by hex digits, like glibc. */
			spec.alt = true;
			spec.pointer = true;
			out_number(&o, &spec, (uintptr_t)va_arg(args, void *), false, 16, false);
			break;
		case 's':
			out_string(&o, &spec, va_arg(args, const char *));
			break;
		case 'c': {
			char c[2] = {(char)va_arg(args, int), '\0'};

			spec.precision = 1;
			if (c[0] == '\0') {
				/* A NUL character is still one character of output. */
				spec.precision = -1;
				out_repeat(&o, ' ', spec.left ? 0 : spec.width - 1);
				out_char(&o, '\0');
				out_repeat(&o, ' ', spec.left ? spec.width - 1 : 0);
				break;
			}
			out_string(&o, &spec, c);
			break;
		}
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			/* A lone '%' at the end of the format: print it, stop. */
			out_char(&o, '%');
			continue;
		default:
			/* Unknown conversion: print it verbatim so the bug is visible. */
			out_char(&o, '%');
			out_char(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(args);

	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
