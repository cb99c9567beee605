#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/analysis.h"
#include "../lib/compound.h"
#include "../lib/dictionary.h"
#include "../lib/index.h"
#include "../lib/phrase_check.h"
#include "../lib/query.h"
#include "../lib/thesaurus.h"
#include "../lib/tokenizer.h"
#include "../lib/stopwords.h"
#include "../lib/utf8.h"
#include "record_memo.h"
#include "title_cache.h"

struct hv_searcher {
    hv_index_reader *reader;
    hv_analyzer *analyzer;
    hv_thesaurus *thesaurus; /* NULL when the index has none */
    hv_token_list tokens;
    double refreshed_ms; /* when the reader last looked for a new revision */
    /* what passage records are packed against (len 0: none; bytes owned
     * here), as of the index revision it was read at: a rebuild makes a new
     * one */
    hv_record_dictionary dict;
    unsigned long dict_revision;
    bool dict_loaded;
    hv_record_decoder *decoder; /* reused for every record read */
    hv_record_memo kept;        /* records the phrase check kept, for the hits */
    hv_title_cache titles;      /* of the files whose records were read, this revision */
    /* this search's words the index does not know, and the corrections
     * searched beside them */
    struct spelling_fix {
        char *word; /* folded */
        char *fix;
    } * fixes;
    size_t n_fixes;
};

/* Under load, looking for a new index revision on every request costs more
 * than the search; a commit is seen within this many milliseconds. */
#define REFRESH_INTERVAL_MS 10.0

bool hv_features_parse(const char *list, unsigned *features)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"thesaurus", HV_FEATURE_THESAURUS},    {"proximity", HV_FEATURE_PROXIMITY},
                 {"spelling", HV_FEATURE_SPELLING},      {"compounds", HV_FEATURE_COMPOUNDS},
                 {"coverage", HV_FEATURE_COVERAGE},      {"dictionary", HV_FEATURE_DICTIONARY},
                 {"answer-kind", HV_FEATURE_ANSWER_KIND}};
    *features = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        bool known = false;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i].name) == n && strncmp(p, names[i].name, n) == 0) {
                *features |= names[i].bit;
                known = true;
            }
        if (!known && n) return false;
        p += n;
        if (*p == ',') p++;
    }
    return true;
}

/* The thesaurus travels inside the index, so every reader of an index
 * expands queries the same way. */
static hv_status load_thesaurus(hv_searcher *s, char **errmsg)
{
    char *text;
    size_t len;
    hv_status st = hv_index_reader_get_metadata(s->reader, HV_META_THESAURUS, &text, &len);
    if (st != HV_OK || len == 0) {
        free(text);
        return st;
    }
    st = hv_thesaurus_parse(s->analyzer, text, len, &s->thesaurus, errmsg);
    free(text);
    return st;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static hv_status load_record_dictionary(hv_searcher *s)
{
    hv_index_stats stats;
    hv_status st = hv_index_reader_stats(s->reader, &stats);
    if (st != HV_OK || (s->dict_loaded && stats.revision == s->dict_revision)) return st;
    char *dict;
    size_t len;
    st = hv_index_reader_get_metadata(s->reader, HV_META_RECORD_DICTIONARY, &dict, &len);
    if (st != HV_OK) return st;
    free((char *)s->dict.bytes);
    hv_title_cache_clear(&s->titles); /* a file may have changed with the revision */
    if (!len) {
        free(dict);
        dict = NULL;
    }
    hv_record_dictionary_init(&s->dict, dict, len);
    s->dict_revision = stats.revision;
    s->dict_loaded = true;
    return HV_OK;
}

static hv_status refresh(hv_searcher *s)
{
    double now = now_ms();
    if (now - s->refreshed_ms < REFRESH_INTERVAL_MS) return HV_OK;
    hv_status st = hv_index_reader_refresh(s->reader);
    if (st == HV_OK) st = load_record_dictionary(s);
    if (st == HV_OK) s->refreshed_ms = now;
    return st;
}

/* A record without a title takes its file's (index.h); records of indexes
 * built before titles were kept per file hold their own. */
static hv_status add_file_title(hv_searcher *s, hv_passage_record *rec)
{
    if (*rec->title) return HV_OK;
    const char *title = hv_title_cache_get(&s->titles, rec->doc);
    char *read = NULL;
    if (!title) {
        hv_status st = hv_index_reader_file_title(s->reader, rec->doc, &read);
        if (st == HV_OK) st = hv_title_cache_put(&s->titles, rec->doc, read);
        if (st != HV_OK) {
            free(read);
            return st;
        }
        title = read;
    }
    if (!*title) {
        free(read);
        return HV_OK;
    }
    char *copy = strdup(title);
    free(read);
    if (!copy) return HV_ERR_NOMEM;
    free(rec->title);
    rec->title = copy;
    return HV_OK;
}

/* A record the dictionary in hand does not fit may come from an index
 * rebuilt under this searcher: the dictionary is read again, once. */
static hv_status decode_record(hv_searcher *s, const char *data, size_t len, hv_passage_record *rec)
{
    const hv_record_dictionary *dict = s->dict.len ? &s->dict : NULL;
    hv_status st = hv_record_decoder_decode(s->decoder, dict, data, len, rec);
    if (st == HV_ERR_CORRUPT) {
        s->dict_loaded = false;
        st = load_record_dictionary(s);
        if (st != HV_OK) return st;
        st = hv_record_decoder_decode(s->decoder, s->dict.len ? &s->dict : NULL, data, len, rec);
    }
    if (st == HV_OK) st = add_file_title(s, rec);
    if (st != HV_OK) hv_passage_record_free(rec);
    return st;
}

hv_status hv_searcher_open(const char *db_dir, hv_searcher **out, char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    hv_searcher *s = calloc(1, sizeof *s);
    if (!s) return HV_ERR_NOMEM;
    hv_token_list_init(&s->tokens);
    char *fingerprint = NULL;
    hv_status st = hv_analyzer_new(&s->analyzer);
    if (st == HV_OK) st = hv_record_decoder_new(&s->decoder);
    if (st == HV_OK) st = hv_analysis_fingerprint(s->analyzer, &fingerprint);
    if (st == HV_OK) st = hv_index_reader_open(db_dir, fingerprint, &s->reader, errmsg);
    /* read now, once per process, the two lists side by side: the first
     * query should not pay for them (nor a searcher that cannot open) */
    hv_compounds_read_ahead compounds = {.started = false};
    if (st == HV_OK) hv_compounds_read_ahead_start(&compounds);
    if (st == HV_OK) st = load_thesaurus(s, errmsg);
    (void)hv_dictionary_default();
    hv_compounds_read_ahead_join(&compounds);
    if (st == HV_OK) st = load_record_dictionary(s);
    free(fingerprint);
    if (st != HV_OK) {
        hv_searcher_free(s);
        return st;
    }
    *out = s;
    return HV_OK;
}

static void forget_fixes(hv_searcher *s);

void hv_searcher_free(hv_searcher *s)
{
    if (!s) return;
    forget_fixes(s);
    hv_index_reader_free(s->reader);
    hv_thesaurus_free(s->thesaurus);
    free((char *)s->dict.bytes);
    hv_record_decoder_free(s->decoder);
    hv_record_memo_free(&s->kept);
    hv_title_cache_clear(&s->titles);
    hv_analyzer_free(s->analyzer);
    hv_token_list_free(&s->tokens);
    free(s);
}

const char *hv_searcher_error(const hv_searcher *s)
{
    return hv_index_reader_error(s->reader);
}

void hv_search_response_free(hv_search_response *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_hits; i++) {
        hv_search_hit *h = &r->hits[i];
        free(h->doc);
        free(h->title);
        free(h->section);
        free(h->snippet);
        free(h->text);
        for (size_t k = 0; k < h->n_matched; k++)
            free(h->matched[k].word);
        free(h->matched);
        free(h->also_in);
    }
    free(r->hits);
    free(r->query);
    free(r->error);
    free(r->corrected);
    free(r->explain);
    for (size_t i = 0; i < r->n_expansions; i++) {
        free(r->expansions[i].source);
        free(r->expansions[i].from);
        free(r->expansions[i].to);
    }
    free(r->expansions);
    memset(r, 0, sizeof *r);
}

static hv_status fail(hv_search_response *out, hv_status st, const char *message)
{
    free(out->error);
    out->error = strdup(message);
    return out->error ? st : HV_ERR_NOMEM;
}

/* ---- explain ---- */

/* How term stands for a word typed: "exact", "stem" (Z<stem>, or the bare
 * stem of a word that is its own stem, analysis.h), or NULL. */
static const char *typed_form(hv_searcher *s, const char *term)
{
    const char *form = NULL;
    for (size_t i = 0; i < s->tokens.count; i++) {
        const hv_token *t = &s->tokens.tokens[i];
        const char *x;
        size_t n;
        if (hv_exact_term(s->analyzer, t, &x, &n) == HV_OK && strcmp(x, term) == 0) return "exact";
        unsigned langs = hv_query_word_langs(t);
        for (int l = 0; l < HV_LANG_COUNT; l++)
            if ((langs & (1u << l)) && hv_stem_term(s->analyzer, (hv_lang)l, t, &x, &n) == HV_OK &&
                (strcmp(x, term) == 0 || strcmp(x + 1, term) == 0))
                form = "stem";
    }
    return form;
}

static bool is_compound_part_term(hv_searcher *s, const char *term)
{
    for (size_t i = 0; i < s->tokens.count; i++) {
        hv_compound_part parts[2];
        size_t n_parts = hv_compound_parts(s->analyzer, HV_LANG_NL, &s->tokens.tokens[i], parts);
        for (size_t k = 0; k < n_parts; k++) {
            const char *x;
            size_t n;
            if (strlen(term) == parts[k].len && memcmp(term, parts[k].word, parts[k].len) == 0)
                return true;
            if (hv_compound_part_term(s->analyzer, &parts[k], &x, &n) == HV_OK &&
                strcmp(x, term) == 0)
                return true;
        }
    }
    return false;
}

/* Whether term stands under a node of the tree that is a dictionary's
 * translations (spelling false) or a spelling correction (true). */
static bool added_by(const hv_query_node *node, const char *term, bool spelling, bool inside)
{
    inside =
        inside || (spelling ? node->corrected : node->kind == HV_QN_SYNONYM && node->translated);
    for (size_t i = 0; inside && i < node->n_terms; i++)
        if (strcmp(node->terms[i], term) == 0) return true;
    for (size_t i = 0; i < node->n_children; i++)
        if (added_by(node->children[i], term, spelling, inside)) return true;
    return false;
}

/* Where a matching term came from: a word typed, the parts of a compound
 * typed, a spelling correction, a dictionary translation, or else the
 * thesaurus.  s->tokens holds the query's tokens. */
static const char *term_origin(hv_searcher *s, const hv_parsed_query *q, const char *term)
{
    if (typed_form(s, term)) return "typed";
    if (is_compound_part_term(s, term)) return "compound";
    if (q->root && added_by(q->root, term, true, false)) return "spelling";
    return q->root && added_by(q->root, term, false, false) ? "dictionary" : "thesaurus";
}

static hv_status explain_hit(hv_searcher *s, const hv_parsed_query *q, const char *query,
                             size_t len, const hv_hit *hit, hv_search_hit *out)
{
    if (!hit->n_matched) return HV_OK;
    hv_token_list_clear(&s->tokens);
    hv_status st = hv_tokenize(query, len, &s->tokens);
    if (st != HV_OK) return st;
    out->matched = calloc(hit->n_matched + 1, sizeof *out->matched);
    if (!out->matched) return HV_ERR_NOMEM;
    for (size_t i = 0; i < hit->n_matched; i++) {
        const char *term = hit->matched[i];
        hv_search_match *m = &out->matched[out->n_matched];
        bool prefixed = term[0] == HV_PREFIX_STEM || term[0] == HV_PREFIX_URL;
        const char *typed = prefixed ? NULL : typed_form(s, term);
        m->form = term[0] == HV_PREFIX_STEM  ? "stem"
                  : term[0] == HV_PREFIX_URL ? "web address"
                  : typed                    ? typed
                                             : "exact";
        m->via = term_origin(s, q, term);
        m->word = strdup(term + (prefixed ? 1 : 0));
        if (!m->word) return HV_ERR_NOMEM;
        out->n_matched++;
    }
    if (hit->answer) {
        /* not a word of the query: the kind of answer it asks for */
        bool stem = hit->answer[0] == HV_PREFIX_STEM;
        hv_search_match *m = &out->matched[out->n_matched];
        m->form = stem ? "stem" : "exact";
        m->via = "answer kind";
        m->word = strdup(hit->answer + (stem ? 1 : 0));
        if (!m->word) return HV_ERR_NOMEM;
        out->n_matched++;
    }
    return HV_OK;
}

static hv_status copy_expansions(const hv_parsed_query *q, hv_search_response *out)
{
    if (!q->n_expansions) return HV_OK;
    out->expansions = calloc(q->n_expansions, sizeof *out->expansions);
    if (!out->expansions) return HV_ERR_NOMEM;
    for (size_t i = 0; i < q->n_expansions; i++) {
        hv_query_expansion *e = &out->expansions[out->n_expansions++];
        e->source = strdup(q->expansions[i].source);
        e->from = strdup(q->expansions[i].from);
        e->to = strdup(q->expansions[i].to);
        if (!e->source || !e->from || !e->to) return HV_ERR_NOMEM;
    }
    return HV_OK;
}

/* ---- spelling ---- */

/* Whether the index holds the word typed in any form: exactly, by a stem,
 * or by the parts of a compound. */
static hv_status word_known(hv_searcher *s, const hv_thesaurus *dictionary, const hv_token *t,
                            bool *known)
{
    unsigned long freq;
    *known = true;
    hv_status st = hv_index_reader_term_freq(s->reader, t->folded, &freq);
    if (st != HV_OK || freq) return st;
    unsigned langs = hv_query_word_langs(t);
    for (int l = 0; l < HV_LANG_COUNT; l++) {
        const char *stem;
        size_t n;
        if (!(langs & (1u << l)) || hv_stem_term(s->analyzer, (hv_lang)l, t, &stem, &n) != HV_OK)
            continue;
        st = hv_index_reader_term_freq(s->reader, stem, &freq);
        if (st != HV_OK || freq) return st;
        /* a word that is its own stem is indexed bare (analysis.h) */
        st = hv_index_reader_term_freq(s->reader, stem + 1, &freq);
        if (st != HV_OK || freq) return st;
    }
    hv_compound_part parts[2];
    if (hv_compound_parts(s->analyzer, HV_LANG_NL, t, parts) == 2) return HV_OK;
    /* a word of the thesaurus or the dictionaries is a word, even where no
     * passage says it: "залог" finds the Dutch "huurwaarborg", and is no
     * misspelt "закон" */
    if (s->thesaurus || dictionary) {
        hv_thesaurus_word w;
        size_t concept, term;
        st = hv_thesaurus_word_keys(s->analyzer, t->folded, t->folded_len, &w);
        if (st != HV_OK || hv_thesaurus_match(s->thesaurus, &w, 1, &concept, &term) ||
            hv_thesaurus_match(dictionary, &w, 1, &concept, &term))
            return st;
    }
    *known = false;
    return HV_OK;
}

static bool worth_correcting(const hv_token *t, const char *query, size_t len)
{
    char after = t->end < len ? query[t->end] : ' ';
    return (t->script == HV_SCRIPT_LATIN || t->script == HV_SCRIPT_CYRILLIC) && !t->in_url &&
           after != '*' && after != ':' &&
           !hv_is_stopword(HV_LANG_UNKNOWN, t->folded, t->folded_len) &&
           hv_utf8_length(t->folded, t->folded_len) >= 4;
}

/* Whether a correction is searched beside the word typed, not only
 * offered: a word of five characters or more, and at most one edit away
 * (two from eight characters on) from the word found or from the stem it
 * was found by: "reisdocumnt" is one edit from the stem of
 * "reisdocumenten", three from the word.  The index lacks real words too, and
 * their nearest neighbours are other words: "денег" (money) is two edits
 * from "детей" (children), "came" one from "case".  Searching those beside
 * every query took nDCG@10 of holdout2 from 0.709 to 0.704; a correction
 * the query finds too little without still runs in its place
 * (try_correction). */
static bool close_enough(const hv_token *t, unsigned edits)
{
    size_t chars = hv_utf8_length(t->folded, t->folded_len);
    return chars >= 5 && edits <= (chars >= 8 ? 2u : 1u);
}

/* The query with every word the index does not know replaced by the
 * nearest word it does know; *corrected stays NULL when nothing changed.
 * The corrections close enough to search beside their words go to
 * s->fixes. */
static hv_status spelling_correction(hv_searcher *s, const hv_thesaurus *dictionary,
                                     const char *query, size_t len, char **corrected)
{
    *corrected = NULL;
    hv_token_list_clear(&s->tokens);
    hv_status st = hv_tokenize(query, len, &s->tokens);
    size_t n = s->tokens.count;
    if (st != HV_OK || n == 0) return st;
    char **replacement = calloc(n, sizeof *replacement);
    unsigned *edits = calloc(n, sizeof *edits);
    if (!replacement || !edits) {
        free(replacement);
        free(edits);
        return HV_ERR_NOMEM;
    }
    bool changed = false;
    for (size_t i = 0; i < n && st == HV_OK; i++) {
        const hv_token *t = &s->tokens.tokens[i];
        if (!worth_correcting(t, query, len)) continue;
        bool known;
        st = word_known(s, dictionary, t, &known);
        if (st == HV_OK && !known)
            st = hv_index_reader_nearest_word(s->reader, t->folded, t->folded_len, &replacement[i],
                                              &edits[i]);
        changed = changed || replacement[i];
    }
    s->fixes = st == HV_OK && changed ? calloc(n, sizeof *s->fixes) : NULL;
    if (st == HV_OK && changed && !s->fixes) st = HV_ERR_NOMEM;
    for (size_t i = 0; i < n && s->fixes && st == HV_OK; i++) {
        const hv_token *t = &s->tokens.tokens[i];
        if (!replacement[i] || !close_enough(t, edits[i])) continue;
        struct spelling_fix *f = &s->fixes[s->n_fixes++];
        f->word = strndup(t->folded, t->folded_len);
        f->fix = strdup(replacement[i]);
        if (!f->word || !f->fix) st = HV_ERR_NOMEM;
    }
    size_t total = len + 1;
    for (size_t i = 0; i < n; i++)
        if (replacement[i]) total += strlen(replacement[i]);
    char *text = st == HV_OK && changed ? malloc(total) : NULL;
    if (st == HV_OK && changed && !text) st = HV_ERR_NOMEM;
    if (text) {
        char *w = text;
        size_t last = 0;
        for (size_t i = 0; i < n; i++) {
            if (!replacement[i]) continue;
            const hv_token *t = &s->tokens.tokens[i];
            memcpy(w, query + last, t->start - last);
            w += t->start - last;
            size_t r = strlen(replacement[i]);
            memcpy(w, replacement[i], r);
            w += r;
            last = t->end;
        }
        memcpy(w, query + last, len - last);
        w[len - last] = '\0';
        *corrected = text;
    }
    for (size_t i = 0; i < n; i++)
        free(replacement[i]);
    free(replacement);
    free(edits);
    return st;
}

/* ---- searching ---- */

/* "en,ru,nl" less the hit's own language; NULL when nothing is left. */
static hv_status other_languages(const char *langs, hv_lang own, char **out)
{
    *out = NULL;
    char *list = calloc(1, strlen(langs) + 1);
    if (!list) return HV_ERR_NOMEM;
    const char *p = langs;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (!(n == strlen(hv_lang_code(own)) && strncmp(p, hv_lang_code(own), n) == 0)) {
            if (*list) strcat(list, ",");
            strncat(list, p, n);
        }
        p += n + (p[n] == ',');
    }
    if (*list)
        *out = list;
    else
        free(list);
    return HV_OK;
}

static hv_status fill_hit(hv_searcher *s, const hv_search_request *req, const hv_parsed_query *q,
                          const char *query, size_t query_len, const hv_hit *hit,
                          hv_search_hit *out)
{
    hv_passage_record rec;
    hv_status st = HV_OK;
    if (!hv_record_memo_take(&s->kept, hit->data, hit->data_len, &rec))
        st = decode_record(s, hit->data, hit->data_len, &rec);
    if (st != HV_OK) return st;
    out->doc = rec.doc;
    out->title = rec.title;
    out->section = rec.section;
    out->text = rec.text;
    out->lang = rec.lang;
    out->number = rec.number;
    out->score = hit->score;
    out->coverage = hit->coverage;
    if (hit->group_langs) {
        st = other_languages(hit->group_langs, rec.lang, &out->also_in);
        if (st != HV_OK) return st;
    }
    st = hv_snippet_make(s->analyzer, rec.text, strlen(rec.text), rec.lang, q, req->style,
                         &out->snippet);
    if (st == HV_OK && req->explain) st = explain_hit(s, q, query, query_len, hit, out);
    return st;
}

typedef struct {
    hv_searcher *searcher;
    hv_phrase_check *check;
} phrase_filter;

/* The index finds a phrase's words; the passage's text says whether they
 * stand together (phrase_check.h). */
static hv_status keep_if_phrases_hold(void *userdata, const char *data, size_t len, bool *keep)
{
    phrase_filter *f = userdata;
    hv_passage_record rec;
    hv_status st = decode_record(f->searcher, data, len, &rec);
    if (st != HV_OK) return st;
    st = hv_phrase_check_passage(f->check, f->searcher->analyzer, &rec, keep);
    /* a kept passage is likely a hit: its record is not decoded again */
    if (st != HV_OK || !*keep || hv_record_memo_put(&f->searcher->kept, data, len, &rec) != HV_OK)
        hv_passage_record_free(&rec);
    return st;
}

static void forget_fixes(hv_searcher *s)
{
    for (size_t i = 0; i < s->n_fixes; i++) {
        free(s->fixes[i].word);
        free(s->fixes[i].fix);
    }
    free(s->fixes);
    s->fixes = NULL;
    s->n_fixes = 0;
}

/* hv_query_options.correction: the fix spelling_correction found close. */
static const char *fix_for(void *userdata, const char *folded, size_t len)
{
    hv_searcher *s = userdata;
    for (size_t i = 0; i < s->n_fixes; i++) {
        const struct spelling_fix *f = &s->fixes[i];
        if (strlen(f->word) == len && memcmp(f->word, folded, len) == 0) return f->fix;
    }
    return NULL;
}

/* Parses and ranks one query text. */
static hv_status rank(hv_searcher *s, const hv_search_request *req, const char *text, size_t len,
                      hv_parsed_query **q, hv_hit_list *hits)
{
    hv_query_options qopt = {
        .thesaurus = req->disabled & HV_FEATURE_THESAURUS ? NULL : s->thesaurus,
        .dictionary = req->disabled & HV_FEATURE_DICTIONARY ? NULL : hv_dictionary_default(),
        .no_proximity = req->disabled & HV_FEATURE_PROXIMITY,
        .no_compounds = req->disabled & HV_FEATURE_COMPOUNDS,
        .no_coverage = req->disabled & HV_FEATURE_COVERAGE,
        .no_answer_kind = req->disabled & HV_FEATURE_ANSWER_KIND,
        .correction = fix_for,
        .userdata = s,
    };
    memset(hits, 0, sizeof *hits);
    *q = NULL;
    hv_status st = hv_query_parse_with(s->analyzer, &qopt, text, len, q);
    if (st != HV_OK || !(*q)->root) return st;
    unsigned limit = req->limit > HV_SEARCH_MAX_LIMIT ? HV_SEARCH_MAX_LIMIT : req->limit;
    phrase_filter pf = {.searcher = s};
    st = hv_phrase_check_new(*q, &pf.check);
    if (st != HV_OK) return st;
    hv_passage_filter filter = {
        .accept = keep_if_phrases_hold, .userdata = &pf, .max_reads = HV_PHRASE_READ_BUDGET};
    st = hv_index_reader_search(s->reader, *q, req->lang, req->offset, limit, req->explain,
                                pf.check ? &filter : NULL, hits);
    hv_phrase_check_free(pf.check);
    return st;
}

/* When the query as typed finds little, its spelling correction runs
 * instead (if that finds more). */
static hv_status try_correction(hv_searcher *s, const hv_search_request *req,
                                hv_search_response *out, hv_parsed_query **q, hv_hit_list *hits)
{
    if (!out->corrected || hits->total >= HV_SPELLING_MIN_HITS) return HV_OK;
    hv_parsed_query *q2 = NULL;
    hv_hit_list hits2;
    hv_status st = rank(s, req, out->corrected, strlen(out->corrected), &q2, &hits2);
    if (st == HV_OK && q2->root && hits2.total > hits->total) {
        hv_parsed_query_free(*q);
        hv_hit_list_free(hits);
        *q = q2;
        *hits = hits2;
        out->corrected_applied = true;
        return HV_OK;
    }
    hv_parsed_query_free(q2);
    hv_hit_list_free(&hits2);
    return st;
}

hv_status hv_searcher_search(hv_searcher *s, const hv_search_request *req, hv_search_response *out)
{
    memset(out, 0, sizeof *out);
    double start = now_ms();
    hv_record_memo_clear(&s->kept); /* what the last query kept */
    size_t len = req->query_len;
    if (len > HV_QUERY_MAX_BYTES) {
        len = HV_QUERY_MAX_BYTES;
        out->truncated = true;
    }
    size_t clean_len;
    hv_status st = hv_utf8_sanitize(req->query, len, &out->query, &clean_len);
    if (st != HV_OK) return fail(out, st, "out of memory");

    hv_parsed_query *q = NULL;
    hv_hit_list hits = {0};
    forget_fixes(s);
    st = refresh(s);
    if (st == HV_OK && !(req->disabled & HV_FEATURE_SPELLING))
        st = spelling_correction(
            s, req->disabled & HV_FEATURE_DICTIONARY ? NULL : hv_dictionary_default(), out->query,
            clean_len, &out->corrected);
    if (st == HV_OK) st = rank(s, req, req->query, req->query_len, &q, &hits);
    if (st == HV_OK && !q->root) {
        bool blank = true;
        for (size_t i = 0; i < clean_len && blank; i++)
            blank = strchr(" \t\r\n", out->query[i]) != NULL;
        out->truncated = out->truncated || q->truncated;
        hv_parsed_query_free(q);
        out->took_ms = now_ms() - start;
        return fail(out, HV_OK, blank ? "empty query" : "nothing to search for in this query");
    }
    if (st == HV_OK) st = try_correction(s, req, out, &q, &hits);
    if (st != HV_OK) {
        hv_parsed_query_free(q);
        hv_hit_list_free(&hits);
        out->took_ms = now_ms() - start;
        return fail(out, st,
                    st == HV_ERR_NOMEM ? hv_status_to_string(st)
                                       : hv_index_reader_error(s->reader));
    }
    out->truncated = out->truncated || q->truncated;
    out->total = hits.total;
    out->incomplete = hits.incomplete;
    const char *ran = out->corrected_applied ? out->corrected : out->query;
    if (hits.count) {
        out->hits = calloc(hits.count, sizeof *out->hits);
        if (!out->hits) st = HV_ERR_NOMEM;
    }
    for (size_t i = 0; i < hits.count && st == HV_OK; i++) {
        st = fill_hit(s, req, q, ran, strlen(ran), &hits.hits[i], &out->hits[out->n_hits]);
        out->n_hits++; /* even half-filled: freed with the response */
        out->hits[out->n_hits - 1].rank = req->offset + out->n_hits;
    }
    if (st == HV_OK && req->explain) {
        st = copy_expansions(q, out);
        if (st == HV_OK) st = hv_query_describe(q, &out->explain);
    }
    hv_hit_list_free(&hits);
    hv_parsed_query_free(q);
    out->took_ms = now_ms() - start;
    if (st != HV_OK) return fail(out, st, hv_status_to_string(st));
    return HV_OK;
}

void hv_passage_records_free(hv_passage_record *records, size_t n)
{
    for (size_t i = 0; i < n; i++)
        hv_passage_record_free(&records[i]);
    free(records);
}

hv_status hv_searcher_passages(hv_searcher *s, const char *doc, unsigned n, unsigned radius,
                               hv_passage_record **records, size_t *n_records)
{
    *records = NULL;
    *n_records = 0;
    unsigned first = n > radius ? n - radius : 0;
    size_t cap = (size_t)(n - first) + radius + 1;
    hv_passage_record *recs = calloc(cap, sizeof *recs);
    if (!recs) return HV_ERR_NOMEM;
    hv_status st = refresh(s);
    size_t count = 0;
    for (unsigned i = first; st == HV_OK && i <= n + radius && i >= first; i++) {
        char *data;
        size_t data_len;
        st = hv_index_reader_passage(s->reader, doc, i, &data, &data_len);
        if (st == HV_ERR_NOT_FOUND && i != n) {
            st = HV_OK;
            continue;
        }
        if (st != HV_OK) break;
        st = decode_record(s, data, data_len, &recs[count]);
        free(data);
        if (st == HV_OK) count++;
    }
    if (st != HV_OK) {
        hv_passage_records_free(recs, count);
        return st;
    }
    *records = recs;
    *n_records = count;
    return HV_OK;
}

hv_status hv_searcher_suggest(hv_searcher *s, const char *text, size_t len, size_t max,
                              char ***words, size_t *n_words)
{
    *words = NULL;
    *n_words = 0;
    if (len > HV_QUERY_MAX_BYTES) len = HV_QUERY_MAX_BYTES;
    char *clean;
    size_t clean_len;
    hv_status st = hv_utf8_sanitize(text, len, &clean, &clean_len);
    if (st != HV_OK) return st;
    hv_token_list_clear(&s->tokens);
    st = hv_tokenize(clean, clean_len, &s->tokens);
    /* Only a word still being typed is completed, not one followed by a space. */
    if (st == HV_OK && s->tokens.count && s->tokens.tokens[s->tokens.count - 1].end == clean_len) {
        const hv_token *last = &s->tokens.tokens[s->tokens.count - 1];
        st = refresh(s);
        if (st == HV_OK)
            st = hv_index_reader_complete(s->reader, last->folded, max, words, n_words);
    }
    free(clean);
    return st;
}

hv_status hv_searcher_stats(hv_searcher *s, unsigned long *revision, unsigned long *passages)
{
    hv_index_stats stats;
    /* The daemon's health check should see the index as it is now. */
    hv_status st = refresh(s);
    if (st == HV_OK) st = hv_index_reader_stats(s->reader, &stats);
    if (st != HV_OK) return st;
    *revision = stats.revision;
    *passages = stats.passages;
    return HV_OK;
}
