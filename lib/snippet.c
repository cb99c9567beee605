#include "snippet.h"

#include "stopwords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"
#include "text_buffer.h"
#include "utf8.h"

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */

/* ---- matching ---- */

/* A stem term's stem, and its first two bytes. */
typedef struct {
    uint16_t start;
    const char *stem;
    size_t len;
} stem_start;

typedef struct {
    const char **terms; /* the query's highlight terms, sorted for bsearch */
    size_t n_terms;
    char *const *prefixes;
    size_t n_prefixes;
    bool has_stems; /* some term is a stem term: worth stemming tokens */
    /* First two bytes of each stem term's stem.  Snowball stemmers cut and
     * change word ends, not beginnings, so a token that starts otherwise
     * cannot stem to any of them and is not stemmed at all. */
    stem_start *stem_starts;
    size_t n_stem_starts;
    /* One bit per term (exact_filter_bit): most words of a passage match
     * no term, and this tells most of them so without a search. */
    uint64_t exact_filter;
} matcher;

/* A bit from a term's length and three of its bytes: a word whose bit is
 * clear in the filter is none of the terms. */
static uint64_t exact_filter_bit(const char *s, size_t n)
{
    if (n == 0) return 1;
    uint32_t key = (uint32_t)(n & 0xff) | (uint32_t)(unsigned char)s[0] << 8 |
                   (uint32_t)(unsigned char)s[n / 2] << 16 |
                   (uint32_t)(unsigned char)s[n - 1] << 24;
    return 1ULL << ((key * 0x9E3779B1u) >> 26);
}

static uint16_t start_of(const char *s, size_t n)
{
    return (uint16_t)((unsigned char)s[0] << 8 | (n > 1 ? (unsigned char)s[1] : 0));
}

/* Whether the token's stem may be one of the stem terms.  Two bytes are a
 * single Cyrillic letter, which half of a Russian passage may share; but a
 * Cyrillic word is always stemmed as Russian, and the Russian stemmer only
 * cuts endings off a folded word (no ё is left to become е), so its stem
 * is the word's beginning: the whole stem must be. */
static bool may_stem_to_a_term(const matcher *m, const hv_token *token)
{
    uint16_t start = start_of(token->folded, token->folded_len);
    for (size_t i = 0; i < m->n_stem_starts; i++) {
        const stem_start *s = &m->stem_starts[i];
        if (s->start != start) continue;
        if (token->script != HV_SCRIPT_CYRILLIC) return true;
        if (s->len <= token->folded_len && memcmp(token->folded, s->stem, s->len) == 0) return true;
    }
    return false;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Index of term[0..len) in the sorted terms, or -1. */
static long find_term(const matcher *m, const char *term, size_t len)
{
    size_t lo = 0, hi = m->n_terms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *t = m->terms[mid];
        int c = strncmp(t, term, len);
        if (c == 0 && t[len] != '\0') c = 1; /* t is longer: sorts after */
        if (c == 0) return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Whether a word typed occurs inside the token: only then can one of the
 * token's compound parts match, and splitting is worth its cost. */
static bool contains_typed_word(const matcher *m, const hv_token *token)
{
    for (size_t i = 0; i < m->n_terms; i++) {
        const char *t = m->terms[i];
        if (t[0] == HV_PREFIX_STEM || t[0] == HV_PREFIX_URL) t++;
        size_t n = strlen(t);
        if (n >= 3 && n < token->folded_len && memmem(token->folded, token->folded_len, t, n))
            return true;
    }
    return false;
}

/* Which highlight a token matches, as an id in [0, n_terms + n_prefixes),
 * or -1. */
static hv_status token_match(const matcher *m, hv_analyzer *analyzer, hv_lang lang,
                             const hv_token *token, long *id)
{
    const char *exact;
    size_t exact_len;
    hv_status est = hv_exact_term(analyzer, token, &exact, &exact_len);
    if (est != HV_OK) return est;
    *id =
        m->exact_filter & exact_filter_bit(exact, exact_len) ? find_term(m, exact, exact_len) : -1;
    if (*id >= 0) return HV_OK;
    /* A stopword matches only as typed: stemming every "de" and "the" of a
     * passage is most of a snippet's cost and finds nothing. */
    if (m->has_stems && may_stem_to_a_term(m, token) &&
        !hv_is_stopword(lang, token->folded, token->folded_len)) {
        /* a passage of unknown language is stemmed the way query words are */
        unsigned langs = lang != HV_LANG_UNKNOWN ? 1u << lang : hv_query_word_langs(token);
        for (int l = 0; l < HV_LANG_COUNT; l++) {
            if (!(langs & (1u << l))) continue;
            const char *term;
            size_t len;
            hv_status st = hv_stem_term(analyzer, (hv_lang)l, token, &term, &len);
            if (st == HV_ERR_NOT_FOUND) continue;
            if (st != HV_OK) return st;
            *id = find_term(m, term, len);
            if (*id >= 0) return HV_OK;
        }
        /* "huursubsidie" in the text answers "huur subsidie" typed */
        hv_compound_part parts[2];
        size_t n_parts =
            contains_typed_word(m, token) ? hv_compound_parts(analyzer, lang, token, parts) : 0;
        for (size_t k = 0; k < n_parts; k++) {
            const char *term;
            size_t len;
            hv_status st = hv_compound_part_term(analyzer, &parts[k], &term, &len);
            if (st == HV_ERR_NOT_FOUND) continue;
            if (st != HV_OK) return st;
            *id = find_term(m, term, len);
            if (*id >= 0) return HV_OK;
        }
    }
    for (size_t i = 0; i < m->n_prefixes; i++) {
        size_t plen = strlen(m->prefixes[i]);
        if (token->folded_len >= plen && memcmp(token->folded, m->prefixes[i], plen) == 0) {
            *id = (long)(m->n_terms + i);
            return HV_OK;
        }
    }
    return HV_OK;
}

/* ---- output ---- */

static void sb_text(hv_text_buffer *sb, const char *s, size_t n, bool html_escape)
{
    if (!html_escape) {
        hv_text_buffer_append(sb, s, n);
        return;
    }
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *entity = NULL;
        switch (s[i]) {
        case '&':
            entity = "&amp;";
            break;
        case '<':
            entity = "&lt;";
            break;
        case '>':
            entity = "&gt;";
            break;
        case '"':
            entity = "&quot;";
            break;
        case '\'':
            entity = "&#39;";
            break;
        default:
            continue;
        }
        hv_text_buffer_append(sb, s + run, i - run);
        hv_text_buffer_append_str(sb, entity);
        run = i + 1;
    }
    hv_text_buffer_append(sb, s + run, n - run);
}

/* NUL too: a passage is text, and a NUL would end the snippet early */
static bool is_blank(unsigned char c)
{
    return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool has_non_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank((unsigned char)s[i])) return true;
    return false;
}

/* ---- window ---- */

typedef struct {
    const char *text;
    size_t len;
    const hv_token_list *tokens;
    size_t *cstart, *cend; /* character offsets of each token's start and end */
    long *match;           /* per token: highlight id or -1 */
    size_t budget;         /* characters the window may span */
} passage;

static size_t span(const passage *p, size_t first, size_t last)
{
    return p->cend[last] - p->cstart[first];
}

/* Whether the text between tokens k-1 and k ends a sentence or paragraph. */
static bool sentence_break_before(const passage *p, size_t k)
{
    if (k == 0) return true;
    const hv_token *t = p->tokens->tokens;
    size_t newlines = 0;
    for (size_t i = t[k - 1].end; i < t[k].start; i++) {
        char c = p->text[i];
        if (c == '.' || c == '!' || c == '?') return true;
        if (c == '\n' && ++newlines == 2) return true;
    }
    return false;
}

/* The matched tokens [first, last] holding the most distinct highlights,
 * then the most matches, within the budget: a two-pointer sweep over the
 * matched tokens only.  False when nothing matches (or fits). */
static hv_status best_matches(const passage *p, size_t n_ids, size_t *first, size_t *last,
                              bool *found)
{
    *found = false;
    size_t n = p->tokens->count, m = 0;
    size_t *matched = malloc((n ? n : 1) * sizeof *matched);
    size_t *counts = calloc(n_ids ? n_ids : 1, sizeof *counts);
    if (!matched || !counts) {
        free(matched);
        free(counts);
        return HV_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        if (p->match[i] >= 0) matched[m++] = i;

    size_t r = 0, distinct = 0, best_distinct = 0, best_count = 0;
    for (size_t l = 0; l < m; l++) {
        if (r < l) r = l;
        while (r < m && span(p, matched[l], matched[r]) <= p->budget) {
            if (counts[p->match[matched[r]]]++ == 0) distinct++;
            r++;
        }
        if (r == l) continue; /* this token alone is wider than the window */
        if (distinct > best_distinct || (distinct == best_distinct && r - l > best_count)) {
            best_distinct = distinct;
            best_count = r - l;
            *first = matched[l];
            *last = matched[r - 1];
            *found = true;
        }
        if (--counts[p->match[matched[l]]] == 0) distinct--;
    }
    free(matched);
    free(counts);
    return HV_OK;
}

/* Widens [first, last] with context: back to the sentence start when the
 * window allows, else a little before the first match; then forward as far
 * as it goes, and back again if the passage ended first. */
static void widen(const passage *p, size_t *first, size_t *last)
{
    size_t n = p->tokens->count;
    size_t f = *first, l = *last;
    size_t sentence = SIZE_MAX;
    for (size_t k = f + 1; k-- > 0 && span(p, k, l) <= p->budget;) {
        if (sentence_break_before(p, k)) {
            sentence = k;
            break;
        }
    }
    if (sentence != SIZE_MAX) {
        f = sentence;
    } else {
        size_t lead = (p->budget - span(p, f, l)) / 4;
        size_t anchor = p->cstart[f];
        while (f > 0 && span(p, f - 1, l) <= p->budget && anchor - p->cstart[f - 1] <= lead)
            f--;
    }
    while (l + 1 < n && span(p, f, l + 1) <= p->budget)
        l++;
    if (l + 1 == n)
        while (f > 0 && span(p, f - 1, l) <= p->budget)
            f--;
    *first = f;
    *last = l;
}

/* Byte range [*ws, *we) of the window around tokens [first, last]: the
 * punctuation right after the last word comes along while it fits. */
static void window_bytes(const passage *p, size_t first, size_t last, size_t *ws, size_t *we)
{
    const hv_token *t = p->tokens->tokens;
    *ws = first == 0 && p->cend[last] <= p->budget ? 0 : t[first].start;
    size_t end = t[last].end;
    size_t limit = last + 1 < p->tokens->count ? t[last + 1].start : p->len;
    size_t chars = p->cend[last] - (*ws == 0 ? 0 : p->cstart[first]);
    while (end < limit && !is_blank((unsigned char)p->text[end]) && chars < p->budget) {
        end++;
        while (end < limit && ((unsigned char)p->text[end] & 0xC0) == 0x80)
            end++;
        chars++;
    }
    *we = end;
}

static void render(const passage *p, size_t ws, size_t we, const hv_snippet_style *style,
                   hv_text_buffer *sb)
{
    const hv_token *t = p->tokens->tokens;
    size_t n = p->tokens->count, k = 0;
    while (k < n && t[k].start < ws)
        k++;
    if (has_non_blank(p->text, ws)) hv_text_buffer_append_str(sb, ELLIPSIS);
    bool pending_space = false, wrote = false;
    size_t i = ws;
    while (i < we) {
        if (is_blank((unsigned char)p->text[i])) {
            pending_space = wrote;
            i++;
            continue;
        }
        if (pending_space) hv_text_buffer_append_str(sb, " ");
        pending_space = false;
        wrote = true;
        if (k < n && t[k].start == i && t[k].end <= we) {
            bool mark = p->match[k] >= 0;
            if (mark) hv_text_buffer_append_str(sb, style->mark_open);
            sb_text(sb, p->text + t[k].start, t[k].end - t[k].start, style->html_escape);
            if (mark) hv_text_buffer_append_str(sb, style->mark_close);
            i = t[k].end;
            k++;
            continue;
        }
        size_t j = i + 1;
        while (j < we && !is_blank((unsigned char)p->text[j]) && !(k < n && t[k].start == j))
            j++;
        sb_text(sb, p->text + i, j - i, style->html_escape);
        i = j;
        while (k < n && t[k].start < i)
            k++;
    }
    if (has_non_blank(p->text + we, p->len - we)) hv_text_buffer_append_str(sb, ELLIPSIS);
}

/* Characters in text[from..to); none when to <= from.  Mostly a word or
 * the space after one: short runs are counted here, without a call. */
static size_t chars_between(const char *text, size_t from, size_t to)
{
    if (to <= from) return 0;
    if (to - from >= 16) return hv_utf8_length(text + from, to - from);
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

static void skip_blanks(const char *s, size_t len, size_t *i)
{
    while (*i < len && is_blank((unsigned char)s[*i]))
        (*i)++;
}

static hv_status make(hv_analyzer *analyzer, const char *text, size_t len, hv_lang lang,
                      const hv_parsed_query *query, const hv_snippet_style *style,
                      hv_token_list *tokens, hv_text_buffer *sb)
{
    hv_status st = hv_tokenize(text, len, tokens);
    if (st != HV_OK) return st;
    size_t n = tokens->count;

    matcher m = {0};
    if (query) {
        m.n_terms = query->n_highlight_terms;
        m.prefixes = query->highlight_prefixes;
        m.n_prefixes = query->n_highlight_prefixes;
    }
    passage p = {.text = text, .len = len, .tokens = tokens};
    m.terms = malloc((m.n_terms ? m.n_terms : 1) * sizeof *m.terms);
    p.cstart = malloc((n ? n : 1) * sizeof *p.cstart);
    p.cend = malloc((n ? n : 1) * sizeof *p.cend);
    p.match = malloc((n ? n : 1) * sizeof *p.match);
    if (!m.terms || !p.cstart || !p.cend || !p.match) {
        st = HV_ERR_NOMEM;
        goto done;
    }
    m.stem_starts = malloc((m.n_terms ? m.n_terms : 1) * sizeof *m.stem_starts);
    if (!m.stem_starts) {
        st = HV_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < m.n_terms; i++) {
        m.terms[i] = query->highlight_terms[i];
        m.exact_filter |= exact_filter_bit(m.terms[i], strlen(m.terms[i]));
        if (m.terms[i][0] != HV_PREFIX_STEM) continue;
        m.has_stems = true;
        const char *stem = m.terms[i] + 1;
        size_t stem_len = strlen(stem);
        m.stem_starts[m.n_stem_starts++] =
            (stem_start){.start = start_of(stem, stem_len), .stem = stem, .len = stem_len};
    }
    qsort(m.terms, m.n_terms, sizeof *m.terms, compare_strings);

    /* character offsets in one pass over the text, which also gives its
     * length in characters */
    size_t byte = 0, chars = 0;
    for (size_t i = 0; i < n; i++) {
        const hv_token *t = &tokens->tokens[i];
        chars += chars_between(text, byte, t->start);
        p.cstart[i] = chars;
        chars += chars_between(text, t->start, t->end);
        p.cend[i] = chars;
        if (t->end > byte) byte = t->end;
        st = token_match(&m, analyzer, lang, t, &p.match[i]);
        if (st != HV_OK) goto done;
    }
    chars += chars_between(text, byte, len);

    size_t start = 0, end = len;
    skip_blanks(text, len, &start);
    while (end > start && is_blank((unsigned char)text[end - 1]))
        end--;
    size_t ws = start, we = end;
    /* the blanks trimmed are one byte and one character each */
    if (chars - start - (len - end) > style->max_chars) {
        /* room for an ellipsis at each end */
        p.budget = style->max_chars >= 8 ? style->max_chars - 2 : style->max_chars;
        size_t first = 0, last = 0;
        bool found;
        st = best_matches(&p, m.n_terms + m.n_prefixes, &first, &last, &found);
        if (st != HV_OK) goto done;
        if (found || (n > 0 && span(&p, 0, 0) <= p.budget)) {
            widen(&p, &first, &last);
            window_bytes(&p, first, last, &ws, &we);
        } else {
            /* a single word longer than the window, or no words at all */
            if (n > 0) ws = tokens->tokens[0].start;
            we = ws + hv_utf8_prefix_bytes(text + ws, len - ws, p.budget);
        }
    }
    /* the window, escaped and marked: room for it at once, not in doublings */
    st = hv_text_buffer_reserve(sb, (we - ws) + (we - ws) / 4 + 64);
    if (st == HV_OK) render(&p, ws, we, style, sb);

done:
    free(m.stem_starts);
    free(m.terms);
    free(p.cstart);
    free(p.cend);
    free(p.match);
    return st;
}

hv_status hv_snippet_make(hv_analyzer *analyzer, const char *text, size_t len, hv_lang lang,
                          const hv_parsed_query *query, const hv_snippet_style *style, char **out)
{
    if (!out) return HV_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!analyzer || !style || (!text && len > 0) || (unsigned)lang >= HV_LANG_COUNT)
        return HV_ERR_INVALID_ARGUMENT;

    /* the contract says valid UTF-8, but a damaged passage must not crash */
    char *clean = NULL;
    if (len > 0 && !hv_utf8_is_valid(text, len)) {
        hv_status st = hv_utf8_sanitize(text, len, &clean, &len);
        if (st != HV_OK) return st;
        text = clean;
    }
    /* the analyzer's token list: its memory serves passage after passage */
    hv_token_list *tokens = hv_analyzer_scratch_tokens(analyzer);
    hv_token_list_clear(tokens);
    hv_text_buffer sb = HV_TEXT_BUFFER_INIT;
    hv_status st = make(analyzer, text ? text : "", len, lang, query, style, tokens, &sb);
    free(clean);
    if (st == HV_OK) st = hv_text_buffer_take(&sb, out, NULL);
    hv_text_buffer_free(&sb);
    return st;
}
