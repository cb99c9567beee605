/* The set of distinct words of a text, compared case-insensitively.
 *
 * Used to decide line-end hyphens: a joined word "bescherming" or a
 * hyphenated "Oekraïne-crisis" elsewhere in the same document tells which
 * form the author meant.  A word is a run of letters and digits; a hyphen
 * between two such characters stays inside the word. */
#ifndef HV_WORD_SET_H
#define HV_WORD_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/status.h"

typedef struct {
    char *lower; /* lowercased copy of the text; words are slices of it */
    size_t lower_len;
    struct hv_word_slot *slots;
    size_t cap; /* power of two */
    size_t count;
} hv_word_set;

#define HV_WORD_SET_INIT                                                                           \
    {                                                                                              \
        0                                                                                          \
    }

/* Collects the words of valid UTF-8 text[0..len).  The set owns its memory
 * and does not keep a pointer to text. */
hv_status hv_word_set_build(hv_word_set *set, const char *text, size_t len);

/* Whether word[0..len) (any case) occurs in the set. */
bool hv_word_set_contains(const hv_word_set *set, const char *word, size_t len);

void hv_word_set_free(hv_word_set *set);

/* Appends the lowercase UTF-8 of s[0..len) to out (room for 2 * len bytes
 * suffices); returns the bytes written.  Shared with the join rules. */
size_t hv_lowercase_utf8(const char *s, size_t len, char *out);

#endif
