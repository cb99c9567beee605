#include "word_set.h"
#include "../lib/hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct hv_word_slot {
    size_t offset; /* into lower */
    size_t len;    /* 0: empty slot */
};

static bool is_word_char(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

size_t hv_lowercase_utf8(const char *s, size_t len, char *out)
{
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t used =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (used <= 0) {
            out[n++] = s[i++];
            continue;
        }
        utf8proc_int32_t lower = utf8proc_tolower(cp);
        /* Keep the byte length: the caller sized out for the input. */
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t enc_len = utf8proc_encode_char(lower, enc);
        if (enc_len <= 0 || enc_len > used + 1) {
            memcpy(out + n, s + i, (size_t)used);
            n += (size_t)used;
        } else {
            memcpy(out + n, enc, (size_t)enc_len);
            n += (size_t)enc_len;
        }
        i += (size_t)used;
    }
    return n;
}

static hv_status grow(hv_word_set *set)
{
    size_t cap = set->cap ? set->cap * 2 : 1024;
    struct hv_word_slot *slots = calloc(cap, sizeof *slots);
    if (!slots) return HV_ERR_NOMEM;
    for (size_t i = 0; i < set->cap; i++) {
        struct hv_word_slot w = set->slots[i];
        if (!w.len) continue;
        size_t k = (size_t)hv_hash(set->lower + w.offset, w.len) & (cap - 1);
        while (slots[k].len)
            k = (k + 1) & (cap - 1);
        slots[k] = w;
    }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
    return HV_OK;
}

static hv_status insert(hv_word_set *set, size_t offset, size_t len)
{
    if ((set->count + 1) * 2 > set->cap) {
        hv_status st = grow(set);
        if (st != HV_OK) return st;
    }
    const char *w = set->lower + offset;
    size_t k = (size_t)hv_hash(w, len) & (set->cap - 1);
    while (set->slots[k].len) {
        struct hv_word_slot s = set->slots[k];
        if (s.len == len && memcmp(set->lower + s.offset, w, len) == 0) return HV_OK;
        k = (k + 1) & (set->cap - 1);
    }
    set->slots[k].offset = offset;
    set->slots[k].len = len;
    set->count++;
    return HV_OK;
}

hv_status hv_word_set_build(hv_word_set *set, const char *text, size_t len)
{
    memset(set, 0, sizeof *set);
    if (len > (SIZE_MAX - 1) / 2) return HV_ERR_NOMEM;
    set->lower = malloc(2 * len + 1);
    if (!set->lower) return HV_ERR_NOMEM;
    set->lower_len = hv_lowercase_utf8(text, len, set->lower);
    set->lower[set->lower_len] = '\0';

    const char *s = set->lower;
    size_t n = set->lower_len;
    size_t i = 0, start = 0;
    bool in_word = false;
    while (i < n) {
        utf8proc_int32_t cp = (unsigned char)s[i];
        utf8proc_ssize_t used = 1;
        if (cp >= 0x80)
            used =
                utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (used <= 0) {
            used = 1;
            cp = ' ';
        }
        if (is_word_char(cp)) {
            if (!in_word) start = i;
            in_word = true;
            i += (size_t)used;
            continue;
        }
        if (in_word && cp == '-' && i + 1 < n) {
            utf8proc_int32_t next;
            if (utf8proc_iterate((const utf8proc_uint8_t *)s + i + 1, (utf8proc_ssize_t)(n - i - 1),
                                 &next) > 0 &&
                is_word_char(next)) {
                i++;
                continue;
            }
        }
        if (in_word) {
            hv_status st = insert(set, start, i - start);
            if (st != HV_OK) {
                hv_word_set_free(set);
                return st;
            }
        }
        in_word = false;
        i += (size_t)used;
    }
    if (in_word) {
        hv_status st = insert(set, start, n - start);
        if (st != HV_OK) {
            hv_word_set_free(set);
            return st;
        }
    }
    return HV_OK;
}

bool hv_word_set_contains(const hv_word_set *set, const char *word, size_t len)
{
    if (!set->cap || len == 0 || len > 256) return false;
    char lower[2 * 256];
    size_t n = hv_lowercase_utf8(word, len, lower);
    size_t k = (size_t)hv_hash(lower, n) & (set->cap - 1);
    while (set->slots[k].len) {
        struct hv_word_slot s = set->slots[k];
        if (s.len == n && memcmp(set->lower + s.offset, lower, n) == 0) return true;
        k = (k + 1) & (set->cap - 1);
    }
    return false;
}

void hv_word_set_free(hv_word_set *set)
{
    free(set->lower);
    free(set->slots);
    memset(set, 0, sizeof *set);
}
