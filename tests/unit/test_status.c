#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "status.h"

static void every_status_has_its_own_text(void **state)
{
    (void)state;
    for (int a = 0; a < HV_STATUS_COUNT; a++) {
        const char *s = hv_status_to_string((hv_status)a);
        assert_non_null(s);
        assert_true(strlen(s) > 3);
        assert_string_not_equal(s, "unknown status");
        for (int b = 0; b < a; b++)
            assert_string_not_equal(s, hv_status_to_string((hv_status)b));
    }
    assert_int_equal(HV_OK, 0);
}

static void out_of_range_is_unknown(void **state)
{
    (void)state;
    assert_string_equal(hv_status_to_string(HV_STATUS_COUNT), "unknown status");
    assert_string_equal(hv_status_to_string((hv_status)-1), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_status_has_its_own_text),
        cmocka_unit_test(out_of_range_is_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
