/* Case and diacritic folding: what makes "België" and "belgie" one word.
 *
 * Lowercases any script (utf8proc), removes diacritics from Latin letters
 * (é -> e, ë -> e, ß stays), folds Cyrillic ё to е and keeps й (a letter of
 * its own in Russian, not a decorated и).  Display text is never folded;
 * only the terms made from it are. */
#ifndef HV_FOLD_H
#define HV_FOLD_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Folds valid UTF-8 in[0..len).  *out is malloc'd, NUL-terminated, owned by
 * the caller. */
hv_status hv_fold(const char *in, size_t len, char **out, size_t *out_len);

/* Folds a single code point; returns the code point to use for matching.
 * Combining marks (which folding drops after a Latin base) return -1. */
int hv_fold_codepoint(int cp);

#ifdef __cplusplus
}
#endif

#endif
