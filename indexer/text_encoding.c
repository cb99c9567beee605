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

/* KOI8-R 0x80..0xFF. */
static const uint16_t koi8r_80[128] = {
    0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C, 0x2580,
    0x2584, 0x2588, 0x258C, 0x2590, 0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248,
    0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7, 0x2550, 0x2551, 0x2552, 0x0451,
    0x2553, 0x2554, 0x2555, 0x2556, 0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
    0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565, 0x2566, 0x2567, 0x2568, 0x2569,
    0x256A, 0x256B, 0x256C, 0x00A9, 0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
    0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F, 0x044F, 0x0440, 0x0441,
    0x0442, 0x0443, 0x0436, 0x0432, 0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
    0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413, 0x0425, 0x0418, 0x0419, 0x041A,
    0x041B, 0x041C, 0x041D, 0x041E, 0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412,
    0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
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
    case HV_ENCODING_KOI8R:
        return "KOI8-R";
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

/* b from 0x80 on */
static uint32_t cp1251_code_point(unsigned char b)
{
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
        {"koi8-r", HV_ENCODING_KOI8R},        {"koi8r", HV_ENCODING_KOI8R},
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
    size_t high = 0, beside_high = 0, c0_df = 0, e0_ff = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)data[i];
        if (b < 0x80) continue;
        high++;
        c0_df += b >= 0xC0 && b < 0xE0;
        e0_ff += b >= 0xE0;
        if ((i > 0 && (unsigned char)data[i - 1] >= 0x80) ||
            (i + 1 < len && (unsigned char)data[i + 1] >= 0x80))
            beside_high++;
    }
    if (2 * beside_high <= high) return HV_ENCODING_CP1252;
    return c0_df > e0_ff ? HV_ENCODING_KOI8R : HV_ENCODING_CP1251;
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

static hv_status utf16_to_utf8(const char *data, size_t len, char **out, size_t *out_len)
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

hv_status hv_encoding_to_utf8(const char *data, size_t len, hv_encoding enc, char **out,
                              size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!data && len) return HV_ERR_INVALID_ARGUMENT;
    if (len > (SIZE_MAX - 1) / 3) return HV_ERR_TOO_LARGE;
    if (enc == HV_ENCODING_UTF16) return utf16_to_utf8(data, len, out, out_len);
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
            uint32_t cp = b < 0x80                    ? b
                          : enc == HV_ENCODING_KOI8R  ? koi8r_80[b - 0x80]
                          : enc == HV_ENCODING_CP1251 ? cp1251_code_point(b)
                                                      : hv_cp1252_code_point(b);
            n += put_utf8(text + n, cp == 0 && b != 0 ? 0xFFFD : cp);
        }
    }
    text[n] = '\0';
    *out = text;
    *out_len = n;
    return HV_OK;
}
