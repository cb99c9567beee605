#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../searcher/answer_cache.h"

static void keeps_answers_per_revision(void **state)
{
    (void)state;
    hv_answer_cache *c = hv_answer_cache_new();
    size_t len;
    assert_null(hv_answer_cache_get(c, "q", 1, 7, &len));
    hv_answer_cache_put(c, "q", 1, 7, "body", 5);
    const char *got = hv_answer_cache_get(c, "q", 1, 7, &len);
    assert_non_null(got);
    assert_int_equal(len, 5);
    assert_string_equal(got, "body");
    /* a new index revision makes every kept answer stale */
    assert_null(hv_answer_cache_get(c, "q", 1, 8, &len));
    /* keys must match exactly, not just their slot */
    assert_null(hv_answer_cache_get(c, "qq", 2, 7, &len));
    hv_answer_cache_put(c, "q", 1, 8, "newer", 6);
    assert_string_equal(hv_answer_cache_get(c, "q", 1, 8, &len), "newer");
    hv_answer_cache_free(c);
}

static void many_keys_and_big_bodies(void **state)
{
    (void)state;
    hv_answer_cache *c = hv_answer_cache_new();
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "query %d", i);
        hv_answer_cache_put(c, key, (size_t)n, 1, key, (size_t)n + 1);
    }
    size_t len, found = 0;
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "query %d", i);
        const char *got = hv_answer_cache_get(c, key, (size_t)n, 1, &len);
        if (got) {
            assert_string_equal(got, key); /* never another key's answer */
            found++;
        }
    }
    assert_true(found > 0 && found <= HV_ANSWER_CACHE_SLOTS);
    char *big = calloc(1, HV_ANSWER_CACHE_MAX_BODY + 2);
    hv_answer_cache_put(c, "big", 3, 1, big, HV_ANSWER_CACHE_MAX_BODY + 1);
    assert_null(hv_answer_cache_get(c, "big", 3, 1, &len));
    free(big);
    hv_answer_cache_free(c);
    hv_answer_cache_free(NULL);
}

static void a_few_hundred_popular_queries_all_stay(void **state)
{
    (void)state;
    hv_answer_cache *c = hv_answer_cache_new();
    char key[32];
    size_t len;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 300; i++) {
            int n = snprintf(key, sizeof key, "popular %d", i);
            if (!hv_answer_cache_get(c, key, (size_t)n, 1, &len))
                hv_answer_cache_put(c, key, (size_t)n, 1, key, (size_t)n + 1);
        }
    for (int i = 0; i < 300; i++) {
        int n = snprintf(key, sizeof key, "popular %d", i);
        const char *got = hv_answer_cache_get(c, key, (size_t)n, 1, &len);
        assert_non_null(got);
        assert_string_equal(got, key);
    }
    hv_answer_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keeps_answers_per_revision),
        cmocka_unit_test(many_keys_and_big_bodies),
        cmocka_unit_test(a_few_hundred_popular_queries_all_stay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
