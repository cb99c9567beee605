#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../indexer/index_build.h"

#define MB (1ULL << 20)

static void test_few_files_get_one_writer_whatever_is_asked(void **state)
{
    (void)state;
    assert_int_equal(hv_build_writers(0, 15, 500 * MB), 1);
    assert_int_equal(hv_build_writers(2, 15, 500 * MB), 1);
}

static void test_default_is_one_writer_for_little_text(void **state)
{
    (void)state;
    assert_int_equal(hv_build_writers(0, 500, 11 * MB), 1);
    assert_int_equal(hv_build_writers(0, 1500, 32 * MB), 2);
    assert_int_equal(hv_build_writers(0, 5000, 107 * MB), 2);
}

static void test_an_explicit_count_is_kept(void **state)
{
    (void)state;
    assert_int_equal(hv_build_writers(2, 40, 1 * MB), 2);
    assert_int_equal(hv_build_writers(1, 5000, 107 * MB), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_few_files_get_one_writer_whatever_is_asked),
        cmocka_unit_test(test_default_is_one_writer_for_little_text),
        cmocka_unit_test(test_an_explicit_count_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
