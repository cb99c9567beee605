#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "edit_distance.h"

static unsigned d(const char *a, const char *b, unsigned limit)
{
    return hv_edit_distance(a, strlen(a), b, strlen(b), limit);
}

static void counts_edits(void **state)
{
    (void)state;
    assert_int_equal(d("asylum", "asylum", 2), 0);
    assert_int_equal(d("asylim", "asylum", 2), 1);            /* substitution */
    assert_int_equal(d("reisdocumnt", "reisdocument", 2), 1); /* deletion */
    assert_int_equal(d("gezinsherenging", "gezinshereniging", 2), 1);
    assert_int_equal(d("opvagn", "opvang", 2), 1); /* neighbours swapped */
    assert_int_equal(d("", "abc", 5), 3);
}

static void counts_characters_not_bytes(void **state)
{
    (void)state;
    /* one Cyrillic letter is two bytes but one edit */
    assert_int_equal(d("жолобы", "жалобы", 2), 1);
    assert_int_equal(d("belgië", "belgie", 2), 1);
    assert_int_equal(d("убежище", "убежища", 2), 1);
}

static void stops_past_the_limit(void **state)
{
    (void)state;
    assert_int_equal(d("opvang", "werken", 2), 3);
    assert_int_equal(d("a", "abcdef", 2), 3);
    char long_word[200];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    assert_int_equal(d(long_word, long_word, 2), 3); /* too long to compare */
}

static void allowance_grows_with_length(void **state)
{
    (void)state;
    assert_int_equal(hv_edit_allowance(3), 1);
    assert_int_equal(hv_edit_allowance(4), 1);
    assert_int_equal(hv_edit_allowance(5), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_edits),
        cmocka_unit_test(counts_characters_not_bytes),
        cmocka_unit_test(stops_past_the_limit),
        cmocka_unit_test(allowance_grows_with_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
