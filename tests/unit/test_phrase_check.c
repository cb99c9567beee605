/* Phrases checked against a passage's text (phrase_check.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "test_analyzer.h"
#include "fold.h"
#include "phrase_check.h"
#include "tokenizer.h"
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

/* The quick look on its own: folded text, plain words. */
static bool absent(const char *const *words, size_t n, const char *text)
{
    hv_query_node phrase = {.kind = HV_QN_PHRASE, .terms = (char **)words, .n_terms = n};
    char *folded;
    size_t len;
    assert_int_equal(hv_fold(text, strlen(text), &folded, &len), HV_OK);
    bool result = hv_phrase_absent_from(&phrase, folded, len);
    free(folded);
    return result;
}

static void test_quick_look(void **state)
{
    (void)state;
    const char *const layer[] = {"the", "layer", "in"};
    assert_true(absent(layer, 3, "Each layer in the image."));
    assert_true(absent(layer, 3, "The multilayer in the image; the layers in it."));
    assert_false(absent(layer, 3, "Put THE Layer, in front."));
    assert_false(absent(layer, 3, "the\n“layer” in"));
    /* what it cannot judge alone goes to the full check */
    assert_false(absent(layer, 3, "the layer\xCC\x81 in")); /* a combining mark */
    char long_word[200];
    memset(long_word, 'x', 120);
    strcpy(long_word + 120, " layer in");
    const char *const x_layer[] = {"the", "layer"};
    assert_true(absent(x_layer, 2, long_word + 100)); /* a short x-word: no "the" */
    memcpy(long_word, "the ", 4);
    assert_false(absent(x_layer, 2, long_word)); /* not indexed: "the" meets "layer" */
    const char *const ru[] = {"в", "слой"};
    assert_true(absent(ru, 2, "Каждый слой в изображении."));
    assert_false(absent(ru, 2, "Переход В Слой."));
    const char *const digits[] = {"3", "layer"};
    assert_false(absent(digits, 2, "no such thing")); /* not a plain phrase */
}

/* The phrase's words one after the other in the tokens of text, as the
 * index numbers them: the full check's answer, computed here on its own. */
static bool holds(const char *const *words, size_t n, const char *text)
{
    hv_token_list tokens = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &tokens), HV_OK);
    bool found = false;
    for (size_t s = 0; s + n <= tokens.count && !found; s++) {
        bool all = true;
        for (size_t k = 0; k < n && all; k++) {
            const hv_token *t = &tokens.tokens[s + k];
            all = !t->in_url && strcmp(t->folded, words[k]) == 0;
        }
        found = all;
    }
    hv_token_list_free(&tokens);
    return found;
}

/* Random texts of tricky pieces: whenever the quick look says a phrase is
 * absent, tokenizing must agree. */
static void test_quick_look_never_misses(void **state)
{
    (void)state;
    static const char *const pieces[] = {"the",
                                         "layer",
                                         "in",
                                         "The",
                                         "LAYER",
                                         "laYer",
                                         "layers",
                                         "multilayer",
                                         " ",
                                         "  ",
                                         ".",
                                         ",",
                                         "-",
                                         "'",
                                         "\xE2\x80\x99",
                                         "\xE2\x80\x9C",
                                         "\xC2\xA0",
                                         "\xC3\xA9",
                                         "\xC3\x89",
                                         "\xEF\xAC\x81",
                                         "\xC2\xAD",
                                         "3",
                                         "3.2",
                                         "a1",
                                         "www.x.be/layer",
                                         " http://the.layer.in ",
                                         "\xCC\x81",
                                         "\xE4\xB8\xAD",
                                         "\xD0\xB2",
                                         "\xD0\x92",
                                         "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB9",
                                         "\xD0\xA1\xD0\xBB\xD0\xBE\xD0\xB9",
                                         "\t",
                                         "\n",
                                         "\xC3\xBC",
                                         "\xD1\x91",
                                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    static const char *const words[] = {
        "the", "layer", "in", "\xD0\xB2", "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB9", "e"};
    const size_t n_pieces = sizeof pieces / sizeof *pieces, n_words = sizeof words / sizeof *words;
    uint64_t seed = 20261204;
    unsigned ruled_out = 0, present = 0;
    for (int round = 0; round < 30000; round++) {
        char text[2048] = "";
        const char *phrase[3];
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = 2 + (seed >> 60) % 2;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            phrase[k] = words[(seed >> 33) % n_words];
        }
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t parts = 1 + (seed >> 58) % 14;
        for (size_t k = 0; k < parts; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            /* half of the time one of the phrase's own words */
            strcat(text, seed >> 63 ? phrase[(seed >> 40) % n] : pieces[(seed >> 33) % n_pieces]);
            if ((seed >> 20) % 3) strcat(text, " ");
        }
        bool there = holds(phrase, n, text);
        bool out = absent(phrase, n, text);
        if (out && there) fail_msg("ruled out but there: \"%s\"", text);
        ruled_out += out;
        present += there;
    }
    /* the test means something only if both happen often */
    print_message("ruled out %u, there %u of 30000\n", ruled_out, present);
    assert_true(ruled_out > 5000);
    assert_true(present > 1000);
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
        cmocka_unit_test(test_quick_look),
        cmocka_unit_test(test_quick_look_never_misses),
    };
    return cmocka_run_group_tests(tests, analyzer_setup, analyzer_teardown);
}
