/*
 * bigtable.h — zeroed memory for the detector's large fixed hash tables.
 *
 * The prompt memo, the LSH index and the link tables are tens of megabytes
 * each, allocated once and probed at random on every event. Allocated with
 * calloc, every 4 KB page costs a page fault on first touch (about 13,000 of
 * them over a scan, each a trip through the hypervisor on a virtual machine)
 * and every probe risks a TLB miss. sw_bigtable_alloc() maps the table on a
 * 2 MB boundary and asks for transparent huge pages, which turns those into a
 * few dozen faults and keeps the table's translations in a handful of TLB
 * entries. Where the kernel offers no huge pages the memory is ordinary
 * zeroed pages: the advice is a hint, never a requirement.
 *
 * Contract: the memory is zeroed; it is released only by sw_bigtable_free()
 * with the same count and size. Small tables (under 1 MB) come from calloc.
 */
#ifndef SW_BIGTABLE_H
#define SW_BIGTABLE_H

#include <stddef.h>

/* count * size zeroed bytes, or NULL (overflow or out of memory). */
void *sw_bigtable_alloc(size_t count, size_t size);
/* Releases what sw_bigtable_alloc(count, size) returned; NULL is a no-op. */
void sw_bigtable_free(void *table, size_t count, size_t size);

#endif
