#include "phrase_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "stopwords.h"
#include "tokenizer.h"
#include "utf8.h"

struct hv_phrase_check {
    const hv_query_node **required;
    size_t n_required;
    const hv_query_node **excluded;
    size_t n_excluded;
    hv_term_list positions; /* of the passage being checked */
    unsigned *found;        /* scratch: positions of one word */
    size_t found_cap;
    /* scratch of phrase_in_passage, three per word of the longest phrase:
     * where each word's positions start in found, how many, and a cursor */
    size_t *word_scratch;
    char *folded; /* scratch of the quick look: a field, folded */
    size_t folded_cap;
};

/* Whether a word of a phrase is in the index at all (analysis.h leaves
 * stopwords out). */
static bool placed(const char *term)
{
    return !hv_is_stopword(HV_LANG_UNKNOWN, term, strlen(term));
}

bool hv_phrase_is_positional(const hv_query_node *node)
{
    return node && node->kind == HV_QN_PHRASE && node->n_terms >= 2;
}

bool hv_phrase_word_indexed(const hv_query_node *phrase, size_t i)
{
    if (placed(phrase->terms[i])) return true;
    for (size_t k = 0; k < phrase->n_terms; k++)
        if (placed(phrase->terms[k])) return false;
    return true;
}

static bool push(const hv_query_node ***list, size_t *n, const hv_query_node *node)
{
    const hv_query_node **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown) return false;
    grown[(*n)++] = node;
    *list = grown;
    return true;
}

/* Phrases on which a passage's being a hit depends: down through AND and
 * the kept side of AND_NOT; the excluded side of AND_NOT at the top. */
static bool collect(hv_phrase_check *c, const hv_query_node *node, bool excluded)
{
    if (hv_phrase_is_positional(node))
        return excluded ? push(&c->excluded, &c->n_excluded, node)
                        : push(&c->required, &c->n_required, node);
    if (excluded) return true;
    if (node->kind == HV_QN_AND) {
        for (size_t i = 0; i < node->n_children; i++)
            if (!collect(c, node->children[i], false)) return false;
    } else if (node->kind == HV_QN_AND_NOT) {
        for (size_t i = 0; i < node->n_children; i++)
            if (!collect(c, node->children[i], i > 0)) return false;
    }
    return true;
}

void hv_phrase_check_free(hv_phrase_check *c)
{
    if (!c) return;
    free(c->required);
    free(c->excluded);
    hv_term_list_free(&c->positions);
    free(c->found);
    free(c->word_scratch);
    free(c->folded);
    free(c);
}

hv_status hv_phrase_check_new(const hv_parsed_query *query, hv_phrase_check **out)
{
    if (!query || !out) return HV_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!query->root) return HV_OK;
    hv_phrase_check *c = calloc(1, sizeof *c);
    if (!c) return HV_ERR_NOMEM;
    hv_term_list_init(&c->positions);
    if (!collect(c, query->root, false)) {
        hv_phrase_check_free(c);
        return HV_ERR_NOMEM;
    }
    if (c->n_required + c->n_excluded == 0) {
        hv_phrase_check_free(c);
        return HV_OK;
    }
    size_t longest = 0;
    for (size_t i = 0; i < c->n_required + c->n_excluded; i++) {
        const hv_query_node *p =
            i < c->n_required ? c->required[i] : c->excluded[i - c->n_required];
        if (p->n_terms > longest) longest = p->n_terms;
    }
    c->word_scratch = malloc(3 * longest * sizeof *c->word_scratch);
    if (!c->word_scratch) {
        hv_phrase_check_free(c);
        return HV_ERR_NOMEM;
    }
    *out = c;
    return HV_OK;
}

/* Where each word of phrase stands in the passage: c->found holds them
 * word after word, and starts[j] / counts[j] say where the j-th word's
 * positions begin and how many it has (in text order). */
static hv_status place_words(hv_phrase_check *c, const hv_query_node *phrase, size_t *starts,
                             size_t *counts)
{
    size_t used = 0;
    for (size_t i = 0; i < phrase->n_terms; i++) {
        const char *term = phrase->terms[i];
        size_t len = strlen(term);
        starts[i] = used;
        counts[i] = 0;
        for (size_t k = 0; k < c->positions.count; k++) {
            const hv_term *t = &c->positions.terms[k];
            if (t->len != len || memcmp(t->term, term, len) != 0) continue;
            if (used == c->found_cap) {
                size_t cap = c->found_cap ? c->found_cap * 2 : 64;
                unsigned *grown = realloc(c->found, cap * sizeof *grown);
                if (!grown) return HV_ERR_NOMEM;
                c->found = grown;
                c->found_cap = cap;
            }
            c->found[used++] = t->pos;
            counts[i]++;
        }
        if (counts[i] == 0) break; /* a word missing: no need to look for the rest */
    }
    return HV_OK;
}

/* Every word of the phrase, stopwords too, one after the other.  Each
 * word's positions ascend, so one cursor per word only moves forward as
 * the start does. */
static hv_status phrase_in_passage(hv_phrase_check *c, const hv_query_node *phrase, bool *found)
{
    *found = false;
    size_t n = phrase->n_terms;
    size_t *starts = c->word_scratch;
    memset(starts, 0, 3 * n * sizeof *starts);
    size_t *counts = starts + n, *cursor = starts + 2 * n;
    hv_status st = place_words(c, phrase, starts, counts);
    bool all_there = true;
    for (size_t j = 0; j < n; j++)
        all_there = all_there && counts[j] > 0;
    for (size_t s = 0; st == HV_OK && all_there && s < counts[0] && !*found; s++) {
        unsigned first = c->found[starts[0] + s];
        bool complete = true;
        for (size_t j = 1; j < n && complete; j++) {
            const unsigned *pos = c->found + starts[j];
            while (cursor[j] < counts[j] && pos[cursor[j]] < first + j)
                cursor[j]++;
            complete = cursor[j] < counts[j] && pos[cursor[j]] == first + j;
        }
        *found = complete;
    }
    return st;
}

/* ---- the quick look ----
 *
 * Most passages read for a phrase of common words hold its words apart,
 * and tokenizing every one of them was most of what the check cost.  A
 * phrase of plain words can first be looked for in the folded text of each
 * field: wherever its longest word stands as a whole word, the words next
 * to it must be the phrase's others.  The look says "absent" only when the
 * tokenizer could not see it otherwise; whatever it cannot judge alone (a
 * combining mark, an ideograph, a word too long to index) goes to the full
 * check, as does every passage where the phrase may stand. */

/* Lowercase ASCII or basic Cyrillic letters only, as folding leaves them. */
static bool plain_word(const char *w)
{
    if (!*w) return false;
    for (const unsigned char *p = (const unsigned char *)w; *p;) {
        if (*p >= 'a' && *p <= 'z') {
            p++;
        } else if ((p[0] == 0xD0 && p[1] >= 0xB0 && p[1] <= 0xBF) ||
                   (p[0] == 0xD1 && p[1] >= 0x80 && p[1] <= 0x8F)) {
            p += 2;
        } else {
            return false;
        }
    }
    return true;
}

bool hv_phrase_scannable(const hv_query_node *phrase)
{
    if (!hv_phrase_is_positional(phrase)) return false;
    for (size_t i = 0; i < phrase->n_terms; i++)
        if (!plain_word(phrase->terms[i])) return false;
    return true;
}

/* Where the character that ends at s[i] starts. */
static size_t char_before(const char *s, size_t i)
{
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

static hv_char_kind kind_at(const char *s, size_t len, size_t i, size_t *n)
{
    int32_t cp;
    *n = hv_utf8_decode(s + i, len - i, &cp);
    if (*n == 0) {
        *n = 1;
        return HV_CHAR_CONTEXT;
    }
    return hv_char_kind_of(cp);
}

/* 1 when the word before position *at (past separators) is w, and *at
 * moves to its start; 0 when it is another word or none; -1 when the look
 * cannot tell. */
static int word_before_is(const char *s, size_t len, size_t *at, const char *w)
{
    size_t i = *at, n;
    while (i > 0) {
        size_t k = char_before(s, i);
        hv_char_kind kind = kind_at(s, len, k, &n);
        if (kind == HV_CHAR_CONTEXT) return -1;
        if (kind == HV_CHAR_WORD) break;
        i = k;
    }
    if (i == 0) return 0;
    size_t end = i;
    while (i > 0) {
        size_t k = char_before(s, i);
        hv_char_kind kind = kind_at(s, len, k, &n);
        if (kind == HV_CHAR_CONTEXT) return -1;
        if (kind != HV_CHAR_WORD) break;
        i = k;
    }
    if (end - i > HV_MAX_WORD_BYTES) return -1; /* not indexed: its neighbours meet */
    *at = i;
    return end - i == strlen(w) && memcmp(s + i, w, end - i) == 0;
}

/* The same, after position *at; *at moves to the word's end. */
static int word_after_is(const char *s, size_t len, size_t *at, const char *w)
{
    size_t i = *at, n;
    while (i < len) {
        hv_char_kind kind = kind_at(s, len, i, &n);
        if (kind == HV_CHAR_CONTEXT) return -1;
        if (kind == HV_CHAR_WORD) break;
        i += n;
    }
    if (i >= len) return 0;
    size_t start = i;
    while (i < len) {
        hv_char_kind kind = kind_at(s, len, i, &n);
        if (kind == HV_CHAR_CONTEXT) return -1;
        if (kind != HV_CHAR_WORD) break;
        i += n;
    }
    if (i - start > HV_MAX_WORD_BYTES) return -1;
    *at = i;
    return i - start == strlen(w) && memcmp(s + start, w, i - start) == 0;
}

/* 1 when the match at s[from, to) is a whole word, 0 when part of a
 * longer one, -1 when the look cannot tell. */
static int whole_word(const char *s, size_t len, size_t from, size_t to)
{
    size_t n;
    if (from > 0) {
        hv_char_kind kind = kind_at(s, len, char_before(s, from), &n);
        if (kind != HV_CHAR_SEPARATOR) return kind == HV_CHAR_WORD ? 0 : -1;
    }
    if (to < len) {
        hv_char_kind kind = kind_at(s, len, to, &n);
        if (kind != HV_CHAR_SEPARATOR) return kind == HV_CHAR_WORD ? 0 : -1;
    }
    return 1;
}

bool hv_phrase_absent_from(const hv_query_node *phrase, const char *folded, size_t len)
{
    if (!hv_phrase_scannable(phrase)) return false;
    size_t anchor = 0;
    for (size_t i = 1; i < phrase->n_terms; i++)
        if (strlen(phrase->terms[i]) > strlen(phrase->terms[anchor])) anchor = i;
    const char *aw = phrase->terms[anchor];
    size_t alen = strlen(aw);
    for (size_t from = 0; from + alen <= len;) {
        const char *hit = memmem(folded + from, len - from, aw, alen);
        if (!hit) return true;
        size_t at = (size_t)(hit - folded);
        from = at + 1;
        int r = whole_word(folded, len, at, at + alen);
        if (r < 0) return false;
        if (r == 0) continue;
        size_t left = at, right = at + alen;
        for (size_t k = anchor; k-- > 0 && r == 1;)
            r = word_before_is(folded, len, &left, phrase->terms[k]);
        for (size_t k = anchor + 1; k < phrase->n_terms && r == 1; k++)
            r = word_after_is(folded, len, &right, phrase->terms[k]);
        if (r != 0) return false; /* there, or cannot tell */
    }
    return true;
}

/* Whether the quick look rules out a required phrase in every field. */
static hv_status required_phrase_absent(hv_phrase_check *c, const hv_passage_record *passage,
                                        bool *absent)
{
    *absent = false;
    const char *fields[3] = {passage->section ? passage->section : "",
                             passage->title ? passage->title : "",
                             passage->text ? passage->text : ""};
    for (size_t i = 0; i < c->n_required; i++) {
        const hv_query_node *phrase = c->required[i];
        if (!hv_phrase_scannable(phrase)) continue;
        bool everywhere = true;
        for (size_t f = 0; f < 3 && everywhere; f++) {
            size_t n = strlen(fields[f]);
            if (n > (SIZE_MAX - 1) / 3) return HV_ERR_TOO_LARGE;
            if (HV_FOLD_BOUND(n) > c->folded_cap) {
                char *grown = realloc(c->folded, HV_FOLD_BOUND(n));
                if (!grown) return HV_ERR_NOMEM;
                c->folded = grown;
                c->folded_cap = HV_FOLD_BOUND(n);
            }
            size_t m = hv_fold_into(fields[f], n, c->folded);
            everywhere = hv_phrase_absent_from(phrase, c->folded, m);
        }
        if (everywhere) {
            *absent = true;
            return HV_OK;
        }
    }
    return HV_OK;
}

hv_status hv_phrase_check_passage(hv_phrase_check *c, hv_analyzer *analyzer,
                                  const hv_passage_record *passage, bool *accept)
{
    if (!c || !analyzer || !passage || !accept) return HV_ERR_INVALID_ARGUMENT;
    *accept = false;
    bool absent;
    hv_status quick = required_phrase_absent(c, passage, &absent);
    if (quick != HV_OK || absent) return quick;
    hv_term_list_clear(&c->positions);
    hv_passage_fields fields = {.section = passage->section,
                                .title = passage->title,
                                .text = passage->text,
                                .lang = passage->lang};
    hv_status st = hv_passage_positions(analyzer, &fields, &c->positions);
    bool found = true;
    for (size_t i = 0; i < c->n_required && st == HV_OK && found; i++)
        st = phrase_in_passage(c, c->required[i], &found);
    if (st != HV_OK || !found) return st;
    found = false;
    for (size_t i = 0; i < c->n_excluded && st == HV_OK && !found; i++)
        st = phrase_in_passage(c, c->excluded[i], &found);
    *accept = st == HV_OK && !found;
    return st;
}
