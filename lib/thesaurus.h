/* The multilingual thesaurus: concepts named by terms in Dutch, English and
 * Russian, so a query that names a concept in one language also finds the
 * passages that name it in another.
 *
 * File format (corpus/asylum-thesaurus.thes):
 *   # comment
 *   = concept-id
 *   nl: term | term | ...
 *   en: term | ...
 *   ru: term | ...
 * Terms are matched through the analysis pipeline (stems in the term's
 * language), so inflected query words find them too.
 *
 * A thesaurus is read-only once built: threads may share one. */
#ifndef HV_THESAURUS_H
#define HV_THESAURUS_H

#include <stddef.h>

#include "analysis.h"
#include "language.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hv_thesaurus hv_thesaurus;

/* Parses text[0..len).  On a format error returns HV_ERR_CORRUPT with
 * *errmsg (malloc'd) naming the line.  The analyzer is only used while
 * parsing. */
hv_status hv_thesaurus_parse(hv_analyzer *analyzer, const char *text, size_t len,
                             hv_thesaurus **out, char **errmsg);
void hv_thesaurus_free(hv_thesaurus *thesaurus);

size_t hv_thesaurus_concepts(const hv_thesaurus *thesaurus);

/* One query word, as the matcher needs it: filled by
 * hv_thesaurus_word_keys() from the word's folded form. */
typedef struct {
    char keys[HV_LANG_COUNT][HV_MAX_WORD_BYTES * 4 + 8];
} hv_thesaurus_word;

hv_status hv_thesaurus_word_keys(hv_analyzer *analyzer, const char *folded, size_t len,
                                 hv_thesaurus_word *word);

/* The longest term of any concept that the words [0, n) start with: returns
 * how many words it covers (0: none) and sets *concept and *term. */
size_t hv_thesaurus_match(const hv_thesaurus *thesaurus, const hv_thesaurus_word *words, size_t n,
                          size_t *concept, size_t *term);

/* The concepts (at most max) that have a one-word term matching word, in
 * the order of the languages it is keyed in: sets concepts[i] and the term
 * terms[i], returns how many.  Of the terms that match, only those nearest
 * the word as typed (folded[0..len), edits counted in characters) count:
 * words stem alike that are different words ("authorities", "authority"
 * and "authoritarian" are all "author"), and the nearest is the word meant. */
size_t hv_thesaurus_word_concepts(const hv_thesaurus *thesaurus, const hv_thesaurus_word *word,
                                  const char *folded, size_t len, size_t *concepts, size_t *terms,
                                  size_t max);

/* The terms of a concept, for expansion.  Strings owned by the thesaurus. */
size_t hv_thesaurus_terms(const hv_thesaurus *thesaurus, size_t concept);
const char *hv_thesaurus_term(const hv_thesaurus *thesaurus, size_t concept, size_t k,
                              hv_lang *lang, size_t *term_id);
const char *hv_thesaurus_concept_id(const hv_thesaurus *thesaurus, size_t concept);

#ifdef __cplusplus
}
#endif

#endif
