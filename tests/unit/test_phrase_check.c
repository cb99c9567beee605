/* Phrases checked against a passage's text (phrase_check.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "analysis.h"
#include "test_analyzer.h"
#include "phrase_check.h"
#include "query.h"

/* Whether a passage with this heading and text is a hit for query, as far
 * as its phrases go; -1 when the query has no phrase to check. */
static int accepts(void **state, const char *query, const char *section, const char *text)
{
    hv_parsed_query *q;
    assert_int_equal(hv_query_parse(*state, query, strlen(query), &q), HV_OK);
    hv_phrase_check *check;
    assert_int_equal(hv_phrase_check_new(q, &check), HV_OK);
    int result = -1;
    if (check) {
        hv_passage_record passage = {.section = (char *)section,
                                     .title = (char *)section,
                                     .text = (char *)text,
                                     .lang = HV_LANG_NL};
        bool keep = false;
        assert_int_equal(hv_phrase_check_passage(check, *state, &passage, &keep), HV_OK);
        result = keep;
    }
    hv_phrase_check_free(check);
    hv_parsed_query_free(q);
    return result;
}

static void test_words_in_order_together(void **state)
{
    const char *text = "Dringende medische hulp wordt terugbetaald.";
    assert_int_equal(accepts(state, "\"medische hulp\"", "", text), 1);
    assert_int_equal(accepts(state, "\"dringende medische hulp\"", "", text), 1);
    assert_int_equal(accepts(state, "\"hulp medische\"", "", text), 0);
    assert_int_equal(accepts(state, "\"dringende hulp\"", "", text), 0);
    /* folded as the index folds: case and accents do not matter */
    assert_int_equal(accepts(state, "\"MEDISCHE Hulp\"", "", text), 1);
    /* a later occurrence may complete what an earlier one could not */
    assert_int_equal(accepts(state, "\"hulp kosten\"", "", "Hulp bij opvang, en hulp kosten."), 1);
}

/* A phrase is checked as typed, stopwords too: the index does not hold
 * them, the text does. */
static void test_stopwords_in_place(void **state)
{
    const char *text = "De opvang van verzoekers gebeurt door Fedasil.";
    assert_int_equal(accepts(state, "\"opvang van verzoekers\"", "", text), 1);
    assert_int_equal(accepts(state, "\"opvang voor verzoekers\"", "", text), 0);
    assert_int_equal(accepts(state, "\"opvang verzoekers\"", "", text), 0);
    assert_int_equal(accepts(state, "\"verzoekers van opvang\"", "", text), 0);
    /* one word that is not a stopword, and stopwords around it */
    assert_int_equal(accepts(state, "\"de opvang\"", "", text), 1);
    assert_int_equal(accepts(state, "\"het opvang\"", "", text), 0);
    assert_int_equal(accepts(state, "\"door fedasil\"", "", text), 1);
    assert_int_equal(accepts(state, "\"should help\"", "", "This should help you."), 1);
    assert_int_equal(accepts(state, "\"should help\"", "", "Help should come."), 0);
}

static void test_not_across_heading_and_text(void **state)
{
    assert_int_equal(accepts(state, "\"medische kosten\"", "Medische", "Kosten worden betaald."),
                     0);
    assert_int_equal(accepts(state, "\"medische kosten\"", "Medische kosten", "Iets anders."), 1);
}

static void test_excluded_phrase(void **state)
{
    const char *text = "De opvang van verzoekers gebeurt door Fedasil.";
    assert_int_equal(accepts(state, "fedasil -\"opvang van verzoekers\"", "", text), 0);
    assert_int_equal(accepts(state, "fedasil -\"verzoekers opvang\"", "", text), 1);
}

static void test_only_phrases_that_decide_a_hit(void **state)
{
    const char *text = "Kosten en hulp.";
    /* among plain words a phrase only ranks */
    assert_int_equal(accepts(state, "\"medische hulp\" kosten", "", text), -1);
    assert_int_equal(accepts(state, "medische hulp", "", text), -1);
    /* joined with AND it decides */
    assert_int_equal(accepts(state, "\"medische hulp\" AND kosten", "", text), 0);
    /* one word and stopwords decide too */
    assert_int_equal(accepts(state, "\"de hulp\"", "", text), 0);
    assert_int_equal(accepts(state, "\"en hulp\"", "", text), 1);
}

static void test_positional(void **state)
{
    (void)state;
    char *two[] = {"medische", "hulp"};
    char *stop[] = {"de", "opvang"};
    hv_query_node phrase = {.kind = HV_QN_PHRASE, .terms = two, .n_terms = 2};
    hv_query_node mostly_stop = {.kind = HV_QN_PHRASE, .terms = stop, .n_terms = 2};
    hv_query_node word = {.kind = HV_QN_WORD, .terms = two, .n_terms = 2};
    assert_true(hv_phrase_is_positional(&phrase));
    assert_true(hv_phrase_is_positional(&mostly_stop));
    assert_false(hv_phrase_is_positional(&word));
    assert_false(hv_phrase_is_positional(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_in_order_together),
        cmocka_unit_test(test_stopwords_in_place),
        cmocka_unit_test(test_not_across_heading_and_text),
        cmocka_unit_test(test_excluded_phrase),
        cmocka_unit_test(test_only_phrases_that_decide_a_hit),
        cmocka_unit_test(test_positional),
    };
    return cmocka_run_group_tests(tests, analyzer_setup, analyzer_teardown);
}
