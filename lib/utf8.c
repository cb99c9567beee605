#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT_CP 0xFFFD

/* Strict RFC 3629 decoding: overlong forms, surrogates and code points past
 * U+10FFFF are all invalid, so every accepted sequence has exactly one
 * spelling.  Returns 0 for an invalid sequence. */
static size_t decode_strict(const unsigned char *s, size_t len, int32_t *cp)
{
    unsigned char b0 = s[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 < 0xC2) return 0; /* continuation byte, or overlong 2-byte lead */
    if (b0 < 0xE0) {
        if (len < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = ((int32_t)(b0 & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (b0 < 0xF0) {
        if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        int32_t c = ((int32_t)(b0 & 0x0F) << 12) | ((int32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return 0;
        *cp = c;
        return 3;
    }
    if (b0 < 0xF5) {
        if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        int32_t c = ((int32_t)(b0 & 0x07) << 18) | ((int32_t)(s[1] & 0x3F) << 12) |
                    ((int32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (c < 0x10000 || c > 0x10FFFF) return 0;
        *cp = c;
        return 4;
    }
    return 0;
}

size_t hv_utf8_decode(const char *s, size_t len, int32_t *cp)
{
    size_t n = len ? decode_strict((const unsigned char *)s, len, cp) : 0;
    if (n == 0) {
        *cp = REPLACEMENT_CP;
        return 1;
    }
    return n;
}

#define HIGH_BITS 0x8080808080808080ULL

static inline uint64_t load8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

bool hv_utf8_is_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int32_t cp;
    while (i < len) {
        /* every passage is checked before its snippet is made: plain ASCII
         * eight bytes at a time, and a two-byte letter (Cyrillic, most
         * accented Latin) without the general decoding */
        if (len - i >= 8 && !(load8(p + i) & HIGH_BITS)) {
            i += 8;
            continue;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        if (p[i] >= 0xC2 && p[i] < 0xE0 && len - i >= 2 && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        size_t n = decode_strict(p + i, len - i, &cp);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

hv_status hv_utf8_sanitize(const char *in, size_t len, char **out, size_t *out_len)
{
    if (!out || (!in && len)) return HV_ERR_INVALID_ARGUMENT;
    /* Worst case: every byte is invalid and becomes a 3-byte U+FFFD. */
    if (len > (SIZE_MAX - 1) / 3) return HV_ERR_TOO_LARGE;
    const unsigned char *p = (const unsigned char *)in;
    char *buf = malloc(len * 3 + 1);
    if (!buf) return HV_ERR_NOMEM;
    size_t o = 0, i = 0;
    int32_t cp;
    while (i < len) {
        unsigned char b = p[i];
        if (b < 0x80) {
            buf[o++] = (b < 0x20 && b != '\t' && b != '\n' && b != '\r') ? ' ' : (char)b;
            i++;
            continue;
        }
        size_t n = decode_strict(p + i, len - i, &cp);
        if (n == 0) {
            memcpy(buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(buf + o, p + i, n);
            o += n;
            i += n;
        }
    }
    buf[o] = '\0';
    char *shrunk = realloc(buf, o + 1);
    *out = shrunk ? shrunk : buf;
    if (out_len) *out_len = o;
    return HV_OK;
}

size_t hv_utf8_length(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = len, i = 0;
    /* Eight bytes at a time: a continuation byte (10xxxxxx) has its top
     * bit set and the next one clear; the multiply adds the flags up in
     * the top byte. */
    for (; len - i >= 8; i += 8) {
        uint64_t w = load8(p + i);
        uint64_t continuation = (w & ~(w << 1) & HIGH_BITS) >> 7;
        n -= (size_t)((continuation * 0x0101010101010101ULL) >> 56);
    }
    for (; i < len; i++)
        n -= (p[i] & 0xC0) == 0x80;
    return n;
}

size_t hv_utf8_prefix_bytes(const char *s, size_t len, size_t max_chars)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max_chars) return i;
            chars++;
        }
    }
    return len;
}
