#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static char *sanitize(const char *in, size_t len, size_t *out_len)
{
    char *out = NULL;
    assert_int_equal(hv_utf8_sanitize(in, len, &out, out_len), HV_OK);
    assert_non_null(out);
    assert_int_equal(out[*out_len], '\0');
    assert_true(hv_utf8_is_valid(out, *out_len));
    return out;
}

static void test_valid_text_is_kept(void **state)
{
    (void)state;
    const char *s = "België, Россия, 漢字 \xF0\x9F\x98\x80\t\n\r";
    size_t n;
    char *out = sanitize(s, strlen(s), &n);
    assert_int_equal(n, strlen(s));
    assert_string_equal(out, s);
    free(out);
}

static void test_invalid_sequences_become_replacement(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        const char *want;
    } cases[] = {
        {"a\x80z", 3, "a\xEF\xBF\xBDz"},                             /* lone continuation */
        {"a\xC3", 2, "a\xEF\xBF\xBD"},                               /* truncated 2-byte */
        {"\xE2\x82", 2, "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* truncated 3-byte */
        {"\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* overlong '/' */
        {"\xE0\x80\xAF", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* overlong 3-byte */
        {"\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate D800 */
        {"\xF4\x90\x80\x80", 4,
         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* above U+10FFFF */
        {"\xFF", 1, "\xEF\xBF\xBD"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_false(hv_utf8_is_valid(cases[i].in, cases[i].len));
        size_t n;
        char *out = sanitize(cases[i].in, cases[i].len, &n);
        assert_string_equal(out, cases[i].want);
        free(out);
    }
}

static void test_nul_and_controls_become_spaces(void **state)
{
    (void)state;
    const char in[] = {'a', '\0', 'b', '\x01', 'c', '\x1b', '\t', 'd'};
    size_t n;
    char *out = sanitize(in, sizeof in, &n);
    assert_int_equal(n, sizeof in);
    assert_string_equal(out, "a b c \td");
    free(out);
}

static void test_empty_input(void **state)
{
    (void)state;
    size_t n = 99;
    char *out = sanitize("", 0, &n);
    assert_int_equal(n, 0);
    assert_string_equal(out, "");
    free(out);
    assert_true(hv_utf8_is_valid("", 0));
    assert_int_equal(hv_utf8_length("", 0), 0);
    assert_int_equal(hv_utf8_prefix_bytes("", 0, 5), 0);
}

static void test_decode(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(hv_utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(hv_utf8_decode("\xC3\xAB", 2, &cp), 2);
    assert_int_equal(cp, 0xEB);
    assert_int_equal(hv_utf8_decode("\xD0\xB9", 2, &cp), 2);
    assert_int_equal(cp, 0x439);
    assert_int_equal(hv_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(hv_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    /* invalid: one byte consumed, U+FFFD stored */
    assert_int_equal(hv_utf8_decode("\xE2\x82", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(hv_utf8_decode("\xED\xBF\xBF", 3, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(hv_utf8_decode("\xC1\x81", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static void test_length_and_prefix(void **state)
{
    (void)state;
    const char *s = "aé漢\xF0\x9F\x98\x80"
                    "b"; /* 1+2+3+4+1 bytes, 5 chars */
    size_t len = strlen(s);
    assert_int_equal(hv_utf8_length(s, len), 5);
    assert_int_equal(hv_utf8_prefix_bytes(s, len, 0), 0);
    assert_int_equal(hv_utf8_prefix_bytes(s, len, 1), 1);
    assert_int_equal(hv_utf8_prefix_bytes(s, len, 2), 3);
    assert_int_equal(hv_utf8_prefix_bytes(s, len, 3), 6);
    assert_int_equal(hv_utf8_prefix_bytes(s, len, 4), 10);
    assert_int_equal(hv_utf8_prefix_bytes(s, len, 5), len);
    assert_int_equal(hv_utf8_prefix_bytes(s, len, 100), len);
}

static void test_one_megabyte_of_garbage(void **state)
{
    (void)state;
    size_t len = 1 << 20;
    char *in = malloc(len);
    assert_non_null(in);
    uint32_t x = 12345;
    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        in[i] = (char)(x >> 16);
    }
    size_t n;
    char *out = sanitize(in, len, &n);
    assert_true(n >= len / 2);
    free(out);
    free(in);
}

/* The same answers as decoding one code point after another: for every
 * window of a text mixing one- to four-byte characters, and with each of
 * its bytes damaged in turn (the fast paths take eight ASCII bytes or a
 * two-byte character at once). */
static bool valid_by_decoding(const char *s, size_t len, size_t *chars)
{
    *chars = 0;
    for (size_t i = 0; i < len; (*chars)++) {
        int32_t cp;
        size_t n = hv_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && n != 3) return false;
        i += n;
    }
    return true;
}

static void test_fast_paths_agree_with_decoding(void **state)
{
    (void)state;
    char text[] = "plain ascii words, then Объём её and Zoë, 漢字 \xF0\x9F\x98\x80 end of it";
    size_t len = strlen(text);
    static const unsigned char damage[] = {0x80, 0xC0, 0xD0, 0xE0, 0xF0, 0xFF, 'x'};
    for (size_t d = 0; d <= sizeof damage; d++) {
        for (size_t at = 0; at < (d ? len : 1); at++) {
            char s[sizeof text];
            memcpy(s, text, sizeof text);
            if (d) s[at] = (char)damage[d - 1];
            for (size_t from = 0; from < 9; from++) {
                for (size_t n = 0; from + n <= len; n++) {
                    size_t chars;
                    bool valid = valid_by_decoding(s + from, n, &chars);
                    assert_int_equal(hv_utf8_is_valid(s + from, n), valid);
                    if (valid) assert_int_equal(hv_utf8_length(s + from, n), chars);
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_text_is_kept),
        cmocka_unit_test(test_invalid_sequences_become_replacement),
        cmocka_unit_test(test_nul_and_controls_become_spaces),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_length_and_prefix),
        cmocka_unit_test(test_one_megabyte_of_garbage),
        cmocka_unit_test(test_fast_paths_agree_with_decoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
