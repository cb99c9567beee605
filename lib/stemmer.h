/* Snowball stemmers (libstemmer) for Dutch, English and Russian.
 *
 * A libstemmer stemmer is not thread-safe: each thread owns its own
 * hv_stemmer. */
#ifndef HV_STEMMER_H
#define HV_STEMMER_H

#include <stddef.h>

#include "language.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hv_stemmer hv_stemmer;

hv_status hv_stemmer_new(hv_stemmer **out);
void hv_stemmer_free(hv_stemmer *stemmer);

/* Stems a folded word.  *stem points into memory owned by the stemmer, valid
 * until its next call.  For HV_LANG_UNKNOWN the word comes back unchanged.
 * The stemmer remembers the stems of the last few hundred words, so words
 * that come again cost a lookup. */
hv_status hv_stemmer_stem(hv_stemmer *stemmer, hv_lang lang, const char *word, size_t len,
                          const char **stem, size_t *stem_len);

#ifdef __cplusplus
}
#endif

#endif
