/* Document titles by path, for the passage records that leave them out.
 *
 * The index keeps one title per file (index.h), not one per passage.  A
 * phrase check decodes hundreds of records, many of them from the same
 * files, and each record's title is part of what the phrase is checked
 * against: the cache keeps the titles last read, one slot per hash of the
 * path, so that a file's title is read from the index about once per
 * revision.  One per searcher (thread); clear it when the index changes. */
#ifndef HV_TITLE_CACHE_H
#define HV_TITLE_CACHE_H

#include "../lib/status.h"

/* The files of a 100k-passage index (5,000) nearly fit; there, the title
 * lookups that miss took 2% of the searcher's time. */
#define HV_TITLE_CACHE_SLOTS 4096

typedef struct {
    char *doc;   /* NULL: empty slot */
    char *title; /* "" when the file has none */
} hv_title_slot;

typedef struct {
    hv_title_slot slots[HV_TITLE_CACHE_SLOTS];
} hv_title_cache;

/* clang-format off */
#define HV_TITLE_CACHE_INIT {0}
/* clang-format on */

/* The title kept for doc, owned by the cache and valid until its next put
 * or clear; NULL when none is kept. */
const char *hv_title_cache_get(const hv_title_cache *cache, const char *doc);

/* Keeps a copy of doc's title, in place of what its slot held. */
hv_status hv_title_cache_put(hv_title_cache *cache, const char *doc, const char *title);

/* Forgets every title; the cache stays usable. */
void hv_title_cache_clear(hv_title_cache *cache);

#endif
