/* Stopwords per language: words too common to rank on.  Lists are the
 * project's own, compiled in. */
#ifndef HV_STOPWORDS_H
#define HV_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "language.h"

#ifdef __cplusplus
extern "C" {
#endif

/* word is a folded form (see fold.h).  HV_LANG_UNKNOWN: a stopword in any
 * of the three languages. */
bool hv_is_stopword(hv_lang lang, const char *word, size_t len);

/* The languages whose list holds word (folded), as bits 1 << HV_LANG_…;
 * 0 for a word in none.  One lookup for every language at once. */
unsigned hv_stopword_langs(const char *word, size_t len);

/* The compiled-in list of one language (NL, EN, RU), sorted bytewise;
 * static, never freed.  NULL and *count 0 for any other value. */
const char *const *hv_stopword_list(hv_lang lang, size_t *count);

#ifdef __cplusplus
}
#endif

#endif
