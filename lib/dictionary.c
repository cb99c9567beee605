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
#include "stemmer.h"
#include "text_buffer.h"
#include "tokenizer.h"
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
    char *word;     /* folded */
    unsigned sense; /* which sense of the entry, from 1 */
    size_t order;   /* when it was read: the order of the words in a sense */
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

/* Every letter in the script of lang: Russian words in Cyrillic, Dutch and
 * English in Latin.  FreeDict has a few Russian words typed with a Latin
 * "c" or "o", which match nothing. */
static bool in_script_of(const char *s, size_t n, hv_lang lang)
{
    hv_script want = lang == HV_LANG_RU ? HV_SCRIPT_CYRILLIC : HV_SCRIPT_LATIN;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = hv_utf8_decode(s + i, n - i, &cp);
        if (k == 0) return false;
        utf8proc_category_t cat = utf8proc_category(cp);
        bool mark = cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC;
        if (cp != '-' && !mark && hv_codepoint_script(cp) != want) return false;
        i += k;
    }
    return true;
}

static hv_status push(translation_list *l, hv_lang from, const char *head, size_t head_len,
                      hv_lang to, unsigned sense, const char *word, size_t word_len)
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
    l->items[l->count] = (translation){from, h, to, w, sense, l->count};
    l->count++;
    return HV_OK;
}

/* The words of a sense line: comma- or semicolon-separated, parentheses
 * left out; those of the wanted script and one word each, at most max. */
static hv_status sense_words(translation_list *l, hv_lang from, const char *head, size_t head_len,
                             hv_lang to, unsigned sense, const char *s, size_t n, size_t max)
{
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
    size_t added = 0;
    for (size_t i = 0; i < c && added < max && st == HV_OK;) {
        size_t j = i;
        while (j < c && clean[j] != ',' && clean[j] != ';')
            j++;
        size_t a = i, b = j;
        while (a < b && (clean[a] == ' ' || clean[a] == '\t'))
            a++;
        while (b > a && (clean[b - 1] == ' ' || clean[b - 1] == '\t'))
            b--;
        if (is_one_word(clean + a, b - a) && in_script_of(clean + a, b - a, to)) {
            st = push(l, from, head, head_len, to, sense, clean + a, b - a);
            added++;
        }
        i = j + 1;
    }
    return st;
}

/* Words of a sense read, at most: the rest are glosses. */
#define MAX_SENSE_WORDS 8

/* Whether an entry's first line names an affix ("familie‐ /faːmˈili/"):
 * its headword in the index has lost the hyphen. */
static bool names_an_affix(const char *body, size_t n)
{
    size_t k = 0;
    while (k < n && body[k] != ' ' && body[k] != '\n')
        k++;
    return (k >= 1 && body[k - 1] == '-') ||
           (k >= 3 && memcmp(body + k - 3, "\xE2\x80\x90", 3) == 0); /* U+2010 */
}

/* An entry's body: a line with the headword and its pronunciation, then
 * senses, numbered ("1. job, work") or unnumbered, a line each; in nld-rus
 * a sense may be followed by Dutch glosses, which the script test passes
 * over.  The words of the first senses go to l, numbered by sense: every
 * sense when all_senses, else the first that has any. */
static hv_status add_entry(translation_list *l, hv_lang from, hv_lang to, const char *head,
                           size_t head_len, const char *body, size_t n, bool all_senses)
{
    if (names_an_affix(body, n)) return HV_OK;
    const char *p = memchr(body, '\n', n), *end = body + n;
    hv_status st = HV_OK;
    unsigned sense = 0, last_number = 0;
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
        size_t k = 0;
        unsigned number = 0;
        while (k < len && s[k] >= '0' && s[k] <= '9' && number < 1000)
            number = number * 10 + (unsigned)(s[k++] - '0');
        bool numbered = k > 0 && k < len && s[k] == '.';
        if (numbered) {
            s += k + 1;
            len -= k + 1;
        }
        /* a numbered line goes on its sense (nld-rus repeats "1." for the
         * Dutch gloss); an unnumbered one is a sense of its own */
        unsigned this_sense = numbered && number == last_number ? sense : sense + 1;
        if (!all_senses && this_sense > 1) break;
        size_t before = l->count;
        st = sense_words(l, from, head, head_len, to, this_sense, s, len, MAX_SENSE_WORDS);
        if (numbered || l->count > before) {
            sense = this_sense;
            last_number = numbered ? number : 0;
            if (!all_senses) break;
        }
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
        /* Dutch and English have a dictionary each way, which checks the
         * other (contradicted); for Russian the first sense is enough */
        bool all_senses = files[f].to != HV_LANG_RU;
        st = add_entry(l, files[f].from, files[f].to, line, head_len, dict + off, len, all_senses);
    }
    free(index);
    free(dict);
    return st;
}

/* One concept per headword: "= dict-N", its language's line, then one line
 * per language it translates into.  l is in by_sense order, as
 * select_translations leaves it: a word given twice is given twice in a
 * row.  Appends check their error once, at the end (text_buffer.h). */
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

/* Headword order, and within a headword and language the senses in order,
 * each sense's words as they were read. */
static int by_sense(const void *a, const void *b)
{
    const translation *x = a, *y = b;
    if (x->from != y->from) return x->from < y->from ? -1 : 1;
    int c = strcmp(x->head, y->head);
    if (c) return c;
    if (x->to != y->to) return x->to < y->to ? -1 : 1;
    if (x->sense != y->sense) return x->sense < y->sense ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The first translation of headword head in language from (l sorted by
 * by_sense); l->count when there is none. */
static size_t first_of_head(const translation_list *l, hv_lang from, const char *head)
{
    size_t lo = 0, hi = l->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const translation *m = &l->items[mid];
        int c = m->from != from ? (m->from < from ? -1 : 1) : strcmp(m->head, head);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < l->count && (l->items[lo].from != from || strcmp(l->items[lo].head, head)))
        return l->count;
    return lo;
}

static bool same_stem(hv_stemmer *stemmer, hv_lang lang, const char *a, const char *b)
{
    if (!strcmp(a, b)) return true;
    const char *stem;
    size_t n;
    char first[HV_MAX_WORD_BYTES + 1];
    if (hv_stemmer_stem(stemmer, lang, a, strlen(a), &stem, &n) != HV_OK || n > HV_MAX_WORD_BYTES)
        return false;
    memcpy(first, stem, n);
    first[n] = '\0';
    return hv_stemmer_stem(stemmer, lang, b, strlen(b), &stem, &n) == HV_OK && n == strlen(first) &&
           !memcmp(stem, first, n);
}

/* A Dutch-English translation is contradicted when the dictionary of the
 * other direction has an entry for the translation and no sense of it
 * gives back a word of the headword's stem.  FreeDict's first senses are
 * often a narrow or dated meaning (familie: "house"); the check drops
 * those.  Russian has no dictionary back, and nothing contradicts it. */
static bool contradicted(const translation *t, const translation_list *l, hv_stemmer *stemmer)
{
    if (t->to == HV_LANG_RU || t->from == HV_LANG_RU) return false;
    bool entry_back = false; /* without one, nothing says otherwise */
    for (size_t i = first_of_head(l, t->to, t->word);
         i < l->count && l->items[i].from == t->to && !strcmp(l->items[i].head, t->word); i++) {
        const translation *back = &l->items[i];
        if (back->to != t->from) continue; /* the same word in another dictionary */
        entry_back = true;
        if (same_stem(stemmer, t->from, back->word, t->head)) return false;
    }
    return entry_back;
}

static void free_translations(translation_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].head);
        free(l->items[i].word);
    }
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

/* For each headword and language, the first words (MAX_TRANSLATIONS) of
 * the first sense that has any the other direction does not contradict:
 * the commonest meaning that the two dictionaries agree on. */
static hv_status select_translations(translation_list *l)
{
    if (!l->count) return HV_OK;
    hv_stemmer *stemmer;
    hv_status st = hv_stemmer_new(&stemmer);
    if (st != HV_OK) return st;
    bool *out = calloc(l->count, sizeof *out);
    if (!out) {
        hv_stemmer_free(stemmer);
        return HV_ERR_NOMEM;
    }
    qsort(l->items, l->count, sizeof *l->items, by_sense);
    for (size_t i = 0; i < l->count; i++)
        out[i] = contradicted(&l->items[i], l, stemmer);
    hv_stemmer_free(stemmer);
    size_t kept = 0;
    for (size_t i = 0; i < l->count;) {
        const translation *g = &l->items[i];
        size_t j = i;
        while (j < l->count && l->items[j].from == g->from && l->items[j].to == g->to &&
               !strcmp(l->items[j].head, g->head))
            j++;
        size_t k = i;
        while (k < j && out[k])
            k++;
        unsigned sense = k < j ? l->items[k].sense : 0;
        size_t taken = 0;
        for (size_t m = i; m < j; m++) {
            if (!out[m] && l->items[m].sense == sense && taken < MAX_TRANSLATIONS) {
                l->items[kept++] = l->items[m];
                taken++;
            } else {
                free(l->items[m].head);
                free(l->items[m].word);
            }
        }
        i = j;
    }
    l->count = kept;
    free(out);
    return HV_OK;
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
    if (st == HV_OK) st = select_translations(&l);
    hv_text_buffer out = {0};
    if (st == HV_OK && l.count) st = write_concepts(&l, &out, concepts);
    free_translations(&l);
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
