#include "dictionary.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <utf8proc.h>

#include "analysis.h"
#include "file_read.h"
#include "fold.h"
#include "language.h"
#include "text_buffer.h"
#include "utf8.h"

/* Translations kept per headword and language: the first sense's first
 * words are its commonest meanings; later ones drift. */
#define MAX_TRANSLATIONS 2
/* A dictd file larger than this once inflated is no FreeDict dictionary. */
#define MAX_DICT_BYTES (64u << 20)

static const struct {
    const char *name;
    hv_lang from, to;
} files[] = {
    {"nld-eng", HV_LANG_NL, HV_LANG_EN},
    {"eng-nld", HV_LANG_EN, HV_LANG_NL},
    {"eng-rus", HV_LANG_EN, HV_LANG_RU},
    {"nld-rus", HV_LANG_NL, HV_LANG_RU},
};

typedef struct {
    hv_lang from;
    char *head; /* folded */
    hv_lang to;
    char *word; /* folded */
} translation;

typedef struct {
    translation *items;
    size_t count, cap;
} translation_list;

static void set_error(char **errmsg, const char *path, const char *what)
{
    if (!errmsg) return;
    size_t n = strlen(path) + strlen(what) + 3;
    *errmsg = malloc(n);
    if (*errmsg) snprintf(*errmsg, n, "%s: %s", path, what);
}

/* The whole of a dictzip file (gzip with a seek table we do not need),
 * inflated. */
static hv_status read_dictzip(const char *path, char **out, size_t *len)
{
    char *packed;
    size_t packed_len;
    hv_status st = hv_file_read(path, MAX_DICT_BYTES, &packed, &packed_len);
    if (st != HV_OK) return st;
    st = hv_gunzip(packed, packed_len, MAX_DICT_BYTES, out, len);
    free(packed);
    return st;
}

/* dictd's base-64 numbers; false on a character outside the alphabet. */
static bool decode_b64(const char *s, size_t n, size_t *value)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t v = 0;
    if (n == 0 || n > 10) return false;
    for (size_t i = 0; i < n; i++) {
        const char *p = memchr(alphabet, s[i], 64);
        if (!p || !s[i]) return false;
        v = v * 64 + (size_t)(p - alphabet);
    }
    *value = v;
    return true;
}

static bool has_cyrillic(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xD0 || (unsigned char)s[i] == 0xD1) return true;
    return false;
}

static bool is_letter_or_mark(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return true;
    default:
        return false;
    }
}

/* One word of valid UTF-8: letters (any script) and inner ASCII hyphens,
 * nothing else.  FreeDict lists suffixes too ("‐urig", with U+2010), which
 * no text holds as words. */
static bool is_one_word(const char *s, size_t n)
{
    if (n == 0 || s[0] == '-' || s[n - 1] == '-' || !hv_utf8_is_valid(s, n)) return false;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = hv_utf8_decode(s + i, n - i, &cp);
        if (k == 0 || (cp != '-' && !is_letter_or_mark(cp))) return false;
        i += k;
    }
    return true;
}

static hv_status push(translation_list *l, hv_lang from, const char *head, size_t head_len,
                      hv_lang to, const char *word, size_t word_len)
{
    char *h, *w;
    size_t hn, wn;
    hv_status st = hv_fold(head, head_len, &h, &hn);
    if (st != HV_OK) return st;
    st = hv_fold(word, word_len, &w, &wn);
    if (st != HV_OK) {
        free(h);
        return st;
    }
    if (hn == 0 || wn == 0 || strcmp(h, w) == 0 || hv_utf8_length(h, hn) < 3) {
        free(h);
        free(w);
        return HV_OK;
    }
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4096;
        translation *grown = realloc(l->items, cap * sizeof *grown);
        if (!grown) {
            free(h);
            free(w);
            return HV_ERR_NOMEM;
        }
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->count++] = (translation){from, h, to, w};
    return HV_OK;
}

/* The words of a sense line: comma- or semicolon-separated, parentheses
 * left out; those of the wanted script and one word each, at most
 * MAX_TRANSLATIONS.  Returns how many were added. */
static hv_status sense_words(translation_list *l, hv_lang from, const char *head, size_t head_len,
                             hv_lang to, const char *s, size_t n, size_t *added)
{
    *added = 0;
    char clean[1024];
    size_t c = 0;
    int depth = 0;
    for (size_t i = 0; i < n && c + 1 < sizeof clean; i++) {
        if (s[i] == '(' || s[i] == '[')
            depth++;
        else if ((s[i] == ')' || s[i] == ']') && depth > 0)
            depth--;
        else if (depth == 0)
            clean[c++] = s[i];
    }
    hv_status st = HV_OK;
    for (size_t i = 0; i < c && *added < MAX_TRANSLATIONS && st == HV_OK;) {
        size_t j = i;
        while (j < c && clean[j] != ',' && clean[j] != ';')
            j++;
        size_t a = i, b = j;
        while (a < b && (clean[a] == ' ' || clean[a] == '\t'))
            a++;
        while (b > a && (clean[b - 1] == ' ' || clean[b - 1] == '\t'))
            b--;
        if (is_one_word(clean + a, b - a) && has_cyrillic(clean + a, b - a) == (to == HV_LANG_RU)) {
            st = push(l, from, head, head_len, to, clean + a, b - a);
            (*added)++;
        }
        i = j + 1;
    }
    return st;
}

/* An entry's body: a line with the headword and its pronunciation, then
 * senses, numbered ("1. job, work") or a single unnumbered one; in
 * nld-rus a sense may be followed by Dutch glosses, which the script test
 * passes over. */
static hv_status add_entry(translation_list *l, hv_lang from, hv_lang to, const char *head,
                           size_t head_len, const char *body, size_t n)
{
    const char *p = memchr(body, '\n', n), *end = body + n;
    hv_status st = HV_OK;
    while (p && p < end && st == HV_OK) {
        p++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *s = p;
        size_t len = (size_t)(eol - p);
        p = eol;
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        if (len == 0) continue;
        bool numbered = false;
        size_t k = 0;
        while (k < len && s[k] >= '0' && s[k] <= '9')
            k++;
        if (k > 0 && k < len && s[k] == '.') {
            if (k != 1 || s[0] != '1') break; /* past the first sense */
            numbered = true;
            s += k + 1;
            len -= k + 1;
        }
        size_t added;
        st = sense_words(l, from, head, head_len, to, s, len, &added);
        if (added || numbered) break;
    }
    return st;
}

static hv_status import_file(const char *dir, size_t f, translation_list *l, char **errmsg)
{
    char index_path[4096], dict_path[4096];
    snprintf(index_path, sizeof index_path, "%s/freedict-%s.index", dir, files[f].name);
    snprintf(dict_path, sizeof dict_path, "%s/freedict-%s.dict.dz", dir, files[f].name);
    char *index, *dict;
    size_t index_len, dict_len;
    /* a dictionary that is not there (or not readable) is left out */
    hv_status st = hv_file_read(index_path, MAX_DICT_BYTES, &index, &index_len);
    if (st == HV_ERR_IO) return HV_OK;
    if (st != HV_OK) return st;
    st = read_dictzip(dict_path, &dict, &dict_len);
    if (st == HV_ERR_IO) {
        free(index);
        return HV_OK;
    }
    if (st != HV_OK) {
        set_error(errmsg, dict_path, "cannot be read as a dictzip file");
        free(index);
        return st == HV_ERR_NOMEM ? st : HV_ERR_CORRUPT;
    }
    for (size_t i = 0; i < index_len && st == HV_OK;) {
        const char *line = index + i;
        const char *nl = memchr(line, '\n', index_len - i);
        size_t n = nl ? (size_t)(nl - line) : index_len - i;
        i += n + 1;
        if (n == 0 || (n == 1 && line[0] == '\r')) continue;
        const char *t1 = memchr(line, '\t', n);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(line + n - t1 - 1)) : NULL;
        size_t off, len;
        if (!t2 || !decode_b64(t1 + 1, (size_t)(t2 - t1 - 1), &off) ||
            !decode_b64(t2 + 1, (size_t)(line + n - t2 - 1) - (line[n - 1] == '\r'), &len) ||
            off > dict_len || len > dict_len - off) {
            set_error(errmsg, index_path, "a line is no dictd index entry");
            st = HV_ERR_CORRUPT;
            break;
        }
        size_t head_len = (size_t)(t1 - line);
        if (!is_one_word(line, head_len))
            continue; /* phrases, suffixes, the 00-database-* entries about the file */
        st = add_entry(l, files[f].from, files[f].to, line, head_len, dict + off, len);
    }
    free(index);
    free(dict);
    return st;
}

static int by_head(const void *a, const void *b)
{
    const translation *x = a, *y = b;
    if (x->from != y->from) return x->from < y->from ? -1 : 1;
    int c = strcmp(x->head, y->head);
    if (c) return c;
    if (x->to != y->to) return x->to < y->to ? -1 : 1;
    return strcmp(x->word, y->word);
}

/* One concept per headword: "= dict-N", its language's line, then one line
 * per language it translates into.  Appends check their error once, at
 * the end (text_buffer.h). */
static hv_status write_concepts(const translation_list *l, hv_text_buffer *out, size_t *concepts)
{
    *concepts = 0;
    char id[32];
    for (size_t i = 0; i < l->count;) {
        const translation *first = &l->items[i];
        snprintf(id, sizeof id, "= dict-%zu\n", ++*concepts);
        hv_text_buffer_append_str(out, id);
        hv_text_buffer_append_str(out, hv_lang_code(first->from));
        hv_text_buffer_append_str(out, ": ");
        hv_text_buffer_append_str(out, first->head);
        size_t k = i;
        for (; k < l->count && l->items[k].from == first->from &&
               strcmp(l->items[k].head, first->head) == 0;
             k++) {
            const translation *t = &l->items[k], *prev = k > i ? t - 1 : NULL;
            if (prev && prev->to == t->to && strcmp(prev->word, t->word) == 0) continue;
            hv_text_buffer_append_str(out, prev && prev->to == t->to ? " | " : "\n");
            if (!prev || prev->to != t->to) {
                hv_text_buffer_append_str(out, hv_lang_code(t->to));
                hv_text_buffer_append_str(out, ": ");
            }
            hv_text_buffer_append_str(out, t->word);
        }
        hv_text_buffer_append_str(out, "\n\n");
        i = k;
    }
    return out->error;
}

hv_status hv_dictionary_import(const char *dir, char **text, size_t *len, size_t *concepts,
                               char **errmsg)
{
    *text = NULL;
    *len = 0;
    *concepts = 0;
    if (errmsg) *errmsg = NULL;
    translation_list l = {0};
    hv_status st = HV_OK;
    for (size_t f = 0; f < sizeof files / sizeof files[0] && st == HV_OK; f++)
        st = import_file(dir, f, &l, errmsg);
    hv_text_buffer out = {0};
    if (st == HV_OK && l.count) {
        qsort(l.items, l.count, sizeof *l.items, by_head);
        st = write_concepts(&l, &out, concepts);
    }
    for (size_t i = 0; i < l.count; i++) {
        free(l.items[i].head);
        free(l.items[i].word);
    }
    free(l.items);
    if (st != HV_OK || !out.len) {
        hv_text_buffer_free(&out);
        *concepts = 0;
        return st;
    }
    return hv_text_buffer_take(&out, text, len);
}

static hv_thesaurus *default_dictionary;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void load_default(void)
{
    const char *dir = getenv("HAVEN_DICTD_DIR");
    char *text, *err = NULL;
    size_t len, concepts;
    if (hv_dictionary_import(dir && *dir ? dir : HV_DICTD_DIR, &text, &len, &concepts, &err) !=
            HV_OK ||
        !text) {
        free(err);
        return;
    }
    hv_analyzer *a;
    if (hv_analyzer_new(&a) == HV_OK) {
        if (hv_thesaurus_parse(a, text, len, &default_dictionary, &err) != HV_OK)
            default_dictionary = NULL;
        hv_analyzer_free(a);
    }
    free(err);
    free(text);
}

const hv_thesaurus *hv_dictionary_default(void)
{
    pthread_once(&default_once, load_default);
    return default_dictionary;
}
