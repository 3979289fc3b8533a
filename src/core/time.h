/*
 * time.h — timestamps as milliseconds since the Unix epoch (UTC).
 *
 * The traffic log writes RFC 3339 times in UTC with milliseconds
 * ("2026-11-02T00:00:24.603Z"). Readers accept any RFC 3339 time (fraction
 * of any length or none, 'Z' or a numeric offset, 't'/'z' in lower case) and
 * normalise it to UTC milliseconds; writers always write the canonical form.
 */
#ifndef SW_TIME_H
#define SW_TIME_H

#include <stddef.h>
#include <stdint.h>

#define SW_TIME_BUFSZ 25 /* "YYYY-MM-DDTHH:MM:SS.mmmZ" + NUL */

#define SW_MS_PER_MIN 60000LL
#define SW_MS_PER_HOUR 3600000LL
#define SW_MS_PER_DAY 86400000LL

/* Parses n bytes of s as RFC 3339. Returns SW_OK or SW_EPARSE. */
int sw_time_parse(const char *s, size_t n, int64_t *out_ms);

/* Writes the canonical form of ms into out (SW_TIME_BUFSZ bytes). */
void sw_time_format(int64_t ms, char out[SW_TIME_BUFSZ]);

/* Milliseconds since the epoch (wall clock: for timestamps), and of a
 * monotonic clock (for deadlines and intervals, which must not jump). */
int64_t sw_time_wall_ms(void);
int64_t sw_time_mono_ms(void);

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
int64_t sw_days_from_civil(int64_t y, unsigned m, unsigned d);
void sw_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
