/* Query parsing: the user's text becomes a tree of term groups, in plain C.
 *
 * Syntax: plain words (ranked, not all required), "a phrase", -word and
 * -"phrase" to exclude, OR, AND (upper case only), word* for a prefix,
 * lang:nl|en|ru as a filter.  Malformed syntax is never an error: an
 * unbalanced quote is read as punctuation, a lone operator is ignored.
 * Words go through analysis.h exactly as passages do; a plain item the
 * tokenizer splits (OCMW-steun) becomes a phrase.  Stopwords are left out,
 * joined with AND or not (the index holds none), unless nothing else is
 * left to search for.  Plain words typed next to each other also add
 * phrase nodes over them (with the stopwords typed between) so that
 * passages holding them both rank higher; so does a run of numbers
 * (02 555 01 23).
 *
 * The Xapian wrapper (index.h) turns the tree into a Xapian::Query. */
#ifndef HV_QUERY_H
#define HV_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "language.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest query text analysed, in bytes; the rest is ignored and the
 * parsed query says so (truncated). */
#define HV_QUERY_MAX_BYTES 4096
/* Most words a query may hold; later ones are ignored (truncated). */
#define HV_QUERY_MAX_WORDS 64

typedef enum {
    HV_QN_WORD,    /* one query word: OR of its alternative terms (exact, stems) */
    HV_QN_PHRASE,  /* terms in order, adjacent (positional exact terms) */
    HV_QN_PREFIX,  /* terms[0] is a folded prefix; matches exact terms starting with it */
    HV_QN_AND,     /* all children must match */
    HV_QN_OR,      /* any child; more matching children rank higher */
    HV_QN_AND_NOT, /* children[0] minus whatever matches children[1..] */
    HV_QN_SYNONYM, /* any child; all children scored together as one term,
                      so many alternatives do not add up (concept terms) */
} hv_query_kind;

typedef struct hv_query_node {
    hv_query_kind kind;
    char **terms; /* WORD, PHRASE, PREFIX: NUL-terminated terms */
    size_t n_terms;
    struct hv_query_node **children; /* AND, OR, AND_NOT */
    size_t n_children;
    double weight; /* relative weight of this subquery, 1.0 by default */
    /* Which words of the query this node stands for (bit i: the i-th item
     * typed, capped at bit 63), so that ranking can count how much of the
     * query a passage answers.  A word typed, a phrase typed and a concept
     * named by some words carry bits; the proximity phrases and the groups
     * that only hold other nodes carry none. */
    uint64_t covers;
    bool translated; /* SYNONYM: a word's dictionary translations, not a concept */
    bool corrected;  /* WORD: the correction of a word typed that the index does not know */
} hv_query_node;

/* Where a query was widened beyond its own words, for --explain. */
typedef struct {
    char *source; /* "thesaurus", "compound", "spelling" */
    char *from;   /* the words typed */
    char *to;     /* what they were taken to mean as well */
} hv_query_expansion;

typedef struct {
    hv_query_node *root; /* NULL when there is nothing to search for */
    hv_lang lang;        /* from lang:xx, HV_LANG_UNKNOWN when absent */
    hv_lang written_in;  /* hv_guess_query_language() of the text typed */
    bool by_coverage;    /* reorder the first hits by how much of the query they answer */
    bool truncated;      /* input was cut at HV_QUERY_MAX_BYTES or _WORDS */
    /* Everything a snippet should highlight: exact and stem terms of
     * positive words and phrases the user typed (not of the proximity
     * phrases), and prefixes of prefix words. */
    char **highlight_terms;
    size_t n_highlight_terms;
    char **highlight_prefixes;
    size_t n_highlight_prefixes;
    hv_query_expansion *expansions;
    size_t n_expansions;
    /* When the query asks for a kind of answer (answer_kind.h): the terms
     * of the words that show one, sorted, unique; else none. */
    char **answer_terms;
    size_t n_answer_terms;
} hv_parsed_query;

struct hv_thesaurus;

/* Weight of what a concept adds, per word of the query that named it,
 * relative to the words typed: a literal match ranks above a match through
 * the thesaurus.  The concept's terms count as one term (Xapian's
 * OP_SYNONYM), so a passage does not win by holding many of them. */
#define HV_CONCEPT_WEIGHT 0.5
/* Weight of a word's everyday translations (dictionary.h), per word: below
 * the thesaurus's, since a dictionary gives glosses, not synonyms. */
#define HV_TRANSLATION_WEIGHT 0.3
/* Weight of the spelling correction of a word the index does not know,
 * searched beside the word as typed (hv_query_options.correction).  nDCG@10
 * over judged / fresh / holdout / holdout2 / holdout3 without it, and with
 * it at 0.5, 0.7, 1.0: 0.881 / 0.826 / 0.743 / 0.709 / 0.668, 0.882 /
 * 0.835 / 0.752 / 0.709 / 0.669 at 0.5 and at 0.7, 0.881 / 0.837 / 0.752 /
 * 0.709 / 0.669 (their typo queries 0.800 / 0.723 / 0.750 / 0.810 / 0.884
 * without, 0.804 / 0.831 / 0.883 / 0.810 / 0.945 at 0.7); the dev set
 * 0.823 in each. */
#define HV_CORRECTION_WEIGHT 0.7
/* Weight of a compound's parts written apart, relative to the compound. */
#define HV_COMPOUND_WEIGHT 0.7

/* Optional behaviour; a zeroed struct is the plain parser.  The switches
 * exist so each feature's effect on relevance can be measured. */
typedef struct {
    const struct hv_thesaurus *thesaurus;  /* NULL: no concept expansion */
    const struct hv_thesaurus *dictionary; /* NULL: no everyday translations */
    bool no_proximity;                     /* no phrase boosts for adjacent words */
    bool no_compounds;                     /* a compound typed is not split */
    bool no_coverage;                      /* rank by the words' scores alone */
    bool no_answer_kind;                   /* no boost for the kind of answer asked for */
    /* The correction of a folded word typed that the index does not know,
     * searched beside it at HV_CORRECTION_WEIGHT; NULL when it has none.
     * The returned string must live as long as the parse.  NULL: no word
     * is corrected. */
    const char *(*correction)(void *userdata, const char *folded, size_t len);
    void *userdata;
} hv_query_options;

/* Parses query[0..len) (any bytes: invalid UTF-8 and NULs are repaired
 * first).  *out is owned by the caller: hv_parsed_query_free(). */
hv_status hv_query_parse(hv_analyzer *analyzer, const char *query, size_t len,
                         hv_parsed_query **out);
/* The same, with options (NULL: defaults). */
hv_status hv_query_parse_with(hv_analyzer *analyzer, const hv_query_options *options,
                              const char *query, size_t len, hv_parsed_query **out);
void hv_parsed_query_free(hv_parsed_query *query);

/* Human-readable rendering of the tree, for tests and --explain, e.g.
 * (or (word "kosten" "Zkost") (phrase "no" "show")); "(nothing)" when
 * root is NULL.  *out malloc'd. */
hv_status hv_query_describe(const hv_parsed_query *query, char **out);

#ifdef __cplusplus
}
#endif

#endif
