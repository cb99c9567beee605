/* Case and diacritic folding: what makes "België" and "belgie" one word.
 *
 * Lowercases any script (utf8proc), removes diacritics from Latin letters
 * (é -> e, ë -> e, ø -> o, ł -> l; ß stays ß, capital ẞ becomes ß), writes
 * Latin ligatures as their letters (ĳ -> ij, ﬁ -> fi, œ -> oe), folds
 * Cyrillic ё to е and keeps й (a letter of its own in Russian, not a
 * decorated и; a decomposed и + breve becomes й).  Other marks on Cyrillic
 * (stress accents) are dropped.  Soft hyphens and zero-width joiners are
 * dropped.  Display text is never folded; only the terms made from it are. */
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

/* Bytes of output space hv_fold_into() may need for len bytes of input
 * (an invalid byte becomes a 3-byte U+FFFD), terminator included. */
#define HV_FOLD_BOUND(len) (3 * (len) + 1)

/* Folds in[0..len) into out, which holds at least HV_FOLD_BOUND(len) bytes,
 * NUL-terminates it and returns the folded length.  No allocation: this is
 * what the tokenizer calls for every non-ASCII word. */
size_t hv_fold_into(const char *in, size_t len, char *out);

/* hv_fold_into for text made only of ASCII and the basic Russian letters
 * (U+0410-U+044F, Ё, ё), as most words are: the same result, of the same
 * length, without decoding characters one by one. */
size_t hv_fold_plain_into(const char *in, size_t len, char *out);

/* Folds a single code point; returns the code point to use for matching.
 * A ligature, which folds to several letters, is returned as it is.
 * Combining marks (which folding drops after a Latin base) return -1. */
int hv_fold_codepoint(int cp);

#ifdef __cplusplus
}
#endif

#endif
