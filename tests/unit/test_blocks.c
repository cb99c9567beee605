#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../indexer/blocks.h"

static void test_collapse_whitespace(void **state)
{
    (void)state;
    char *out;
    size_t len;
    const char *in = "  een\t\ttwee \n\n drie\xC2\xA0\xC2\xA0vier  ";
    assert_int_equal(hv_collapse_whitespace(in, strlen(in), &out, &len), HV_OK);
    assert_string_equal(out, "een twee drie vier");
    assert_int_equal(len, strlen(out));
    free(out);
}

static void test_add_skips_empty_and_keeps_order(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    assert_int_equal(hv_block_list_add(&l, HV_BLOCK_HEADING, " Kop ", 5), HV_OK);
    assert_int_equal(hv_block_list_add(&l, HV_BLOCK_PARAGRAPH, " \n\t ", 4), HV_OK);
    for (int i = 0; i < 100; i++)
        assert_int_equal(hv_block_list_add(&l, HV_BLOCK_PARAGRAPH, "tekst", 5), HV_OK);
    assert_int_equal(l.count, 101);
    assert_int_equal(l.items[0].kind, HV_BLOCK_HEADING);
    assert_string_equal(l.items[0].text, "Kop");
    assert_int_equal(l.items[100].kind, HV_BLOCK_PARAGRAPH);
    hv_block_list_free(&l);
    assert_int_equal(l.count, 0);
}

static void test_title_set_once(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    assert_int_equal(hv_block_list_set_title(&l, "   ", 3), HV_OK);
    assert_null(l.title);
    assert_int_equal(hv_block_list_set_title(&l, " Eerste\ntitel ", 14), HV_OK);
    assert_int_equal(hv_block_list_set_title(&l, "Tweede", 6), HV_OK);
    assert_string_equal(l.title, "Eerste titel");
    hv_block_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collapse_whitespace),
        cmocka_unit_test(test_add_skips_empty_and_keeps_order),
        cmocka_unit_test(test_title_set_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
