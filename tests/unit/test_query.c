#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "test_analyzer.h"
#include "query.h"

/* Stems used below, from the Dutch and English snowball stemmers:
 *   kosten: nl kost, en kosten     opvang: nl opvang, en opvang
 *   huur:   nl hur, en huur        show:   nl show, en show */
#define KOSTEN "(word \"kosten\" \"Zkost\" \"Zkosten\")"
#define OPVANG "(word \"opvang\" \"Zopvang\")"
#define HUUR "(word \"huur\" \"Zhur\" \"Zhuur\")"

static hv_parsed_query *parse_bytes(void **state, const char *text, size_t len)
{
    hv_parsed_query *query = NULL;
    assert_int_equal(hv_query_parse(*state, text, len, &query), HV_OK);
    assert_non_null(query);
    return query;
}

static hv_parsed_query *parse(void **state, const char *text)
{
    return parse_bytes(state, text, strlen(text));
}

static void expect_tree(void **state, const char *text, const char *expected)
{
    hv_parsed_query *query = parse(state, text);
    char *described = NULL;
    assert_int_equal(hv_query_describe(query, &described), HV_OK);
    assert_string_equal(described, expected);
    free(described);
    hv_parsed_query_free(query);
}

static bool has_string(char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0) return true;
    return false;
}

static size_t count_words(const hv_query_node *node)
{
    if (!node) return 0;
    size_t n = node->kind == HV_QN_WORD || node->kind == HV_QN_PREFIX ? 1 : 0;
    for (size_t i = 0; i < node->n_children; i++)
        n += count_words(node->children[i]);
    return n;
}

static void test_single_word_has_exact_and_stems(void **state)
{
    expect_tree(state, "Kosten", KOSTEN);
    /* numbers and codes are matched exactly only */
    expect_tree(state, "207", "(word \"207\")");
    expect_tree(state, "26quater", "(word \"26quater\")");
}

static void test_plain_words_or_with_proximity_phrase(void **state)
{
    expect_tree(state, "kosten opvang",
                "(or " KOSTEN " " OPVANG " (phrase \"kosten\" \"opvang\"))");
}

static void test_quoted_phrase(void **state)
{
    expect_tree(state, "\"No Show\"", "(phrase \"no\" \"show\")");
    expect_tree(state, "kosten \"no show\"", "(or " KOSTEN " (phrase \"no\" \"show\"))");
    /* a quoted single word asks for that exact form, without stems */
    expect_tree(state, "\"kosten\"", "(word \"kosten\")");
}

static void test_unbalanced_quote_is_punctuation(void **state)
{
    expect_tree(state, "\"kosten opvang",
                "(or " KOSTEN " " OPVANG " (phrase \"kosten\" \"opvang\"))");
    /* the first two quotes pair up, the third is punctuation */
    expect_tree(state, "\"no show\" huur\"", "(or (phrase \"no\" \"show\") " HUUR ")");
}

static void test_exclusion(void **state)
{
    expect_tree(state, "kosten -opvang", "(and_not " KOSTEN " " OPVANG ")");
    expect_tree(state, "kosten -\"no show\"", "(and_not " KOSTEN " (phrase \"no\" \"show\"))");
    /* a hyphen inside a word does not exclude */
    expect_tree(state, "OCMW-steun", "(phrase \"ocmw\" \"steun\")");
    /* a lone '-' is ignored */
    expect_tree(state, "kosten - opvang",
                "(or " KOSTEN " " OPVANG " (phrase \"kosten\" \"opvang\"))");
}

static void test_only_exclusions_has_no_root(void **state)
{
    hv_parsed_query *query = parse(state, "-kosten -\"no show\"");
    assert_null(query->root);
    assert_int_equal(query->n_highlight_terms, 0);
    hv_parsed_query_free(query);
}

static void test_excluded_words_not_highlighted(void **state)
{
    hv_parsed_query *query = parse(state, "kosten -opvang huur*");
    assert_true(has_string(query->highlight_terms, query->n_highlight_terms, "kosten"));
    assert_true(has_string(query->highlight_terms, query->n_highlight_terms, "Zkost"));
    assert_true(has_string(query->highlight_terms, query->n_highlight_terms, "Zkosten"));
    assert_false(has_string(query->highlight_terms, query->n_highlight_terms, "opvang"));
    assert_false(has_string(query->highlight_terms, query->n_highlight_terms, "Zopvang"));
    assert_int_equal(query->n_highlight_terms, 3);
    assert_int_equal(query->n_highlight_prefixes, 1);
    assert_string_equal(query->highlight_prefixes[0], "huur");
    hv_parsed_query_free(query);
}

static void test_highlight_terms_deduplicated(void **state)
{
    hv_parsed_query *query = parse(state, "kosten Kosten \"kosten opvang\"");
    assert_int_equal(query->n_highlight_terms, 4); /* kosten Zkost Zkosten opvang */
    assert_true(has_string(query->highlight_terms, query->n_highlight_terms, "opvang"));
    /* phrase terms are exact only */
    assert_false(has_string(query->highlight_terms, query->n_highlight_terms, "Zopvang"));
    hv_parsed_query_free(query);
}

static void test_phrase_words_all_highlighted(void **state)
{
    /* a phrase the user typed is marked whole; the proximity phrase made
     * from "kosten van de opvang" adds nothing */
    hv_parsed_query *query = parse(state, "\"no show\" kosten van de opvang");
    assert_true(has_string(query->highlight_terms, query->n_highlight_terms, "no"));
    assert_true(has_string(query->highlight_terms, query->n_highlight_terms, "show"));
    assert_false(has_string(query->highlight_terms, query->n_highlight_terms, "van"));
    assert_false(has_string(query->highlight_terms, query->n_highlight_terms, "de"));
    assert_int_equal(query->n_highlight_terms, 7); /* + kosten Zkost Zkosten opvang Zopvang */
    hv_parsed_query_free(query);
}

static void test_prefix(void **state)
{
    expect_tree(state, "huur*", "(prefix \"huur\")");
    expect_tree(state, "Huur**", "(prefix \"huur\")");
    /* a one-character prefix would match half the index: a plain word */
    expect_tree(state, "k*", "(word \"k\" \"Zk\")");
    /* a lone star is nothing */
    hv_parsed_query *query = parse(state, "* **");
    assert_null(query->root);
    hv_parsed_query_free(query);
}

static void test_lang_filter(void **state)
{
    hv_parsed_query *query = parse(state, "lang:NL kosten");
    assert_int_equal(query->lang, HV_LANG_NL);
    hv_parsed_query_free(query);
    expect_tree(state, "kosten lang:ru", KOSTEN);

    query = parse(state, "kosten");
    assert_int_equal(query->lang, HV_LANG_UNKNOWN);
    hv_parsed_query_free(query);

    /* an unknown language is plain text */
    query = parse(state, "lang:xx");
    assert_int_equal(query->lang, HV_LANG_UNKNOWN);
    assert_non_null(query->root);
    hv_parsed_query_free(query);

    /* only a filter: nothing to search for */
    query = parse(state, "lang:en");
    assert_int_equal(query->lang, HV_LANG_EN);
    assert_null(query->root);
    hv_parsed_query_free(query);
}

static void test_and_binds_tighter_than_or(void **state)
{
    expect_tree(state, "kosten AND opvang", "(and " KOSTEN " " OPVANG ")");
    expect_tree(state, "huur kosten AND opvang",
                "(or " HUUR " (and " KOSTEN " " OPVANG ") (phrase \"huur\" \"kosten\"))");
    expect_tree(state, "huur AND kosten AND opvang", "(and " HUUR " " KOSTEN " " OPVANG ")");
    /* OR is the default, just without the proximity phrase */
    expect_tree(state, "kosten OR opvang", "(or " KOSTEN " " OPVANG ")");
    /* lower case and/or are words (English stopwords, so dropped here) */
    expect_tree(state, "kosten and opvang",
                "(or " KOSTEN " " OPVANG " (phrase \"kosten\" \"and\" \"opvang\"))");
}

static void test_lone_operators_ignored(void **state)
{
    expect_tree(state, "AND kosten OR", KOSTEN);
    expect_tree(state, "kosten OR OR opvang", "(or " KOSTEN " " OPVANG ")");
    const char *nothing[] = {"AND", "OR OR", "-", "*", "\"\"", "AND - * \"\" OR", "", "   "};
    for (size_t i = 0; i < sizeof nothing / sizeof *nothing; i++) {
        hv_parsed_query *query = parse(state, nothing[i]);
        assert_null(query->root);
        char *described = NULL;
        assert_int_equal(hv_query_describe(query, &described), HV_OK);
        assert_string_equal(described, "(nothing)");
        free(described);
        hv_parsed_query_free(query);
    }
}

static void test_stopwords_dropped(void **state)
{
    /* wie, de: Dutch stopwords; the proximity phrase keeps them */
    hv_parsed_query *query = parse(state, "wie betaalt de kosten");
    char *described = NULL;
    assert_int_equal(hv_query_describe(query, &described), HV_OK);
    assert_null(strstr(described, "(word \"wie\""));
    assert_null(strstr(described, "(word \"de\""));
    assert_non_null(strstr(described, "(word \"betaalt\""));
    assert_non_null(strstr(described, KOSTEN));
    assert_non_null(strstr(described, "(phrase \"betaalt\" \"de\" \"kosten\")"));
    assert_false(has_string(query->highlight_terms, query->n_highlight_terms, "de"));
    free(described);
    hv_parsed_query_free(query);
}

static void test_only_stopwords_kept(void **state)
{
    hv_parsed_query *query = parse(state, "to be or not to be");
    char *described = NULL;
    assert_int_equal(hv_query_describe(query, &described), HV_OK);
    assert_non_null(strstr(described, "(word \"to\""));
    assert_non_null(strstr(described, "(word \"be\""));
    assert_non_null(strstr(described, "(word \"not\""));
    assert_non_null(strstr(described, "(phrase \"to\" \"be\")"));
    assert_true(has_string(query->highlight_terms, query->n_highlight_terms, "be"));
    free(described);
    hv_parsed_query_free(query);
}

/* The index holds no stopwords, so AND cannot ask for one: it is left out
 * with the operator that joined it, unless stopwords are all there is. */
static void test_stopword_in_and_left_out(void **state)
{
    expect_tree(state, "kosten AND de", KOSTEN);
    expect_tree(state, "de AND kosten AND opvang", "(and " KOSTEN " " OPVANG ")");
    expect_tree(state, "kosten AND de AND opvang", "(and " KOSTEN " " OPVANG ")");
    expect_tree(state, "kosten AND de opvang", "(or " KOSTEN " " OPVANG ")");
    expect_tree(state, "de AND het", "(and (word \"de\" \"Zde\") (word \"het\" \"Zhet\"))");
}

static void test_number_run_phrase(void **state)
{
    expect_tree(state, "02 555 01 23",
                "(or (word \"02\") (word \"555\") (word \"01\") (word \"23\")"
                " (phrase \"02\" \"555\" \"01\" \"23\"))");
    /* a date stays one token */
    expect_tree(state, "1/4/2023", "(word \"1/4/2023\")");
    expect_tree(state, "code 207 no show",
                "(or (word \"code\" \"Zcod\" \"Zcode\") (word \"207\") (word \"show\" \"Zshow\")"
                " (phrase \"code\" \"207\") (phrase \"207\" \"no\" \"show\"))");
}

static void test_hyphenated_word_is_phrase(void **state)
{
    expect_tree(state, "kosten OCMW-steun", "(or " KOSTEN " (phrase \"ocmw\" \"steun\"))");
    expect_tree(state, "-OCMW-steun kosten", "(and_not " KOSTEN " (phrase \"ocmw\" \"steun\"))");
}

static void test_cyrillic_word(void **state)
{
    hv_parsed_query *query = parse(state, "документы и беженцы");
    char *described = NULL;
    assert_int_equal(hv_query_describe(query, &described), HV_OK);
    /* и is a Russian stopword; stems are Russian only */
    assert_string_equal(described,
                        "(or (word \"документы\" \"Zдокумент\") (word \"беженцы\" \"Zбеженц\")"
                        " (phrase \"документы\" \"и\" \"беженцы\"))");
    free(described);
    hv_parsed_query_free(query);
}

static void test_nul_and_invalid_utf8(void **state)
{
    const char text[] = "kos\0ten \xff\xfe opvang \xc3";
    hv_parsed_query *query = parse_bytes(state, text, sizeof text - 1);
    char *described = NULL;
    assert_int_equal(hv_query_describe(query, &described), HV_OK);
    assert_non_null(strstr(described, "(word \"kos\""));
    assert_non_null(strstr(described, "(word \"ten\""));
    assert_non_null(strstr(described, OPVANG));
    free(described);
    hv_parsed_query_free(query);
}

static void test_huge_query_truncated_quickly(void **state)
{
    size_t len = 1 << 20;
    char *text = malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = "woord\"-* AND \xd0\xb4"[i % 16];
    clock_t start = clock();
    hv_parsed_query *query = parse_bytes(state, text, len);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_true(seconds < 2.0); /* only the first 4 KB are read */
    assert_true(query->truncated);
    assert_true(count_words(query->root) <= HV_QUERY_MAX_WORDS);
    hv_parsed_query_free(query);
    free(text);
}

static void test_word_cap(void **state)
{
    char text[64 * 8 + 64];
    size_t n = 0;
    for (int i = 0; i < 70; i++)
        n += (size_t)sprintf(text + n, "w%03d ", i);
    hv_parsed_query *query = parse(state, text);
    assert_true(query->truncated);
    /* 64 words, all numeric codes: no stems, one run phrase */
    assert_int_equal(count_words(query->root), HV_QUERY_MAX_WORDS);
    hv_parsed_query_free(query);

    query = parse(state, "kosten opvang");
    assert_false(query->truncated);
    hv_parsed_query_free(query);
}

static void test_duplicate_word_searched_once(void **state)
{
    expect_tree(state, "kosten kosten", "(or " KOSTEN " (phrase \"kosten\" \"kosten\"))");
}

static void test_bad_arguments(void **state)
{
    hv_parsed_query *query = NULL;
    assert_int_equal(hv_query_parse(*state, NULL, 3, &query), HV_ERR_INVALID_ARGUMENT);
    assert_null(query);
    assert_int_equal(hv_query_parse(NULL, "x", 1, &query), HV_ERR_INVALID_ARGUMENT);
    assert_int_equal(hv_query_parse(*state, "x", 1, NULL), HV_ERR_INVALID_ARGUMENT);
    query = parse_bytes(state, NULL, 0);
    assert_null(query->root);
    hv_parsed_query_free(query);
    hv_parsed_query_free(NULL);
}

/* "opvagn" is corrected to "opvang"; nothing else is. */
static const char *correct_opvagn(void *userdata, const char *folded, size_t len)
{
    (*(int *)userdata)++;
    return len == 6 && memcmp(folded, "opvagn", 6) == 0 ? "opvang" : NULL;
}

static void test_correction_searched_beside_the_typo(void **state)
{
    int asked = 0;
    hv_query_options opt = {.correction = correct_opvagn, .userdata = &asked};
    const char *text = "opvagn kosten -opvagn";
    hv_parsed_query *q = NULL;
    assert_int_equal(hv_query_parse_with(*state, &opt, text, strlen(text), &q), HV_OK);
    char *d = NULL;
    assert_int_equal(hv_query_describe(q, &d), HV_OK);
    assert_string_equal(d, "(and_not (or (or (word \"opvagn\" \"Zopvagn\") "
                           "(word \"opvang\" \"Zopvang\" ^0.7)) " KOSTEN
                           " (phrase \"opvagn\" \"kosten\")) (word \"opvagn\" \"Zopvagn\"))");
    free(d);
    /* only the word typed, not the one excluded, is asked about */
    assert_int_equal(asked, 2);
    /* the correction answers for the word typed, and is highlighted */
    const hv_query_node *either = q->root->children[0]->children[0];
    assert_int_equal(either->kind, HV_QN_OR);
    assert_int_not_equal(either->covers, 0);
    assert_true(either->children[1]->corrected);
    bool highlighted = false;
    for (size_t i = 0; i < q->n_highlight_terms; i++)
        highlighted = highlighted || strcmp(q->highlight_terms[i], "opvang") == 0;
    assert_true(highlighted);
    assert_int_equal(q->n_expansions, 1);
    assert_string_equal(q->expansions[0].source, "spelling");
    assert_string_equal(q->expansions[0].from, "opvagn");
    assert_string_equal(q->expansions[0].to, "opvang");
    hv_parsed_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_word_has_exact_and_stems),
        cmocka_unit_test(test_plain_words_or_with_proximity_phrase),
        cmocka_unit_test(test_quoted_phrase),
        cmocka_unit_test(test_unbalanced_quote_is_punctuation),
        cmocka_unit_test(test_exclusion),
        cmocka_unit_test(test_only_exclusions_has_no_root),
        cmocka_unit_test(test_excluded_words_not_highlighted),
        cmocka_unit_test(test_highlight_terms_deduplicated),
        cmocka_unit_test(test_phrase_words_all_highlighted),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_lang_filter),
        cmocka_unit_test(test_and_binds_tighter_than_or),
        cmocka_unit_test(test_lone_operators_ignored),
        cmocka_unit_test(test_stopwords_dropped),
        cmocka_unit_test(test_only_stopwords_kept),
        cmocka_unit_test(test_stopword_in_and_left_out),
        cmocka_unit_test(test_number_run_phrase),
        cmocka_unit_test(test_hyphenated_word_is_phrase),
        cmocka_unit_test(test_cyrillic_word),
        cmocka_unit_test(test_nul_and_invalid_utf8),
        cmocka_unit_test(test_huge_query_truncated_quickly),
        cmocka_unit_test(test_word_cap),
        cmocka_unit_test(test_duplicate_word_searched_once),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_correction_searched_beside_the_typo),
    };
    return cmocka_run_group_tests(tests, analyzer_setup, analyzer_teardown);
}
