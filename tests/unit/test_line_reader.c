#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../searcher/line_reader.h"

static FILE *input(const char *bytes, size_t len)
{
    FILE *f = fmemopen((void *)bytes, len, "r");
    assert_non_null(f);
    return f;
}

static void expect_line(hv_line_reader *r, FILE *in, const char *want, size_t want_len)
{
    assert_true(hv_line_read(r, in));
    assert_int_equal(r->len, want_len);
    assert_memory_equal(r->buf, want, want_len);
    assert_int_equal(r->buf[r->len], '\0');
    assert_false(r->cut);
}

static void test_lines_and_line_ends(void **state)
{
    (void)state;
    static const char text[] = "opvang\r\n\nmet\0nul\nlaatste";
    FILE *in = input(text, sizeof text - 1);
    hv_line_reader r = {0};
    expect_line(&r, in, "opvang", 6);   /* \r\n is one line end */
    expect_line(&r, in, "", 0);         /* an empty line is a line */
    expect_line(&r, in, "met\0nul", 7); /* NUL bytes are kept */
    expect_line(&r, in, "laatste", 7);  /* the last needs no \n */
    assert_false(hv_line_read(&r, in));
    fclose(in);
    hv_line_reader_free(&r);
    assert_null(r.buf);
}

/* A line over the limit is cut; the rest of it is dropped, and the next
 * line is read whole. */
static void test_long_line_is_cut(void **state)
{
    (void)state;
    size_t over = HV_LINE_MAX_BYTES + 1000;
    char *text = malloc(over + 8);
    assert_non_null(text);
    memset(text, 'x', over);
    memcpy(text + over, "\nnext\n", 6);
    FILE *in = input(text, over + 6);
    hv_line_reader r = {0};
    assert_true(hv_line_read(&r, in));
    assert_true(r.cut);
    assert_int_equal(r.len, HV_LINE_MAX_BYTES);
    assert_int_equal(r.buf[r.len], '\0');
    expect_line(&r, in, "next", 4);
    assert_false(hv_line_read(&r, in));
    fclose(in);
    hv_line_reader_free(&r);
    free(text);
}

static void test_empty_input(void **state)
{
    (void)state;
    FILE *in = input("", 0);
    hv_line_reader r = {0};
    assert_false(hv_line_read(&r, in));
    fclose(in);
    hv_line_reader_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_line_ends),
        cmocka_unit_test(test_long_line_is_cut),
        cmocka_unit_test(test_empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
