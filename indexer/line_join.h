/* Joining hard-wrapped lines back into running text.
 *
 * A line ending in a hyphen glued to a word ("be-") is usually a word the
 * PDF hyphenated ("be-" + "scherming" -> "bescherming").  The hyphen is a
 * real one, and kept, when:
 *   - the next word is a conjunction ("participatie- en netwerktraject"):
 *     kept with a space after it;
 *   - the part before it is all capitals or ends in a digit (OCMW-steun,
 *     2021-2023), or the next line starts with a capital or a digit;
 *   - the joined word never occurs in the document but the hyphenated one
 *     does.
 * Otherwise lines are joined with one space. */
#ifndef HV_LINE_JOIN_H
#define HV_LINE_JOIN_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/text_buffer.h"
#include "word_set.h"

/* The whole document, whose words are consulted (built on first need). */
typedef struct {
    const char *text;
    size_t len;
    hv_word_set words;
    bool built;
} hv_join_context;

#define HV_JOIN_CONTEXT(text, len)                                                                 \
    {                                                                                              \
        (text), (len), HV_WORD_SET_INIT, false                                                     \
    }

/* Appends line[0..len) to the paragraph being built in para. */
hv_status hv_line_join_append(hv_text_buffer *para, const char *line, size_t len,
                              hv_join_context *ctx);

void hv_join_context_free(hv_join_context *ctx);

#endif
