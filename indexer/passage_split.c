#include "passage_split.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/language.h"
#include "../lib/text_buffer.h"

typedef struct {
    hv_passage *items;
    size_t *words; /* word count of each passage */
    size_t count, cap;
    const char *section;
    size_t section_first; /* first passage of the current section */
    hv_text_buffer cur;
    size_t cur_words;
    hv_lang cur_lang; /* of the paragraphs in cur, UNKNOWN while none is sure */
} splitter;

/* Paragraphs shorter than this are too short to say their language: they
 * join whatever passage they follow. */
#define LANG_MIN_WORDS 12

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t hv_count_words(const char *s, size_t len)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = 0; i < len; i++) {
        bool sp = is_space(s[i]);
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

static hv_status emit(splitter *sp, const char *text, size_t len, size_t words)
{
    if (sp->count == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 16;
        hv_passage *items = realloc(sp->items, cap * sizeof *items);
        if (!items) return HV_ERR_NOMEM;
        sp->items = items;
        size_t *w = realloc(sp->words, cap * sizeof *w);
        if (!w) return HV_ERR_NOMEM;
        sp->words = w;
        sp->cap = cap;
    }
    hv_passage *p = &sp->items[sp->count];
    memset(p, 0, sizeof *p);
    p->section = strdup(sp->section);
    p->text = malloc(len + 1);
    if (!p->section || !p->text) {
        free(p->section);
        free(p->text);
        return HV_ERR_NOMEM;
    }
    memcpy(p->text, text, len);
    p->text[len] = '\0';
    p->number = (unsigned)sp->count;
    p->lang = sp->cur_lang; /* provisional: the whole passage is detected at the end */
    sp->words[sp->count] = words;
    sp->count++;
    return HV_OK;
}

static hv_status flush(splitter *sp)
{
    hv_status st = HV_OK;
    if (sp->cur.len) st = emit(sp, sp->cur.data, sp->cur.len, sp->cur_words);
    hv_text_buffer_clear(&sp->cur);
    sp->cur_words = 0;
    sp->cur_lang = HV_LANG_UNKNOWN;
    return st;
}

static hv_status append(splitter *sp, const char *sep, const char *s, size_t len, size_t words)
{
    hv_status st = HV_OK;
    if (sp->cur.len) st = hv_text_buffer_append(&sp->cur, sep, strlen(sep));
    if (st == HV_OK) st = hv_text_buffer_append(&sp->cur, s, len);
    sp->cur_words += words;
    return st;
}

/* Byte length of the sentence at the start of s[0..len), including the
 * space after it. */
static size_t sentence_len(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool end = c == '.' || c == '!' || c == '?';
        /* U+2026 horizontal ellipsis */
        if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0xA6) {
            end = true;
            i += 2;
        }
        if (!end) continue;
        size_t j = i + 1;
        while (j < len && (s[j] == ')' || s[j] == '"' || s[j] == '\''))
            j++;
        if (j < len && is_space(s[j])) {
            while (j < len && is_space(s[j]))
                j++;
            return j;
        }
    }
    return len;
}

/* Adds a piece of an over-long paragraph, cutting it at word boundaries
 * when it alone passes the maximum. */
static hv_status add_piece(splitter *sp, const char *s, size_t len)
{
    while (len && is_space(s[len - 1]))
        len--;
    size_t words = hv_count_words(s, len);
    hv_status st = HV_OK;
    if (words <= HV_PASSAGE_MAX_WORDS) {
        if (sp->cur_words + words > HV_PASSAGE_MAX_WORDS) st = flush(sp);
        if (st == HV_OK) st = append(sp, " ", s, len, words);
        return st;
    }
    st = flush(sp);
    size_t i = 0;
    while (st == HV_OK && i < len) {
        size_t start = i, n = 0;
        bool in = false;
        while (i < len) {
            bool space = is_space(s[i]);
            if (!space && !in) {
                if (n == HV_PASSAGE_MAX_WORDS) break;
                n++;
            }
            in = !space;
            i++;
        }
        size_t end = i;
        while (end > start && is_space(s[end - 1]))
            end--;
        st = append(sp, " ", s + start, end - start, n);
        if (st == HV_OK && i < len) st = flush(sp);
    }
    return st;
}

static hv_status add_paragraph(splitter *sp, const char *s)
{
    size_t len = strlen(s);
    size_t words = hv_count_words(s, len);
    hv_status st = HV_OK;
    /* a passage never mixes languages: a post followed by its translation
     * must give passages that can be recognised as translations */
    hv_lang lang = words >= LANG_MIN_WORDS ? hv_detect_language(s, len) : HV_LANG_UNKNOWN;
    if (lang != HV_LANG_UNKNOWN && sp->cur_lang != HV_LANG_UNKNOWN && lang != sp->cur_lang)
        st = flush(sp);
    if (st == HV_OK && lang != HV_LANG_UNKNOWN) sp->cur_lang = lang;
    if (words > HV_PASSAGE_MAX_WORDS) {
        st = flush(sp);
        size_t i = 0;
        while (st == HV_OK && i < len) {
            size_t n = sentence_len(s + i, len - i);
            st = add_piece(sp, s + i, n);
            i += n;
        }
    } else {
        if (sp->cur_words + words > HV_PASSAGE_MAX_WORDS) st = flush(sp);
        if (st == HV_OK) st = append(sp, "\n\n", s, len, words);
    }
    if (st == HV_OK && sp->cur_words >= HV_PASSAGE_MIN_WORDS) st = flush(sp);
    return st;
}

static hv_status end_section(splitter *sp)
{
    if (!sp->cur.len) return HV_OK;
    hv_lang last_lang = sp->count ? sp->items[sp->count - 1].lang : HV_LANG_UNKNOWN;
    bool same_lang = sp->cur_lang == HV_LANG_UNKNOWN || last_lang == HV_LANG_UNKNOWN ||
                     last_lang == sp->cur_lang;
    if (sp->cur_words < HV_PASSAGE_MIN_WORDS && sp->count > sp->section_first && same_lang &&
        sp->words[sp->count - 1] + sp->cur_words <= HV_PASSAGE_MAX_WORDS) {
        hv_passage *last = &sp->items[sp->count - 1];
        size_t old = strlen(last->text);
        char *text = realloc(last->text, old + 2 + sp->cur.len + 1);
        if (!text) return HV_ERR_NOMEM;
        memcpy(text + old, "\n\n", 2);
        memcpy(text + old + 2, sp->cur.data, sp->cur.len + 1);
        last->text = text;
        sp->words[sp->count - 1] += sp->cur_words;
        hv_text_buffer_clear(&sp->cur);
        sp->cur_words = 0;
        sp->cur_lang = HV_LANG_UNKNOWN;
        return HV_OK;
    }
    return flush(sp);
}

static void free_passages(hv_passage *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(items[i].section);
        free(items[i].text);
    }
    free(items);
}

hv_status hv_passages_from_blocks(const hv_block_list *blocks, hv_passage **passages,
                                  size_t *n_passages)
{
    *passages = NULL;
    *n_passages = 0;
    splitter sp = {.section = ""};
    hv_status st = HV_OK;
    for (size_t b = 0; b < blocks->count && st == HV_OK; b++) {
        const hv_block *blk = &blocks->items[b];
        if (blk->kind == HV_BLOCK_HEADING) {
            st = end_section(&sp);
            sp.section = blk->text;
            sp.section_first = sp.count;
        } else {
            st = add_paragraph(&sp, blk->text);
        }
    }
    if (st == HV_OK) st = end_section(&sp);
    if (st == HV_OK && sp.count == 0) {
        for (size_t b = 0; b < blocks->count && st == HV_OK; b++) {
            sp.section = blocks->items[b].text;
            st = emit(&sp, blocks->items[b].text, strlen(blocks->items[b].text),
                      hv_count_words(blocks->items[b].text, strlen(blocks->items[b].text)));
        }
    }
    hv_text_buffer_free(&sp.cur);
    free(sp.words);
    if (st != HV_OK) {
        free_passages(sp.items, sp.count);
        return st;
    }
    for (size_t i = 0; i < sp.count; i++)
        sp.items[i].lang = hv_detect_language(sp.items[i].text, strlen(sp.items[i].text));
    *passages = sp.items;
    *n_passages = sp.count;
    return HV_OK;
}
