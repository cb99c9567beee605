#include "line_join.h"

#include <string.h>
#include <utf8proc.h>

/* Words that follow a hyphen ending an elided compound part
 * ("participatie- en netwerktraject", "pre- and post-war"). */
static const char *const conjunctions[] = {
    "en", "of", "tot", "and", "or", "to", "nor", "und", "oder", "и", "или", "либо", "а", NULL,
};

static bool is_letter(utf8proc_int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static bool is_digit_cp(utf8proc_int32_t cp)
{
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static bool is_word_cp(utf8proc_int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return is_letter(cp) || is_digit_cp(cp) || cat == UTF8PROC_CATEGORY_MN ||
           cat == UTF8PROC_CATEGORY_MC;
}

static utf8proc_int32_t decode_at(const char *s, size_t len, size_t *used)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    if (n <= 0) {
        *used = 1;
        return 0xFFFD;
    }
    *used = (size_t)n;
    return cp;
}

/* Start of the code point that ends s[0..end). */
static size_t previous_start(const char *s, size_t end)
{
    size_t i = end - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Byte range of the word that ends s[0..end) (letters and digits only). */
static size_t word_start_before(const char *s, size_t end)
{
    size_t i = end;
    while (i > 0) {
        size_t p = previous_start(s, i);
        size_t used;
        if (!is_word_cp(decode_at(s + p, i - p, &used))) break;
        i = p;
    }
    return i;
}

static size_t word_end_after(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t used;
        if (!is_word_cp(decode_at(s + i, len - i, &used))) break;
        i += used;
    }
    return i;
}

static bool all_capitals(const char *s, size_t len)
{
    bool any = false;
    size_t i = 0;
    while (i < len) {
        size_t used;
        utf8proc_int32_t cp = decode_at(s + i, len - i, &used);
        if (is_letter(cp)) {
            if (!utf8proc_isupper(cp)) return false;
            any = true;
        }
        i += used;
    }
    return any;
}

static bool is_conjunction(const char *w, size_t len)
{
    for (size_t i = 0; conjunctions[i]; i++)
        if (strlen(conjunctions[i]) == len && memcmp(conjunctions[i], w, len) == 0) return true;
    return false;
}

typedef enum { JOIN_WORD, KEEP_HYPHEN, KEEP_HYPHEN_SPACE } hyphen_choice;

static hv_status ensure_words(hv_join_context *ctx)
{
    if (ctx->built) return HV_OK;
    hv_status st = hv_word_set_build(&ctx->words, ctx->text, ctx->len);
    if (st == HV_OK) ctx->built = true;
    return st;
}

/* frag: the word before the line-end hyphen; next: the first word of the
 * following line. */
static hyphen_choice choose(const char *frag, size_t frag_len, const char *next, size_t next_len,
                            hv_join_context *ctx)
{
    if (is_conjunction(next, next_len)) return KEEP_HYPHEN_SPACE;
    size_t used;
    utf8proc_int32_t last = decode_at(frag + previous_start(frag, frag_len),
                                      frag_len - previous_start(frag, frag_len), &used);
    utf8proc_int32_t first = decode_at(next, next_len, &used);
    if (is_digit_cp(last) || all_capitals(frag, frag_len)) return KEEP_HYPHEN;
    if (is_digit_cp(first) || utf8proc_isupper(first)) return KEEP_HYPHEN;
    if (!ctx || frag_len + next_len + 1 > 256 || ensure_words(ctx) != HV_OK) return JOIN_WORD;

    char word[257];
    memcpy(word, frag, frag_len);
    memcpy(word + frag_len, next, next_len);
    if (hv_word_set_contains(&ctx->words, word, frag_len + next_len)) return JOIN_WORD;
    word[frag_len] = '-';
    memcpy(word + frag_len + 1, next, next_len);
    if (hv_word_set_contains(&ctx->words, word, frag_len + 1 + next_len)) return KEEP_HYPHEN;
    return JOIN_WORD;
}

hv_status hv_line_join_append(hv_text_buffer *para, const char *line, size_t len,
                              hv_join_context *ctx)
{
    if (len == 0) return HV_OK;
    if (para->len == 0) return hv_text_buffer_append(para, line, len);

    const char *p = para->data;
    size_t plen = para->len;
    if (plen >= 2 && p[plen - 1] == '-') {
        size_t frag_start = word_start_before(p, plen - 1);
        size_t next_len = word_end_after(line, len);
        if (frag_start < plen - 1 && next_len > 0) {
            switch (choose(p + frag_start, plen - 1 - frag_start, line, next_len, ctx)) {
            case JOIN_WORD:
                para->len--; /* drop the hyphen */
                return hv_text_buffer_append(para, line, len);
            case KEEP_HYPHEN:
                return hv_text_buffer_append(para, line, len);
            case KEEP_HYPHEN_SPACE:
                break;
            }
        }
    }
    hv_status st = hv_text_buffer_append_char(para, ' ');
    if (st != HV_OK) return st;
    return hv_text_buffer_append(para, line, len);
}

void hv_join_context_free(hv_join_context *ctx)
{
    if (ctx->built) hv_word_set_free(&ctx->words);
    ctx->built = false;
}
