/* The one analysis pipeline: text in, index terms out.
 *
 * The indexer, the query parser and the snippet highlighter all call these
 * functions, so they always agree on what a word is.
 *
 * Term scheme (what goes into Xapian):
 *   <folded word>        exact form (one of the word's forms); its word position is
 *                        worked out (phrases) but not stored: the index
 *                        keeps no positions, a phrase is checked against
 *                        the passage text (phrase_check.h)
 *   Z<stem>              stem of the folded word in the passage language;
 *                        no positions; numbers and codes get none, and
 *                        neither does a word that is its own stem (asiel):
 *                        a stem is searched as Z<stem> and as the bare
 *                        word (index_query.cc), so it is stored once.  A
 *                        Cyrillic word is always stemmed as Russian and a
 *                        Latin word in a Russian passage as English: the
 *                        languages hv_query_word_langs() tries for them
 *   W<folded word>       a word inside a web address, kept apart from the
 *                        words of the text (a position, no stem)
 *   Z<part stem>         the two parts of a Dutch compound (compound.h),
 *                        no positions: "huur subsidie" finds "huursubsidie"
 *   L<code>              boolean: passage language (nl, en, ru)
 * Stopwords (of the passage's language) are not indexed, though they count
 * as words for positions: queries leave them out unless nothing else is
 * typed, and in a phrase they hold places (phrase_check.h).
 *
 * An hv_analyzer owns a stemmer and scratch space: one per thread. */
#ifndef HV_ANALYSIS_H
#define HV_ANALYSIS_H

#include <stddef.h>

#include "arena.h"
#include "language.h"
#include "status.h"
#include "tokenizer.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HV_PREFIX_STEM 'Z'
#define HV_PREFIX_LANG 'L'
#define HV_PREFIX_URL 'W'

/* Bumped by hand whenever the term scheme, the token rules or the stored
 * record format change. */
#define HV_ANALYSIS_VERSION 14

typedef struct {
    const char *term; /* NUL-terminated, owned by the list */
    size_t len;
    unsigned pos; /* word position, 1-based; 0 = store no position */
    unsigned wdf; /* within-document frequency increment */
} hv_term;

typedef struct {
    hv_term *terms;
    size_t count;
    /* private */
    size_t cap;
    hv_arena arena;
} hv_term_list;

/* clang-format off */
#define HV_TERM_LIST_INIT {0}
/* clang-format on */

void hv_term_list_init(hv_term_list *list);
void hv_term_list_clear(hv_term_list *list); /* empties, keeps memory */
void hv_term_list_free(hv_term_list *list);
/* Copies term[0..len) in.  Terms stay valid until clear/free. */
hv_status hv_term_list_add(hv_term_list *list, const char *term, size_t len, unsigned pos,
                           unsigned wdf);

typedef struct hv_analyzer hv_analyzer;

hv_status hv_analyzer_new(hv_analyzer **out);
void hv_analyzer_free(hv_analyzer *analyzer);

/* The stemmer inside, for callers that stem single words. Owned by the
 * analyzer. */
struct hv_stemmer *hv_analyzer_stemmer(hv_analyzer *analyzer);

/* A token list owned by the analyzer, for a caller that tokenizes one text
 * after another (snippets), so that its memory is reused; clear it before
 * use.  No hv_analyze_* function or term function touches it. */
hv_token_list *hv_analyzer_scratch_tokens(hv_analyzer *analyzer);

/* Index side: appends the terms of valid UTF-8 text[0..len) in language
 * lang to out.  Positions start at *pos and *pos is advanced past the last
 * word.  Every occurrence adds `weight` to its terms' wdf (body text 1,
 * section headings more). */
hv_status hv_analyze_text(hv_analyzer *analyzer, const char *text, size_t len, hv_lang lang,
                          unsigned weight, unsigned *pos, hv_term_list *out);

/* A passage as analysed: its section heading, then the document's title
 * (when it differs from the heading), then its text, each in lang.  A
 * phrase never runs from one into the next. */
typedef struct {
    const char *section; /* NULL is read as "" */
    const char *title;
    const char *text;
    hv_lang lang;
} hv_passage_fields;

/* Index side: every term of a passage, appended to out; headings weigh
 * more than text.  The indexer and the phrase check (hv_passage_positions)
 * number the words the same way. */
hv_status hv_analyze_passage(hv_analyzer *analyzer, const hv_passage_fields *passage,
                             hv_term_list *out);
/* The exact term of every word, stopwords included, with its position:
 * what a phrase is matched against.  Cheaper than hv_analyze_passage: no
 * stems, no compound parts, no stopword lookups. */
hv_status hv_passage_positions(hv_analyzer *analyzer, const hv_passage_fields *passage,
                               hv_term_list *out);

/* The exact term of one token: its folded form, or "W" + folded form for
 * a word of a web address.  *term is the token's own string or memory owned
 * by the analyzer, valid until the analyzer's next call. */
hv_status hv_exact_term(hv_analyzer *analyzer, const hv_token *token, const char **term,
                        size_t *len);

/* The stem term ("Z" + stem) of one token in language lang, written to
 * *term (owned by the analyzer, valid until its next call).  Returns
 * HV_ERR_NOT_FOUND, not an error to report, when the token gets no stem term
 * (numbers and codes, HV_LANG_UNKNOWN). */
hv_status hv_stem_term(hv_analyzer *analyzer, hv_lang lang, const hv_token *token,
                       const char **term, size_t *len);

/* Dutch compounds (compound.h): the two parts of a token, when the token
 * is a compound in a Dutch passage; 0 otherwise.  Index side, query side and
 * snippets all split with this function. */
typedef struct {
    const char *word; /* points into the token's folded form */
    size_t len;
} hv_compound_part;

struct hv_compounds;
size_t hv_compound_parts(hv_analyzer *analyzer, hv_lang lang, const hv_token *token,
                         hv_compound_part parts[2]);
/* The stem term of a part ("Z" + Dutch stem), in analyzer-owned memory
 * valid until its next call. */
hv_status hv_compound_part_term(hv_analyzer *analyzer, const hv_compound_part *part,
                                const char **term, size_t *len);
/* Replaces the word list (default: hv_compounds_default()); NULL turns
 * splitting off.  The list must outlive the analyzer. */
void hv_analyzer_set_compounds(hv_analyzer *analyzer, const struct hv_compounds *compounds);

/* Query side: the languages whose stems a query word is matched under,
 * as a bitmask of (1u << hv_lang).  The query's language is unknown, so a
 * Latin word is matched as Dutch and as English, a Cyrillic one as Russian,
 * a number or code only exactly (0). */
unsigned hv_query_word_langs(const hv_token *token);

/* A string that changes whenever analysis would produce different terms:
 * HV_ANALYSIS_VERSION, the libstemmer package version the program was built
 * with, and a digest of the stems of fixed probe words in each language.
 * Stored in the index at build time and compared at query time.
 * *out is malloc'd; caller frees. */
hv_status hv_analysis_fingerprint(hv_analyzer *analyzer, char **out);

#ifdef __cplusplus
}
#endif

#endif
