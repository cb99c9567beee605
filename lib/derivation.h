/* Derived English words whose stems Snowball keeps apart.
 *
 * The English stemmer strips "-ion" but leaves the verb's stem different
 * from its noun's: decide/decision stem as "decid"/"decis", include/
 * inclusion as "includ"/"inclus", provide/provision as "provid"/"provis".
 * A query word is also matched under the other stem of such a pair (the
 * index is not changed: a stem with no partner matches nothing).  Pairs are
 * found by spelling alone, -id/-is and -ud/-us, so short stems are left
 * out: "his" is not the noun of "hid". */
#ifndef HV_DERIVATION_H
#define HV_DERIVATION_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Shortest stem that has a related stem: four letters are too few to tell
 * a derivation from chance (paid/pais, hid/his). */
#define HV_DERIVATION_MIN_STEM 5

/* The related stem of an English stem[0..len), written to out (which holds
 * len bytes; the related stem has the same length).  False when the stem
 * has none. */
bool hv_english_related_stem(const char *stem, size_t len, char *out);

#ifdef __cplusplus
}
#endif

#endif
