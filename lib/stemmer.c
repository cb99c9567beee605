#include "stemmer.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "hash.h"
#include "tokenizer.h"

/* Stems of words stemmed lately.  A snippet stems the same few words of a
 * query in passage after passage, and the words of a text repeat; a
 * Snowball stem costs a few thousand instructions, a look here a few
 * dozen. */
#define CACHE_SLOTS 512
#define CACHE_WORD_MAX 31 /* longer words and stems are stemmed every time */

typedef struct {
    unsigned char lang; /* HV_LANG_UNKNOWN: an empty slot */
    unsigned char word_len, stem_len;
    char word[CACHE_WORD_MAX];
    char stem[CACHE_WORD_MAX];
} cache_slot;

struct hv_stemmer {
    struct sb_stemmer *sb[HV_LANG_COUNT];
    char *buf; /* the last stem, owned here so it outlives libstemmer's */
    size_t cap;
    cache_slot cache[CACHE_SLOTS];
};

static const char *const algorithms[HV_LANG_COUNT] = {
    [HV_LANG_NL] = "dutch",
    [HV_LANG_EN] = "english",
    [HV_LANG_RU] = "russian",
};

hv_status hv_stemmer_new(hv_stemmer **out)
{
    if (!out) return HV_ERR_INVALID_ARGUMENT;
    *out = NULL;
    hv_stemmer *s = calloc(1, sizeof *s);
    if (!s) return HV_ERR_NOMEM;
    s->cap = HV_MAX_WORD_BYTES * 2 + 1;
    s->buf = malloc(s->cap);
    if (!s->buf) {
        free(s);
        return HV_ERR_NOMEM;
    }
    for (int l = 0; l < HV_LANG_COUNT; l++) {
        if (!algorithms[l]) continue;
        s->sb[l] = sb_stemmer_new(algorithms[l], "UTF_8");
        if (!s->sb[l]) {
            hv_stemmer_free(s);
            return HV_ERR_NOMEM; /* the algorithms are built in: only memory fails */
        }
    }
    *out = s;
    return HV_OK;
}

void hv_stemmer_free(hv_stemmer *stemmer)
{
    if (!stemmer) return;
    for (int l = 0; l < HV_LANG_COUNT; l++)
        if (stemmer->sb[l]) sb_stemmer_delete(stemmer->sb[l]);
    free(stemmer->buf);
    free(stemmer);
}

static hv_status keep(hv_stemmer *s, const char *w, size_t len, const char **stem, size_t *stem_len)
{
    if (len + 1 > s->cap) {
        size_t cap = len + 1;
        char *buf = realloc(s->buf, cap);
        if (!buf) return HV_ERR_NOMEM;
        s->buf = buf;
        s->cap = cap;
    }
    memmove(s->buf, w, len);
    s->buf[len] = '\0';
    *stem = s->buf;
    *stem_len = len;
    return HV_OK;
}

/* British -ise and American -ize spellings (recognised, recognized) stem
 * apart in Porter2; English words are spelt the American way first.  The
 * ending must follow at least three letters, so that rise, raise and wise
 * are left alone. */
static const char *const ise_endings[] = {"ise",     "ised",     "ises", "ising",
                                          "isation", "isations", "iser", "isers"};
enum { ISE_MIN_BASE = 3 };

static size_t american_spelling(const char *word, size_t len, char *out, size_t cap)
{
    for (size_t i = 0; i < sizeof ise_endings / sizeof *ise_endings; i++) {
        size_t n = strlen(ise_endings[i]);
        if (len < n + ISE_MIN_BASE || len > cap) continue;
        if (memcmp(word + len - n, ise_endings[i], n) != 0) continue;
        memcpy(out, word, len);
        out[len - n + 1] = 'z';
        return len;
    }
    return 0;
}

/* Russian nouns in -ец and -ок lose that vowel when inflected (беженец,
 * беженца, беженцев; ребёнок, ребёнка), and the Snowball stemmer leaves
 * it in the stem of the nominative only: "беженец" and "беженцев" stemmed
 * apart.  The vowel goes from every stem so ending, whether it is fleeting
 * or not (срок, срока: both "срк"), which keeps each word's forms
 * together.  At least two letters must come before it (сок stays). */
static size_t without_fleeting_vowel(char *stem, size_t len)
{
    static const char *const endings[] = {"\xD0\xB5\xD1\x86" /* ец */, "\xD0\xBE\xD0\xBA" /* ок */};
    enum { ENDING_BYTES = 4, MIN_BASE_BYTES = 4 /* two Cyrillic letters */ };
    if (len < ENDING_BYTES + MIN_BASE_BYTES) return len;
    for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
        if (memcmp(stem + len - ENDING_BYTES, endings[i], ENDING_BYTES) != 0) continue;
        memmove(stem + len - ENDING_BYTES, stem + len - 2, 2);
        return len - 2;
    }
    return len;
}

/* The slot word in lang would be cached in; NULL for a word too long. */
static cache_slot *cache_slot_of(hv_stemmer *s, hv_lang lang, const char *word, size_t len)
{
    if (len > CACHE_WORD_MAX) return NULL;
    unsigned char l = (unsigned char)lang;
    uint64_t h = hv_hash_more(hv_hash(&l, 1), word, len);
    return &s->cache[(h ^ h >> 32) % CACHE_SLOTS];
}

static bool cache_holds(const cache_slot *slot, hv_lang lang, const char *word, size_t len)
{
    return slot->lang == (unsigned char)lang && slot->word_len == len &&
           memcmp(slot->word, word, len) == 0;
}

static void cache_put(cache_slot *slot, hv_lang lang, const char *word, size_t len,
                      const char *stem, size_t stem_len)
{
    if (stem_len > CACHE_WORD_MAX) {
        slot->lang = HV_LANG_UNKNOWN;
        return;
    }
    slot->lang = (unsigned char)lang;
    slot->word_len = (unsigned char)len;
    slot->stem_len = (unsigned char)stem_len;
    memcpy(slot->word, word, len);
    memcpy(slot->stem, stem, stem_len);
}

static hv_status snowball_stem(hv_stemmer *stemmer, hv_lang lang, const char *word, size_t len,
                               const char **stem, size_t *stem_len)
{
    struct sb_stemmer *sb = stemmer->sb[lang];
    char respelt[HV_MAX_WORD_BYTES];
    if (lang == HV_LANG_EN) {
        size_t n = american_spelling(word, len, respelt, sizeof respelt);
        if (n) word = respelt;
    }
    const sb_symbol *out = sb_stemmer_stem(sb, (const sb_symbol *)word, (int)len);
    if (!out) return HV_ERR_NOMEM;
    hv_status st = keep(stemmer, (const char *)out, (size_t)sb_stemmer_length(sb), stem, stem_len);
    if (st == HV_OK && lang == HV_LANG_RU)
        *stem_len = without_fleeting_vowel(stemmer->buf, *stem_len);
    if (st == HV_OK) stemmer->buf[*stem_len] = '\0';
    return st;
}

hv_status hv_stemmer_stem(hv_stemmer *stemmer, hv_lang lang, const char *word, size_t len,
                          const char **stem, size_t *stem_len)
{
    if (!stemmer || !stem || !stem_len || (!word && len)) return HV_ERR_INVALID_ARGUMENT;
    if (!word) word = "";
    if (lang <= HV_LANG_UNKNOWN || lang >= HV_LANG_COUNT || len > HV_MAX_WORD_BYTES || len == 0)
        return keep(stemmer, word, len, stem, stem_len);
    cache_slot *slot = cache_slot_of(stemmer, lang, word, len);
    if (slot && cache_holds(slot, lang, word, len))
        return keep(stemmer, slot->stem, slot->stem_len, stem, stem_len);
    hv_status st = snowball_stem(stemmer, lang, word, len, stem, stem_len);
    if (st == HV_OK && slot) cache_put(slot, lang, word, len, *stem, *stem_len);
    return st;
}
