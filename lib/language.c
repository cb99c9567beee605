#include "language.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "stopwords.h"
#include "tokenizer.h"
#include "utf8.h"

/* Detection reads at most this much of a passage: enough to decide, and it
 * keeps a huge input from costing a full tokenization. */
#define DETECT_MAX_BYTES (64 * 1024)

static const char *const codes[HV_LANG_COUNT] = {
    [HV_LANG_UNKNOWN] = "",
    [HV_LANG_NL] = "nl",
    [HV_LANG_EN] = "en",
    [HV_LANG_RU] = "ru",
};

const char *hv_lang_code(hv_lang lang)
{
    if ((unsigned)lang >= HV_LANG_COUNT) return "";
    return codes[lang];
}

hv_lang hv_lang_from_code(const char *code)
{
    if (!code || !code[0] || !code[1] || code[2]) return HV_LANG_UNKNOWN;
    char c[3] = {(char)(code[0] | 0x20), (char)(code[1] | 0x20), '\0'};
    for (int l = HV_LANG_UNKNOWN + 1; l < HV_LANG_COUNT; l++)
        if (strcmp(c, codes[l]) == 0) return (hv_lang)l;
    return HV_LANG_UNKNOWN;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len > n && memcmp(s + len - n, suffix, n) == 0;
}

typedef struct {
    unsigned score;    /* stopword hits count double, spelling cues single */
    unsigned distinct; /* stopwords found only in this language's list */
} evidence;

/* Letter spellings far more common in one of the two languages: Dutch ij,
 * oe, sch, aa, uu, ui; English th, wh, y, -tion, -ly.  One pass over the
 * word, since detection runs on every paragraph the indexer reads. */
static void spelling_cues(const hv_token *t, evidence *nl, evidence *en)
{
    const char *w = t->folded;
    size_t n = t->folded_len;
    bool dutch = false, english = ends_with(w, n, "tion") || ends_with(w, n, "ly");
    for (size_t i = 0; i < n; i++) {
        char c = w[i], next = i + 1 < n ? w[i + 1] : '\0';
        if (c == 'y')
            english = true;
        else if (next == 'h' && (c == 't' || c == 'w'))
            english = true;
        else if ((c == 'i' && next == 'j') || (c == 'o' && next == 'e') ||
                 (c == 'a' && next == 'a') || (c == 'u' && (next == 'u' || next == 'i')) ||
                 (c == 's' && next == 'c' && i + 2 < n && w[i + 2] == 'h'))
            dutch = true;
    }
    if (dutch) nl->score++;
    if (english) en->score++;
}

/* strict: only stopwords count, and no evidence is HV_LANG_UNKNOWN */
static hv_lang latin_language(const hv_token_list *tokens, bool strict)
{
    evidence nl = {0, 0}, en = {0, 0};
    for (size_t i = 0; i < tokens->count; i++) {
        const hv_token *t = &tokens->tokens[i];
        if (t->script != HV_SCRIPT_LATIN) continue;
        unsigned langs = hv_stopword_langs(t->folded, t->folded_len);
        bool is_nl = langs & (1u << HV_LANG_NL);
        bool is_en = langs & (1u << HV_LANG_EN);
        if (is_nl && !is_en) {
            nl.score += 2;
            nl.distinct++;
        } else if (is_en && !is_nl) {
            en.score += 2;
            en.distinct++;
        }
        if (!strict) spelling_cues(t, &nl, &en);
    }
    if (strict)
        return nl.distinct == en.distinct  ? HV_LANG_UNKNOWN
               : nl.distinct > en.distinct ? HV_LANG_NL
                                           : HV_LANG_EN;
    if (nl.score != en.score) return nl.score > en.score ? HV_LANG_NL : HV_LANG_EN;
    if (nl.distinct != en.distinct) return nl.distinct > en.distinct ? HV_LANG_NL : HV_LANG_EN;
    /* No evidence either way: Dutch, the main language of the corpus.  The
     * query side stems Latin words as Dutch and as English alike, so a
     * wrong guess here costs little. */
    return HV_LANG_NL;
}

static hv_lang detect(const char *text, size_t len, bool strict)
{
    if (!text || len == 0) return HV_LANG_UNKNOWN;
    if (len > DETECT_MAX_BYTES) {
        len = DETECT_MAX_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    size_t latin = 0, cyrillic = 0, other = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)text[i];
        if (b < 0x80) {
            if ((unsigned char)((b | 0x20) - 'a') < 26) latin++;
            i++;
            continue;
        }
        int32_t cp;
        i += hv_utf8_decode(text + i, len - i, &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO) continue;
        switch (hv_codepoint_script(cp)) {
        case HV_SCRIPT_LATIN:
            latin++;
            break;
        case HV_SCRIPT_CYRILLIC:
            cyrillic++;
            break;
        default:
            other++;
            break;
        }
    }
    if (latin + cyrillic + other == 0) return HV_LANG_UNKNOWN;
    if (cyrillic > latin) return HV_LANG_RU;
    /* only other scripts: the corpus' main language, unless strict */
    if (latin == 0) return strict ? HV_LANG_UNKNOWN : HV_LANG_NL;
    hv_token_list tokens = HV_TOKEN_LIST_INIT;
    hv_lang lang = strict ? HV_LANG_UNKNOWN : HV_LANG_NL;
    if (hv_tokenize(text, len, &tokens) == HV_OK) lang = latin_language(&tokens, strict);
    hv_token_list_free(&tokens);
    return lang;
}

hv_lang hv_detect_language(const char *text, size_t len)
{
    return detect(text, len, false);
}

hv_lang hv_guess_query_language(const char *text, size_t len)
{
    return detect(text, len, true);
}
