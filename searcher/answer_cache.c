#include "answer_cache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/hash.h"

/* Four places a key may go: with one, two popular queries sharing a place
 * would push each other out on every request. */
#define WAYS 4
#define SETS (HV_ANSWER_CACHE_SLOTS / WAYS)

typedef struct {
    char *key;
    size_t key_len;
    unsigned long revision;
    char *body;
    size_t len;
    uint64_t used; /* when last read or written: the oldest of a set goes */
} slot;

struct hv_answer_cache {
    slot slots[HV_ANSWER_CACHE_SLOTS];
    uint64_t clock;
};

static slot *set_of(hv_answer_cache *c, const char *key, size_t len)
{
    return &c->slots[(hv_hash(key, len) % SETS) * WAYS];
}

hv_answer_cache *hv_answer_cache_new(void)
{
    return calloc(1, sizeof(hv_answer_cache));
}

void hv_answer_cache_free(hv_answer_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < HV_ANSWER_CACHE_SLOTS; i++) {
        free(c->slots[i].key);
        free(c->slots[i].body);
    }
    free(c);
}

static bool holds(const slot *s, const char *key, size_t key_len)
{
    return s->key && s->key_len == key_len && memcmp(s->key, key, key_len) == 0;
}

const char *hv_answer_cache_get(hv_answer_cache *c, const char *key, size_t key_len,
                                unsigned long revision, size_t *len)
{
    if (!c) return NULL;
    slot *set = set_of(c, key, key_len);
    for (int w = 0; w < WAYS; w++) {
        slot *s = &set[w];
        if (!holds(s, key, key_len)) continue;
        if (s->revision != revision) return NULL;
        s->used = ++c->clock;
        *len = s->len;
        return s->body;
    }
    return NULL;
}

void hv_answer_cache_put(hv_answer_cache *c, const char *key, size_t key_len,
                         unsigned long revision, const char *body, size_t len)
{
    if (!c || len > HV_ANSWER_CACHE_MAX_BODY) return;
    slot *set = set_of(c, key, key_len);
    slot *s = &set[0];
    for (int w = 0; w < WAYS; w++) {
        if (holds(&set[w], key, key_len)) {
            s = &set[w];
            break;
        }
        if (set[w].used < s->used) s = &set[w];
    }
    char *k = malloc(key_len ? key_len : 1), *b = malloc(len ? len : 1);
    if (!k || !b) {
        free(k);
        free(b);
        return;
    }
    memcpy(k, key, key_len);
    memcpy(b, body, len);
    free(s->key);
    free(s->body);
    *s = (slot){.key = k,
                .key_len = key_len,
                .revision = revision,
                .body = b,
                .len = len,
                .used = ++c->clock};
}
