#include "compound.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "language.h"
#include "stopwords.h"

struct hv_compounds {
    char *arena;      /* NUL-separated folded words */
    size_t arena_len, arena_cap;
    uint32_t *slots;  /* open addressing: arena offset + 1, 0 = empty */
    size_t n_slots;   /* a power of two */
    size_t n_words;
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static bool slot_is(const hv_compounds *c, uint32_t slot, const char *w, size_t n)
{
    const char *s = c->arena + slot - 1;
    return strncmp(s, w, n) == 0 && s[n] == '\0';
}

bool hv_compounds_contains(const hv_compounds *c, const char *w, size_t n)
{
    if (!c || n == 0) return false;
    size_t mask = c->n_slots - 1;
    for (size_t i = hash(w, n) & mask;; i = (i + 1) & mask) {
        uint32_t slot = c->slots[i];
        if (!slot) return false;
        if (slot_is(c, slot, w, n)) return true;
    }
}

static hv_status insert(hv_compounds *c, const char *w, size_t n)
{
    size_t mask = c->n_slots - 1;
    size_t i = hash(w, n) & mask;
    for (; c->slots[i]; i = (i + 1) & mask)
        if (slot_is(c, c->slots[i], w, n)) return HV_OK;
    if (c->arena_len + n + 1 > c->arena_cap) {
        size_t cap = c->arena_cap ? c->arena_cap * 2 : 1 << 20;
        while (cap < c->arena_len + n + 1) cap *= 2;
        char *a = realloc(c->arena, cap);
        if (!a) return HV_ERR_NOMEM;
        c->arena = a;
        c->arena_cap = cap;
    }
    if (c->arena_len + 1 > UINT32_MAX) return HV_ERR_TOO_LARGE;
    memcpy(c->arena + c->arena_len, w, n);
    c->arena[c->arena_len + n] = '\0';
    c->slots[i] = (uint32_t)c->arena_len + 1;
    c->arena_len += n + 1;
    c->n_words++;
    return HV_OK;
}

static hv_status grow_table(hv_compounds *c)
{
    size_t n = c->n_slots ? c->n_slots * 2 : 1 << 16;
    uint32_t *old = c->slots;
    size_t old_n = c->n_slots;
    c->slots = calloc(n, sizeof *c->slots);
    if (!c->slots) {
        c->slots = old;
        return HV_ERR_NOMEM;
    }
    c->n_slots = n;
    size_t mask = n - 1;
    for (size_t k = 0; k < old_n; k++) {
        uint32_t slot = old[k];
        if (!slot) continue;
        const char *s = c->arena + slot - 1;
        size_t i = hash(s, strlen(s)) & mask;
        while (c->slots[i]) i = (i + 1) & mask;
        c->slots[i] = slot;
    }
    free(old);
    return HV_OK;
}

hv_status hv_compounds_load(const char *path, hv_compounds **out)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) return HV_ERR_NOT_FOUND;
    hv_compounds *c = calloc(1, sizeof *c);
    hv_status st = c ? grow_table(c) : HV_ERR_NOMEM;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    char folded[256];
    while (st == HV_OK && (n = getline(&line, &cap, f)) > 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        /* words with apostrophes, capitals-only abbreviations and phrases
         * are not parts of compounds */
        if (n == 0 || n > 64 || memchr(line, '\'', n) || memchr(line, ' ', n)) continue;
        size_t flen = hv_fold_into(line, (size_t)n, folded);
        if (flen == 0 || flen >= sizeof folded) continue;
        if (c->n_words * 2 >= c->n_slots) st = grow_table(c);
        if (st == HV_OK) st = insert(c, folded, flen);
    }
    free(line);
    fclose(f);
    if (st != HV_OK) {
        hv_compounds_free(c);
        return st;
    }
    *out = c;
    return HV_OK;
}

void hv_compounds_free(hv_compounds *c)
{
    if (!c) return;
    free(c->arena);
    free(c->slots);
    free(c);
}

size_t hv_compounds_size(const hv_compounds *c)
{
    return c ? c->n_words : 0;
}

static hv_compounds *default_list;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void load_default(void)
{
    const char *path = getenv("HAVEN_WORDLIST");
    if (!path || !*path) path = HV_COMPOUND_WORDLIST;
    if (hv_compounds_load(path, &default_list) != HV_OK) default_list = NULL;
}

const hv_compounds *hv_compounds_default(void)
{
    pthread_once(&default_once, load_default);
    return default_list;
}

static bool usable_part(const hv_compounds *c, const char *s, size_t n)
{
    return hv_compounds_contains(c, s, n) && !hv_is_stopword(HV_LANG_NL, s, n);
}

/* Words that are also verbal prefixes: "verblijven" is no "ver" + "blijven". */
static bool is_prefix_word(const char *s, size_t n)
{
    static const char *const prefixes[] = {"ver", "her", "ont", "mis"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strlen(prefixes[i]) == n && memcmp(prefixes[i], s, n) == 0) return true;
    return false;
}

bool hv_compound_split(const hv_compounds *c, const char *w, size_t len, size_t *modifier_len,
                       size_t *head_start)
{
    static const char *const links[] = {"", "s", "e", "en"};
    if (!c || len < HV_COMPOUND_MIN_MODIFIER + HV_COMPOUND_MIN_HEAD) return false;
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)w[k] < 'a' || (unsigned char)w[k] > 'z') return false;
    /* the longest head first: "beroepsprocedure" -> beroep|s|procedure */
    for (size_t head = HV_COMPOUND_MIN_MODIFIER; head + HV_COMPOUND_MIN_HEAD <= len; head++) {
        if (!usable_part(c, w + head, len - head)) continue;
        for (size_t l = 0; l < sizeof links / sizeof links[0]; l++) {
            size_t link = strlen(links[l]);
            if (link >= head || head - link < HV_COMPOUND_MIN_MODIFIER) continue;
            size_t mod = head - link;
            if (memcmp(w + mod, links[l], link) != 0) continue;
            if (mod + (len - head) < HV_COMPOUND_MIN_LENGTH || is_prefix_word(w, mod)) continue;
            if (!usable_part(c, w, mod)) continue;
            *modifier_len = mod;
            *head_start = head;
            return true;
        }
    }
    return false;
}
