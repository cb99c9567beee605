#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../searcher/record_memo.h"

static hv_passage_record record(const char *text)
{
    return (hv_passage_record){.doc = strdup("d.txt"),
                               .title = strdup("t"),
                               .section = strdup(""),
                               .text = strdup(text),
                               .lang = HV_LANG_EN,
                               .number = 3};
}

/* A record put under its packed bytes comes back once, whole; other bytes
 * find nothing, even bytes that begin the same. */
static void kept_record_is_taken_once(void **state)
{
    (void)state;
    hv_record_memo memo = HV_RECORD_MEMO_INIT;
    hv_passage_record a = record("first"), b = record("second");
    assert_int_equal(hv_record_memo_put(&memo, "packed-a", 8, &a), HV_OK);
    assert_null(a.text); /* moved in */
    assert_int_equal(hv_record_memo_put(&memo, "packed-b", 8, &b), HV_OK);
    hv_passage_record out;
    assert_false(hv_record_memo_take(&memo, "packed-", 7, &out));
    assert_false(hv_record_memo_take(&memo, "packed-c", 8, &out));
    assert_true(hv_record_memo_take(&memo, "packed-b", 8, &out));
    assert_string_equal(out.text, "second");
    assert_string_equal(out.doc, "d.txt");
    assert_int_equal(out.number, 3);
    hv_passage_record_free(&out);
    assert_false(hv_record_memo_take(&memo, "packed-b", 8, &out));
    assert_true(hv_record_memo_take(&memo, "packed-a", 8, &out));
    assert_string_equal(out.text, "first");
    hv_passage_record_free(&out);
    hv_record_memo_free(&memo);
}

/* Clearing frees what was kept and not taken; the memo takes new records
 * after that, more than its first allocation holds. */
static void clear_frees_the_rest_and_memo_goes_on(void **state)
{
    (void)state;
    hv_record_memo memo = HV_RECORD_MEMO_INIT;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 40; i++) {
            char key[16];
            int n = snprintf(key, sizeof key, "k%d", i);
            hv_passage_record r = record(key);
            assert_int_equal(hv_record_memo_put(&memo, key, (size_t)n, &r), HV_OK);
        }
        hv_passage_record out;
        assert_true(hv_record_memo_take(&memo, "k39", 3, &out));
        assert_string_equal(out.text, "k39");
        hv_passage_record_free(&out);
        hv_record_memo_clear(&memo);
        assert_false(hv_record_memo_take(&memo, "k1", 2, &out));
    }
    hv_record_memo_free(&memo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kept_record_is_taken_once),
        cmocka_unit_test(clear_frees_the_rest_and_memo_goes_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
