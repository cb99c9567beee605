#include "thesaurus.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit_distance.h"
#include "fold.h"
#include "tokenizer.h"
#include "utf8.h"

#define MAX_TERM_WORDS 8

typedef struct {
    size_t concept;
    hv_lang lang;
    char *text;  /* as written, for expansion through the query parser */
    char **keys; /* one match key per word */
    size_t n_words;
} th_term;

typedef struct {
    char *id;
    size_t first, count; /* its terms: terms[first .. first + count) */
} th_concept;

typedef struct {
    const char *key; /* key of the term's first word */
    size_t term;
} th_entry;

struct hv_thesaurus {
    th_concept *concepts;
    size_t n_concepts, cap_concepts;
    th_term *terms;
    size_t n_terms, cap_terms;
    th_entry *index; /* sorted by key, for lookup by first word */
};

static hv_status grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return HV_OK;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*items, c * size);
    if (!p) return HV_ERR_NOMEM;
    *items = p;
    *cap = c;
    return HV_OK;
}

/* Match key of one word of a term in language lang: the language and its
 * stem term, or the exact form for words that have no stem (numbers). */
static hv_status word_key(hv_analyzer *a, hv_lang lang, const hv_token *t, char *buf, size_t cap)
{
    const char *term;
    size_t len;
    hv_status st = hv_stem_term(a, lang, t, &term, &len);
    if (st == HV_ERR_NOT_FOUND) {
        term = t->folded;
        len = t->folded_len;
        buf[0] = '=';
        buf++, cap--;
    } else if (st != HV_OK) {
        return st;
    } else {
        memcpy(buf, hv_lang_code(lang), 2);
        buf += 2, cap -= 2;
    }
    /* keys are compared whole, so a cut one still only matches itself */
    if (len >= cap) len = cap - 1;
    memcpy(buf, term, len);
    buf[len] = '\0';
    return HV_OK;
}

hv_status hv_thesaurus_word_keys(hv_analyzer *a, const char *folded, size_t len,
                                 hv_thesaurus_word *w)
{
    memset(w, 0, sizeof *w);
    hv_token t = {.folded = folded, .folded_len = len};
    hv_token_list one = HV_TOKEN_LIST_INIT;
    hv_status st = hv_tokenize(folded, len, &one);
    if (st == HV_OK && one.count == 1) t.script = one.tokens[0].script;
    hv_token_list_free(&one);
    if (st != HV_OK) return st;
    snprintf(w->keys[HV_LANG_UNKNOWN], sizeof w->keys[0], "=%.*s", (int)len, folded);
    for (int l = HV_LANG_NL; l < HV_LANG_COUNT && st == HV_OK; l++)
        st = word_key(a, (hv_lang)l, &t, w->keys[l], sizeof w->keys[l]);
    return st;
}

static bool word_matches(const char *term_key, hv_lang lang, const hv_thesaurus_word *w)
{
    if (term_key[0] == '=') return strcmp(term_key, w->keys[HV_LANG_UNKNOWN]) == 0;
    return strcmp(term_key, w->keys[lang]) == 0;
}

static void fail_line(char **errmsg, size_t line, const char *what)
{
    if (errmsg && asprintf(errmsg, "thesaurus line %zu: %s", line, what) < 0) *errmsg = NULL;
}

/* tokens: scratch, cleared here, so that one list serves every term */
static hv_status add_term(hv_thesaurus *th, hv_analyzer *a, hv_lang lang, const char *s, size_t len,
                          hv_token_list *scratch)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0) return HV_OK;
    hv_token_list_clear(scratch);
    hv_status st = hv_tokenize(s, len, scratch);
    const hv_token_list *tokens = scratch;
    if (st != HV_OK || tokens->count == 0 || tokens->count > MAX_TERM_WORDS) return st;
    st = grow((void **)&th->terms, &th->cap_terms, th->n_terms, sizeof *th->terms);
    th_term *t = st == HV_OK ? &th->terms[th->n_terms] : NULL;
    if (t) {
        memset(t, 0, sizeof *t);
        t->concept = th->n_concepts - 1;
        t->lang = lang;
        t->text = strndup(s, len);
        t->keys = calloc(tokens->count, sizeof *t->keys);
        if (!t->text || !t->keys) st = HV_ERR_NOMEM;
    }
    for (size_t i = 0; st == HV_OK && i < tokens->count; i++) {
        char key[HV_MAX_WORD_BYTES * 4 + 8];
        st = word_key(a, lang, &tokens->tokens[i], key, sizeof key);
        if (st == HV_OK && !(t->keys[i] = strdup(key))) st = HV_ERR_NOMEM;
        if (st == HV_OK) t->n_words++;
    }
    if (t) {
        th->n_terms++; /* freed with the thesaurus, even half-built */
        th->concepts[th->n_concepts - 1].count++;
    }
    return st;
}

static int by_key(const void *a, const void *b)
{
    const th_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    return x->term < y->term ? -1 : x->term > y->term;
}

hv_status hv_thesaurus_parse(hv_analyzer *a, const char *text, size_t len, hv_thesaurus **out,
                             char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    hv_thesaurus *th = calloc(1, sizeof *th);
    if (!th) return HV_ERR_NOMEM;
    hv_token_list scratch = HV_TOKEN_LIST_INIT;
    hv_status st = HV_OK;
    size_t line_no = 0;
    for (size_t i = 0; i < len && st == HV_OK;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + i;
        size_t n = end - i;
        i = end + 1;
        line_no++;
        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        if (n == 0 || *s == '#') continue;
        if (!hv_utf8_is_valid(s, n)) {
            fail_line(errmsg, line_no, "not valid UTF-8");
            st = HV_ERR_CORRUPT;
            break;
        }
        if (*s == '=') {
            st = grow((void **)&th->concepts, &th->cap_concepts, th->n_concepts,
                      sizeof *th->concepts);
            if (st != HV_OK) break;
            const char *id = s + 1;
            size_t id_len = n - 1;
            while (id_len && *id == ' ')
                id++, id_len--;
            th_concept *c = &th->concepts[th->n_concepts++];
            c->id = strndup(id, id_len);
            c->first = th->n_terms;
            c->count = 0;
            if (!c->id) st = HV_ERR_NOMEM;
            continue;
        }
        const char *colon = memchr(s, ':', n);
        hv_lang lang = HV_LANG_UNKNOWN;
        if (colon && colon - s == 2) {
            char code[3] = {s[0], s[1], '\0'};
            lang = hv_lang_from_code(code);
        }
        if (lang == HV_LANG_UNKNOWN || th->n_concepts == 0) {
            fail_line(errmsg, line_no,
                      th->n_concepts ? "expected 'nl:', 'en:' or 'ru:'" : "term before '= id'");
            st = HV_ERR_CORRUPT;
            break;
        }
        const char *p = colon + 1, *stop = s + n;
        while (p <= stop && st == HV_OK) {
            const char *bar = memchr(p, '|', (size_t)(stop - p));
            const char *term_end = bar ? bar : stop;
            st = add_term(th, a, lang, p, (size_t)(term_end - p), &scratch);
            p = term_end + 1;
        }
    }
    if (st == HV_OK) {
        th->index = calloc(th->n_terms ? th->n_terms : 1, sizeof *th->index);
        if (!th->index) st = HV_ERR_NOMEM;
        for (size_t t = 0; st == HV_OK && t < th->n_terms; t++)
            th->index[t] = (th_entry){.key = th->terms[t].keys[0], .term = t};
        if (st == HV_OK) qsort(th->index, th->n_terms, sizeof *th->index, by_key);
    }
    hv_token_list_free(&scratch);
    if (st != HV_OK) {
        hv_thesaurus_free(th);
        return st;
    }
    *out = th;
    return HV_OK;
}

void hv_thesaurus_free(hv_thesaurus *th)
{
    if (!th) return;
    for (size_t t = 0; t < th->n_terms; t++) {
        for (size_t k = 0; k < th->terms[t].n_words; k++)
            free(th->terms[t].keys[k]);
        free(th->terms[t].keys);
        free(th->terms[t].text);
    }
    for (size_t c = 0; c < th->n_concepts; c++)
        free(th->concepts[c].id);
    free(th->terms);
    free(th->concepts);
    free(th->index);
    free(th);
}

size_t hv_thesaurus_concepts(const hv_thesaurus *th)
{
    return th ? th->n_concepts : 0;
}

static size_t lower_bound(const hv_thesaurus *th, const char *key)
{
    size_t lo = 0, hi = th->n_terms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(th->index[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t hv_thesaurus_match(const hv_thesaurus *th, const hv_thesaurus_word *words, size_t n,
                          size_t *concept, size_t *term)
{
    size_t best = 0;
    if (!th || n == 0) return 0;
    for (int l = 0; l < HV_LANG_COUNT; l++) {
        const char *key = words[0].keys[l];
        if (!*key) continue;
        for (size_t e = lower_bound(th, key); e < th->n_terms && !strcmp(th->index[e].key, key);
             e++) {
            const th_term *t = &th->terms[th->index[e].term];
            if (t->n_words <= best || t->n_words > n) continue;
            size_t k = 1;
            while (k < t->n_words && word_matches(t->keys[k], t->lang, &words[k]))
                k++;
            if (k < t->n_words) continue;
            best = t->n_words;
            *concept = t->concept;
            *term = th->index[e].term;
        }
    }
    return best;
}

/* How far a term's text is from the folded word: the longer the start
 * they share, the nearer (authorit-y and authorit-arian before authori-ze
 * for "authorities"), then the fewer the edits (authority before
 * authoritarian).  One number, smaller is nearer. */
static unsigned distance_to(const char *folded, size_t len, const char *text)
{
    size_t n = strlen(text);
    char buf[HV_FOLD_BOUND(HV_MAX_WORD_BYTES)];
    if (n > HV_MAX_WORD_BYTES) return UINT_MAX;
    size_t m = hv_fold_into(text, n, buf);
    size_t shared = 0, chars = 0;
    while (shared < len && shared < m && folded[shared] == buf[shared]) {
        if (((unsigned char)folded[shared] & 0xC0) != 0x80) chars++;
        shared++;
    }
    unsigned edits = hv_edit_distance(folded, len, buf, m, HV_EDIT_MAX_CHARS);
    return (unsigned)(HV_MAX_WORD_BYTES - chars) * (HV_EDIT_MAX_CHARS + 2) + edits;
}

/* Matching concepts looked at, at most: a common stem in the dictionaries
 * has a few dozen. */
#define WORD_CONCEPTS_SEEN 64

size_t hv_thesaurus_word_concepts(const hv_thesaurus *th, const hv_thesaurus_word *word,
                                  const char *folded, size_t len, size_t *concepts, size_t *terms,
                                  size_t max)
{
    if (!th) return 0;
    size_t seen_concept[WORD_CONCEPTS_SEEN], seen_term[WORD_CONCEPTS_SEEN];
    unsigned seen_distance[WORD_CONCEPTS_SEEN];
    size_t n_seen = 0;
    unsigned nearest = UINT_MAX;
    for (int l = 0; l < HV_LANG_COUNT; l++) {
        const char *key = word->keys[l];
        if (!*key) continue;
        for (size_t e = lower_bound(th, key); e < th->n_terms && !strcmp(th->index[e].key, key);
             e++) {
            const th_term *t = &th->terms[th->index[e].term];
            if (t->n_words != 1) continue;
            unsigned d = distance_to(folded, len, t->text);
            size_t k = 0;
            while (k < n_seen && seen_concept[k] != t->concept)
                k++;
            if (k == n_seen) {
                if (n_seen == WORD_CONCEPTS_SEEN) continue;
                seen_concept[k] = t->concept;
                seen_distance[k] = UINT_MAX;
                n_seen++;
            }
            if (d < seen_distance[k] || seen_distance[k] == UINT_MAX) {
                seen_distance[k] = d;
                seen_term[k] = th->index[e].term;
            }
            if (d < nearest) nearest = d;
        }
    }
    size_t n = 0;
    for (size_t k = 0; k < n_seen && n < max; k++) {
        if (seen_distance[k] != nearest) continue;
        concepts[n] = seen_concept[k];
        terms[n++] = seen_term[k];
    }
    return n;
}

size_t hv_thesaurus_terms(const hv_thesaurus *th, size_t concept)
{
    return concept < th->n_concepts ? th->concepts[concept].count : 0;
}

const char *hv_thesaurus_term(const hv_thesaurus *th, size_t concept, size_t k, hv_lang *lang,
                              size_t *term_id)
{
    if (concept >= th->n_concepts || k >= th->concepts[concept].count) return NULL;
    size_t id = th->concepts[concept].first + k;
    if (lang) *lang = th->terms[id].lang;
    if (term_id) *term_id = id;
    return th->terms[id].text;
}

const char *hv_thesaurus_concept_id(const hv_thesaurus *th, size_t concept)
{
    return concept < th->n_concepts ? th->concepts[concept].id : NULL;
}
