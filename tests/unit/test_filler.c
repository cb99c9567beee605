#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filler.h"
#include "fold.h"
#include "query.h"
#include "stopwords.h"
#include "test_analyzer.h"

static bool filler(const char *w)
{
    return hv_is_filler(w, strlen(w));
}

static void test_words_of_each_language(void **state)
{
    (void)state;
    assert_true(filler("happens"));
    assert_true(filler("krijgen"));
    assert_true(filler("хочу"));
    assert_false(filler("interview"));
    assert_false(filler("opvang"));
    assert_false(filler("убежище"));
    assert_false(filler("happ")); /* whole words only */
    assert_false(filler(""));
    assert_false(hv_is_filler(NULL, 0));
    char long_word[200];
    memset(long_word, 'a', sizeof long_word);
    assert_false(hv_is_filler(long_word, sizeof long_word));
}

/* bsearch needs the order; a word that is a stopword or not folded would
 * never be looked up. */
static void test_list_is_sorted_folded_and_no_stopwords(void **state)
{
    (void)state;
    size_t n;
    const char *const *list = hv_filler_list(&n);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(list[i - 1], list[i]) >= 0)
            fail_msg("'%s' before '%s'", list[i - 1], list[i]);
        char *folded;
        size_t folded_len;
        assert_int_equal(hv_fold(list[i], strlen(list[i]), &folded, &folded_len), HV_OK);
        assert_string_equal(folded, list[i]);
        free(folded);
        if (hv_is_stopword(HV_LANG_UNKNOWN, list[i], strlen(list[i])))
            fail_msg("'%s' is a stopword", list[i]);
    }
}

/* In a question a filler weighs little and answers no part of it. */
static void test_query_weighs_fillers_lightly(void **state)
{
    hv_analyzer *a = *state;
    hv_parsed_query *q;
    const char *text = "what happens after the interview";
    assert_int_equal(hv_query_parse(a, text, strlen(text), &q), HV_OK);
    const hv_query_node *happens = NULL, *interview = NULL;
    for (size_t i = 0; i < q->root->n_children; i++) {
        const hv_query_node *c = q->root->children[i];
        if (c->kind != HV_QN_WORD) continue;
        if (strcmp(c->terms[0], "happens") == 0) happens = c;
        if (strcmp(c->terms[0], "interview") == 0) interview = c;
    }
    assert_non_null(happens);
    assert_non_null(interview);
    assert_true(happens->weight < interview->weight);
    assert_int_equal(happens->covers, 0);
    assert_int_not_equal(interview->covers, 0);
    hv_parsed_query_free(q);

    /* alone it is what is asked for */
    text = "happens";
    assert_int_equal(hv_query_parse(a, text, strlen(text), &q), HV_OK);
    assert_non_null(q->root);
    hv_parsed_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_of_each_language),
        cmocka_unit_test(test_list_is_sorted_folded_and_no_stopwords),
        analyzer_test(test_query_weighs_fillers_lightly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
