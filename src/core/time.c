/*
 * time.c — RFC 3339 parsing and formatting without the C library's locale-
 * and timezone-dependent functions (timegm is not in C17, and strptime is
 * slow). The calendar arithmetic is Howard Hinnant's well-known
 * days-from-civil algorithm, which is exact over the whole int64 range we use.
 */
#include "core/time.h"

#include <time.h>

#include "core/error.h"

int64_t sw_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void sw_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
    int v = 0;
    if (at + count > n)
        return -1;
    for (size_t i = 0; i < count; i++) {
        char c = s[at + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

int sw_time_parse(const char *s, size_t n, int64_t *out_ms)
{
    int Y, M, D, h, mi, sec;
    if (digits(s, n, 0, 4, &Y) || n < 19 || s[4] != '-' || digits(s, n, 5, 2, &M) || s[7] != '-' ||
        digits(s, n, 8, 2, &D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        digits(s, n, 11, 2, &h) || s[13] != ':' || digits(s, n, 14, 2, &mi) || s[16] != ':' ||
        digits(s, n, 17, 2, &sec))
        return SW_EPARSE;
    if (M < 1 || M > 12 || D < 1 || D > days_in_month(Y, M) || h > 23 || mi > 59 || sec > 60)
        return SW_EPARSE;
    size_t i = 19;
    int ms = 0;
    if (i < n && s[i] == '.') {
        i++;
        size_t start = i;
        int scale = 100;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            ms += (s[i] - '0') * scale;
            scale /= 10;
            i++;
        }
        if (i == start)
            return SW_EPARSE;
    }
    int64_t offset_min = 0;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        int oh, om;
        if (digits(s, n, i + 1, 2, &oh) || i + 3 >= n || s[i + 3] != ':' || digits(s, n, i + 4, 2, &om) ||
            oh > 23 || om > 59)
            return SW_EPARSE;
        offset_min = (int64_t)oh * 60 + om;
        if (s[i] == '+')
            offset_min = -offset_min;
        i += 6;
    } else {
        return SW_EPARSE;
    }
    if (i != n)
        return SW_EPARSE;
    if (sec == 60) /* leap second: fold into the next second, as POSIX time does */
        sec = 59, ms = 999;
    int64_t days = sw_days_from_civil(Y, (unsigned)M, (unsigned)D);
    *out_ms = ((days * 24 + h) * 60 + mi + offset_min) * 60000LL + (int64_t)sec * 1000 + ms;
    return SW_OK;
}

static void put_digits(char *out, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Hand-formatted: this runs once per written event, and snprintf's
 * general-purpose formatting would dominate the cost of writing a log line. */
void sw_time_format(int64_t ms, char out[SW_TIME_BUFSZ])
{
    int64_t days = ms >= 0 ? ms / SW_MS_PER_DAY : -((-ms + SW_MS_PER_DAY - 1) / SW_MS_PER_DAY);
    int64_t rem = ms - days * SW_MS_PER_DAY;
    int64_t y;
    unsigned m, d;
    sw_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    put_digits(out, (unsigned)y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = 'T';
    put_digits(out + 11, (unsigned)(rem / SW_MS_PER_HOUR), 2);
    out[13] = ':';
    put_digits(out + 14, (unsigned)(rem / SW_MS_PER_MIN % 60), 2);
    out[16] = ':';
    put_digits(out + 17, (unsigned)(rem / 1000 % 60), 2);
    out[19] = '.';
    put_digits(out + 20, (unsigned)(rem % 1000), 3);
    out[23] = 'Z';
    out[24] = '\0';
}

int64_t sw_time_wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int64_t sw_time_mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
