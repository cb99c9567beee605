#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text_buffer.h"

static void test_append_and_take(void **state)
{
    (void)state;
    hv_text_buffer b = HV_TEXT_BUFFER_INIT;
    for (int i = 0; i < 10000; i++)
        assert_int_equal(hv_text_buffer_append(&b, "ab", 2), HV_OK);
    assert_int_equal(b.len, 20000);
    assert_int_equal(hv_text_buffer_append_char(&b, '!'), HV_OK);
    char *s;
    size_t len;
    assert_int_equal(hv_text_buffer_take(&b, &s, &len), HV_OK);
    assert_int_equal(len, 20001);
    assert_int_equal(strlen(s), 20001);
    assert_int_equal(s[20000], '!');
    assert_null(b.data);
    free(s);
    assert_int_equal(hv_text_buffer_take(&b, &s, &len), HV_OK); /* empty buffer gives "" */
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
}

static void test_code_points(void **state)
{
    (void)state;
    hv_text_buffer b = HV_TEXT_BUFFER_INIT;
    unsigned long cps[] = {'A', 0xE9, 0x416, 0x20AC, 0x1F600, 0xD800, 0x110000};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(hv_text_buffer_append_code_point(&b, cps[i]), HV_OK);
    assert_string_equal(b.data, "AéЖ€\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD");
    hv_text_buffer_free(&b);
}

static void test_trim_and_clear(void **state)
{
    (void)state;
    hv_text_buffer b = HV_TEXT_BUFFER_INIT;
    hv_text_buffer_trim_end(&b);
    assert_int_equal(hv_text_buffer_append(&b, "tekst \t\n ", 9), HV_OK);
    hv_text_buffer_trim_end(&b);
    assert_string_equal(b.data, "tekst");
    hv_text_buffer_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    hv_text_buffer_free(&b);
}

/* Reserved room takes appends without moving the bytes; a buffer with room
 * and nothing appended is still "". */
static void test_reserve(void **state)
{
    (void)state;
    hv_text_buffer b = HV_TEXT_BUFFER_INIT;
    assert_int_equal(hv_text_buffer_reserve(&b, 1000), HV_OK);
    assert_string_equal(b.data, "");
    const char *data = b.data;
    for (int i = 0; i < 500; i++)
        assert_int_equal(hv_text_buffer_append(&b, "xy", 2), HV_OK);
    assert_ptr_equal(b.data, data);
    assert_int_equal(hv_text_buffer_reserve(&b, 10), HV_OK);
    assert_int_equal(strlen(b.data), 1000);
    hv_text_buffer_free(&b);

    assert_int_equal(hv_text_buffer_reserve(&b, 50), HV_OK);
    char *s;
    assert_int_equal(hv_text_buffer_take(&b, &s, NULL), HV_OK);
    assert_string_equal(s, "");
    free(s);
    assert_int_equal(hv_text_buffer_reserve(&b, (size_t)-1), HV_ERR_NOMEM);
    assert_int_equal(hv_text_buffer_take(&b, &s, NULL), HV_ERR_NOMEM);
    hv_text_buffer_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_take),
        cmocka_unit_test(test_code_points),
        cmocka_unit_test(test_trim_and_clear),
        cmocka_unit_test(test_reserve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
