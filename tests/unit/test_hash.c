#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"

/* Published FNV-1a 64-bit test vectors. */
static void known_values(void **state)
{
    (void)state;
    assert_true(hv_hash("", 0) == 0xcbf29ce484222325ULL);
    assert_true(hv_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(hv_hash("foobar", 6) == 0x85944171f73967e8ULL);
}

static void continuing_equals_hashing_at_once(void **state)
{
    (void)state;
    uint64_t h = hv_hash_more(HV_HASH_SEED, "foo", 3);
    assert_true(hv_hash_more(h, "bar", 3) == hv_hash("foobar", 6));
    assert_true(hv_hash("opvang", 6) != hv_hash("opvanh", 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_values),
        cmocka_unit_test(continuing_equals_hashing_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
