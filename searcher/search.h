/* A search, start to finish: parse, rank, unpack the hits, cut snippets.
 * Shared by the command line and the HTTP daemon.
 *
 * An hv_searcher holds an index reader and an analyzer: one per thread. */
#ifndef HV_SEARCH_H
#define HV_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/language.h"
#include "../lib/passage_record.h"
#include "../lib/query.h"
#include "../lib/snippet.h"
#include "../lib/status.h"

#define HV_SEARCH_MAX_LIMIT 100
#define HV_SNIPPET_CHARS 240

typedef struct hv_searcher hv_searcher;

/* Ranking features that can be switched off, to measure what each does. */
enum {
    HV_FEATURE_THESAURUS = 1u << 0,
    HV_FEATURE_PROXIMITY = 1u << 1,
    HV_FEATURE_SPELLING = 1u << 2,
    HV_FEATURE_COMPOUNDS = 1u << 3,   /* query side only; see README for the index side */
    HV_FEATURE_COVERAGE = 1u << 4,    /* reordering by how much of the query a passage answers */
    HV_FEATURE_DICTIONARY = 1u << 5,  /* everyday words translated (dictionary.h) */
    HV_FEATURE_ANSWER_KIND = 1u << 6, /* the kind of answer a question asks for (answer_kind.h) */
};

/* When the query as typed finds fewer passages than this, a spelling
 * correction found for it runs instead. */
#define HV_SPELLING_MIN_HITS 3

/* A query whose phrases decide its hits reads at most this many passages,
 * best-ranked first, to find those that hold the phrases as typed
 * (phrase_check.h).  Reading one costs about 30 us at 100k passages, so
 * the worst phrase, common words seldom together, stays near 15 ms; the
 * response says when the budget ran out before the page was full. */
#define HV_PHRASE_READ_BUDGET 500

/* Parses "thesaurus,proximity" into feature bits; false on an unknown name. */
bool hv_features_parse(const char *list, unsigned *features);

/* Opens the index at db_dir.  On failure *errmsg (malloc'd) says why. */
hv_status hv_searcher_open(const char *db_dir, hv_searcher **out, char **errmsg);
void hv_searcher_free(hv_searcher *searcher);

typedef struct {
    const char *query; /* any bytes */
    size_t query_len;
    unsigned offset;
    unsigned limit; /* capped at HV_SEARCH_MAX_LIMIT */
    hv_lang lang;   /* HV_LANG_UNKNOWN: all languages */
    const hv_snippet_style *style;
    unsigned disabled; /* HV_FEATURE_* bits switched off */
    bool explain;      /* say why each passage matched */
} hv_search_request;

/* One query term a passage holds, for --explain. */
typedef struct {
    char *word;       /* the word, or the stem for a stem match */
    const char *form; /* "exact", "stem" or "web address"; static */
    const char *via; /* "typed", "compound", "thesaurus", "dictionary", "spelling" or "answer kind";
                        static */
} hv_search_match;

typedef struct {
    unsigned rank; /* 1-based, counting from the first result page */
    double score;
    char *doc, *title, *section, *snippet, *text;
    hv_lang lang;
    unsigned number;          /* passage number in its document */
    double coverage;          /* share of the query's words it answers (hv_hit) */
    hv_search_match *matched; /* with explain */
    size_t n_matched;
    char *also_in; /* languages of its translations, "ru,nl"; NULL when none */
} hv_search_hit;

typedef struct {
    char *query;  /* the query as searched: valid UTF-8, possibly cut */
    size_t total; /* estimated matching passages */
    double took_ms;
    hv_search_hit *hits;
    size_t n_hits;
    char *error; /* NULL, or why the query could not run */
    bool truncated;
    /* Phrases were checked in the best-ranked passages holding their words
     * (HV_PHRASE_READ_BUDGET of them) and the page is not full: total
     * counts the hits found, and there may be more. */
    bool incomplete;
    char *corrected;                /* a spelling correction of the query, or NULL */
    bool corrected_applied;         /* the hits are those of the corrected query */
    char *explain;                  /* with explain: the query tree as run */
    hv_query_expansion *expansions; /* with explain: words taken more widely */
    size_t n_expansions;
} hv_search_response;

/* Always fills *out, which the caller releases with
 * hv_search_response_free.  A query that cannot run (empty, only
 * operators) is HV_OK with out->error set; an index failure is returned as
 * a status, with out->error set too. */
hv_status hv_searcher_search(hv_searcher *searcher, const hv_search_request *request,
                             hv_search_response *out);
void hv_search_response_free(hv_search_response *response);

/* Passage n of doc with up to `radius` neighbours each side, in document
 * order.  *records is a malloc'd array; free with hv_passage_records_free.
 * HV_ERR_NOT_FOUND when passage n does not exist. */
hv_status hv_searcher_passages(hv_searcher *searcher, const char *doc, unsigned n, unsigned radius,
                               hv_passage_record **records, size_t *n_records);
void hv_passage_records_free(hv_passage_record *records, size_t n);

/* Completions of the last word of text, most frequent first.  Free with
 * hv_string_array_free (index.h). */
hv_status hv_searcher_suggest(hv_searcher *searcher, const char *text, size_t len, size_t max,
                              char ***words, size_t *n_words);

/* Index revision and size. */
hv_status hv_searcher_stats(hv_searcher *searcher, unsigned long *revision,
                            unsigned long *passages);

/* The last index error message (owned by the searcher). */
const char *hv_searcher_error(const hv_searcher *searcher);

#endif
