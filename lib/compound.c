#include "compound.h"
#include "hash.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fold.h"
#include "language.h"
#include "stopwords.h"
#include "utf8.h"

#include <utf8proc.h>

/* Marks a word the list has only capitalised: a name ("Dublin", "Eling"). */
#define NAME_ONLY 1

struct hv_compounds {
    char *arena; /* folded words, each after a byte of marks and before a NUL */
    size_t arena_len, arena_cap;
    uint32_t *slots; /* open addressing: arena offset + 1, 0 = empty */
    size_t n_slots;  /* a power of two */
    size_t n_words;
};

static bool slot_is(const hv_compounds *c, uint32_t slot, const char *w, size_t n)
{
    const char *s = c->arena + slot - 1;
    return strncmp(s, w, n) == 0 && s[n] == '\0';
}

/* The word in the arena, or NULL. */
static char *find(const hv_compounds *c, const char *w, size_t n)
{
    if (!c || n == 0) return NULL;
    size_t mask = c->n_slots - 1;
    for (size_t i = hv_hash(w, n) & mask;; i = (i + 1) & mask) {
        uint32_t slot = c->slots[i];
        if (!slot) return NULL;
        if (slot_is(c, slot, w, n)) return c->arena + slot - 1;
    }
}

bool hv_compounds_contains(const hv_compounds *c, const char *w, size_t n)
{
    return find(c, w, n) != NULL;
}

static hv_status insert(hv_compounds *c, const char *w, size_t n, char marks)
{
    size_t mask = c->n_slots - 1;
    size_t i = hv_hash(w, n) & mask;
    for (; c->slots[i]; i = (i + 1) & mask) {
        if (!slot_is(c, c->slots[i], w, n)) continue;
        c->arena[c->slots[i] - 2] &= marks; /* a name that is a word too */
        return HV_OK;
    }
    if (c->arena_len + n + 2 > c->arena_cap) {
        size_t cap = c->arena_cap ? c->arena_cap * 2 : 1 << 20;
        while (cap < c->arena_len + n + 2)
            cap *= 2;
        char *a = realloc(c->arena, cap);
        if (!a) return HV_ERR_NOMEM;
        c->arena = a;
        c->arena_cap = cap;
    }
    if (c->arena_len + 2 > UINT32_MAX) return HV_ERR_TOO_LARGE;
    c->arena[c->arena_len] = marks;
    memcpy(c->arena + c->arena_len + 1, w, n);
    c->arena[c->arena_len + 1 + n] = '\0';
    c->slots[i] = (uint32_t)c->arena_len + 2;
    c->arena_len += n + 2;
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
        size_t i = hv_hash(s, strlen(s)) & mask;
        while (c->slots[i])
            i = (i + 1) & mask;
        c->slots[i] = slot;
    }
    free(old);
    return HV_OK;
}

static bool plain_lowercase(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'a' || s[i] > 'z') return false;
    return true;
}

/* A word list line that starts with a capital is a name. */
static bool is_name(const char *line, size_t n)
{
    int32_t cp;
    hv_utf8_decode(line, n, &cp);
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static hv_status add_line(hv_compounds *c, const char *line, size_t n)
{
    /* words with apostrophes, phrases and overlong lines are not parts of
     * compounds */
    if (n == 0 || n > 64 || memchr(line, '\'', n) || memchr(line, ' ', n)) return HV_OK;
    char marks = is_name(line, n) ? NAME_ONLY : 0;
    hv_status st = c->n_words * 4 >= c->n_slots ? grow_table(c) : HV_OK;
    if (st != HV_OK) return st;
    /* most lines are folded already: skip the Unicode work for them */
    if (plain_lowercase(line, n)) return insert(c, line, n, marks);
    char folded[HV_FOLD_BOUND(64)];
    size_t flen = hv_fold_into(line, n, folded);
    return flen ? insert(c, folded, flen, marks) : HV_OK;
}

hv_status hv_compounds_load(const char *path, hv_compounds **out)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) return HV_ERR_NOT_FOUND;
    hv_compounds *c = calloc(1, sizeof *c);
    hv_status st = c ? HV_OK : HV_ERR_NOMEM;
    /* one read, then lines in place: getline per word costs more than the
     * hashing */
    char *data = NULL;
    size_t len = 0;
    if (st == HV_OK && fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        rewind(f);
        /* about one word per 12 bytes; a quarter-full table probes little */
        while (st == HV_OK && c->n_slots < (size_t)(size > 0 ? size : 1) / 3)
            st = grow_table(c);
        data = size > 0 ? malloc((size_t)size) : NULL;
        len = data ? fread(data, 1, (size_t)size, f) : 0;
        if (size > 0 && !data) st = HV_ERR_NOMEM;
    }
    fclose(f);
    if (st == HV_OK && !c->n_slots) st = grow_table(c);
    for (size_t i = 0; st == HV_OK && i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t n = end - i;
        if (n && data[i + n - 1] == '\r') n--;
        st = add_line(c, data + i, n);
        i = end + 1;
    }
    free(data);
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

static const char *default_path(void)
{
    const char *path = getenv("HAVEN_WORDLIST");
    return path && *path ? path : HV_COMPOUND_WORDLIST;
}

static void load_default(void)
{
    if (hv_compounds_load(default_path(), &default_list) != HV_OK) default_list = NULL;
}

static char default_identity[96];
static pthread_once_t identity_once = PTHREAD_ONCE_INIT;

static void name_default(void)
{
    struct stat st;
    if (stat(default_path(), &st) != 0 || !S_ISREG(st.st_mode))
        snprintf(default_identity, sizeof default_identity, "none");
    else
        snprintf(default_identity, sizeof default_identity, "%lld@%lld", (long long)st.st_size,
                 (long long)st.st_mtime);
}

const char *hv_compounds_default_identity(void)
{
    pthread_once(&identity_once, name_default);
    return default_identity;
}

const hv_compounds *hv_compounds_default(void)
{
    pthread_once(&default_once, load_default);
    return default_list;
}

static void *read_default(void *unused)
{
    (void)unused;
    hv_compounds_default();
    return NULL;
}

void hv_compounds_read_ahead_start(hv_compounds_read_ahead *ahead)
{
    ahead->started = pthread_create(&ahead->thread, NULL, read_default, NULL) == 0;
}

void hv_compounds_read_ahead_join(hv_compounds_read_ahead *ahead)
{
    if (ahead->started) pthread_join(ahead->thread, NULL);
    ahead->started = false;
}

/* A name may name what a compound is about ("Dublinprocedure"), but is
 * not what it is: "Eling", a place, would make "vluchteling" vlucht +
 * eling. */
static bool usable_part(const hv_compounds *c, const char *s, size_t n, bool head)
{
    const char *word = find(c, s, n);
    return word && !(head && (word[-1] & NAME_ONLY)) && !hv_is_stopword(HV_LANG_NL, s, n);
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
        if (!usable_part(c, w + head, len - head, true)) continue;
        /* when all before the head is a function word, no linking letters
         * can make a compound of it: "buitenlands" is no buit + en + lands */
        if (hv_is_stopword(HV_LANG_NL, w, head)) continue;
        for (size_t l = 0; l < sizeof links / sizeof links[0]; l++) {
            size_t link = strlen(links[l]);
            if (link >= head || head - link < HV_COMPOUND_MIN_MODIFIER) continue;
            size_t mod = head - link;
            if (memcmp(w + mod, links[l], link) != 0) continue;
            if (mod + (len - head) < HV_COMPOUND_MIN_LENGTH || is_prefix_word(w, mod)) continue;
            if (!usable_part(c, w, mod, false)) continue;
            *modifier_len = mod;
            *head_start = head;
            return true;
        }
    }
    return false;
}
