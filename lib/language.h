/* The three languages Haven analyses, and per-passage language detection. */
#ifndef HV_LANGUAGE_H
#define HV_LANGUAGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { HV_LANG_UNKNOWN = 0, HV_LANG_NL, HV_LANG_EN, HV_LANG_RU, HV_LANG_COUNT } hv_lang;

/* "nl", "en", "ru", or "" for HV_LANG_UNKNOWN.  Static string. */
const char *hv_lang_code(hv_lang lang);

/* Accepts "nl", "en", "ru" (any case); HV_LANG_UNKNOWN for anything else. */
hv_lang hv_lang_from_code(const char *code);

/* Guesses the language of a passage of valid UTF-8 text: Russian when most
 * letters are Cyrillic, otherwise Dutch or English by stopword evidence.
 * Returns HV_LANG_UNKNOWN only when there is no letter at all.  With letters
 * but no evidence either way (a bare name, another script) it returns
 * HV_LANG_NL, the corpus' main language; the query side stems Latin words
 * as Dutch and English alike, so that guess costs little.  Reads at most
 * the first 64 KiB. */
hv_lang hv_detect_language(const char *text, size_t len);

/* The language a short query is written in, only where it says so: Russian
 * when most letters are Cyrillic, Dutch or English when it holds more
 * stopwords of one than of the other ("wat moet ik doen").  Anything else
 * (bare content words, names) is HV_LANG_UNKNOWN: a query of two nouns
 * gives no reliable evidence. */
hv_lang hv_guess_query_language(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
