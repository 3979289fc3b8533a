/*
 * bigtable.c — huge-page-backed zeroed tables (see bigtable.h).
 *
 * mmap returns page-aligned memory, but a transparent huge page needs a
 * 2 MB-aligned 2 MB range: the mapping is made one huge page larger than
 * asked, and the unaligned head and the unused tail are unmapped again, so
 * that what remains starts on a boundary. Its length is rounded up to whole
 * huge pages, which sw_bigtable_free() recomputes from count and size.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, MAP_ANONYMOUS */
#include "core/bigtable.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)
#define SMALL_TABLE ((size_t)1 << 20)

static size_t mapped_length(size_t bytes)
{
    return (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

void *sw_bigtable_alloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    if (bytes < SMALL_TABLE)
        return calloc(count ? count : 1, size ? size : 1);
    size_t len = mapped_length(bytes);
    if (len > SIZE_MAX - HUGE_PAGE)
        return NULL;
    char *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uintptr_t at = ((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    char *table = (char *)at;
    size_t head = (size_t)(table - raw), tail = HUGE_PAGE - head;
    if (head)
        munmap(raw, head);
    if (tail)
        munmap(table + len, tail);
    (void)madvise(table, len, MADV_HUGEPAGE); /* a hint: fails harmlessly without THP */
    return table;
}

void sw_bigtable_free(void *table, size_t count, size_t size)
{
    if (!table)
        return;
    size_t bytes = count * size;
    if (bytes < SMALL_TABLE) {
        free(table);
        return;
    }
    munmap(table, mapped_length(bytes));
}
