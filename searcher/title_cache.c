#include "title_cache.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/hash.h"

static hv_title_slot *slot_of(const hv_title_cache *cache, const char *doc)
{
    uint64_t h = hv_hash(doc, strlen(doc));
    return (hv_title_slot *)&cache->slots[h % HV_TITLE_CACHE_SLOTS];
}

const char *hv_title_cache_get(const hv_title_cache *cache, const char *doc)
{
    const hv_title_slot *slot = slot_of(cache, doc);
    return slot->doc && strcmp(slot->doc, doc) == 0 ? slot->title : NULL;
}

hv_status hv_title_cache_put(hv_title_cache *cache, const char *doc, const char *title)
{
    char *d = strdup(doc), *t = strdup(title);
    if (!d || !t) {
        free(d);
        free(t);
        return HV_ERR_NOMEM;
    }
    hv_title_slot *slot = slot_of(cache, doc);
    free(slot->doc);
    free(slot->title);
    slot->doc = d;
    slot->title = t;
    return HV_OK;
}

void hv_title_cache_clear(hv_title_cache *cache)
{
    for (size_t i = 0; i < HV_TITLE_CACHE_SLOTS; i++) {
        free(cache->slots[i].doc);
        free(cache->slots[i].title);
        cache->slots[i].doc = cache->slots[i].title = NULL;
    }
}
