/* SPDX-License-Identifier: MIT */
/*
 * FAT32 names: VFAT long names and 8.3 short names.
 *
 * Names travel through the API as UTF-8 and are stored as UTF-16 in long
 * name (LFN) entries, up to 255 units, 13 per entry, each entry carrying
 * the checksum of the 8.3 name it belongs to. Every file also has an 8.3
 * name; when the long name is not already a valid upper-case 8.3 name a
 * short one is generated: upper-case, invalid characters replaced by '_',
 * spaces and leading dots dropped, base cut to 8 and extension to 3
 * characters, and a numeric tail "~N" added when the result lost
 * information or collides (dir.c picks N).
 *
 * Name comparison folds ASCII letters only (a-z/A-Z), which is what FAT
 * implementations agree on without an up-case table.
 */
#include "fat32_internal.h"

uint8_t fat32_lfn_checksum(const uint8_t name11[11])
{
	uint8_t sum = 0;
	int i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name11[i]);
	return sum;
}

int fat32_utf8_to_utf16(const char *str, size_t len, uint16_t *out, size_t max)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t i = 0, n = 0;

	while (i < len) {
		uint32_t cp, c = s[i];
		int extra;

		if (c < 0x80) {
			cp = c;
			extra = 0;
		} else if ((c & 0xE0) == 0xC0) {
			cp = c & 0x1F;
			extra = 1;
		} else if ((c & 0xF0) == 0xE0) {
			cp = c & 0x0F;
			extra = 2;
		} else if ((c & 0xF8) == 0xF0) {
			cp = c & 0x07;
			extra = 3;
		} else {
			return FAT32_EINVAL;
		}
		if ((size_t)extra >= len - i)
			return FAT32_EINVAL;
		for (int k = 1; k <= extra; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return FAT32_EINVAL;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* Reject overlong forms, surrogates and values past U+10FFFF. */
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return FAT32_EINVAL;
		i += (size_t)extra + 1;
		if (cp >= 0x10000) {
			if (n + 2 > max)
				return FAT32_ENAMETOOLONG;
			cp -= 0x10000;
			out[n++] = (uint16_t)(0xD800 | (cp >> 10));
			out[n++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
		} else {
			if (n + 1 > max)
				return FAT32_ENAMETOOLONG;
			out[n++] = (uint16_t)cp;
		}
	}
	return (int)n;
}

size_t fat32_utf16_to_utf8(const uint16_t *in, size_t n, char *out, size_t max)
{
	size_t i, o = 0;

	if (max == 0)
		return 0;
	for (i = 0; i < n; i++) {
		uint32_t cp = in[i];
		uint8_t b[4];
		size_t k, len;

		if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && in[i + 1] >= 0xDC00 &&
		    in[i + 1] <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (in[i + 1] - 0xDC00);
			i++;
		} else if (cp >= 0xD800 && cp <= 0xDFFF) {
			cp = 0xFFFD; /* unpaired surrogate */
		}
		if (cp < 0x80) {
			b[0] = (uint8_t)cp;
			len = 1;
		} else if (cp < 0x800) {
			b[0] = (uint8_t)(0xC0 | (cp >> 6));
			b[1] = (uint8_t)(0x80 | (cp & 0x3F));
			len = 2;
		} else if (cp < 0x10000) {
			b[0] = (uint8_t)(0xE0 | (cp >> 12));
			b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
			b[2] = (uint8_t)(0x80 | (cp & 0x3F));
			len = 3;
		} else {
			b[0] = (uint8_t)(0xF0 | (cp >> 18));
			b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
			b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
			b[3] = (uint8_t)(0x80 | (cp & 0x3F));
			len = 4;
		}
		if (o + len + 1 > max)
			break;
		for (k = 0; k < len; k++)
			out[o++] = (char)b[k];
	}
	out[o] = '\0';
	return o;
}

static bool lfn_char_ok(uint16_t c)
{
	if (c < 0x20)
		return false;
	switch (c) {
	case '"':
	case '*':
	case '/':
	case ':':
	case '<':
	case '>':
	case '?':
	case '\\':
	case '|':
	case 0x7F:
		return false;
	}
	return true;
}

/* Characters allowed in an 8.3 name besides A-Z and 0-9. */
static bool short_char_ok(uint16_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '$':
	case '%':
	case '\'':
	case '-':
	case '_':
	case '@':
	case '~':
	case '`':
	case '!':
	case '(':
	case ')':
	case '{':
	case '}':
	case '^':
	case '#':
	case '&':
		return true;
	}
	return false;
}

int fat32_name_check(const uint16_t *u, size_t n)
{
	size_t i;

	if (n == 0)
		return FAT32_EINVAL;
	if (n > LFN_MAX_UNITS)
		return FAT32_ENAMETOOLONG;
	if ((n == 1 && u[0] == '.') || (n == 2 && u[0] == '.' && u[1] == '.'))
		return FAT32_EINVAL;
	for (i = 0; i < n; i++)
		if (!lfn_char_ok(u[i]))
			return FAT32_EINVAL;
	/* Windows strips trailing dots and spaces; refuse them instead. */
	if (u[n - 1] == '.' || u[n - 1] == ' ')
		return FAT32_EINVAL;
	return 0;
}

bool fat32_name_is_short(const uint16_t *u, size_t n, uint8_t name11[11])
{
	size_t i, b = 0, e = 0;
	bool in_ext = false;

	memset(name11, ' ', 11);
	for (i = 0; i < n; i++) {
		if (u[i] == '.') {
			if (in_ext || i == 0)
				return false;
			in_ext = true;
			continue;
		}
		if (!short_char_ok(u[i]))
			return false;
		if (in_ext) {
			if (e == 3)
				return false;
			name11[8 + e++] = (uint8_t)u[i];
		} else {
			if (b == 8)
				return false;
			name11[b++] = (uint8_t)u[i];
		}
	}
	if (in_ext && e == 0)
		return false;
	return b > 0;
}

void fat32_short_basis(const uint16_t *u, size_t n, uint8_t name11[11], bool *lossy)
{
	size_t i, start = 0, dot = n, b = 0, e = 0;

	memset(name11, ' ', 11);
	*lossy = false;
	while (start < n && (u[start] == '.' || u[start] == ' ')) {
		start++;
		*lossy = true;
	}
	for (i = n; i > start; i--) {
		if (u[i - 1] == '.') {
			dot = i - 1;
			break;
		}
	}
	for (i = start; i < n; i++) {
		uint16_t c = u[i];

		if (i == dot)
			continue;
		if (c == ' ' || (c == '.' && i < dot)) {
			*lossy = true; /* embedded spaces/dots are dropped */
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (uint16_t)(c - 'a' + 'A');
		else if (c >= 0xD800 && c <= 0xDBFF)
			continue; /* high surrogate: the low half becomes '_' */
		if (!short_char_ok(c)) {
			c = '_';
			*lossy = true;
		}
		if (i < dot) {
			if (b < 8)
				name11[b++] = (uint8_t)c;
			else
				*lossy = true;
		} else {
			if (e < 3)
				name11[8 + e++] = (uint8_t)c;
			else
				*lossy = true;
		}
	}
	if (b == 0) {
		name11[0] = '_';
		*lossy = true;
	}
}

void fat32_short_tail(const uint8_t basis[11], uint32_t num, uint8_t out[11])
{
	char digits[11];
	uint32_t nd = 0, base_len = 0, keep, i;

	memcpy(out, basis, 11);
	do {
		digits[nd++] = (char)('0' + num % 10);
		num /= 10;
	} while (num && nd < 7);
	while (base_len < 8 && basis[base_len] != ' ')
		base_len++;
	keep = 8 - (nd + 1);
	if (keep > base_len)
		keep = base_len;
	for (i = keep; i < 8; i++)
		out[i] = ' ';
	out[keep] = '~';
	for (i = 0; i < nd; i++)
		out[keep + 1 + i] = (uint8_t)digits[nd - 1 - i];
}

size_t fat32_short_to_str(const uint8_t name11[11], uint8_t ntres, char *out)
{
	size_t o = 0;
	int i, end;

	for (end = 8; end > 0 && name11[end - 1] == ' '; end--)
		;
	for (i = 0; i < end; i++) {
		uint8_t c = name11[i];

		if (i == 0 && c == DIRENT_KANJI_E5)
			c = 0xE5;
		if ((ntres & NTRES_LOWER_BASE) && c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		out[o++] = (char)c;
	}
	for (end = 11; end > 8 && name11[end - 1] == ' '; end--)
		;
	if (end > 8) {
		out[o++] = '.';
		for (i = 8; i < end; i++) {
			uint8_t c = name11[i];

			if ((ntres & NTRES_LOWER_EXT) && c >= 'A' && c <= 'Z')
				c = (uint8_t)(c - 'A' + 'a');
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}

static uint16_t fold(uint16_t c)
{
	return (c >= 'a' && c <= 'z') ? (uint16_t)(c - 'a' + 'A') : c;
}

bool fat32_name_equal(const uint16_t *a, size_t an, const uint16_t *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return false;
	for (i = 0; i < an; i++)
		if (fold(a[i]) != fold(b[i]))
			return false;
	return true;
}

static const uint8_t lfn_offsets[LFN_CHARS] = {
	1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30,
};

void fat32_lfn_fill(uint8_t *ent, const uint16_t *u, size_t n, uint32_t ord, bool last, uint8_t sum)
{
	size_t base = (ord - 1) * LFN_CHARS, i;

	memset(ent, 0, DIR_ENTRY_SIZE);
	ent[LDIR_ORD] = (uint8_t)(ord | (last ? LFN_LAST : 0));
	ent[LDIR_ATTR] = ATTR_LFN;
	ent[LDIR_CHKSUM] = sum;
	for (i = 0; i < LFN_CHARS; i++) {
		uint16_t c;

		if (base + i < n)
			c = u[base + i];
		else if (base + i == n)
			c = 0x0000;
		else
			c = 0xFFFF;
		put_le16(ent + lfn_offsets[i], c);
	}
}

void fat32_lfn_extract(const uint8_t *ent, uint16_t out[LFN_CHARS])
{
	int i;

	for (i = 0; i < LFN_CHARS; i++)
		out[i] = le16(ent + lfn_offsets[i]);
}
