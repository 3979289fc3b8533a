/*
 * lines.h — streaming JSON Lines input with positions for error messages.
 *
 * Reads a file (or standard input for "-") one line at a time, never the
 * whole file, so that multi-gigabyte logs scan in constant memory. Each line
 * comes with its 1-based number so that a reader can report
 * "file:line: reason". Bytes consumed are counted for progress reports.
 */
#ifndef SW_LINES_H
#define SW_LINES_H

#include <stdint.h>
#include <stdio.h>

#define SW_LINES_IOBUF (1u << 17)

typedef struct sw_lines {
    FILE *f;
    const char *name; /* as given; "-" reads stdin and is shown as "<stdin>" */
    char *buf;
    size_t cap;
    uint64_t lineno;
    uint64_t bytes;
    int64_t total_bytes; /* file size when known, else -1 */
    int own; /* whether close() closes f */
    char *iobuf; /* stdio buffer of a file (SW_LINES_IOBUF bytes), or NULL */
} sw_lines;

/* Opens path ("-" for stdin). Returns SW_OK or SW_EIO (errno is kept). */
int sw_lines_open(sw_lines *l, const char *path);

/*
 * Next line, without its terminator, NUL-terminated at line[*len].
 * Returns SW_OK, SW_EOF at the end, SW_EIO on a read error.
 */
int sw_lines_next(sw_lines *l, const char **line, size_t *len);

void sw_lines_close(sw_lines *l);

/* The name to show in messages. */
const char *sw_lines_display_name(const sw_lines *l);

#endif
