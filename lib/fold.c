#include "fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "swar.h"
#include "tokenizer.h"
#include "utf8.h"

/* Invisible format characters that may sit inside a word (a soft hyphen
 * left by PDF extraction, joiners, a stray BOM): folding drops them so the
 * word matches its plain spelling. */
static bool is_invisible_in_word(int32_t cp)
{
    return cp == 0x00AD || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

/* The basic Cyrillic letters, most of every Russian text: no table lookup. */
static inline bool is_basic_cyrillic(int32_t cp)
{
    return cp >= 0x0400 && cp <= 0x045F;
}

static bool is_combining_mark(int32_t cp)
{
    if (is_basic_cyrillic(cp)) return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME;
}

/* Latin letters without a canonical decomposition that readers still see as
 * a decorated plain letter. */
static int32_t strip_undecomposable(int32_t cp)
{
    switch (cp) {
    case 0x00F8:
        return 'o'; /* ø */
    case 0x0142:
        return 'l'; /* ł */
    case 0x0111:
        return 'd'; /* đ */
    case 0x0131:
        return 'i'; /* dotless ı */
    default:
        return cp;
    }
}

/* Latin ligatures, written as the letters they join: Dutch ĳ (FreeDict's
 * Dutch words are spelt with it, the documents with "ij"), and the fi, fl,
 * ff ligatures that PDF extraction leaves in words.  NULL for the rest. */
static const char *latin_ligature(int32_t cp)
{
    switch (cp) {
    case 0x0132: /* Ĳ */
    case 0x0133: /* ĳ */
        return "ij";
    case 0x0152: /* Œ */
    case 0x0153: /* œ */
        return "oe";
    case 0x00C6: /* Æ */
    case 0x00E6: /* æ */
        return "ae";
    case 0xFB00:
        return "ff";
    case 0xFB01:
        return "fi";
    case 0xFB02:
        return "fl";
    case 0xFB03:
        return "ffi";
    case 0xFB04:
        return "ffl";
    case 0xFB05:
    case 0xFB06:
        return "st";
    default:
        return NULL;
    }
}

static int32_t fold_latin(int32_t cp)
{
    int32_t lower = utf8proc_tolower(cp);
    utf8proc_int32_t parts[4];
    int last_boundclass = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(lower, parts, 4, UTF8PROC_DECOMPOSE, &last_boundclass);
    if (n >= 1 && n <= 4 && hv_codepoint_script(parts[0]) == HV_SCRIPT_LATIN &&
        utf8proc_category(parts[0]) != UTF8PROC_CATEGORY_MN)
        lower = parts[0];
    return strip_undecomposable(lower);
}

static int32_t fold_cyrillic(int32_t cp)
{
    switch (cp) {
    case 0x0401: /* Ё */
    case 0x0451: /* ё */
    case 0x0400: /* Ѐ (е with a stress grave) */
    case 0x0450:
        return 0x0435;
    case 0x040D: /* Ѝ */
    case 0x045D:
        return 0x0438;
    default:
        break;
    }
    if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;
    if (cp >= 0x0430 && cp <= 0x045F) return cp;
    if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;
    return utf8proc_tolower(cp);
}

int hv_fold_codepoint(int cp)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp > 0x10FFFF) return cp;
    if (is_combining_mark(cp)) return -1;
    switch (hv_codepoint_script(cp)) {
    case HV_SCRIPT_LATIN:
        return fold_latin(cp);
    case HV_SCRIPT_CYRILLIC:
        return fold_cyrillic(cp);
    default:
        return utf8proc_tolower(cp);
    }
}

static size_t encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t hv_fold_into(const char *in, size_t len, char *out)
{
    size_t o = 0, i = 0;
    /* Script of the last base character written, and where it starts in
     * out: decides what a following combining mark means. */
    hv_script base_script = HV_SCRIPT_OTHER;
    bool have_base = false;
    int32_t base_folded = 0;
    size_t base_at = 0;
    while (i < len) {
        unsigned char b = (unsigned char)in[i];
        if (b < 0x80) {
            /* a run of ASCII at once: most of any Latin text */
            while (len - i >= 8 && !(hv_load8(in + i) & HV_SWAR_HIGH_BITS)) {
                uint64_t lower = hv_ascii_lower8(hv_load8(in + i));
                memcpy(out + o, &lower, sizeof lower);
                i += 8;
                o += 8;
            }
            b = i < len ? (unsigned char)in[i] : 0x80;
            while (b < 0x80) {
                out[o++] = (b >= 'A' && b <= 'Z') ? (char)(b + 32) : (char)b;
                b = ++i < len ? (unsigned char)in[i] : 0x80;
            }
            have_base = true;
            base_script = HV_SCRIPT_LATIN; /* digits and punctuation: harmless */
            base_folded = 0;
            continue;
        }
        /* Russian text is almost all the basic Cyrillic block, two bytes
         * each: folded here as hv_fold_codepoint would, without the
         * general decoding and tests.  First a run of А-Я and а-я, whose
         * lowercase is a fixed shift of the second byte. */
        size_t run_start = o;
        while (i + 1 < len) {
            unsigned char b0 = (unsigned char)in[i], b1 = (unsigned char)in[i + 1];
            if (b0 == 0xD0 && b1 >= 0x90 && b1 <= 0x9F) { /* А-П */
                out[o] = (char)0xD0;
                out[o + 1] = (char)(b1 + 0x20);
            } else if (b0 == 0xD0 && b1 >= 0xA0 && b1 <= 0xAF) { /* Р-Я */
                out[o] = (char)0xD1;
                out[o + 1] = (char)(b1 - 0x20);
            } else if ((b0 == 0xD0 && b1 >= 0xB0 && b1 <= 0xBF) ||
                       (b0 == 0xD1 && b1 >= 0x80 && b1 <= 0x8F)) { /* а-я */
                out[o] = (char)b0;
                out[o + 1] = (char)b1;
            } else {
                break;
            }
            o += 2;
            i += 2;
        }
        if (o > run_start) {
            base_script = HV_SCRIPT_CYRILLIC;
            have_base = true;
            base_at = o - 2;
            base_folded =
                (((unsigned char)out[o - 2] & 0x1F) << 6) | ((unsigned char)out[o - 1] & 0x3F);
            continue;
        }
        if ((b == 0xD0 || b == 0xD1) && i + 1 < len && ((unsigned char)in[i + 1] & 0xC0) == 0x80) {
            int32_t cp = ((b & 0x1F) << 6) | ((unsigned char)in[i + 1] & 0x3F);
            if (cp <= 0x045F) {
                int32_t f = fold_cyrillic(cp);
                base_script = HV_SCRIPT_CYRILLIC;
                have_base = true;
                base_folded = f;
                base_at = o;
                o += encode(f, out + o);
                i += 2;
                continue;
            }
        }
        int32_t cp;
        i += hv_utf8_decode(in + i, len - i, &cp);
        if (is_invisible_in_word(cp)) continue;
        if (is_combining_mark(cp)) {
            if (have_base && base_script == HV_SCRIPT_CYRILLIC) {
                /* A decomposed й is и + breve: rebuild it, since й is a
                 * letter of its own.  Other marks on Cyrillic (stress
                 * accents, the diaeresis of a decomposed ё) go. */
                if (cp == 0x0306 && base_folded == 0x0438) {
                    o = base_at + encode(0x0439, out + base_at);
                    base_folded = 0x0439;
                }
                continue;
            }
            if (have_base && base_script == HV_SCRIPT_LATIN) continue;
            o += encode(cp, out + o);
            continue;
        }
        const char *letters = latin_ligature(cp);
        if (letters) { /* never longer than the ligature's own UTF-8 */
            while (*letters)
                out[o++] = *letters++;
            base_script = HV_SCRIPT_LATIN;
            have_base = true;
            base_folded = (unsigned char)out[o - 1];
            base_at = o - 1;
            continue;
        }
        int32_t f = hv_fold_codepoint(cp);
        base_script = hv_codepoint_script(cp);
        have_base = true;
        base_folded = f;
        base_at = o;
        o += encode(f, out + o);
    }
    out[o] = '\0';
    return o;
}

size_t hv_fold_plain_into(const char *in, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char *o = (unsigned char *)out;
    size_t i = 0;
    while (i < len) {
        unsigned char b0 = s[i];
        if (b0 < 0x80) {
            o[i++] = (b0 >= 'A' && b0 <= 'Z') ? (unsigned char)(b0 + 32) : b0;
            continue;
        }
        unsigned char b1 = s[i + 1];
        if (b0 == 0xD0 && b1 >= 0x90 && b1 <= 0x9F) { /* А-П */
            o[i] = 0xD0;
            o[i + 1] = (unsigned char)(b1 + 0x20);
        } else if (b0 == 0xD0 && b1 >= 0xA0 && b1 <= 0xAF) { /* Р-Я */
            o[i] = 0xD1;
            o[i + 1] = (unsigned char)(b1 - 0x20);
        } else if ((b0 == 0xD0 && b1 == 0x81) || (b0 == 0xD1 && b1 == 0x91)) { /* Ё ё -> е */
            o[i] = 0xD0;
            o[i + 1] = 0xB5;
        } else { /* а-я */
            o[i] = b0;
            o[i + 1] = b1;
        }
        i += 2;
    }
    o[len] = '\0';
    return len;
}

hv_status hv_fold(const char *in, size_t len, char **out, size_t *out_len)
{
    if (!out || (!in && len)) return HV_ERR_INVALID_ARGUMENT;
    if (len > (SIZE_MAX - 1) / 3) return HV_ERR_TOO_LARGE;
    char *buf = malloc(HV_FOLD_BOUND(len));
    if (!buf) return HV_ERR_NOMEM;
    size_t n = hv_fold_into(in ? in : "", len, buf);
    char *shrunk = realloc(buf, n + 1);
    *out = shrunk ? shrunk : buf;
    if (out_len) *out_len = n;
    return HV_OK;
}
