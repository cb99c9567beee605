/* Finished answers kept for repeated requests, valid for one index revision.
 *
 * A search box sees the same queries again and again (and search-as-you-type
 * repeats every prefix); answering them from memory frees the index for the
 * new ones.  One cache per worker thread, so no lock: direct-mapped, a newer
 * answer simply replaces an older one in its slot. */
#ifndef HV_ANSWER_CACHE_H
#define HV_ANSWER_CACHE_H

#include <stddef.h>

#define HV_ANSWER_CACHE_SLOTS 4096
/* Larger answers are not kept. */
#define HV_ANSWER_CACHE_MAX_BODY (256u * 1024u)

typedef struct hv_answer_cache hv_answer_cache;

hv_answer_cache *hv_answer_cache_new(void);
void hv_answer_cache_free(hv_answer_cache *cache);

/* The answer stored for key at this revision, or NULL.  The pointer is the
 * cache's, valid until the next put. */
const char *hv_answer_cache_get(hv_answer_cache *cache, const char *key, size_t key_len,
                                unsigned long revision, size_t *len);

/* Keeps a copy of body for key at this revision (quietly does nothing when
 * out of memory or too large). */
void hv_answer_cache_put(hv_answer_cache *cache, const char *key, size_t key_len,
                         unsigned long revision, const char *body, size_t len);

#endif
