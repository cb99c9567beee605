#include "answer_cache.h"
#include "../lib/hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;
    size_t key_len;
    unsigned long revision;
    char *body;
    size_t len;
} slot;

struct hv_answer_cache {
    slot slots[HV_ANSWER_CACHE_SLOTS];
};

static size_t slot_of(const char *key, size_t len)
{
    return (size_t)(hv_hash(key, len) % HV_ANSWER_CACHE_SLOTS);
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

const char *hv_answer_cache_get(hv_answer_cache *c, const char *key, size_t key_len,
                                unsigned long revision, size_t *len)
{
    if (!c) return NULL;
    const slot *s = &c->slots[slot_of(key, key_len)];
    if (!s->body || s->revision != revision || s->key_len != key_len ||
        memcmp(s->key, key, key_len) != 0)
        return NULL;
    *len = s->len;
    return s->body;
}

void hv_answer_cache_put(hv_answer_cache *c, const char *key, size_t key_len,
                         unsigned long revision, const char *body, size_t len)
{
    if (!c || len > HV_ANSWER_CACHE_MAX_BODY) return;
    slot *s = &c->slots[slot_of(key, key_len)];
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
    *s = (slot){.key = k, .key_len = key_len, .revision = revision, .body = b, .len = len};
}
