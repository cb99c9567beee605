#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "answer_kind.h"
#include "query.h"
#include "test_analyzer.h"
#include "tokenizer.h"

static hv_answer_kind asked(const char *text)
{
    hv_token_list tokens = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &tokens), HV_OK);
    hv_answer_kind kind = hv_answer_kind_asked(tokens.tokens, tokens.count);
    hv_token_list_free(&tokens);
    return kind;
}

static void questions_of_time_in_each_language(void **state)
{
    (void)state;
    assert_int_equal(asked("hoe lang heb ik om in beroep te gaan"), HV_ANSWER_TIME);
    assert_int_equal(asked("Hoelang mag ik in de opvang blijven?"), HV_ANSWER_TIME);
    assert_int_equal(asked("wanneer mag ik werken"), HV_ANSWER_TIME);
    assert_int_equal(asked("binnen welke termijn"), HV_ANSWER_TIME);
    assert_int_equal(asked("hoeveel maanden duurt het"), HV_ANSWER_TIME);
    assert_int_equal(asked("How long does the interview take"), HV_ANSWER_TIME);
    assert_int_equal(asked("how soon must I register"), HV_ANSWER_TIME);
    assert_int_equal(asked("when can I work"), HV_ANSWER_TIME);
    assert_int_equal(asked("how many days do I have"), HV_ANSWER_TIME);
    assert_int_equal(asked("appeal deadline"), HV_ANSWER_TIME);
    assert_int_equal(asked("когда можно работать"), HV_ANSWER_TIME);
    assert_int_equal(asked("в какой срок подать"), HV_ANSWER_TIME);
    assert_int_equal(asked("сроки обжалования"), HV_ANSWER_TIME);
    assert_int_equal(asked("как долго длится процедура"), HV_ANSWER_TIME);
    assert_int_equal(asked("сколько месяцев ждать"), HV_ANSWER_TIME);
    assert_int_equal(asked("через сколько дней"), HV_ANSWER_TIME);
}

/* The words of a question of time elsewhere, or other questions. */
static void other_queries_ask_for_no_kind(void **state)
{
    (void)state;
    assert_int_equal(asked("who pays the doctor when I live in a reception centre"), HV_ANSWER_ANY);
    assert_int_equal(asked("how much does it cost"), HV_ANSWER_ANY);
    assert_int_equal(asked("how many children can come"), HV_ANSWER_ANY);
    assert_int_equal(asked("hoeveel kost een advocaat"), HV_ANSWER_ANY);
    assert_int_equal(asked("hoe gaat het interview"), HV_ANSWER_ANY);
    assert_int_equal(asked("lang verblijf"), HV_ANSWER_ANY);
    assert_int_equal(asked("сколько стоит"), HV_ANSWER_ANY);
    assert_int_equal(asked("huursubsidie"), HV_ANSWER_ANY);
    assert_int_equal(asked("how"), HV_ANSWER_ANY);
    assert_int_equal(asked("hoe"), HV_ANSWER_ANY);
    assert_int_equal(asked(""), HV_ANSWER_ANY);
}

static void words_of_time_in_each_language(void **state)
{
    (void)state;
    size_t n;
    const hv_answer_word *w = hv_answer_words(HV_ANSWER_TIME, &n);
    bool langs[HV_LANG_COUNT] = {false};
    for (size_t i = 0; i < n; i++)
        langs[w[i].lang] = true;
    assert_true(n > 0);
    assert_true(langs[HV_LANG_NL] && langs[HV_LANG_EN] && langs[HV_LANG_RU]);
    assert_null(hv_answer_words(HV_ANSWER_ANY, &n));
    assert_int_equal(n, 0);
}

static bool has(const hv_parsed_query *q, const char *term)
{
    for (size_t i = 0; i < q->n_answer_terms; i++)
        if (strcmp(q->answer_terms[i], term) == 0) return true;
    return false;
}

/* The parsed query carries the words' terms as the indexer makes them:
 * the stem a passage's "maanden" or "months" is indexed under. */
static void parsed_question_carries_the_terms_of_time_words(void **state)
{
    hv_analyzer *a = *state;
    hv_parsed_query *q;
    const char *text = "hoe lang duurt de procedure";
    assert_int_equal(hv_query_parse(a, text, strlen(text), &q), HV_OK);
    assert_true(q->n_answer_terms > 0);
    assert_true(has(q, "Zmaand"));
    assert_true(has(q, "Zmonth"));
    assert_true(has(q, "dag"));
    for (size_t i = 1; i < q->n_answer_terms; i++) /* sorted, unique */
        assert_true(strcmp(q->answer_terms[i - 1], q->answer_terms[i]) < 0);
    hv_parsed_query_free(q);

    hv_query_options off = {.no_answer_kind = true};
    assert_int_equal(hv_query_parse_with(a, &off, text, strlen(text), &q), HV_OK);
    assert_int_equal(q->n_answer_terms, 0);
    hv_parsed_query_free(q);

    text = "procedure opvang";
    assert_int_equal(hv_query_parse(a, text, strlen(text), &q), HV_OK);
    assert_int_equal(q->n_answer_terms, 0);
    assert_null(q->answer_terms);
    hv_parsed_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(questions_of_time_in_each_language),
        cmocka_unit_test(other_queries_ask_for_no_kind),
        cmocka_unit_test(words_of_time_in_each_language),
        analyzer_test(parsed_question_carries_the_terms_of_time_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
