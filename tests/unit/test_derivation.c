#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "derivation.h"
#include "query.h"
#include "stemmer.h"
#include "test_analyzer.h"

/* The related stem of stem, or "" when it has none. */
static const char *related(const char *stem)
{
    static char out[64];
    memset(out, 0, sizeof out);
    if (!hv_english_related_stem(stem, strlen(stem), out)) return "";
    return out;
}

static void test_verb_and_noun_stems_pair_both_ways(void **state)
{
    (void)state;
    assert_string_equal(related("decid"), "decis");
    assert_string_equal(related("decis"), "decid");
    assert_string_equal(related("includ"), "inclus");
    assert_string_equal(related("exclus"), "exclud");
    assert_string_equal(related("provid"), "provis");
}

static void test_other_stems_have_none(void **state)
{
    (void)state;
    assert_string_equal(related("protect"), ""); /* protection stems as protect already */
    assert_string_equal(related("registr"), "");
    assert_string_equal(related("asylum"), "");
    assert_string_equal(related("apples"), ""); /* -es, not -is/-us */
    assert_string_equal(related("paid"), "");   /* too short to tell */
    assert_string_equal(related("his"), "");
    assert_string_equal(related(""), "");
    char out[8];
    assert_false(hv_english_related_stem(NULL, 5, out));
    assert_false(hv_english_related_stem("decid", 5, NULL));
}

static void english_stem(hv_stemmer *stemmer, const char *word, char *out, size_t size)
{
    const char *stem;
    size_t len;
    assert_int_equal(hv_stemmer_stem(stemmer, HV_LANG_EN, word, strlen(word), &stem, &len), HV_OK);
    assert_true(len < size);
    memcpy(out, stem, len);
    out[len] = '\0';
}

/* The rules rest on what the Snowball English stemmer leaves of each word:
 * a new libstemmer that stems these alike or otherwise would show here. */
static void test_snowball_stems_of_pairs_are_related(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {{"decide", "decision"},
                                           {"provides", "provision"},
                                           {"include", "inclusion"},
                                           {"concluded", "conclusion"},
                                           {"divide", "division"}};
    hv_stemmer *stemmer;
    assert_int_equal(hv_stemmer_new(&stemmer), HV_OK);
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char verb[64], noun[64];
        english_stem(stemmer, pairs[i][0], verb, sizeof verb);
        english_stem(stemmer, pairs[i][1], noun, sizeof noun);
        if (strcmp(related(verb), noun) != 0)
            fail_msg("%s -> %s and %s -> %s are not paired", pairs[i][0], verb, pairs[i][1], noun);
    }
    hv_stemmer_free(stemmer);
}

static bool word_has_term(const hv_query_node *node, const char *word, const char *term)
{
    if (!node) return false;
    if (node->kind == HV_QN_WORD && node->n_terms && strcmp(node->terms[0], word) == 0) {
        for (size_t i = 1; i < node->n_terms; i++)
            if (strcmp(node->terms[i], term) == 0) return true;
        return false;
    }
    for (size_t i = 0; i < node->n_children; i++)
        if (word_has_term(node->children[i], word, term)) return true;
    return false;
}

/* A query for the verb also finds the noun, and the other way round; the
 * word's own stem stays. */
static void test_query_word_matches_the_related_stem(void **state)
{
    hv_parsed_query *query = NULL;
    const char *text = "who decides on the inclusion";
    assert_int_equal(hv_query_parse(*state, text, strlen(text), &query), HV_OK);
    assert_true(word_has_term(query->root, "decides", "Zdecid"));
    assert_true(word_has_term(query->root, "decides", "Zdecis"));
    assert_true(word_has_term(query->root, "inclusion", "Zinclus"));
    assert_true(word_has_term(query->root, "inclusion", "Zinclud"));
    hv_parsed_query_free(query);
}

/* Russian words are stemmed by their own stemmer and get no English pair. */
static void test_cyrillic_word_gets_no_related_stem(void **state)
{
    hv_parsed_query *query = NULL;
    const char *text = "процедура";
    assert_int_equal(hv_query_parse(*state, text, strlen(text), &query), HV_OK);
    assert_non_null(query->root);
    assert_int_equal(query->root->kind, HV_QN_WORD);
    assert_int_equal(query->root->n_terms, 2); /* exact form and Russian stem */
    hv_parsed_query_free(query);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verb_and_noun_stems_pair_both_ways),
        cmocka_unit_test(test_other_stems_have_none),
        cmocka_unit_test(test_snowball_stems_of_pairs_are_related),
        analyzer_test(test_query_word_matches_the_related_stem),
        analyzer_test(test_cyrillic_word_gets_no_related_stem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
