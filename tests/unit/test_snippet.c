#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "test_analyzer.h"
#include "query.h"
#include "snippet.h"
#include "utf8.h"

static const hv_snippet_style html = {240, "<mark>", "</mark>", true};
static const hv_snippet_style brackets = {240, "[", "]", false};

static char *snippet_bytes(void **state, const char *text, size_t len, hv_lang lang,
                           const char *query_text, const hv_snippet_style *style)
{
    hv_parsed_query *query = NULL;
    assert_int_equal(hv_query_parse(*state, query_text, strlen(query_text), &query), HV_OK);
    char *out = NULL;
    assert_int_equal(hv_snippet_make(*state, text, len, lang, query, style, &out), HV_OK);
    assert_non_null(out);
    hv_parsed_query_free(query);
    return out;
}

static char *snippet(void **state, const char *text, hv_lang lang, const char *query_text,
                     const hv_snippet_style *style)
{
    return snippet_bytes(state, text, strlen(text), lang, query_text, style);
}

static void expect_snippet(void **state, const char *text, hv_lang lang, const char *query_text,
                           const char *expected)
{
    char *out = snippet(state, text, lang, query_text, &brackets);
    assert_string_equal(out, expected);
    free(out);
}

/* Characters of visible text: marks [ ] removed, ellipses counted. */
static size_t visible_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (*s != '[' && *s != ']' && ((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static size_t count_marks(const char *s)
{
    size_t n = 0;
    for (; (s = strchr(s, '[')) != NULL; s++)
        n++;
    return n;
}

static void test_case_and_diacritics(void **state)
{
    expect_snippet(state, "De grens met België is open.", HV_LANG_NL, "belgie",
                   "De grens met [België] is open.");
    expect_snippet(state, "Kosten en nog eens KOSTEN.", HV_LANG_NL, "kosten",
                   "[Kosten] en nog eens [KOSTEN].");
}

static void test_stems(void **state)
{
    /* Dutch aanvraag/aanvragen -> aanvrag, English application(s) -> applic,
     * Russian документы/документов -> документ */
    expect_snippet(state, "Twee aanvragen werden ingediend.", HV_LANG_NL, "aanvraag",
                   "Twee [aanvragen] werden ingediend.");
    expect_snippet(state, "All applications are read.", HV_LANG_EN, "application",
                   "All [applications] are read.");
    expect_snippet(state, "Копии документов нужны.", HV_LANG_RU, "документы",
                   "Копии [документов] нужны.");
    /* unknown language: stemmed the way query words are */
    expect_snippet(state, "Twee aanvragen.", HV_LANG_UNKNOWN, "aanvraag", "Twee [aanvragen].");
}

/* A Russian word is stemmed only when it starts with a query stem: words
 * that merely share its first letter are not, the forms of the word still
 * match, and so do Cyrillic words in a passage of another language. */
static void test_russian_forms_among_words_of_one_letter(void **state)
{
    expect_snippet(state, "Пустая папка, пустой файл, пример печати и пустые строки.", HV_LANG_RU,
                   "пустые", "[Пустая] папка, [пустой] файл, пример печати и [пустые] строки.");
    expect_snippet(state, "Копии ДОКУМЕНТОВ, документам и доклады.", HV_LANG_NL, "документы",
                   "Копии [ДОКУМЕНТОВ], [документам] и доклады.");
}

static void test_phrase_words_marked_exactly(void **state)
{
    expect_snippet(state, "Code 207 no show, dus geen opvang.", HV_LANG_NL, "\"no show\"",
                   "Code 207 [no] [show], dus geen opvang.");
    expect_snippet(state, "De woningen en de woning.", HV_LANG_NL, "\"woning\"",
                   "De woningen en de [woning].");
}

static void test_prefix(void **state)
{
    expect_snippet(state, "Een Huursubsidie of huur.", HV_LANG_NL, "huur*",
                   "Een [Huursubsidie] of [huur].");
}

static void test_excluded_not_marked(void **state)
{
    expect_snippet(state, "Kosten van de opvang.", HV_LANG_NL, "kosten -opvang",
                   "[Kosten] van de opvang.");
}

static void test_html_escaping(void **state)
{
    const char *text = "a < b & \"Kosten\" 'x' > c";
    char *out = snippet(state, text, HV_LANG_NL, "kosten", &html);
    assert_string_equal(out, "a &lt; b &amp; &quot;<mark>Kosten</mark>&quot; &#39;x&#39; &gt; c");
    free(out);
    /* without escaping the text passes through */
    out = snippet(state, text, HV_LANG_NL, "kosten", &brackets);
    assert_string_equal(out, "a < b & \"[Kosten]\" 'x' > c");
    free(out);
}

static void test_whitespace_collapsed(void **state)
{
    expect_snippet(state, "  De\n\nkosten\t\t zijn\r\n hoog.  \n", HV_LANG_NL, "kosten",
                   "De [kosten] zijn hoog.");
}

static void test_empty_and_no_match(void **state)
{
    expect_snippet(state, "", HV_LANG_NL, "kosten", "");
    expect_snippet(state, "   \n ", HV_LANG_NL, "kosten", "");
    expect_snippet(state, "Niets te zien hier.", HV_LANG_NL, "kosten", "Niets te zien hier.");

    /* long passage, no match: its start, cut at a word */
    char text[2000] = "";
    for (int i = 0; i < 100; i++)
        strcat(text, "alfa beta ");
    hv_snippet_style style = {30, "[", "]", false};
    char *out = snippet(state, text, HV_LANG_NL, "kosten", &style);
    assert_int_equal(strncmp(out, "alfa beta alfa", 14), 0);
    assert_true(visible_chars(out) <= 30);
    const char *ellipsis = out + strlen(out) - 3;
    assert_string_equal(ellipsis, "\xE2\x80\xA6");
    assert_true(ellipsis[-1] == 'a'); /* ends on a whole word */
    free(out);
}

static void test_window_picks_dense_region(void **state)
{
    char text[4000] = "Kosten staan elders. ";
    for (int i = 0; i < 40; i++)
        strcat(text, "Een zin zonder iets. ");
    strcat(text, "Hier gaan de kosten van de opvang en de huur samen. ");
    for (int i = 0; i < 40; i++)
        strcat(text, "Weer een zin zonder iets. ");
    hv_snippet_style style = {80, "[", "]", false};
    char *out = snippet(state, text, HV_LANG_NL, "kosten opvang huur", &style);
    assert_non_null(strstr(out, "[kosten]"));
    assert_non_null(strstr(out, "[opvang]"));
    assert_non_null(strstr(out, "[huur]"));
    /* the window starts at the sentence holding the matches */
    assert_int_equal(strncmp(out, "\xE2\x80\xA6Hier gaan", 12), 0);
    assert_int_equal(strcmp(out + strlen(out) - 3, "\xE2\x80\xA6"), 0);
    assert_true(visible_chars(out) <= 80);
    free(out);
}

static void test_distinct_terms_beat_repeats(void **state)
{
    char text[4000] = "";
    for (int i = 0; i < 30; i++)
        strcat(text, "vul ");
    strcat(text, "kosten kosten kosten kosten ");
    for (int i = 0; i < 30; i++)
        strcat(text, "vul ");
    strcat(text, "kosten opvang ");
    for (int i = 0; i < 30; i++)
        strcat(text, "vul ");
    hv_snippet_style style = {40, "[", "]", false};
    char *out = snippet(state, text, HV_LANG_NL, "kosten opvang", &style);
    assert_non_null(strstr(out, "[kosten] [opvang]"));
    free(out);
}

static void test_max_chars_counts_characters(void **state)
{
    char text[8000] = "";
    for (int i = 0; i < 60; i++)
        strcat(text, "Беженцы получают документы и жильё. ");
    for (size_t max = 10; max <= 200; max += 19) {
        hv_snippet_style style = {max, "[", "]", false};
        char *out = snippet(state, text, HV_LANG_RU, "документы", &style);
        assert_true(visible_chars(out) <= max);
        assert_true(hv_utf8_is_valid(out, strlen(out)));
        if (max >= 40) assert_true(count_marks(out) >= 1);
        free(out);
    }
}

static void test_ellipsis_only_where_cut(void **state)
{
    char text[4000] = "";
    for (int i = 0; i < 50; i++)
        strcat(text, "vul ");
    strcat(text, "de kosten.");
    hv_snippet_style style = {40, "[", "]", false};
    char *out = snippet(state, text, HV_LANG_NL, "kosten", &style);
    /* cut at the start, not at the end: the final full stop comes along */
    assert_int_equal(strncmp(out, "\xE2\x80\xA6", 3), 0);
    assert_int_equal(strcmp(out + strlen(out) - 9, "[kosten]."), 0);
    free(out);
}

static void test_huge_word(void **state)
{
    size_t len = 10 * 1024;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, 'k', len);
    hv_snippet_style style = {50, "[", "]", false};
    char *out = snippet_bytes(state, text, len, HV_LANG_NL, "kosten", &style);
    assert_true(visible_chars(out) <= 50);
    assert_true(strlen(out) > 10);
    free(out);
    free(text);
}

static void test_huge_passage_is_fast(void **state)
{
    size_t len = 1 << 20;
    char *text = malloc(len);
    assert_non_null(text);
    const char *filler = "Een lange zin over de opvang van kinderen, dag na dag. ";
    size_t flen = strlen(filler);
    for (size_t i = 0; i < len; i++)
        text[i] = filler[i % flen];
    memcpy(text + len / 2, " kosten huur ", 13);
    clock_t start = clock();
    char *out = snippet_bytes(state, text, len, HV_LANG_NL, "kosten huur", &brackets);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_true(seconds < 10.0); /* linear: ~0.1 s; quadratic would take minutes */
    assert_non_null(strstr(out, "[kosten] [huur]"));
    assert_true(visible_chars(out) <= 240);
    free(out);
    free(text);
}

static void test_invalid_utf8_passage(void **state)
{
    const char text[] = "kos\xff\xfeten \0 kosten \xc3";
    char *out = snippet_bytes(state, text, sizeof text - 1, HV_LANG_NL, "kosten", &brackets);
    assert_true(hv_utf8_is_valid(out, strlen(out)));
    assert_non_null(strstr(out, "[kosten]"));
    free(out);
}

static void test_bad_arguments(void **state)
{
    char *out = NULL;
    assert_int_equal(hv_snippet_make(*state, "x", 1, HV_LANG_NL, NULL, NULL, &out),
                     HV_ERR_INVALID_ARGUMENT);
    assert_null(out);
    assert_int_equal(hv_snippet_make(NULL, "x", 1, HV_LANG_NL, NULL, &html, &out),
                     HV_ERR_INVALID_ARGUMENT);
    /* no query: the passage start, nothing marked */
    assert_int_equal(hv_snippet_make(*state, "a b", 3, HV_LANG_NL, NULL, &html, &out), HV_OK);
    assert_string_equal(out, "a b");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_and_diacritics),
        cmocka_unit_test(test_stems),
        cmocka_unit_test(test_russian_forms_among_words_of_one_letter),
        cmocka_unit_test(test_phrase_words_marked_exactly),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_excluded_not_marked),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_whitespace_collapsed),
        cmocka_unit_test(test_empty_and_no_match),
        cmocka_unit_test(test_window_picks_dense_region),
        cmocka_unit_test(test_distinct_terms_beat_repeats),
        cmocka_unit_test(test_max_chars_counts_characters),
        cmocka_unit_test(test_ellipsis_only_where_cut),
        cmocka_unit_test(test_huge_word),
        cmocka_unit_test(test_huge_passage_is_fast),
        cmocka_unit_test(test_invalid_utf8_passage),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, analyzer_setup, analyzer_teardown);
}
