#include "tokenizer.h"

#include <ctype.h>
#include <strings.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "fold.h"
#include "swar.h"
#include "utf8.h"

typedef enum {
    CLASS_SEPARATOR = 0,
    CLASS_LETTER,
    CLASS_DIGIT,
    CLASS_MARK,      /* combining mark: part of the word it follows */
    CLASS_INVISIBLE, /* soft hyphen, joiners: ignored inside a word */
    CLASS_IDEOGRAPH, /* CJK: no spaces between words, so one token each */
} char_class;

/* Inlined into the tokenizer's letter loop; hv_codepoint_script for the
 * rest. */
static inline hv_script script_of(int cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? HV_SCRIPT_LATIN : HV_SCRIPT_OTHER;
    if (cp < 0x250) {
        if (cp == 0xAA || cp == 0xBA) return HV_SCRIPT_LATIN;
        if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7) return HV_SCRIPT_LATIN;
        return HV_SCRIPT_OTHER;
    }
    if (cp < 0x2B0) return HV_SCRIPT_LATIN; /* IPA extensions */
    if (cp >= 0x400 && cp <= 0x52F) return HV_SCRIPT_CYRILLIC;
    if ((cp >= 0x1C80 && cp <= 0x1C8F) || (cp >= 0x2DE0 && cp <= 0x2DFF) ||
        (cp >= 0xA640 && cp <= 0xA69F))
        return HV_SCRIPT_CYRILLIC;
    if ((cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2C60 && cp <= 0x2C7F) ||
        (cp >= 0xA720 && cp <= 0xA7FF) || (cp >= 0xAB30 && cp <= 0xAB6F) ||
        (cp >= 0xFB00 && cp <= 0xFB06) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A))
        return HV_SCRIPT_LATIN;
    return HV_SCRIPT_OTHER;
}

hv_script hv_codepoint_script(int cp)
{
    return script_of(cp);
}

static bool is_ideograph(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

static char_class classify_nonascii(int32_t cp)
{
    if (cp == 0x00AD || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF)
        return CLASS_INVISIBLE;
    /* the basic Cyrillic block and Latin-1's letters, without a table lookup */
    if ((cp >= 0x0400 && cp <= 0x045F) || (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7))
        return CLASS_LETTER;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_NL:
        return CLASS_LETTER;
    case UTF8PROC_CATEGORY_LO:
        return is_ideograph(cp) ? CLASS_IDEOGRAPH : CLASS_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return CLASS_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return CLASS_MARK;
    default:
        return CLASS_SEPARATOR;
    }
}

hv_char_kind hv_char_kind_of(int32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9')
                   ? HV_CHAR_WORD
                   : HV_CHAR_SEPARATOR;
    switch (classify_nonascii(cp)) {
    case CLASS_LETTER:
    case CLASS_DIGIT:
        return HV_CHAR_WORD;
    case CLASS_SEPARATOR:
        return HV_CHAR_SEPARATOR;
    default:
        return HV_CHAR_CONTEXT;
    }
}

static inline bool ascii_digit(unsigned char b)
{
    return b >= '0' && b <= '9';
}

static inline bool ascii_letter(unsigned char b)
{
    return (unsigned char)((b | 0x20) - 'a') < 26;
}

/* Index of the first byte of text[at..len) that is not an ASCII letter. */
static inline size_t skip_ascii_letters(const char *text, size_t len, size_t at)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (len - at >= 8) {
        uint64_t x = hv_load8(text + at);
        uint64_t other =
            ~(hv_bytes_between(x, 'A', 'Z') | hv_bytes_between(x, 'a', 'z')) & HV_SWAR_HIGH_BITS;
        if (other) return at + (size_t)__builtin_ctzll(other) / 8;
        at += 8;
    }
#endif
    while (at < len && ascii_letter((unsigned char)text[at]))
        at++;
    return at;
}

/* A lowercase or capital letter of the basic Russian alphabet, or Ё/ё,
 * encoded in two bytes (U+0401, U+0410..U+044F, U+0451). */
static inline bool cyrillic_letter(unsigned char b0, unsigned char b1)
{
    return (b0 == 0xD0 && ((b1 >= 0x90 && b1 <= 0xBF) || b1 == 0x81)) ||
           (b0 == 0xD1 && (b1 <= 0x8F || b1 == 0x91) && b1 >= 0x80);
}

/* The letters cyrillic_letter takes, as code points: А-я, Ё, ё. */
static inline bool basic_russian(int32_t cp)
{
    return (cp >= 0x0410 && cp <= 0x044F) || cp == 0x0401 || cp == 0x0451;
}

/* Reads the code point at text[i] and its class; returns its byte length. */
static inline size_t next_char(const char *text, size_t len, size_t i, int32_t *cp, char_class *cls)
{
    unsigned char b = (unsigned char)text[i];
    if (b < 0x80) {
        *cp = b;
        *cls = ascii_letter(b) ? CLASS_LETTER : ascii_digit(b) ? CLASS_DIGIT : CLASS_SEPARATOR;
        return 1;
    }
    size_t n = hv_utf8_decode(text + i, len - i, cp);
    *cls = classify_nonascii(*cp);
    return n;
}

void hv_token_list_init(hv_token_list *list)
{
    memset(list, 0, sizeof *list);
}

void hv_token_list_clear(hv_token_list *list)
{
    list->count = 0;
    hv_arena_clear(&list->arena);
}

void hv_token_list_free(hv_token_list *list)
{
    free(list->tokens);
    hv_arena_free(&list->arena);
    memset(list, 0, sizeof *list);
}

static hv_status reserve_tokens(hv_token_list *list)
{
    if (list->count < list->cap) return HV_OK;
    size_t cap = list->cap ? list->cap * 2 : 256;
    hv_token *tokens = realloc(list->tokens, cap * sizeof *tokens);
    if (!tokens) return HV_ERR_NOMEM;
    list->tokens = tokens;
    list->cap = cap;
    return HV_OK;
}

typedef struct {
    size_t start, end;
    bool ascii; /* every byte ASCII: fold by lowercasing */
    bool plain; /* ASCII and basic Russian letters only: hv_fold_plain_into */
    bool has_digit;
    unsigned latin, cyrillic, other;
} word_scan;

static hv_script word_script(const word_scan *w)
{
    if (w->has_digit) return HV_SCRIPT_NUMERIC;
    if (w->latin >= w->cyrillic && w->latin >= w->other && w->latin > 0) return HV_SCRIPT_LATIN;
    if (w->cyrillic >= w->other && w->cyrillic > 0) return HV_SCRIPT_CYRILLIC;
    return HV_SCRIPT_OTHER;
}

static inline void count_letter(word_scan *w, int32_t cp)
{
    switch (script_of(cp)) {
    case HV_SCRIPT_LATIN:
        w->latin++;
        break;
    case HV_SCRIPT_CYRILLIC:
        w->cyrillic++;
        break;
    default:
        w->other++;
        break;
    }
}

/* A hyphen directly followed by a word character joins two tokens. */
static bool hyphen_joins(const char *text, size_t len, size_t at)
{
    if (at >= len) return false;
    size_t n;
    unsigned char b = (unsigned char)text[at];
    if (b == '-') {
        n = 1;
    } else if (b == 0xE2 && len - at >= 3 && (unsigned char)text[at + 1] == 0x80 &&
               ((unsigned char)text[at + 2] == 0x90 || (unsigned char)text[at + 2] == 0x91)) {
        n = 3; /* U+2010 hyphen, U+2011 non-breaking hyphen */
    } else {
        return false;
    }
    if (at + n >= len) return false;
    int32_t cp;
    char_class cls;
    next_char(text, len, at + n, &cp, &cls);
    return cls == CLASS_LETTER || cls == CLASS_DIGIT || cls == CLASS_IDEOGRAPH;
}

static hv_status emit(hv_token_list *list, const char *text, size_t len, const word_scan *w)
{
    size_t src_len = w->end - w->start;
    char *dst = hv_arena_reserve(&list->arena, w->ascii ? src_len + 1 : HV_FOLD_BOUND(src_len));
    if (!dst) return HV_ERR_NOMEM;
    size_t folded_len;
    if (w->ascii) {
        const char *src = text + w->start;
        size_t k = 0;
        for (; src_len - k >= 8; k += 8) {
            uint64_t lower = hv_ascii_lower8(hv_load8(src + k));
            memcpy(dst + k, &lower, sizeof lower);
        }
        for (; k < src_len; k++)
            dst[k] = (char)((src[k] >= 'A' && src[k] <= 'Z') ? src[k] + 32 : src[k]);
        dst[src_len] = '\0';
        folded_len = src_len;
    } else if (w->plain) {
        folded_len = hv_fold_plain_into(text + w->start, src_len, dst);
    } else {
        folded_len = hv_fold_into(text + w->start, src_len, dst);
    }
    if (folded_len > HV_MAX_WORD_BYTES || folded_len == 0) return HV_OK;
    hv_status st = reserve_tokens(list);
    if (st != HV_OK) return st;
    hv_arena_commit(&list->arena, folded_len + 1);
    hv_token *tok = &list->tokens[list->count++];
    tok->start = w->start;
    tok->end = w->end;
    tok->folded = dst;
    tok->folded_len = folded_len;
    tok->script = word_script(w);
    tok->hyphen_after = hyphen_joins(text, len, w->end);
    tok->in_url = false;
    return HV_OK;
}

static hv_status tokenize(const char *text, size_t len, hv_token_list *list);

static bool url_start(const char *s, size_t len)
{
    /* asked at every word: most start with neither "ht" nor "ww" */
    char c = (char)(s[0] | 0x20);
    if (len < 4 || (c != 'h' && c != 'w') || (char)(s[1] | 0x20) != (c == 'h' ? 't' : 'w'))
        return false;
    return (len > 8 && strncasecmp(s, "https://", 8) == 0) ||
           (len > 7 && strncasecmp(s, "http://", 7) == 0) ||
           (len > 4 && strncasecmp(s, "www.", 4) == 0);
}

/* Marks the tokens that lie inside web addresses: the words of a link are
 * not words of the text, and a link full of query words must not outrank
 * the passage that answers the query.  An address starts with a letter
 * after a space, '(' or '<', so where a token starts: only those places
 * are looked at, not every byte. */
static void mark_urls(const char *text, size_t len, hv_token *tokens, size_t n)
{
    for (size_t t = 0; t < n;) {
        size_t i = tokens[t].start;
        if (!url_start(text + i, len - i) || (i > 0 && !isspace((unsigned char)text[i - 1]) &&
                                              text[i - 1] != '(' && text[i - 1] != '<')) {
            t++;
            continue;
        }
        size_t end = i;
        while (end < len && !isspace((unsigned char)text[end]))
            end++;
        for (; t < n && tokens[t].start < end; t++)
            tokens[t].in_url = true;
    }
}

hv_status hv_tokenize(const char *text, size_t len, hv_token_list *list)
{
    size_t first = list ? list->count : 0;
    hv_status st = tokenize(text, len, list);
    if (st == HV_OK) mark_urls(text, len, list->tokens + first, list->count - first);
    return st;
}

static hv_status tokenize(const char *text, size_t len, hv_token_list *list)
{
    if (!list || (!text && len)) return HV_ERR_INVALID_ARGUMENT;
    /* Folded text is about as long as the input: one block of that size
     * rather than several growing ones. */
    if (!hv_arena_reserve(&list->arena, len + len / 4 + 64)) return HV_ERR_NOMEM;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        char_class cls;
        size_t n = next_char(text, len, i, &cp, &cls);
        if (cls == CLASS_IDEOGRAPH) {
            word_scan w = {.start = i, .end = i + n, .ascii = false, .other = 1};
            hv_status st = emit(list, text, len, &w);
            if (st != HV_OK) return st;
            i += n;
            continue;
        }
        if (cls != CLASS_LETTER && cls != CLASS_DIGIT) {
            i += n;
            continue;
        }
        word_scan w = {.start = i, .ascii = cp < 0x80, .plain = true};
        bool last_digit = false;
        for (;;) {
            if (cls == CLASS_DIGIT) {
                w.has_digit = true;
                last_digit = true;
            } else if (cls == CLASS_LETTER) {
                count_letter(&w, cp);
                last_digit = false;
            }
            if (cls != CLASS_INVISIBLE) w.end = i + n;
            if (cp >= 0x80) {
                w.ascii = false;
                if (!basic_russian(cp)) w.plain = false;
            }
            i += n;
            /* Most of a word is ASCII or two-byte Cyrillic letters: runs of
             * them are taken whole, as the general step would take them. */
            size_t run = skip_ascii_letters(text, len, i);
            w.latin += (unsigned)(run - i);
            size_t cyr = run;
            while (cyr + 1 < len &&
                   cyrillic_letter((unsigned char)text[cyr], (unsigned char)text[cyr + 1]))
                cyr += 2;
            if (cyr > run) {
                w.cyrillic += (unsigned)(cyr - run) / 2;
                w.ascii = false;
            }
            if (cyr > i) {
                w.end = i = cyr;
                last_digit = false;
            }
            if (i >= len) break;
            unsigned char b = (unsigned char)text[i];
            if (last_digit && (b == '.' || b == ',' || b == '/') && i + 1 < len &&
                ascii_digit((unsigned char)text[i + 1])) {
                /* 3.2, 177,24, 1/4/2023: the joiner and the digit after it */
                i += 1;
                cp = (unsigned char)text[i];
                cls = CLASS_DIGIT;
                n = 1;
                continue;
            }
            n = next_char(text, len, i, &cp, &cls);
            if (cls == CLASS_LETTER || cls == CLASS_DIGIT || cls == CLASS_MARK) continue;
            if (cls == CLASS_INVISIBLE) {
                /* Only inside a word: a trailing soft hyphen ends it. */
                continue;
            }
            break;
        }
        /* An invisible character at the end was skipped but is not part of
         * the token: w.end stops at the last visible character. */
        hv_status st = emit(list, text, len, &w);
        if (st != HV_OK) return st;
        i = i > w.end ? i : w.end;
    }
    return HV_OK;
}
