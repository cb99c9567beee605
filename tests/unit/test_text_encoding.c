#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../indexer/document.h"
#include "../../indexer/text_encoding.h"

static hv_encoding detect(const char *bytes, bool html)
{
    return hv_encoding_detect(bytes, strlen(bytes), html);
}

static void check_decoded_n(const char *bytes, size_t n, hv_encoding enc, const char *want)
{
    char *out;
    size_t out_len;
    assert_int_equal(hv_encoding_to_utf8(bytes, n, enc, &out, &out_len), HV_OK);
    assert_string_equal(out, want);
    assert_int_equal(out_len, strlen(want));
    free(out);
}

static void check_decoded(const char *bytes, hv_encoding enc, const char *want)
{
    check_decoded_n(bytes, strlen(bytes), enc, want);
}

static void test_utf8_stays_utf8(void **state)
{
    (void)state;
    assert_int_equal(detect("plain ASCII", false), HV_ENCODING_UTF8);
    assert_int_equal(detect("financi\xC3\xABle steun", false), HV_ENCODING_UTF8);
    assert_int_equal(detect("\xD0\xB1\xD0\xB5\xD0\xB6\xD0\xB5\xD0\xBD\xD0\xB5\xD1\x86", false),
                     HV_ENCODING_UTF8);
    assert_int_equal(detect("", false), HV_ENCODING_UTF8);
}

static void test_damaged_utf8_is_not_reread(void **state)
{
    (void)state;
    /* three good characters, one broken byte: repaired later, not re-read */
    assert_int_equal(detect("caf\xC3\xA9 \xC3\xA9\xC3\xA9n \xFF", false), HV_ENCODING_UTF8);
    /* a page declaring Latin-1 while its bytes are UTF-8 */
    assert_int_equal(detect("<meta charset=iso-8859-1>caf\xC3\xA9", true), HV_ENCODING_UTF8);
}

static void test_latin_words_read_as_cp1252(void **state)
{
    (void)state;
    assert_int_equal(detect("Financi\xEBle steun voor de caf\xE9", false), HV_ENCODING_CP1252);
    assert_int_equal(detect("Het \x93leefloon\x94 \x96 OCMW", false), HV_ENCODING_CP1252);
}

static void test_cyrillic_words_read_as_cp1251(void **state)
{
    (void)state;
    /* "Заявление о защите" in Windows-1251 */
    assert_int_equal(
        detect("\xC7\xE0\xFF\xE2\xEB\xE5\xED\xE8\xE5 \xEE \xE7\xE0\xF9\xE8\xF2\xE5", false),
        HV_ENCODING_CP1251);
}

static void test_koi8r_told_from_cp1251_by_its_small_letters(void **state)
{
    (void)state;
    /* "Заявление о защите" in KOI8-R */
    const char *koi8 = "\xFA\xC1\xD1\xD7\xCC\xC5\xCE\xC9\xC5 \xCF \xDA\xC1\xDD\xC9\xD4\xC5";
    assert_int_equal(detect(koi8, false), HV_ENCODING_KOI8R);
    check_decoded(koi8, HV_ENCODING_KOI8R,
                  "\xD0\x97\xD0\xB0\xD1\x8F\xD0\xB2\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xB5 "
                  "\xD0\xBE \xD0\xB7\xD0\xB0\xD1\x89\xD0\xB8\xD1\x82\xD0\xB5");
    /* Ё ё Я я */
    check_decoded("\xB3\xA3\xF1\xD1", HV_ENCODING_KOI8R, "\xD0\x81\xD1\x91\xD0\xAF\xD1\x8F");
    assert_int_equal(detect("<meta charset=KOI8-R>\xC0 \xE1 \xE2", true), HV_ENCODING_KOI8R);
}

static void test_declared_charset_decides_for_pages(void **state)
{
    (void)state;
    /* isolated high bytes would say 1252; the page says 1251 */
    const char *page = "<meta http-equiv=\"Content-Type\" content=\"text/html; "
                       "charset=windows-1251\"><p>\xC0 \xE1 \xE2";
    assert_int_equal(detect(page, true), HV_ENCODING_CP1251);
    /* a text file's words are not a declaration */
    assert_int_equal(detect("charset=windows-1251 \xC0 \xE1 \xE2", false), HV_ENCODING_CP1252);
    assert_int_equal(detect("<meta charset='ISO-8859-15'>\xC7\xE0\xFF\xE2", true),
                     HV_ENCODING_CP1252);
    /* a charset not ours leaves it to the bytes */
    assert_int_equal(detect("<meta charset=koi8-x>\xC7\xE0\xFF\xE2\xEB", true), HV_ENCODING_CP1251);
}

static void test_cp1252_decodes(void **state)
{
    (void)state;
    check_decoded("caf\xE9 \x93x\x94 \x80 \x96", HV_ENCODING_CP1252,
                  "caf\xC3\xA9 \xE2\x80\x9Cx\xE2\x80\x9D \xE2\x82\xAC \xE2\x80\x93");
    /* bytes 1252 leaves undefined become U+FFFD */
    check_decoded("a\x81z", HV_ENCODING_CP1252, "a\xEF\xBF\xBDz");
    assert_int_equal(hv_cp1252_code_point(0x9F), 0x0178);
    assert_int_equal(hv_cp1252_code_point(0x8D), 0);
    assert_int_equal(hv_cp1252_code_point('A'), 'A');
}

static void test_cp1251_decodes(void **state)
{
    (void)state;
    /* А, я, Ё, ё, №, « » */
    check_decoded("\xC0\xFF\xA8\xB8\xB9\xAB\xBB", HV_ENCODING_CP1251,
                  "\xD0\x90\xD1\x8F\xD0\x81\xD1\x91\xE2\x84\x96\xC2\xAB\xC2\xBB");
    check_decoded("a\x98z", HV_ENCODING_CP1251, "a\xEF\xBF\xBDz");
}

static void check_utf16(const char *bytes, size_t n, const char *want)
{
    check_decoded_n(bytes, n, HV_ENCODING_UTF16, want);
}

static void test_utf16_decodes(void **state)
{
    (void)state;
    bool big;
    assert_true(hv_utf16_bom("\xFF\xFEx", 3, &big));
    assert_false(big);
    assert_true(hv_utf16_bom("\xFE\xFF", 2, &big));
    assert_true(big);
    assert_false(hv_utf16_bom("\xFF", 1, &big));
    assert_false(hv_utf16_bom("ab", 2, &big));
    /* a pair of surrogates is one character: U+1F600 */
    check_utf16("\xFF\xFE"
                "\x3D\xD8\x00\xDE",
                6, "\xF0\x9F\x98\x80");
    /* a surrogate alone, and an odd last byte, become U+FFFD */
    check_utf16("\xFF\xFE"
                "\x3D\xD8"
                "a\0",
                6,
                "\xEF\xBF\xBD"
                "a");
    check_utf16("\xFF\xFE"
                "\x00\xDE",
                4, "\xEF\xBF\xBD");
    check_utf16("\xFF\xFE"
                "a\0b",
                5, "a\xEF\xBF\xBD");
    check_utf16("\xFF\xFE", 2, "");
    char *out;
    size_t out_len;
    assert_int_equal(hv_encoding_to_utf8("a\0", 2, HV_ENCODING_UTF16, &out, &out_len),
                     HV_ERR_INVALID_ARGUMENT);
    assert_null(out);
    /* the one entry point for every encoding takes UTF-16 too */
    assert_int_equal(hv_encoding_to_utf8("\xFF\xFE"
                                         "a\0",
                                         4, HV_ENCODING_UTF16, &out, &out_len),
                     HV_OK);
    assert_string_equal(out, "a");
    free(out);
    assert_string_equal(hv_encoding_name(HV_ENCODING_UTF16), "UTF-16");
}

static void test_documents_read_in_their_code_page(void **state)
{
    (void)state;
    const char *text = "Financi\xEBle steun\n\nHet leefloon wordt betaald door het OCMW na de "
                       "erkenning, ook voor de caf\xE9.\n";
    hv_document doc;
    assert_int_equal(hv_document_parse(text, strlen(text), HV_FORMAT_TEXT, &doc), HV_OK);
    assert_true(doc.n_passages >= 1);
    assert_string_equal(doc.title, "Financi\xC3\xABle steun");
    assert_int_equal(doc.encoding, HV_ENCODING_CP1252);
    assert_non_null(strstr(doc.passages[0].text, "caf\xC3\xA9."));
    hv_document_free(&doc);
    assert_int_equal(hv_document_parse("plain", 5, HV_FORMAT_TEXT, &doc), HV_OK);
    assert_int_equal(doc.encoding, HV_ENCODING_UTF8);
    hv_document_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_stays_utf8),
        cmocka_unit_test(test_damaged_utf8_is_not_reread),
        cmocka_unit_test(test_latin_words_read_as_cp1252),
        cmocka_unit_test(test_cyrillic_words_read_as_cp1251),
        cmocka_unit_test(test_koi8r_told_from_cp1251_by_its_small_letters),
        cmocka_unit_test(test_declared_charset_decides_for_pages),
        cmocka_unit_test(test_cp1252_decodes),
        cmocka_unit_test(test_cp1251_decodes),
        cmocka_unit_test(test_utf16_decodes),
        cmocka_unit_test(test_documents_read_in_their_code_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
