#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "number.h"

static bool count(const char *s, unsigned long max, unsigned long *v)
{
    return hv_parse_count(s, strlen(s), max, v);
}

static void reads_plain_numbers(void **state)
{
    (void)state;
    unsigned long v;
    assert_true(count("0", 10, &v));
    assert_int_equal(v, 0);
    assert_true(count("100", 100, &v));
    assert_int_equal(v, 100);
    assert_true(count("007", 10, &v));
    assert_int_equal(v, 7);
}

static void refuses_everything_else(void **state)
{
    (void)state;
    unsigned long v = 42;
    const char *bad[] = {"", "-1", "+1", " 1", "1 ", "1.5", "0x10", "ten", "101"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(count(bad[i], 100, &v));
    assert_false(count("99999999999999999999999999", (unsigned long)-1, &v));
    assert_int_equal(v, 42); /* untouched on failure */
    assert_false(hv_parse_count(NULL, 0, 10, &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_plain_numbers),
        cmocka_unit_test(refuses_everything_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
