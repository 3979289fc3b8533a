/*
 * link.h — linking accounts into coordinated clusters ("hydras").
 *
 * A farm spreads its load so that no account looks heavy; what gives it away
 * is what its accounts share: payment cards, residential proxy prefixes,
 * prompt templates, near-identical prompts. This module keeps the evidence
 * and the clusters; it does not decide what is suspicious (the engine gates
 * links by behaviour and the scorer weighs clusters).
 *
 * Clusters are a union-find forest over account indexes (union by size,
 * path halving) with a circular member list per cluster, so that a
 * cluster's members can be visited in O(size) when it becomes flagged.
 *
 * Shared-item evidence is counted per pair of accounts: for each item (a
 * prefix, a template frame) the table remembers the last four distinct
 * accounts that used it; when another account uses it, each of those pairs
 * is bumped, once per distinct item in a row. A pair that reaches the
 * caller's threshold is reported as ready to link, and again at each further
 * bump, so that a link the engine refuses for now can be made later. Both
 * tables have a fixed number of slots and evict the weakest entry when full, so memory is
 * bounded whatever the traffic.
 */
#ifndef SW_LINK_H
#define SW_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SW_LINK_CARD,     /* same payment fingerprint */
    SW_LINK_PREFIX,   /* several shared residential prefixes */
    SW_LINK_TEMPLATE, /* several shared prompt templates */
    SW_LINK_NEARDUP,  /* several near-duplicate prompts */
    SW_LINK_PIVOT,    /* moved to the same new model within hours of its release */
    SW_LINK_KINDS
} sw_link_kind;

/* Aggregates kept for each cluster (at its root); the engine maintains them. */
typedef struct sw_cluster {
    uint32_t size;
    uint32_t links[SW_LINK_KINDS]; /* unions made by each kind of evidence */
    uint64_t events, extraction_events;
    uint32_t weak, carded, proxied, pivoted; /* members with each trait */
    uint32_t first_member; /* earliest account to join: names the cluster */
    int64_t created_min, created_max; /* members' registration times (-1: none known) */
    int64_t flagged_ms; /* when the cluster's own score first flagged, -1 never */
    float logit;
} sw_cluster;

/* The event-weighted share of the cluster's requests that are extraction-grade. */
static inline double sw_cluster_intent(const sw_cluster *c)
{
    return c->events ? (double)c->extraction_events / (double)c->events : 0;
}

typedef struct sw_links sw_links;

sw_links *sw_links_new(size_t item_slots, size_t pair_slots);
void sw_links_free(sw_links *l);

/* Makes room for accounts 0..n-1 (new ones are singleton clusters). */
int sw_links_reserve(sw_links *l, uint32_t n);

uint32_t sw_links_root(sw_links *l, uint32_t a);
sw_cluster *sw_links_cluster(sw_links *l, uint32_t root);
/* Next member in a's cluster's circular list (a itself for a singleton). */
uint32_t sw_links_next_member(const sw_links *l, uint32_t a);

/*
 * Merges the clusters of a and b, adding their aggregates. Returns the new
 * root, or UINT32_MAX if they were already one cluster. *absorbed receives
 * the root that disappeared (its members are now in the returned root's
 * list).
 */
uint32_t sw_links_union(sw_links *l, uint32_t a, uint32_t b, sw_link_kind why, uint32_t *absorbed);

/*
 * Records that account a used item (of the given kind). Writes to ready[]
 * the other accounts whose shared-item count with a reached threshold with
 * this use (at most max_ready), and returns how many.
 */
int sw_links_observe(sw_links *l, sw_link_kind kind, uint64_t item, uint32_t a, uint32_t threshold,
                     uint32_t *ready, int max_ready);

/* A hint that item is about to be observed: starts loading its slot.
 * Changes no state. */
void sw_links_prefetch_item(const sw_links *l, sw_link_kind kind, uint64_t item);

/* Bumps the pair (a, b) directly (evidence found elsewhere, e.g. LSH);
 * returns the new count. */
uint32_t sw_links_bump_pair(sw_links *l, sw_link_kind kind, uint32_t a, uint32_t b, uint64_t item);

/* A hint that (a, b) is about to be bumped: starts loading its slot, so that
 * a caller bumping several pairs has their cache misses overlap. Changes no
 * state. */
void sw_links_prefetch_pair(const sw_links *l, sw_link_kind kind, uint32_t a, uint32_t b);

size_t sw_links_bytes(const sw_links *l);

#endif
