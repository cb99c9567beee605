#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fold.h"
#include "stopwords.h"

static bool stop(hv_lang lang, const char *w)
{
    return hv_is_stopword(lang, w, strlen(w));
}

static void test_dutch(void **state)
{
    (void)state;
    const char *yes[] = {"de", "het", "een", "en", "van", "zijn", "niet", "wordt", "waar", "zich"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(stop(HV_LANG_NL, yes[i]));
    assert_false(stop(HV_LANG_NL, "opvang"));
    assert_false(stop(HV_LANG_NL, "asiel"));
    assert_false(stop(HV_LANG_NL, "the"));
}

static void test_english(void **state)
{
    (void)state;
    const char *yes[] = {"the", "a", "of", "and", "is", "were", "which", "themselves", "would"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(stop(HV_LANG_EN, yes[i]));
    assert_false(stop(HV_LANG_EN, "asylum"));
    assert_false(stop(HV_LANG_EN, "het"));
}

static void test_russian(void **state)
{
    (void)state;
    const char *yes[] = {"и", "в", "не", "что", "это", "для", "который", "ее", "еще", "быть"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(stop(HV_LANG_RU, yes[i]));
    assert_false(stop(HV_LANG_RU, "убежище"));
    assert_false(stop(HV_LANG_RU, "её")); /* lists hold folded forms only */
}

static void test_unknown_means_any_list(void **state)
{
    (void)state;
    assert_true(stop(HV_LANG_UNKNOWN, "het"));
    assert_true(stop(HV_LANG_UNKNOWN, "the"));
    assert_true(stop(HV_LANG_UNKNOWN, "что"));
    assert_false(stop(HV_LANG_UNKNOWN, "fedasil"));
}

/* Filler a caller says around the question carries no content either. */
static void test_question_filler(void **state)
{
    (void)state;
    assert_true(stop(HV_LANG_EN, "still"));
    assert_true(stop(HV_LANG_EN, "please"));
    assert_true(stop(HV_LANG_NL, "gewoon"));
    assert_true(stop(HV_LANG_NL, "eigenlijk"));
    assert_true(stop(HV_LANG_RU, "просто"));
    assert_true(stop(HV_LANG_RU, "пожалуйста"));
    assert_false(stop(HV_LANG_EN, "pending"));
    assert_false(stop(HV_LANG_NL, "alleenstaande"));
}

static void test_length_is_respected(void **state)
{
    (void)state;
    assert_true(hv_is_stopword(HV_LANG_NL, "denken", 2)); /* "de" */
    assert_false(hv_is_stopword(HV_LANG_NL, "denken", 6));
    assert_false(hv_is_stopword(HV_LANG_NL, "", 0));
    assert_false(hv_is_stopword(HV_LANG_NL, NULL, 0));
    assert_false(hv_is_stopword((hv_lang)77, "de", 2));
}

/* Every list is sorted, duplicate-free, folded, and of a useful size: the
 * words looked up are folded, and a sorted list shows a duplicate. */
static void test_lists_sorted_and_folded(void **state)
{
    (void)state;
    for (int l = HV_LANG_NL; l < HV_LANG_COUNT; l++) {
        size_t n = 0;
        const char *const *words = hv_stopword_list((hv_lang)l, &n);
        assert_non_null(words);
        assert_in_range(n, 100, 200);
        for (size_t i = 0; i < n; i++) {
            if (i > 0) assert_true(strcmp(words[i - 1], words[i]) < 0);
            char *folded = NULL;
            size_t flen;
            assert_int_equal(hv_fold(words[i], strlen(words[i]), &folded, &flen), HV_OK);
            assert_string_equal(folded, words[i]);
            free(folded);
            assert_true(stop((hv_lang)l, words[i]));
        }
    }
    size_t n = 5;
    assert_null(hv_stopword_list(HV_LANG_UNKNOWN, &n));
    assert_int_equal(n, 0);
}

/* One lookup answers for all three lists: a word in two lists has both
 * bits, and a word longer than it, or a prefix of it, has none. */
static void test_languages_of_a_word(void **state)
{
    (void)state;
    unsigned nl = 1u << HV_LANG_NL, en = 1u << HV_LANG_EN, ru = 1u << HV_LANG_RU;
    assert_int_equal(hv_stopword_langs("in", 2), nl | en);
    assert_int_equal(hv_stopword_langs("was", 3), nl | en);
    assert_int_equal(hv_stopword_langs("het", 3), nl);
    assert_int_equal(hv_stopword_langs("the", 3), en);
    assert_int_equal(hv_stopword_langs("что", strlen("что")), ru);
    assert_int_equal(hv_stopword_langs("thee", 4), 0);
    assert_int_equal(hv_stopword_langs("th", 2), 0);
    assert_int_equal(hv_stopword_langs("", 0), 0);
    assert_int_equal(hv_stopword_langs(NULL, 0), 0);
    for (int l = HV_LANG_NL; l < HV_LANG_COUNT; l++) {
        size_t n = 0;
        const char *const *words = hv_stopword_list((hv_lang)l, &n);
        for (size_t i = 0; i < n; i++)
            assert_true(hv_stopword_langs(words[i], strlen(words[i])) & (1u << l));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dutch),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_russian),
        cmocka_unit_test(test_unknown_means_any_list),
        cmocka_unit_test(test_question_filler),
        cmocka_unit_test(test_length_is_respected),
        cmocka_unit_test(test_lists_sorted_and_folded),
        cmocka_unit_test(test_languages_of_a_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
