/* SPDX-License-Identifier: MIT */
/*
 * FAT32 timestamps: DOS date/time <-> seconds since 1970 (UTC).
 *
 * DOS dates count years from 1980 (0..127), times have 2-second
 * resolution plus a 10 ms "tenth" field for the creation time. Times
 * before 1980 clamp to the FAT epoch, after 2107 to the last DOS time.
 */
#include "fat32_internal.h"

#define FAT_EPOCH_UNIX 315532800ull /* 1980-01-01 00:00:00 UTC */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static uint64_t days_from_civil(uint32_t y, uint32_t m, uint32_t d)
{
	uint32_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? (uint32_t)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

static void civil_from_days(uint64_t z, uint32_t *y, uint32_t *m, uint32_t *d)
{
	uint64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (uint32_t)(doy - (153 * mp + 2) / 5 + 1);
	*m = (uint32_t)(mp < 10 ? mp + 3 : mp - 9);
	*y = (uint32_t)(yoe + era * 400 + (*m <= 2));
}

void fat32_now(struct fat32_fs *fs, uint16_t *date, uint16_t *time, uint8_t *tenth)
{
	uint64_t t = fs->clock ? fs->clock(fs->clock_ctx) : 0;
	uint32_t y, m, d, secs;

	if (t < FAT_EPOCH_UNIX) {
		*date = (1 << 5) | 1; /* 1980-01-01 */
		*time = 0;
		*tenth = 0;
		return;
	}
	civil_from_days(t / 86400, &y, &m, &d);
	if (y > 2107) {
		*date = (uint16_t)((127 << 9) | (12 << 5) | 31);
		*time = (uint16_t)((23 << 11) | (59 << 5) | 29);
		*tenth = 199;
		return;
	}
	secs = (uint32_t)(t % 86400);
	*date = (uint16_t)(((y - 1980) << 9) | (m << 5) | d);
	*time = (uint16_t)(((secs / 3600) << 11) | (((secs / 60) % 60) << 5) | ((secs % 60) / 2));
	*tenth = (uint8_t)((secs % 2) * 100);
}

uint64_t fat32_time_to_unix(uint16_t date, uint16_t time)
{
	uint32_t y = 1980 + (date >> 9), m = (date >> 5) & 15, d = date & 31;
	uint32_t hh = time >> 11, mm = (time >> 5) & 63, ss = (time & 31) * 2;

	if (m < 1 || m > 12 || d < 1)
		return FAT_EPOCH_UNIX; /* invalid (e.g. date 0): FAT epoch */
	return days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}
