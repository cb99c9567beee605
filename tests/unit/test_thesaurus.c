#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"
#include "test_analyzer.h"
#include "query.h"
#include "thesaurus.h"
#include "test_expansion.h"

static const char sample[] = "# written for this test\n"
                             "= asylum-application\n"
                             "nl: asielaanvraag | verzoek om internationale bescherming\n"
                             "en: asylum application | application for international protection\n"
                             "ru: ходатайство об убежище\n"
                             "\n"
                             "= cgrs\n"
                             "nl: CGVS | Commissariaat-generaal voor de Vluchtelingen\n"
                             "en: CGRS\n"
                             "ru: Генеральный комиссариат\n";

static hv_thesaurus *parse_sample(hv_analyzer *a)
{
    hv_thesaurus *th;
    char *err = NULL;
    assert_int_equal(hv_thesaurus_parse(a, sample, strlen(sample), &th, &err), HV_OK);
    assert_null(err);
    return th;
}

static size_t match_words(hv_analyzer *a, const hv_thesaurus *th, const char *const *words,
                          size_t n, size_t *concept)
{
    hv_thesaurus_word w[8];
    for (size_t i = 0; i < n; i++)
        assert_int_equal(hv_thesaurus_word_keys(a, words[i], strlen(words[i]), &w[i]), HV_OK);
    size_t term;
    return hv_thesaurus_match(th, w, n, concept, &term);
}

static void parses_concepts_and_terms(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = parse_sample(a);
    assert_int_equal(hv_thesaurus_concepts(th), 2);
    assert_string_equal(hv_thesaurus_concept_id(th, 1), "cgrs");
    assert_int_equal(hv_thesaurus_terms(th, 0), 5);
    hv_lang lang;
    assert_string_equal(hv_thesaurus_term(th, 0, 4, &lang, NULL), "ходатайство об убежище");
    assert_int_equal(lang, HV_LANG_RU);
    hv_thesaurus_free(th);
}

static void matches_inflected_and_longest(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = parse_sample(a);
    size_t concept = 99;
    const char *plural[] = {"asielaanvragen"};
    assert_int_equal(match_words(a, th, plural, 1, &concept), 1);
    assert_int_equal(concept, 0);
    const char *phrase[] = {"applications", "for", "international", "protection", "belgium"};
    assert_int_equal(match_words(a, th, phrase, 5, &concept), 4);
    const char *russian[] = {"ходатайства", "об", "убежище"};
    assert_int_equal(match_words(a, th, russian, 3, &concept), 3);
    const char *acronym[] = {"cgrs", "interview"};
    assert_int_equal(match_words(a, th, acronym, 2, &concept), 1);
    assert_int_equal(concept, 1);
    const char *none[] = {"opvang", "centrum"};
    assert_int_equal(match_words(a, th, none, 2, &concept), 0);
    const char *partial[] = {"verzoek", "om"};
    assert_int_equal(match_words(a, th, partial, 2, &concept), 0);
    hv_thesaurus_free(th);
}

static void format_errors_name_the_line(void **state)
{
    hv_analyzer *a = *state;
    const char *bad[] = {"nl: opvang\n", "= x\nfr: accueil\n", "= x\nnl: \xff\xfe\n"};
    for (size_t i = 0; i < 3; i++) {
        hv_thesaurus *th = NULL;
        char *err = NULL;
        assert_int_equal(hv_thesaurus_parse(a, bad[i], strlen(bad[i]), &th, &err), HV_ERR_CORRUPT);
        assert_null(th);
        assert_non_null(strstr(err, "line"));
        free(err);
    }
    hv_thesaurus *th;
    char *err = NULL;
    assert_int_equal(hv_thesaurus_parse(a, "", 0, &th, &err), HV_OK);
    assert_int_equal(hv_thesaurus_concepts(th), 0);
    hv_thesaurus_free(th);
}

static void query_expands_to_other_languages(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = parse_sample(a);
    hv_query_options opt = {.thesaurus = th};
    hv_parsed_query *q;
    const char *text = "CGRS interview";
    assert_int_equal(hv_query_parse_with(a, &opt, text, strlen(text), &q), HV_OK);
    char *d;
    assert_int_equal(hv_query_describe(q, &d), HV_OK);
    assert_non_null(strstr(d, "\"cgvs\""));
    assert_non_null(strstr(d, "\"commissariaat\""));
    assert_non_null(strstr(d, "генеральн"));
    assert_int_equal(q->n_expansions, 1);
    assert_string_equal(q->expansions[0].source, "thesaurus");
    assert_string_equal(q->expansions[0].from, "cgrs");
    assert_string_equal(q->expansions[0].to, "cgrs");
    bool highlights_cgvs = false;
    for (size_t i = 0; i < q->n_highlight_terms; i++)
        highlights_cgvs |= strcmp(q->highlight_terms[i], "cgvs") == 0;
    assert_true(highlights_cgvs);
    free(d);
    hv_parsed_query_free(q);

    /* without the thesaurus, no expansion */
    assert_int_equal(hv_query_parse(a, text, strlen(text), &q), HV_OK);
    assert_int_equal(hv_query_describe(q, &d), HV_OK);
    assert_null(strstr(d, "cgvs"));
    assert_int_equal(q->n_expansions, 0);
    free(d);
    hv_parsed_query_free(q);
    hv_thesaurus_free(th);
}

/* What ranking counts as answered: each word typed carries its own bit, a
 * concept the bits of the words that named it, a proximity phrase none. */
static void concept_covers_the_words_that_named_it(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = parse_sample(a);
    hv_query_options opt = {.thesaurus = th};
    hv_parsed_query *q;
    const char *text = "asylum application interview";
    assert_int_equal(hv_query_parse_with(a, &opt, text, strlen(text), &q), HV_OK);
    assert_int_equal(q->root->kind, HV_QN_OR);
    uint64_t words = 0, concept = 0;
    size_t phrases = 0;
    for (size_t i = 0; i < q->root->n_children; i++) {
        const hv_query_node *c = q->root->children[i];
        if (c->kind == HV_QN_WORD) {
            assert_int_equal(__builtin_popcountll(c->covers), 1);
            assert_int_equal(words & c->covers, 0);
            words |= c->covers;
        } else if (c->kind == HV_QN_SYNONYM) {
            concept = c->covers;
        } else if (c->kind == HV_QN_PHRASE) {
            assert_int_equal(c->covers, 0);
            phrases++;
        }
    }
    assert_int_equal(__builtin_popcountll(words), 3);
    assert_int_equal(__builtin_popcountll(concept), 2);
    assert_int_equal(concept & words, concept); /* "asylum" and "application" */
    assert_true(phrases > 0);
    hv_parsed_query_free(q);
    hv_thesaurus_free(th);
}

/* "travel abroad" names a concept, and "travel" inside it names another:
 * both expand, each covering its own words. */
static void word_inside_a_longer_name_adds_its_own_concept(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = thesaurus_of(a, "= travel-abroad\n"
                                       "nl: reizen naar het buitenland\n"
                                       "en: travel abroad\n"
                                       "ru: поездка за границу\n"
                                       "\n"
                                       "= travel\n"
                                       "nl: reizen\n"
                                       "en: travel\n"
                                       "ru: путешествие\n");
    hv_query_options opt = {.thesaurus = th};
    hv_parsed_query *q;
    const char *text = "travel abroad";
    assert_int_equal(hv_query_parse_with(a, &opt, text, strlen(text), &q), HV_OK);
    assert_int_equal(q->n_expansions, 2);
    assert_string_equal(q->expansions[0].to, "travel-abroad");
    assert_string_equal(q->expansions[1].to, "travel");
    assert_string_equal(q->expansions[1].from, "travel");
    uint64_t outer = 0, inner = 0;
    for (size_t i = 0; i < q->root->n_children; i++) {
        const hv_query_node *c = q->root->children[i];
        if (c->kind != HV_QN_SYNONYM) continue;
        if (__builtin_popcountll(c->covers) == 2)
            outer = c->covers;
        else
            inner = c->covers;
    }
    assert_int_not_equal(outer, 0);
    assert_int_equal(__builtin_popcountll(inner), 1);
    assert_int_equal(outer & inner, inner);
    hv_parsed_query_free(q);

    /* a concept named once is added once */
    text = "travel";
    assert_int_equal(hv_query_parse_with(a, &opt, text, strlen(text), &q), HV_OK);
    assert_int_equal(q->n_expansions, 1);
    hv_parsed_query_free(q);
    hv_thesaurus_free(th);
}

/* "recht op opvang" finds only passages that hold "opvang", typed: it
 * would add the weight of "recht" to them, so it is left out. */
static void terms_holding_the_word_typed_are_left_out(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = thesaurus_of(a, "= reception\n"
                                       "nl: opvang | recht op opvang\n"
                                       "en: reception | right to reception\n"
                                       "ru: приём\n");
    hv_query_options opt = {.thesaurus = th};
    char *d = described(a, &opt, "opvang");
    assert_non_null(strstr(d, "\"reception\""));
    assert_non_null(strstr(d, "\"right\"")); /* "right to reception" holds no "opvang" */
    assert_null(strstr(d, "\"recht\""));
    free(d);
    hv_thesaurus_free(th);
}

/* "how long" names the concept when typed; expanded it would be "long". */
static void question_phrases_name_a_concept_but_do_not_expand(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = thesaurus_of(a, "= time-limit\n"
                                       "nl: termijn | hoe lang\n"
                                       "en: deadline | how long\n"
                                       "ru: срок\n");
    hv_query_options opt = {.thesaurus = th};
    char *d = described(a, &opt, "termijn");
    assert_non_null(strstr(d, "\"deadline\""));
    assert_null(strstr(d, "\"long\""));
    assert_null(strstr(d, "\"lang\""));
    free(d);
    hv_parsed_query *q;
    const char *text = "hoe lang";
    assert_int_equal(hv_query_parse_with(a, &opt, text, strlen(text), &q), HV_OK);
    assert_int_equal(q->n_expansions, 1);
    assert_int_equal(hv_query_describe(q, &d), HV_OK);
    assert_non_null(strstr(d, "\"termijn\""));
    free(d);
    hv_parsed_query_free(q);
    hv_thesaurus_free(th);
}

/* A word in two concepts is found in both, once each; longer terms that
 * start with it are not its concepts. */
static void word_concepts_lists_every_concept_of_a_word(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = thesaurus_of(a, "= dict-1\nnl: werk\nru: работа\n\n"
                                       "= dict-2\nen: job\nru: работа | работы\n\n"
                                       "= dict-3\nru: работа на дому\nen: homework\n");
    hv_thesaurus_word w;
    const char *word = "работа";
    assert_int_equal(hv_thesaurus_word_keys(a, word, strlen(word), &w), HV_OK);
    size_t concepts[4], terms[4];
    assert_int_equal(hv_thesaurus_word_concepts(th, &w, word, strlen(word), concepts, terms, 4), 2);
    assert_string_equal(hv_thesaurus_concept_id(th, concepts[0]), "dict-1");
    assert_string_equal(hv_thesaurus_concept_id(th, concepts[1]), "dict-2");
    assert_int_equal(hv_thesaurus_word_concepts(th, &w, word, strlen(word), concepts, terms, 1), 1);
    word = "homework";
    assert_int_equal(hv_thesaurus_word_keys(a, word, strlen(word), &w), HV_OK);
    assert_int_equal(hv_thesaurus_word_concepts(th, &w, word, strlen(word), concepts, terms, 4), 1);
    assert_int_equal(hv_thesaurus_word_concepts(NULL, &w, word, strlen(word), concepts, terms, 4),
                     0);
    hv_thesaurus_free(th);
}

/* Words that only stem alike are other words: the nearest spelling wins. */
static void word_concepts_take_the_nearest_word(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = thesaurus_of(a, "= d-1\nen: authoritarian\nnl: autoritair\n\n"
                                       "= d-2\nen: authority\nnl: autoriteit\n\n"
                                       "= d-3\nen: authorize\nnl: autoriseren\n");
    hv_thesaurus_word w;
    const char *word = "authorities";
    assert_int_equal(hv_thesaurus_word_keys(a, word, strlen(word), &w), HV_OK);
    size_t concepts[4], terms[4];
    assert_int_equal(hv_thesaurus_word_concepts(th, &w, word, strlen(word), concepts, terms, 4), 1);
    assert_string_equal(hv_thesaurus_concept_id(th, concepts[0]), "d-2");
    assert_string_equal(hv_thesaurus_term(th, concepts[0], 0, NULL, NULL), "authority");
    hv_thesaurus_free(th);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        analyzer_test(parses_concepts_and_terms),
        analyzer_test(matches_inflected_and_longest),
        analyzer_test(format_errors_name_the_line),
        analyzer_test(query_expands_to_other_languages),
        analyzer_test(concept_covers_the_words_that_named_it),
        analyzer_test(word_inside_a_longer_name_adds_its_own_concept),
        analyzer_test(terms_holding_the_word_typed_are_left_out),
        analyzer_test(question_phrases_name_a_concept_but_do_not_expand),
        analyzer_test(word_concepts_lists_every_concept_of_a_word),
        analyzer_test(word_concepts_take_the_nearest_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
