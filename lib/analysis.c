#include "analysis.h"

#include "compound.h"
#include "hash.h"
#include "stopwords.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stemmer.h"

#ifndef HV_STEMMER_VERSION
#define HV_STEMMER_VERSION "unknown"
#endif

struct hv_analyzer {
    hv_stemmer *stemmer;
    const hv_compounds *compounds;        /* shared, read-only; NULL: no splitting */
    bool default_compounds;               /* the process-wide list, loaded when first needed */
    hv_token_list tokens;                 /* scratch for hv_analyze_text */
    hv_token_list caller_tokens;          /* hv_analyzer_scratch_tokens */
    char term[HV_MAX_WORD_BYTES * 4 + 2]; /* "Z" + stem, for hv_stem_term */
};

/* ---- term list ---- */

void hv_term_list_init(hv_term_list *list)
{
    memset(list, 0, sizeof *list);
}

void hv_term_list_clear(hv_term_list *list)
{
    list->count = 0;
    hv_arena_clear(&list->arena);
}

void hv_term_list_free(hv_term_list *list)
{
    free(list->terms);
    hv_arena_free(&list->arena);
    memset(list, 0, sizeof *list);
}

/* Appends prefix (0 for none) followed by s[0..len). */
static hv_status add_term(hv_term_list *list, char prefix, const char *s, size_t len, unsigned pos,
                          unsigned wdf)
{
    size_t total = len + (prefix ? 1 : 0);
    char *dst = hv_arena_reserve(&list->arena, total + 1);
    if (!dst) return HV_ERR_NOMEM;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 256;
        hv_term *terms = realloc(list->terms, cap * sizeof *terms);
        if (!terms) return HV_ERR_NOMEM;
        list->terms = terms;
        list->cap = cap;
    }
    if (prefix) dst[0] = prefix;
    memcpy(dst + (prefix ? 1 : 0), s, len);
    dst[total] = '\0';
    hv_arena_commit(&list->arena, total + 1);
    list->terms[list->count++] = (hv_term){.term = dst, .len = total, .pos = pos, .wdf = wdf};
    return HV_OK;
}

hv_status hv_term_list_add(hv_term_list *list, const char *term, size_t len, unsigned pos,
                           unsigned wdf)
{
    if (!list || (!term && len)) return HV_ERR_INVALID_ARGUMENT;
    return add_term(list, 0, term ? term : "", len, pos, wdf);
}

/* ---- analyzer ---- */

hv_status hv_analyzer_new(hv_analyzer **out)
{
    if (!out) return HV_ERR_INVALID_ARGUMENT;
    *out = NULL;
    hv_analyzer *a = calloc(1, sizeof *a);
    if (!a) return HV_ERR_NOMEM;
    hv_status st = hv_stemmer_new(&a->stemmer);
    if (st != HV_OK) {
        free(a);
        return st;
    }
    hv_token_list_init(&a->tokens);
    hv_token_list_init(&a->caller_tokens);
    /* Reading the word list takes longer than a whole query: a one-shot
     * lookup of short words should not pay for it. */
    a->default_compounds = true;
    *out = a;
    return HV_OK;
}

void hv_analyzer_set_compounds(hv_analyzer *analyzer, const hv_compounds *compounds)
{
    analyzer->compounds = compounds;
    analyzer->default_compounds = false;
}

size_t hv_compound_parts(hv_analyzer *analyzer, hv_lang lang, const hv_token *token,
                         hv_compound_part parts[2])
{
    if (lang != HV_LANG_NL || token->script != HV_SCRIPT_LATIN || token->in_url ||
        token->folded_len < HV_COMPOUND_MIN_LENGTH)
        return 0;
    if (analyzer->default_compounds && !analyzer->compounds)
        analyzer->compounds = hv_compounds_default();
    if (!analyzer->compounds) return 0;
    size_t mod, head;
    if (!hv_compound_split(analyzer->compounds, token->folded, token->folded_len, &mod, &head))
        return 0;
    parts[0] = (hv_compound_part){.word = token->folded, .len = mod};
    parts[1] = (hv_compound_part){.word = token->folded + head, .len = token->folded_len - head};
    return 2;
}

hv_status hv_compound_part_term(hv_analyzer *analyzer, const hv_compound_part *part,
                                const char **term, size_t *len)
{
    const char *stem;
    size_t stem_len;
    hv_status st =
        hv_stemmer_stem(analyzer->stemmer, HV_LANG_NL, part->word, part->len, &stem, &stem_len);
    if (st != HV_OK) return st;
    if (stem_len + 2 > sizeof analyzer->term) return HV_ERR_NOT_FOUND;
    analyzer->term[0] = HV_PREFIX_STEM;
    memcpy(analyzer->term + 1, stem, stem_len);
    analyzer->term[stem_len + 1] = '\0';
    *term = analyzer->term;
    *len = stem_len + 1;
    return HV_OK;
}

void hv_analyzer_free(hv_analyzer *analyzer)
{
    if (!analyzer) return;
    hv_stemmer_free(analyzer->stemmer);
    hv_token_list_free(&analyzer->tokens);
    hv_token_list_free(&analyzer->caller_tokens);
    free(analyzer);
}

struct hv_stemmer *hv_analyzer_stemmer(hv_analyzer *analyzer)
{
    return analyzer ? analyzer->stemmer : NULL;
}

hv_token_list *hv_analyzer_scratch_tokens(hv_analyzer *analyzer)
{
    return &analyzer->caller_tokens;
}

/* The stemmer a token is stemmed with.  A Cyrillic word is Russian whatever
 * the passage language, and a Latin word in a Russian passage (a name, an
 * English term) is stemmed as English: these are the languages the query
 * side tries for such words (hv_query_word_langs), so both sides meet. */
static hv_lang stem_language(hv_lang lang, hv_script script)
{
    if (lang <= HV_LANG_UNKNOWN || lang >= HV_LANG_COUNT) return HV_LANG_UNKNOWN;
    if (script == HV_SCRIPT_CYRILLIC) return HV_LANG_RU;
    if (script == HV_SCRIPT_LATIN) return lang == HV_LANG_RU ? HV_LANG_EN : lang;
    return HV_LANG_UNKNOWN;
}

/* What analyze() emits: every term of the index, or the exact term of
 * every word with its position (what a phrase is checked against). */
typedef enum { ALL_TERMS, POSITIONED_TERMS } term_selection;

static hv_status analyze(hv_analyzer *analyzer, const char *text, size_t len, hv_lang lang,
                         unsigned weight, term_selection selection, unsigned *pos,
                         hv_term_list *out)
{
    if (!analyzer || !pos || !out || (!text && len)) return HV_ERR_INVALID_ARGUMENT;
    hv_token_list *tokens = &analyzer->tokens;
    hv_token_list_clear(tokens);
    hv_status st = hv_tokenize(text, len, tokens);
    if (st != HV_OK) return st;
    /* Roughly two terms per token: one block of that size rather than
     * several growing ones. */
    if (!hv_arena_reserve(&out->arena, len * 2 + 64)) return HV_ERR_NOMEM;
    unsigned p = *pos;
    for (size_t i = 0; i < tokens->count; i++) {
        const hv_token *t = &tokens->tokens[i];
        if (selection == POSITIONED_TERMS) {
            /* stopwords too: they hold places in a phrase, and telling
             * them apart would only cost time */
            st =
                add_term(out, t->in_url ? HV_PREFIX_URL : 0, t->folded, t->folded_len, p++, weight);
            if (st != HV_OK) break;
            continue;
        }
        hv_lang sl = stem_language(lang, t->script);
        bool stopword = sl != HV_LANG_UNKNOWN && hv_is_stopword(sl, t->folded, t->folded_len);
        /* A stopword is not indexed at all: queries leave it out, in a
         * phrase it only holds a place (phrase_check.h), and its posting
         * list would hold most passages.  It still counts at p. */
        if (stopword && !t->in_url) {
            p++;
            continue;
        }
        st = add_term(out, t->in_url ? HV_PREFIX_URL : 0, t->folded, t->folded_len, p, weight);
        if (st == HV_OK && t->in_url) {
            p++;
            continue;
        }
        if (st != HV_OK) break;
        if (sl != HV_LANG_UNKNOWN) {
            const char *stem;
            size_t stem_len;
            st = hv_stemmer_stem(analyzer->stemmer, sl, t->folded, t->folded_len, &stem, &stem_len);
            if (st != HV_OK) break;
            /* a word that is its own stem is indexed once: the query side
             * looks for a stem as Z<stem> and as the bare word */
            bool own_stem = stem_len == t->folded_len && memcmp(stem, t->folded, stem_len) == 0;
            if (!own_stem) st = add_term(out, HV_PREFIX_STEM, stem, stem_len, 0, weight);
            if (st != HV_OK) break;
        }
        /* The parts of a compound are words of the passage too, so that
         * "huur subsidie" finds "huursubsidie". */
        hv_compound_part parts[2];
        size_t n_parts = hv_compound_parts(analyzer, lang, t, parts);
        for (size_t k = 0; k < n_parts && st == HV_OK; k++) {
            const char *term;
            size_t term_len;
            st = hv_compound_part_term(analyzer, &parts[k], &term, &term_len);
            if (st == HV_OK) st = add_term(out, 0, term, term_len, 0, weight);
        }
        if (st != HV_OK) break;
        p++;
    }
    *pos = p;
    return st;
}

hv_status hv_analyze_text(hv_analyzer *analyzer, const char *text, size_t len, hv_lang lang,
                          unsigned weight, unsigned *pos, hv_term_list *out)
{
    return analyze(analyzer, text, len, lang, weight, ALL_TERMS, pos, out);
}

/* Section headings weigh more than body text when ranking; the document's
 * title, which names what every passage of it is about, counts once. */
#define HEADING_WEIGHT 2
#define TITLE_WEIGHT 1

static hv_status analyze_passage(hv_analyzer *analyzer, const hv_passage_fields *passage,
                                 term_selection selection, hv_term_list *out)
{
    if (!passage) return HV_ERR_INVALID_ARGUMENT;
    const char *section = passage->section ? passage->section : "";
    const char *title = passage->title ? passage->title : "";
    const char *text = passage->text ? passage->text : "";
    unsigned pos = 1;
    hv_status st = analyze(analyzer, section, strlen(section), passage->lang, HEADING_WEIGHT,
                           selection, &pos, out);
    pos += 1; /* a phrase must not run from the heading into the text */
    if (st == HV_OK && strcmp(title, section) != 0) {
        st = analyze(analyzer, title, strlen(title), passage->lang, TITLE_WEIGHT, selection, &pos,
                     out);
        pos += 1;
    }
    if (st == HV_OK)
        st = analyze(analyzer, text, strlen(text), passage->lang, 1, selection, &pos, out);
    return st;
}

hv_status hv_analyze_passage(hv_analyzer *analyzer, const hv_passage_fields *passage,
                             hv_term_list *out)
{
    return analyze_passage(analyzer, passage, ALL_TERMS, out);
}

hv_status hv_passage_positions(hv_analyzer *analyzer, const hv_passage_fields *passage,
                               hv_term_list *out)
{
    return analyze_passage(analyzer, passage, POSITIONED_TERMS, out);
}

hv_status hv_exact_term(hv_analyzer *analyzer, const hv_token *token, const char **term,
                        size_t *len)
{
    if (!analyzer || !token || !term || !len) return HV_ERR_INVALID_ARGUMENT;
    if (!token->in_url) {
        *term = token->folded;
        *len = token->folded_len;
        return HV_OK;
    }
    if (token->folded_len + 2 > sizeof analyzer->term) return HV_ERR_INVALID_ARGUMENT;
    analyzer->term[0] = HV_PREFIX_URL;
    memcpy(analyzer->term + 1, token->folded, token->folded_len);
    analyzer->term[token->folded_len + 1] = '\0';
    *term = analyzer->term;
    *len = token->folded_len + 1;
    return HV_OK;
}

hv_status hv_stem_term(hv_analyzer *analyzer, hv_lang lang, const hv_token *token,
                       const char **term, size_t *len)
{
    if (!analyzer || !token || !term || !len) return HV_ERR_INVALID_ARGUMENT;
    if (token->in_url) return HV_ERR_NOT_FOUND;
    hv_lang sl = stem_language(lang, token->script);
    if (sl == HV_LANG_UNKNOWN) return HV_ERR_NOT_FOUND;
    const char *stem;
    size_t stem_len;
    hv_status st =
        hv_stemmer_stem(analyzer->stemmer, sl, token->folded, token->folded_len, &stem, &stem_len);
    if (st != HV_OK) return st;
    if (stem_len + 2 > sizeof analyzer->term) return HV_ERR_NOT_FOUND; /* over-long word */
    analyzer->term[0] = HV_PREFIX_STEM;
    memcpy(analyzer->term + 1, stem, stem_len);
    analyzer->term[stem_len + 1] = '\0';
    *term = analyzer->term;
    *len = stem_len + 1;
    return HV_OK;
}

unsigned hv_query_word_langs(const hv_token *token)
{
    if (!token) return 0;
    switch (token->script) {
    case HV_SCRIPT_LATIN:
        return (1u << HV_LANG_NL) | (1u << HV_LANG_EN);
    case HV_SCRIPT_CYRILLIC:
        return 1u << HV_LANG_RU;
    default:
        return 0;
    }
}

/* ---- fingerprint ---- */

typedef struct {
    hv_lang lang;
    const char *words[24];
} probe_set;

/* Words whose stems tell Snowball versions and rule changes apart: plurals,
 * diminutives and derivations (the Dutch stemmer changed most between
 * versions), Russian case forms with й and ё. */
static const probe_set probes[] = {
    {HV_LANG_NL,
     {"opvangcentra",
      "kinderen",
      "huisjes",
      "mogelijkheden",
      "verblijfsvergunning",
      "aanvragen",
      "asielzoekers",
      "beslissingen",
      "gezinshereniging",
      "procedures",
      "ouders",
      "rechten",
      "vluchtelingen",
      "geweigerd",
      "documenten",
      "opgevangen",
      "leeftijd",
      "medische",
      "aanvraag",
      "belgie",
      "financiele",
      "gemeenten",
      NULL}},
    {HV_LANG_EN, {"seekers",    "seeking",   "applications",  "families",   "generously",
                  "relational", "countries", "reunification", "detention",  "appealed",
                  "hopping",    "happily",   "conditional",   "residence",  "authorities",
                  "children",   "rights",    "lawyers",       "interviews", "organisation",
                  NULL}},
    {HV_LANG_RU,
     {"бельгии",     "бельгия",      "беженцев",  "убежища",  "документы",   "детей",   "семьи",
      "разрешение",  "процедуры",    "заявление", "получить", "иностранцев", "жилья",   "помощь",
      "организации", "неправильный", "самый",     "своей",    "учреждений",  "решения", NULL}},
};

/* Strings whose tokenization and folding pin down the token rules. */
static const char *const tricky[] = {
    "OCMW-steun 26quater 1/4/2023 in 2022. 177,24 3.2 A1 NT2 2de",
    "België financiële Oekraïne STRAßE ÉÉN",
    "Ёлка ЙОД е\xcc\x88 и\xcc\x86 бе\xcc\x81льгия",
    "www.example.be 02 205 00 55 \xc2\xad soft\xc2\xadhyphen 漢字",
};

hv_status hv_analysis_fingerprint(hv_analyzer *analyzer, char **out)
{
    if (!analyzer || !out) return HV_ERR_INVALID_ARGUMENT;
    *out = NULL;
    uint64_t h = HV_HASH_SEED;
    for (size_t s = 0; s < sizeof probes / sizeof probes[0]; s++) {
        unsigned char lang = (unsigned char)probes[s].lang;
        for (const char *const *w = probes[s].words; *w; w++) {
            const char *stem;
            size_t stem_len;
            hv_status st = hv_stemmer_stem(analyzer->stemmer, probes[s].lang, *w, strlen(*w), &stem,
                                           &stem_len);
            if (st != HV_OK) return st;
            h = hv_hash_more(h, &lang, 1);
            h = hv_hash_more(h, stem, stem_len + 1);
        }
    }
    hv_token_list tokens = HV_TOKEN_LIST_INIT;
    for (size_t s = 0; s < sizeof tricky / sizeof tricky[0]; s++) {
        hv_token_list_clear(&tokens);
        hv_status st = hv_tokenize(tricky[s], strlen(tricky[s]), &tokens);
        if (st != HV_OK) {
            hv_token_list_free(&tokens);
            return st;
        }
        for (size_t i = 0; i < tokens.count; i++) {
            const hv_token *t = &tokens.tokens[i];
            unsigned char meta[3] = {(unsigned char)t->script, (unsigned char)t->hyphen_after,
                                     (unsigned char)(t->end - t->start)};
            h = hv_hash_more(h, t->folded, t->folded_len + 1);
            h = hv_hash_more(h, meta, sizeof meta);
        }
    }
    hv_token_list_free(&tokens);
    char compounds[128];
    if (analyzer->default_compounds)
        snprintf(compounds, sizeof compounds, "%s", hv_compounds_default_identity());
    else
        snprintf(compounds, sizeof compounds, "%zu", hv_compounds_size(analyzer->compounds));
    char buf[384];
    int n = snprintf(buf, sizeof buf, "haven-analysis-%d;libstemmer=%s;probe=%016llx;compounds=%s",
                     HV_ANALYSIS_VERSION, HV_STEMMER_VERSION, (unsigned long long)h, compounds);
    if (n < 0 || (size_t)n >= sizeof buf) return HV_ERR_INTERNAL;
    *out = strdup(buf);
    return *out ? HV_OK : HV_ERR_NOMEM;
}
