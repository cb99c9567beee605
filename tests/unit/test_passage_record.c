#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "passage_record.h"

static void round_trip(void **state)
{
    (void)state;
    hv_passage_record in = {.doc = "nl/opvang.txt",
                            .title = "Opvang",
                            .section = "3.2 Einde van de opvang",
                            .text = "Wie erkend is, verlaat het opvangcentrum binnen twee maanden. "
                                    "Объём пособия её не касается.",
                            .lang = HV_LANG_NL,
                            .number = 300000};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    hv_passage_record out;
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_OK);
    assert_string_equal(out.doc, in.doc);
    assert_string_equal(out.title, in.title);
    assert_string_equal(out.section, in.section);
    assert_string_equal(out.text, in.text);
    assert_int_equal(out.lang, HV_LANG_NL);
    assert_int_equal(out.number, 300000);
    hv_passage_record_free(&out);
    free(data);
}

static void null_strings_become_empty(void **state)
{
    (void)state;
    hv_passage_record in = {.doc = "a.txt", .text = "x"};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    hv_passage_record out;
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_OK);
    assert_string_equal(out.title, "");
    assert_string_equal(out.section, "");
    hv_passage_record_free(&out);
    free(data);
}

static void text_is_compressed(void **state)
{
    (void)state;
    size_t n = 20000;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        text[i] = "opvang en bescherming "[i % 22];
    text[n] = '\0';
    hv_passage_record in = {.doc = "d", .text = text};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    assert_true(len < n / 10);
    free(data);
    free(text);
}

static void damaged_data_is_refused(void **state)
{
    (void)state;
    hv_passage_record in = {.doc = "nl/a.txt", .title = "t", .section = "s", .text = "tekst"};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    hv_passage_record out;
    /* every truncation and a flipped byte in the compressed stream */
    for (size_t cut = 0; cut < len; cut++)
        assert_int_equal(hv_passage_record_decode(data, cut, &out), HV_ERR_CORRUPT);
    data[len - 1] ^= 0x55;
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_ERR_CORRUPT);
    data[0] = 9; /* unknown format */
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_ERR_CORRUPT);
    free(data);
    const char huge[] = {1, (char)0xff, (char)0xff, (char)0xff, (char)0xff, 0x0f};
    assert_int_equal(hv_passage_record_decode(huge, sizeof huge, &out), HV_ERR_CORRUPT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(null_strings_become_empty),
        cmocka_unit_test(text_is_compressed),
        cmocka_unit_test(damaged_data_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
