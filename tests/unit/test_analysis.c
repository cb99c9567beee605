#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"
#include "test_analyzer.h"
#include "stopwords.h"
#include "stemmer.h"

static const hv_term *find(const hv_term_list *list, const char *term)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->terms[i].term, term) == 0) return &list->terms[i];
    return NULL;
}

static size_t count_prefixed(const hv_term_list *list)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        if (list->terms[i].term[0] == HV_PREFIX_STEM) n++;
    return n;
}

static void test_term_list(void **state)
{
    (void)state;
    hv_term_list list = HV_TERM_LIST_INIT;
    char buf[32];
    for (unsigned i = 0; i < 50000; i++) {
        int n = snprintf(buf, sizeof buf, "term%u", i);
        assert_int_equal(hv_term_list_add(&list, buf, (size_t)n, i + 1, 2), HV_OK);
    }
    assert_int_equal(list.count, 50000);
    assert_string_equal(list.terms[0].term, "term0"); /* still valid after growth */
    assert_int_equal(list.terms[0].len, 5);
    assert_string_equal(list.terms[49999].term, "term49999");
    assert_int_equal(list.terms[49999].pos, 50000);
    assert_int_equal(list.terms[49999].wdf, 2);
    hv_term_list_clear(&list);
    assert_int_equal(list.count, 0);
    assert_int_equal(hv_term_list_add(&list, "ab\0cd", 5, 0, 1), HV_OK);
    assert_int_equal(list.terms[0].len, 5);
    assert_memory_equal(list.terms[0].term, "ab\0cd", 6);
    assert_int_equal(hv_term_list_add(&list, NULL, 2, 0, 1), HV_ERR_INVALID_ARGUMENT);
    hv_term_list_free(&list);
}

static void test_dutch_text(void **state)
{
    hv_analyzer *a = *state;
    hv_term_list out = HV_TERM_LIST_INIT;
    const char *text = "De kinderen krijgen OCMW-steun sinds 1/4/2023.";
    unsigned pos = 10;
    assert_int_equal(hv_analyze_text(a, text, strlen(text), HV_LANG_NL, 1, &pos, &out), HV_OK);
    assert_int_equal(pos, 17); /* 7 words: de kinderen krijgen ocmw steun sinds 1/4/2023 */
    const hv_term *t = find(&out, "kinderen");
    assert_non_null(t);
    assert_int_equal(t->pos, 11);
    assert_int_equal(t->wdf, 1);
    t = find(&out, "Zkinder");
    assert_non_null(t);
    assert_int_equal(t->pos, 0);
    assert_non_null(find(&out, "ocmw"));
    assert_int_equal(find(&out, "steun")->pos, 14);
    t = find(&out, "1/4/2023");
    assert_non_null(t);
    assert_int_equal(t->pos, 16);
    /* numbers get no stem term, nor do words that are their own stem
     * (ocmw, steun); kinderen and krijgen do.  Stopwords (de, sinds) get no
     * term at all, but hold their place */
    assert_null(find(&out, "Z1/4/2023"));
    assert_null(find(&out, "Zde"));
    assert_null(find(&out, "Zocmw"));
    assert_null(find(&out, "Zsteun"));
    assert_non_null(find(&out, "Zkrijg"));
    assert_null(find(&out, "de"));
    assert_null(find(&out, "sinds"));
    assert_int_equal(count_prefixed(&out), 2);
    assert_int_equal(out.count, 7);
    /* no language term: the indexer adds that */
    for (size_t i = 0; i < out.count; i++)
        assert_true(out.terms[i].term[0] != HV_PREFIX_LANG);
    hv_term_list_free(&out);
}

static void test_weight_and_appending(void **state)
{
    hv_analyzer *a = *state;
    hv_term_list out = HV_TERM_LIST_INIT;
    unsigned pos = 1;
    assert_int_equal(hv_analyze_text(a, "Einde opvang", 12, HV_LANG_NL, 5, &pos, &out), HV_OK);
    assert_int_equal(hv_analyze_text(a, "De opvang", 9, HV_LANG_NL, 1, &pos, &out), HV_OK);
    assert_int_equal(pos, 5);
    assert_int_equal(out.terms[0].wdf, 5);
    assert_string_equal(out.terms[0].term, "einde");
    const hv_term *last = &out.terms[out.count - 1]; /* opvang is its own stem */
    assert_string_equal(last->term, "opvang");
    assert_int_equal(last->pos, 4);
    assert_int_equal(last->wdf, 1);
    hv_term_list_free(&out);
}

static void test_passage_fields(void **state)
{
    hv_analyzer *a = *state;
    hv_passage_fields passage = {.section = "Einde opvang",
                                 .title = "Gids",
                                 .text = "De kinderen gaan.",
                                 .lang = HV_LANG_NL};
    hv_term_list all = HV_TERM_LIST_INIT, words = HV_TERM_LIST_INIT;
    assert_int_equal(hv_analyze_passage(a, &passage, &all), HV_OK);
    assert_int_equal(hv_passage_positions(a, &passage, &words), HV_OK);
    /* heading (weighs 2), a gap, title, a gap, text: 1 2 | 4 | 6 7 8 */
    assert_int_equal(find(&all, "einde")->wdf, 2);
    assert_int_equal(find(&all, "gids")->pos, 4);
    assert_null(find(&all, "de"));
    assert_non_null(find(&all, "Zkinder"));
    /* the words for phrases: every one, stopwords too, and no stems */
    assert_int_equal(words.count, 6);
    assert_string_equal(words.terms[3].term, "de");
    assert_int_equal(words.terms[3].pos, 6);
    assert_int_equal(words.terms[5].pos, 8);
    assert_int_equal(count_prefixed(&words), 0);
    /* the same numbering on both sides */
    assert_int_equal(find(&all, "gaan")->pos, words.terms[5].pos);
    hv_term_list_free(&all);
    hv_term_list_free(&words);
}

static void test_russian_and_unknown(void **state)
{
    hv_analyzer *a = *state;
    hv_term_list out = HV_TERM_LIST_INIT;
    unsigned pos = 1;
    const char *text = "Убежище в Бельгии";
    assert_int_equal(hv_analyze_text(a, text, strlen(text), HV_LANG_RU, 1, &pos, &out), HV_OK);
    assert_non_null(find(&out, "бельгии"));
    assert_non_null(find(&out, "Zбельг"));
    hv_term_list_clear(&out);
    assert_int_equal(hv_analyze_text(a, text, strlen(text), HV_LANG_UNKNOWN, 1, &pos, &out), HV_OK);
    assert_int_equal(count_prefixed(&out), 0);
    assert_int_equal(out.count, 3);
    hv_term_list_free(&out);
}

static void test_cross_script_words(void **state)
{
    hv_analyzer *a = *state;
    hv_term_list out = HV_TERM_LIST_INIT;
    unsigned pos = 1;
    /* a Cyrillic word in a Dutch passage is still stemmed as Russian */
    const char *text = "het woord бельгии";
    assert_int_equal(hv_analyze_text(a, text, strlen(text), HV_LANG_NL, 1, &pos, &out), HV_OK);
    assert_non_null(find(&out, "Zбельг"));
    hv_term_list_free(&out);
}

static void test_stem_term(void **state)
{
    hv_analyzer *a = *state;
    hv_token_list tokens = HV_TOKEN_LIST_INIT;
    const char *text = "Seeking 2022 бельгия";
    assert_int_equal(hv_tokenize(text, strlen(text), &tokens), HV_OK);
    assert_int_equal(tokens.count, 3);
    const char *term;
    size_t len;
    assert_int_equal(hv_stem_term(a, HV_LANG_EN, &tokens.tokens[0], &term, &len), HV_OK);
    assert_string_equal(term, "Zseek");
    assert_int_equal(len, 5);
    assert_int_equal(hv_stem_term(a, HV_LANG_EN, &tokens.tokens[1], &term, &len), HV_ERR_NOT_FOUND);
    assert_int_equal(hv_stem_term(a, HV_LANG_UNKNOWN, &tokens.tokens[0], &term, &len),
                     HV_ERR_NOT_FOUND);
    assert_int_equal(hv_stem_term(a, HV_LANG_RU, &tokens.tokens[2], &term, &len), HV_OK);
    assert_string_equal(term, "Zбельг");

    assert_int_equal(hv_query_word_langs(&tokens.tokens[0]),
                     (1u << HV_LANG_NL) | (1u << HV_LANG_EN));
    assert_int_equal(hv_query_word_langs(&tokens.tokens[1]), 0);
    assert_int_equal(hv_query_word_langs(&tokens.tokens[2]), 1u << HV_LANG_RU);
    hv_token_list_free(&tokens);
    assert_non_null(hv_analyzer_stemmer(a));
}

static void test_index_and_query_sides_agree(void **state)
{
    hv_analyzer *a = *state;
    hv_term_list out = HV_TERM_LIST_INIT;
    unsigned pos = 1;
    const char *doc = "Asielzoekers krijgen opvang.";
    assert_int_equal(hv_analyze_text(a, doc, strlen(doc), HV_LANG_NL, 1, &pos, &out), HV_OK);
    hv_token_list q = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize("asielzoeker", 11, &q), HV_OK);
    const char *term;
    size_t len;
    assert_int_equal(hv_stem_term(a, HV_LANG_NL, &q.tokens[0], &term, &len), HV_OK);
    assert_non_null(find(&out, term));
    hv_token_list_free(&q);
    hv_term_list_free(&out);
}

static void test_bad_and_empty_input(void **state)
{
    hv_analyzer *a = *state;
    hv_term_list out = HV_TERM_LIST_INIT;
    unsigned pos = 7;
    assert_int_equal(hv_analyze_text(a, "", 0, HV_LANG_NL, 1, &pos, &out), HV_OK);
    assert_int_equal(out.count, 0);
    assert_int_equal(pos, 7);
    const char bad[] = "ab\xC3 \0 \xED\xA0\x80 cd";
    assert_int_equal(hv_analyze_text(a, bad, sizeof bad - 1, HV_LANG_EN, 1, &pos, &out), HV_OK);
    assert_int_equal(pos, 9);
    assert_int_equal(hv_analyze_text(a, NULL, 4, HV_LANG_EN, 1, &pos, &out),
                     HV_ERR_INVALID_ARGUMENT);
    assert_int_equal(hv_analyze_text(a, "x", 1, HV_LANG_EN, 1, NULL, &out),
                     HV_ERR_INVALID_ARGUMENT);
    hv_term_list_free(&out);
}

static void test_one_megabyte(void **state)
{
    hv_analyzer *a = *state;
    size_t len = 1 << 20;
    char *text = malloc(len);
    assert_non_null(text);
    const char *unit = "De opvang van verzoekers om internationale bescherming 2023 ";
    size_t ulen = strlen(unit);
    for (size_t i = 0; i < len; i++)
        text[i] = unit[i % ulen];
    hv_term_list out = HV_TERM_LIST_INIT;
    unsigned pos = 1;
    assert_int_equal(hv_analyze_text(a, text, len, HV_LANG_NL, 1, &pos, &out), HV_OK);
    size_t words = pos - 1;
    assert_true(words > 100000);
    assert_true(out.count > words / 2);
    assert_string_equal(out.terms[0].term, "opvang"); /* de is a stopword */
    size_t exact = 0, stems = 0;
    for (size_t i = 0; i < out.count; i++) {
        if (strcmp(out.terms[i].term, "verzoekers") == 0) exact++;
        if (strcmp(out.terms[i].term, "Zverzoeker") == 0) stems++;
    }
    assert_true(exact >= len / ulen);
    assert_int_equal(exact, stems);
    hv_term_list_free(&out);
    free(text);
}

static void test_web_address_words_kept_apart(void **state)
{
    hv_analyzer *a = *state;
    const char *text =
        "Lees meer op https://www.agii.be/installatiepremie-daklozen over de premie.";
    hv_term_list terms = HV_TERM_LIST_INIT;
    unsigned pos = 1;
    assert_int_equal(hv_analyze_text(a, text, strlen(text), HV_LANG_NL, 1, &pos, &terms), HV_OK);
    assert_null(find(&terms, "installatiepremie"));
    assert_null(find(&terms, "daklozen"));
    const hv_term *w = find(&terms, "Winstallatiepremie");
    assert_non_null(w);
    assert_int_not_equal(w->pos, 0);
    assert_non_null(find(&terms, "premie")); /* its own stem: no Zpremie */
    hv_token_list tokens = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &tokens), HV_OK);
    for (size_t i = 0; i < tokens.count; i++) {
        const char *exact, *stem;
        size_t len, stem_len;
        assert_int_equal(hv_exact_term(a, &tokens.tokens[i], &exact, &len), HV_OK);
        /* every word is indexed but the stopwords (op, over, de) */
        if (!hv_is_stopword(HV_LANG_NL, exact, len)) assert_non_null(find(&terms, exact));
        if (tokens.tokens[i].in_url)
            assert_int_equal(hv_stem_term(a, HV_LANG_NL, &tokens.tokens[i], &stem, &stem_len),
                             HV_ERR_NOT_FOUND);
    }
    hv_token_list_free(&tokens);
    hv_term_list_free(&terms);
}

static void test_fingerprint(void **state)
{
    hv_analyzer *a = *state;
    hv_analyzer *b = NULL;
    assert_int_equal(hv_analyzer_new(&b), HV_OK);
    char *fa = NULL, *fb = NULL, *fa2 = NULL;
    assert_int_equal(hv_analysis_fingerprint(a, &fa), HV_OK);
    assert_int_equal(hv_analysis_fingerprint(b, &fb), HV_OK);
    assert_int_equal(hv_analysis_fingerprint(a, &fa2), HV_OK);
    assert_string_equal(fa, fb);
    assert_string_equal(fa, fa2);
    char want[64];
    snprintf(want, sizeof want, "haven-analysis-%d;", HV_ANALYSIS_VERSION);
    assert_true(strncmp(fa, want, strlen(want)) == 0);
    assert_non_null(strstr(fa, ";libstemmer="));
    const char *probe = strstr(fa, ";probe=");
    assert_non_null(probe);
    assert_int_equal(strspn(probe + 7, "0123456789abcdef"), 16);
    assert_non_null(strstr(probe, ";compounds="));
    free(fa);
    free(fb);
    free(fa2);
    hv_analyzer_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_term_list),
        analyzer_test(test_dutch_text),
        analyzer_test(test_weight_and_appending),
        analyzer_test(test_passage_fields),
        analyzer_test(test_russian_and_unknown),
        analyzer_test(test_cross_script_words),
        analyzer_test(test_stem_term),
        analyzer_test(test_index_and_query_sides_agree),
        analyzer_test(test_bad_and_empty_input),
        analyzer_test(test_one_megabyte),
        analyzer_test(test_web_address_words_kept_apart),
        analyzer_test(test_fingerprint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
