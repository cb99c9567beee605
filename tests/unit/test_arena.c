#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static const char *put(hv_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *dst = hv_arena_reserve(a, n);
    assert_non_null(dst);
    memcpy(dst, s, n);
    hv_arena_commit(a, n);
    return dst;
}

static void strings_never_move(void **state)
{
    (void)state;
    hv_arena a = HV_ARENA_INIT;
    const char *kept[5000];
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "word %d", i);
        kept[i] = put(&a, buf);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "word %d", i);
        assert_string_equal(kept[i], buf);
    }
    hv_arena_free(&a);
}

static void reserve_more_than_a_block(void **state)
{
    (void)state;
    hv_arena a = HV_ARENA_INIT;
    const char *small = put(&a, "small");
    char big[20000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *large = put(&a, big);
    assert_string_equal(small, "small");
    assert_int_equal(strlen(large), sizeof big - 1);
    hv_arena_free(&a);
}

static void clear_reuses_memory(void **state)
{
    (void)state;
    hv_arena a = HV_ARENA_INIT;
    const char *first = put(&a, "one");
    for (int i = 0; i < 3000; i++)
        put(&a, "filler filler filler");
    hv_arena_clear(&a);
    const char *again = put(&a, "two");
    assert_ptr_equal(first, again); /* the first block, from its start */
    for (int i = 0; i < 3000; i++)
        put(&a, "filler filler filler");
    assert_string_equal(again, "two");
    hv_arena_free(&a);
    hv_arena_free(&a); /* twice is harmless */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_never_move),
        cmocka_unit_test(reserve_more_than_a_block),
        cmocka_unit_test(clear_reuses_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
