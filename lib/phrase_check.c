#include "phrase_check.h"

#include <stdlib.h>
#include <string.h>

#include "stopwords.h"

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

hv_status hv_phrase_check_passage(hv_phrase_check *c, hv_analyzer *analyzer,
                                  const hv_passage_record *passage, bool *accept)
{
    if (!c || !analyzer || !passage || !accept) return HV_ERR_INVALID_ARGUMENT;
    *accept = false;
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
