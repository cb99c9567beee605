#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../indexer/word_set.h"

static bool has(const hv_word_set *s, const char *w)
{
    return hv_word_set_contains(s, w, strlen(w));
}

static void test_words_and_hyphens(void **state)
{
    (void)state;
    const char *text =
        "De OCMW-steun voor de Oekraïne-crisis, be-\nscherming -- en ЗАЩИТА беженцев.";
    hv_word_set s;
    assert_int_equal(hv_word_set_build(&s, text, strlen(text)), HV_OK);
    assert_true(has(&s, "ocmw-steun"));
    assert_true(has(&s, "OCMW-STEUN"));
    assert_true(has(&s, "oekraïne-crisis"));
    assert_true(has(&s, "OEKRAÏNE-CRISIS"));
    assert_true(has(&s, "защита"));
    assert_true(has(&s, "Беженцев"));
    assert_true(has(&s, "be"));
    assert_true(has(&s, "scherming"));
    assert_false(has(&s, "bescherming"));
    assert_false(has(&s, "ocmw"));
    assert_false(has(&s, "en-"));
    assert_false(has(&s, ""));
    hv_word_set_free(&s);
}

static void test_many_words(void **state)
{
    (void)state;
    char text[200000];
    size_t len = 0;
    for (int i = 0; i < 20000; i++)
        len += (size_t)sprintf(text + len, "w%d ", i);
    hv_word_set s;
    assert_int_equal(hv_word_set_build(&s, text, len), HV_OK);
    assert_int_equal(s.count, 20000);
    assert_true(has(&s, "W19999"));
    assert_false(has(&s, "w20000"));
    hv_word_set_free(&s);
}

static void test_lowercase(void **state)
{
    (void)state;
    char out[64];
    size_t n = hv_lowercase_utf8("ÉÉN Дом ABC", strlen("ÉÉN Дом ABC"), out);
    out[n] = '\0';
    assert_string_equal(out, "één дом abc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_hyphens),
        cmocka_unit_test(test_many_words),
        cmocka_unit_test(test_lowercase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
