/* A growable byte string for building text without quadratic copying.
 *
 * The buffer owns its bytes; data is always NUL-terminated once anything
 * has been appended.  hv_text_buffer_take() hands the string to the caller
 * (who frees it) and leaves the buffer empty. */
#ifndef HV_TEXT_BUFFER_H
#define HV_TEXT_BUFFER_H

#include <stddef.h>
#include <string.h>

#include "status.h"

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    hv_status error; /* the first failure of any append, so a caller may
                        append many pieces and check once at the end */
} hv_text_buffer;

/* clang-format off */
#define HV_TEXT_BUFFER_INIT {0}
/* clang-format on */

hv_status hv_text_buffer_append_growing(hv_text_buffer *buf, const char *s, size_t len);

/* Appends s[0..len).  Inline while the bytes fit: snippets are built from
 * many short pieces (a word, a space, a mark), and a call for each cost
 * more than the copy. */
static inline hv_status hv_text_buffer_append(hv_text_buffer *buf, const char *s, size_t len)
{
    if (len >= buf->cap - buf->len) return hv_text_buffer_append_growing(buf, s, len);
    if (len) memcpy(buf->data + buf->len, s, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return HV_OK;
}

/* A NUL-terminated string; NULL appends nothing. */
static inline hv_status hv_text_buffer_append_str(hv_text_buffer *buf, const char *s)
{
    return s ? hv_text_buffer_append(buf, s, strlen(s)) : HV_OK;
}

hv_status hv_text_buffer_append_char(hv_text_buffer *buf, char c);
/* Room for extra more bytes (and the terminator) without growing again. */
hv_status hv_text_buffer_reserve(hv_text_buffer *buf, size_t extra);

/* Appends code point cp as UTF-8 (invalid code points become U+FFFD). */
hv_status hv_text_buffer_append_code_point(hv_text_buffer *buf, unsigned long cp);

/* Drops trailing ASCII whitespace. */
void hv_text_buffer_trim_end(hv_text_buffer *buf);

void hv_text_buffer_clear(hv_text_buffer *buf); /* empties, keeps memory */

/* Returns the malloc'd NUL-terminated string (never NULL on HV_OK; "" for an
 * empty buffer) and resets the buffer; or the first append failure. */
hv_status hv_text_buffer_take(hv_text_buffer *buf, char **out, size_t *out_len);

void hv_text_buffer_free(hv_text_buffer *buf);

#endif
