/* Phrases checked against the text of a passage.
 *
 * The index keeps no word positions and no stopwords (analysis.h): in
 * Xapian a phrase is only its other words, anywhere in a passage.  The
 * passages that hold them are read here to see whether the phrase stands
 * in their text as typed: every word, stopwords too, one after the other,
 * numbered as the indexer numbers them (hv_passage_positions).  So
 * "should help" is those two words together, not every passage that has
 * "help".
 *
 * Only the phrases that decide whether a passage is a hit are checked: a
 * phrase the query requires (typed alone, or joined with AND) and a phrase
 * it excludes (-"...").  A phrase among plain words only ranks, and ranks
 * the passages that hold its words, together or apart. */
#ifndef HV_PHRASE_CHECK_H
#define HV_PHRASE_CHECK_H

#include <stdbool.h>

#include "analysis.h"
#include "passage_record.h"
#include "query.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* True when node is a phrase whose words must be found in place: two or
 * more words, stopwords included. */
bool hv_phrase_is_positional(const hv_query_node *node);

/* Whether the i-th word of a phrase is looked up in the index: stopwords
 * are not indexed, so a phrase is searched as its other words, or as all
 * of them when it is nothing but stopwords.  The query builder and
 * coverage ranking both go by this. */
bool hv_phrase_word_indexed(const hv_query_node *phrase, size_t i);

/* Whether a phrase can be ruled out from folded text without tokenizing
 * it: two or more words, each of lowercase ASCII or basic Cyrillic letters
 * (what folding leaves of them). */
bool hv_phrase_scannable(const hv_query_node *phrase);

/* True only when the tokenizer could not find the scannable phrase in the
 * folded text folded[0..len) (fold.h): where its longest word stands as a
 * whole word, the words beside it are others.  False when it may be there,
 * or when the text holds what this look cannot judge as the tokenizer would
 * (combining marks, ideographs, words too long to index): then only
 * tokenizing tells.  The check below looks here first. */
bool hv_phrase_absent_from(const hv_query_node *phrase, const char *folded, size_t len);

typedef struct hv_phrase_check hv_phrase_check;

/* The phrases of query to check.  *out is NULL when there are none (every
 * passage the index finds is a hit), else owned by the caller:
 * hv_phrase_check_free.  It points into query, which must outlive it. */
hv_status hv_phrase_check_new(const hv_parsed_query *query, hv_phrase_check **out);
void hv_phrase_check_free(hv_phrase_check *check);

/* *accept: the passage holds every required phrase and no excluded one.
 * The analyzer's scratch space is used; one check per thread. */
hv_status hv_phrase_check_passage(hv_phrase_check *check, hv_analyzer *analyzer,
                                  const hv_passage_record *passage, bool *accept);

#ifdef __cplusplus
}
#endif

#endif
