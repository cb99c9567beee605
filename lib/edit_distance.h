/* Edit distance between words, counted in characters (not bytes), with a
 * swap of two neighbours as one edit (Damerau-Levenshtein, restricted). */
#ifndef HV_EDIT_DISTANCE_H
#define HV_EDIT_DISTANCE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Words longer than this many characters are never compared. */
#define HV_EDIT_MAX_CHARS 64

/* Distance between valid UTF-8 words a and b, or limit + 1 as soon as it is
 * known to exceed limit (that bound keeps scanning a vocabulary cheap). */
unsigned hv_edit_distance(const char *a, size_t a_len, const char *b, size_t b_len, unsigned limit);

/* How many edits a misspelling of a word this many characters long may
 * hold: 1 up to 4 characters, 2 beyond. */
unsigned hv_edit_allowance(size_t chars);

#ifdef __cplusplus
}
#endif

#endif
