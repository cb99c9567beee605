#include "translation_links.h"

#include "../lib/tokenizer.h"

#include <stdbool.h>
#include <string.h>

/* A translation is rarely less than half or more than twice as long. */
#define MIN_LENGTH_RATIO 0.5
/* Blocks of one language may differ this much in passage count. */
#define MAX_COUNT_RATIO 1.34

typedef struct {
    hv_lang lang;
    size_t first, count; /* passages [first, first + count) */
} lang_block;

/* Web-page debris ("top of page", a footer) is too short to be a passage
 * of the post; it neither belongs to a language block nor breaks one. */
#define MIN_WORDS 20

static size_t count_words(const char *s)
{
    size_t n = 0;
    bool in_word = false;
    for (; *s; s++) {
        bool space = *s == ' ' || *s == '\n' || *s == '\t';
        if (!space && !in_word) n++;
        in_word = !space;
    }
    return n;
}

/* The document's main run of passages in each language, in document order.
 * False when a language comes back for more than a stray passage after
 * another language (quotations, not a post and its translations). */
static bool language_blocks(const hv_document *doc, lang_block *blocks, size_t *n_blocks)
{
    lang_block best[HV_LANG_COUNT] = {{0}};
    size_t runs[HV_LANG_COUNT] = {0}, long_runs[HV_LANG_COUNT] = {0};
    lang_block run = {.lang = HV_LANG_UNKNOWN, .count = 0};
    for (size_t i = 0; i <= doc->n_passages; i++) {
        bool end = i == doc->n_passages;
        if (!end && count_words(doc->passages[i].text) < MIN_WORDS) continue;
        if (!end && run.count && doc->passages[i].lang == run.lang) {
            run.count++;
            continue;
        }
        if (run.count) {
            runs[run.lang]++;
            if (run.count > 1) long_runs[run.lang]++;
            if (run.count > best[run.lang].count) best[run.lang] = run;
        }
        if (!end) run = (lang_block){.lang = doc->passages[i].lang, .first = i, .count = 1};
    }
    *n_blocks = 0;
    for (int l = 0; l < HV_LANG_COUNT; l++) {
        if (!runs[l]) continue;
        if (long_runs[l] > 1) return false;
        size_t at = *n_blocks;
        while (at > 0 && blocks[at - 1].first > best[l].first) {
            blocks[at] = blocks[at - 1];
            at--;
        }
        blocks[at] = best[l];
        (*n_blocks)++;
    }
    return true;
}

/* The passage of a block at position j, counting substantial passages only. */
static size_t nth_passage(const hv_document *doc, const lang_block *b, size_t j)
{
    for (size_t i = b->first; i < doc->n_passages; i++) {
        if (doc->passages[i].lang != b->lang || count_words(doc->passages[i].text) < MIN_WORDS)
            continue;
        if (j-- == 0) return i;
    }
    return HV_NO_GROUP;
}

/* Numbers and capitalised Latin names survive translation ("LGBT", "28",
 * "1/4/2023"); two passages that share none are not taken as one text. */
static bool is_anchor(const char *text, const hv_token *t)
{
    if (t->script == HV_SCRIPT_NUMERIC) return true;
    return t->script == HV_SCRIPT_LATIN && t->end - t->start >= 2 && text[t->start] >= 'A' &&
           text[t->start] <= 'Z';
}

static bool share_anchor(const char *a, const char *b)
{
    hv_token_list ta = HV_TOKEN_LIST_INIT, tb = HV_TOKEN_LIST_INIT;
    bool shared = false;
    if (hv_tokenize(a, strlen(a), &ta) == HV_OK && hv_tokenize(b, strlen(b), &tb) == HV_OK)
        for (size_t i = 0; i < ta.count && !shared; i++) {
            if (!is_anchor(a, &ta.tokens[i])) continue;
            for (size_t j = 0; j < tb.count && !shared; j++)
                shared = is_anchor(b, &tb.tokens[j]) &&
                         strcmp(ta.tokens[i].folded, tb.tokens[j].folded) == 0;
        }
    hv_token_list_free(&ta);
    hv_token_list_free(&tb);
    return shared;
}

static bool comparable_lengths(const char *a, const char *b)
{
    double la = (double)strlen(a), lb = (double)strlen(b);
    if (la == 0 || lb == 0) return false;
    double r = la < lb ? la / lb : lb / la;
    return r >= MIN_LENGTH_RATIO;
}

void hv_link_translations(const hv_document *doc, size_t *group, char (*langs)[12])
{
    for (size_t i = 0; i < doc->n_passages; i++) {
        group[i] = HV_NO_GROUP;
        langs[i][0] = '\0';
    }
    lang_block blocks[HV_LANG_COUNT];
    size_t n_blocks;
    if (!language_blocks(doc, blocks, &n_blocks) || n_blocks < 2) return;
    const lang_block *ref = &blocks[0];
    for (size_t b = 0; b < n_blocks; b++) {
        if (blocks[b].lang == HV_LANG_UNKNOWN) return;
        double r = (double)blocks[b].count / (double)ref->count;
        if (r > MAX_COUNT_RATIO || r < 1 / MAX_COUNT_RATIO) return;
    }
    /* group k: the k-th passage of the first block and, in every other
     * block, the passage at the same relative place */
    for (size_t k = 0; k < ref->count; k++) {
        size_t members[HV_LANG_COUNT], n_members = 0;
        size_t first = nth_passage(doc, ref, k);
        if (first == HV_NO_GROUP) continue;
        members[n_members++] = first;
        for (size_t b = 1; b < n_blocks; b++) {
            size_t j = (k * blocks[b].count + ref->count / 2) / ref->count;
            if (j >= blocks[b].count) j = blocks[b].count - 1;
            size_t p = nth_passage(doc, &blocks[b], j);
            if (p != HV_NO_GROUP && group[p] == HV_NO_GROUP &&
                comparable_lengths(doc->passages[first].text, doc->passages[p].text) &&
                share_anchor(doc->passages[first].text, doc->passages[p].text))
                members[n_members++] = p;
        }
        if (n_members < 2) continue;
        char codes[12] = "";
        for (size_t m = 0; m < n_members; m++) {
            if (m) strcat(codes, ",");
            strcat(codes, hv_lang_code(doc->passages[members[m]].lang));
        }
        for (size_t m = 0; m < n_members; m++) {
            group[members[m]] = k;
            memcpy(langs[members[m]], codes, sizeof codes);
        }
    }
}
