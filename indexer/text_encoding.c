#include "text_encoding.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/utf8.h"

/* Windows-1252 0x80..0x9F; from 0xA0 on it is Latin-1. */
static const uint16_t cp1252_80[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Windows-1251 0x80..0xBF; 0xC0..0xFF are А..я in order. */
static const uint16_t cp1251_80[64] = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409,
    0x2039, 0x040A, 0x040C, 0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0,      0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F, 0x00A0,
    0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB,
    0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6,
    0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
};

/* HTML's prescan looks no further for a declared charset. */
#define DECLARATION_WINDOW 1024

const char *hv_encoding_name(hv_encoding enc)
{
    switch (enc) {
    case HV_ENCODING_CP1252:
        return "Windows-1252";
    case HV_ENCODING_CP1251:
        return "Windows-1251";
    case HV_ENCODING_UTF16:
        return "UTF-16";
    default:
        return "UTF-8";
    }
}

uint32_t hv_cp1252_code_point(unsigned char b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_80[b - 0x80] : b;
}

static uint32_t cp1251_code_point(unsigned char b)
{
    if (b < 0x80) return b;
    return b >= 0xC0 ? 0x0410 + (b - 0xC0) : cp1251_80[b - 0x80];
}

/* Well-formed multi-byte characters outnumber broken bytes. */
static bool mostly_utf8(const char *data, size_t len)
{
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < len;) {
        if ((unsigned char)data[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = hv_utf8_decode(data + i, len - i, &cp);
        if (n > 1)
            good++;
        else
            bad++;
        i += n;
    }
    return good > bad;
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* The code page a page names in charset=..., UTF-8 when it names none of
 * ours (or nothing). */
static hv_encoding declared(const char *data, size_t len)
{
    static const struct {
        const char *name;
        hv_encoding enc;
    } names[] = {
        {"windows-1252", HV_ENCODING_CP1252}, {"cp1252", HV_ENCODING_CP1252},
        {"iso-8859-1", HV_ENCODING_CP1252},   {"iso-8859-15", HV_ENCODING_CP1252},
        {"latin1", HV_ENCODING_CP1252},       {"latin-1", HV_ENCODING_CP1252},
        {"windows-1251", HV_ENCODING_CP1251}, {"cp1251", HV_ENCODING_CP1251},
    };
    size_t end = len < DECLARATION_WINDOW ? len : DECLARATION_WINDOW;
    static const char key[] = "charset";
    size_t klen = sizeof key - 1;
    for (size_t i = 0; i + klen < end; i++) {
        if (strncasecmp(data + i, key, klen) != 0) continue;
        size_t j = i + klen;
        while (j < end && (data[j] == ' ' || data[j] == '='))
            j++;
        if (j < end && (data[j] == '"' || data[j] == '\'')) j++;
        size_t start = j;
        while (j < end && is_name_char(data[j]))
            j++;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == j - start &&
                strncasecmp(data + start, names[k].name, j - start) == 0)
                return names[k].enc;
        return HV_ENCODING_UTF8; /* the first declaration is the one */
    }
    return HV_ENCODING_UTF8;
}

hv_encoding hv_encoding_detect(const char *data, size_t len, bool html)
{
    if (!data || hv_utf8_is_valid(data, len) || mostly_utf8(data, len)) return HV_ENCODING_UTF8;
    hv_encoding named = html ? declared(data, len) : HV_ENCODING_UTF8;
    if (named != HV_ENCODING_UTF8) return named;
    size_t high = 0, beside_high = 0;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)data[i] < 0x80) continue;
        high++;
        if ((i > 0 && (unsigned char)data[i - 1] >= 0x80) ||
            (i + 1 < len && (unsigned char)data[i + 1] >= 0x80))
            beside_high++;
    }
    return 2 * beside_high > high ? HV_ENCODING_CP1251 : HV_ENCODING_CP1252;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

hv_status hv_encoding_to_utf8(const char *data, size_t len, hv_encoding enc, char **out,
                              size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!data && len) return HV_ERR_INVALID_ARGUMENT;
    if (len > (SIZE_MAX - 1) / 3) return HV_ERR_TOO_LARGE;
    if (enc == HV_ENCODING_UTF16) return hv_utf16_to_utf8(data, len, out, out_len);
    /* every code point of these pages takes at most three bytes */
    char *text = malloc(enc == HV_ENCODING_UTF8 ? len + 1 : 3 * len + 1);
    if (!text) return HV_ERR_NOMEM;
    size_t n = 0;
    if (enc == HV_ENCODING_UTF8) {
        if (len) memcpy(text, data, len);
        n = len;
    } else {
        for (size_t i = 0; i < len; i++) {
            unsigned char b = (unsigned char)data[i];
            uint32_t cp =
                enc == HV_ENCODING_CP1251 ? cp1251_code_point(b) : hv_cp1252_code_point(b);
            n += put_utf8(text + n, cp == 0 && b != 0 ? 0xFFFD : cp);
        }
    }
    text[n] = '\0';
    *out = text;
    *out_len = n;
    return HV_OK;
}

bool hv_utf16_bom(const char *data, size_t len, bool *big_endian)
{
    if (!data || len < 2) return false;
    unsigned char a = (unsigned char)data[0], b = (unsigned char)data[1];
    if (!((a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF))) return false;
    *big_endian = a == 0xFE;
    return true;
}

static uint32_t unit_at(const unsigned char *p, bool big_endian)
{
    return big_endian ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

hv_status hv_utf16_to_utf8(const char *data, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    bool big_endian;
    if (!data || !hv_utf16_bom(data, len, &big_endian)) return HV_ERR_INVALID_ARGUMENT;
    if (len > (SIZE_MAX - 4) / 2) return HV_ERR_TOO_LARGE;
    /* a unit of 2 bytes takes at most 3 in UTF-8, a pair of 4 bytes 4 */
    char *text = malloc(len / 2 * 3 + 4);
    if (!text) return HV_ERR_NOMEM;
    const unsigned char *p = (const unsigned char *)data + 2, *end = p + (len - 2) / 2 * 2;
    size_t n = 0;
    while (p < end) {
        uint32_t u = unit_at(p, big_endian);
        p += 2;
        if (u >= 0xD800 && u < 0xDC00 && p < end) {
            uint32_t low = unit_at(p, big_endian);
            if (low >= 0xDC00 && low < 0xE000) {
                p += 2;
                n += put_utf8(text + n, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                continue;
            }
        }
        n += put_utf8(text + n, u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
    }
    if ((len - 2) % 2) n += put_utf8(text + n, 0xFFFD);
    text[n] = '\0';
    *out = text;
    *out_len = n;
    return HV_OK;
}
