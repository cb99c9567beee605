/* UTF-8 validation and repair, and character-counted lengths. */
#ifndef HV_UTF8_H
#define HV_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Makes a clean copy of in[0..len): invalid or overlong sequences and
 * surrogates become U+FFFD, NUL bytes become spaces, other C0 controls apart
 * from \t \n \r become spaces.  *out is malloc'd and NUL-terminated; the
 * caller frees it.  *out_len excludes the terminator. */
hv_status hv_utf8_sanitize(const char *in, size_t len, char **out, size_t *out_len);

bool hv_utf8_is_valid(const char *s, size_t len);

/* Decodes one code point at s[0..len) into *cp and returns its byte length
 * (1..4).  On an invalid sequence stores U+FFFD and returns 1.  len > 0. */
size_t hv_utf8_decode(const char *s, size_t len, int32_t *cp);

/* Number of code points in valid UTF-8 s[0..len). */
size_t hv_utf8_length(const char *s, size_t len);

/* Byte length of the longest prefix of s[0..len) holding at most max_chars
 * code points, never cutting a character in two. */
size_t hv_utf8_prefix_bytes(const char *s, size_t len, size_t max_chars);

#ifdef __cplusplus
}
#endif

#endif
