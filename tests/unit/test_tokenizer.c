#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tokenizer.h"

/* Tokenizes text and checks the folded forms against want (NULL-ended),
 * and that every byte range points at the original text. */
static void assert_tokens(const char *text, const char *const *want)
{
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t i = 0; i < list.count && i < n; i++) {
        assert_string_equal(list.tokens[i].folded, want[i]);
        assert_int_equal(list.tokens[i].folded_len, strlen(want[i]));
        assert_true(list.tokens[i].start < list.tokens[i].end);
        assert_true(list.tokens[i].end <= strlen(text));
    }
    assert_int_equal(list.count, n);
    hv_token_list_free(&list);
}

#define TOKENS(text, ...) assert_tokens(text, (const char *const[]){__VA_ARGS__, NULL})

static void test_numbers_and_codes_stay_whole(void **state)
{
    (void)state;
    TOKENS("artikel 26quater en 207", "artikel", "26quater", "en", "207");
    TOKENS("op 1/4/2023 of 29/8/2022", "op", "1/4/2023", "of", "29/8/2022");
    TOKENS("EUR 177,24 en 639,78", "eur", "177,24", "en", "639,78");
    TOKENS("3.2 Einde van de opvang", "3.2", "einde", "van", "de", "opvang");
    TOKENS("niveau A1, NT2 in het 2de jaar", "niveau", "a1", "nt2", "in", "het", "2de", "jaar");
}

static void test_trailing_period_is_not_part_of_number(void **state)
{
    (void)state;
    TOKENS("in 2022.", "in", "2022");
    TOKENS("in 2022. Daarna", "in", "2022", "daarna");
    TOKENS("1,5, 2/ 3.", "1,5", "2", "3");
    TOKENS("versie .5 en 5..6", "versie", "5", "en", "5", "6");
}

static void test_hyphen_splits_and_marks(void **state)
{
    (void)state;
    const char *text = "OCMW-steun en e-mail - los";
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    assert_int_equal(list.count, 6);
    assert_string_equal(list.tokens[0].folded, "ocmw");
    assert_true(list.tokens[0].hyphen_after);
    assert_string_equal(list.tokens[1].folded, "steun");
    assert_false(list.tokens[1].hyphen_after);
    assert_false(list.tokens[2].hyphen_after);
    assert_true(list.tokens[3].hyphen_after); /* e-mail */
    assert_false(list.tokens[4].hyphen_after);
    assert_false(list.tokens[5].hyphen_after); /* "mail - los": spaced dash */
    hv_token_list_free(&list);
}

static void test_punctuation_splits(void **state)
{
    (void)state;
    TOKENS("www.vreemdelingenrecht.be", "www", "vreemdelingenrecht", "be");
    TOKENS("l'asile it\xE2\x80\x99s", "l", "asile", "it", "s");
    TOKENS("(zie: bijlage!)", "zie", "bijlage");
    TOKENS("02 205 00 55", "02", "205", "00", "55");
}

static void test_offsets_point_at_original_text(void **state)
{
    (void)state;
    const char *text = "  In BELGIË, Ёлка.";
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    assert_int_equal(list.count, 3);
    assert_int_equal(list.tokens[0].start, 2);
    assert_int_equal(list.tokens[0].end, 4);
    assert_memory_equal(text + list.tokens[1].start, "BELGIË",
                        list.tokens[1].end - list.tokens[1].start);
    assert_int_equal(list.tokens[1].end - list.tokens[1].start, strlen("BELGIË"));
    assert_string_equal(list.tokens[1].folded, "belgie");
    assert_memory_equal(text + list.tokens[2].start, "Ёлка", strlen("Ёлка"));
    assert_int_equal(list.tokens[2].end - list.tokens[2].start, strlen("Ёлка"));
    assert_string_equal(list.tokens[2].folded, "елка");
    hv_token_list_free(&list);
}

static void test_scripts(void **state)
{
    (void)state;
    const char *text = "opvang убежище 2022 A1 αθηνα 漢字";
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    assert_int_equal(list.count, 7);
    assert_int_equal(list.tokens[0].script, HV_SCRIPT_LATIN);
    assert_int_equal(list.tokens[1].script, HV_SCRIPT_CYRILLIC);
    assert_int_equal(list.tokens[2].script, HV_SCRIPT_NUMERIC);
    assert_int_equal(list.tokens[3].script, HV_SCRIPT_NUMERIC);
    assert_int_equal(list.tokens[4].script, HV_SCRIPT_OTHER);
    assert_string_equal(list.tokens[5].folded, "漢"); /* one token per ideograph */
    assert_string_equal(list.tokens[6].folded, "字");
    hv_token_list_free(&list);
}

/* A word of mixed scripts takes the one most of its letters are in, and
 * stays whole, whichever way its letters are read. */
static void test_mixed_script_words(void **state)
{
    (void)state;
    const char *text = "abcЖЖЖЖ ЖЖabc éЁё1 Ѓabc";
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    assert_int_equal(list.count, 4);
    assert_string_equal(list.tokens[0].folded, "abcжжжж");
    assert_int_equal(list.tokens[0].script, HV_SCRIPT_CYRILLIC);
    assert_string_equal(list.tokens[1].folded, "жжabc");
    assert_int_equal(list.tokens[1].script, HV_SCRIPT_LATIN);
    assert_string_equal(list.tokens[2].folded, "eее1");
    assert_int_equal(list.tokens[2].script, HV_SCRIPT_NUMERIC);
    assert_int_equal(list.tokens[3].end, strlen(text));
    hv_token_list_free(&list);
}

static void test_cyrillic_words(void **state)
{
    (void)state;
    TOKENS("Йошкар-Ола, ещё Бельгии", "йошкар", "ола", "еще", "бельгии");
    TOKENS("мой край", "мой", "край");
}

static void test_soft_hyphen_and_marks_inside_word(void **state)
{
    (void)state;
    TOKENS("opvang\xC2\xAD"
           "centrum",
           "opvangcentrum");
    TOKENS("Belgie\xCC\x88 en", "belgie", "en");
    TOKENS("woord\xC2\xAD rest", "woord", "rest");
}

static void test_long_words_dropped(void **state)
{
    (void)state;
    char text[300];
    memset(text, 'a', 200);
    strcpy(text + 200, " kort");
    TOKENS(text, "kort");
    memset(text, 'b', HV_MAX_WORD_BYTES);
    strcpy(text + HV_MAX_WORD_BYTES, " x");
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    assert_int_equal(list.count, 2);
    assert_int_equal(list.tokens[0].folded_len, HV_MAX_WORD_BYTES);
    hv_token_list_free(&list);
}

static void test_empty_nul_and_invalid(void **state)
{
    (void)state;
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize("", 0, &list), HV_OK);
    assert_int_equal(list.count, 0);
    assert_int_equal(hv_tokenize(" ,.- ", 5, &list), HV_OK);
    assert_int_equal(list.count, 0);
    const char nul[] = {'a', 'b', '\0', 'c', 'd'};
    assert_int_equal(hv_tokenize(nul, sizeof nul, &list), HV_OK);
    assert_int_equal(list.count, 2);
    assert_string_equal(list.tokens[1].folded, "cd");
    hv_token_list_clear(&list);
    const char bad[] = "ab\xC3"
                       "cd \xED\xA0\x80 x\x80y \xF0\x9F";
    assert_int_equal(hv_tokenize(bad, sizeof bad - 1, &list), HV_OK);
    assert_true(list.count >= 3);
    for (size_t i = 0; i < list.count; i++)
        assert_true(list.tokens[i].end <= sizeof bad - 1);
    assert_int_equal(hv_tokenize(NULL, 1, &list), HV_ERR_INVALID_ARGUMENT);
    hv_token_list_free(&list);
}

static void test_appending_keeps_earlier_pointers_valid(void **state)
{
    (void)state;
    hv_token_list list = HV_TOKEN_LIST_INIT;
    char word[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(word, sizeof word, "Wörd%d ", i);
        assert_int_equal(hv_tokenize(word, (size_t)n, &list), HV_OK);
    }
    assert_int_equal(list.count, 20000);
    assert_string_equal(list.tokens[0].folded, "word0");
    assert_string_equal(list.tokens[12345].folded, "word12345");
    hv_token_list_clear(&list);
    assert_int_equal(list.count, 0);
    assert_int_equal(hv_tokenize("opnieuw", 7, &list), HV_OK);
    assert_string_equal(list.tokens[0].folded, "opnieuw");
    hv_token_list_free(&list);
}

static void test_web_addresses_are_marked(void **state)
{
    (void)state;
    const char *text = "Zie https://www.agii.be/thema/installatiepremie-daklozen of "
                       "www.vreemdelingenrecht.be (http://x.be/opvang) voor opvang.";
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    size_t in_url = 0;
    for (size_t i = 0; i < list.count; i++) {
        const hv_token *t = &list.tokens[i];
        bool inside = strcmp(t->folded, "zie") != 0 && strcmp(t->folded, "of") != 0 &&
                      strcmp(t->folded, "voor") != 0 &&
                      !(strcmp(t->folded, "opvang") == 0 && i == list.count - 1);
        assert_int_equal(t->in_url, inside);
        in_url += t->in_url;
    }
    assert_true(in_url >= 10);
    hv_token_list_free(&list);
}

/* Words of every length up to past two eight-byte steps, in mixed case,
 * ending on each kind of byte that stops an ASCII word (the tokenizer
 * takes ASCII letters and lowercases them eight at a time). */
static void test_ascii_words_of_every_length(void **state)
{
    (void)state;
    const char *letters = "AbCdEfGhIjKlMnOpQrStUvWxYz";
    const char *stops[] = {" ", ".", "-", "@", "[", "`", "{", "\xc3\xa9", "\xd0\x96", "7"};
    for (size_t n = 1; n <= 20; n++) {
        for (size_t k = 0; k < sizeof stops / sizeof *stops; k++) {
            char text[64], want[32], tail[32];
            snprintf(text, sizeof text, "%.*s%s tail", (int)n, letters, stops[k]);
            for (size_t i = 0; i < n; i++)
                want[i] = (char)(letters[i] | 0x20);
            want[n] = '\0';
            hv_token_list list = HV_TOKEN_LIST_INIT;
            assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
            assert_true(list.count >= 2);
            if (k < 7) {
                assert_string_equal(list.tokens[0].folded, want);
            } else { /* a letter or digit of another kind goes on the word */
                snprintf(tail, sizeof tail, "%s", want);
                assert_int_equal(strncmp(list.tokens[0].folded, tail, n), 0);
                assert_true(list.tokens[0].folded_len > n);
            }
            assert_string_equal(list.tokens[list.count - 1].folded, "tail");
            hv_token_list_free(&list);
        }
    }
}

/* An address starts with http://, https:// or www. in any case; words
 * that only begin like one are words. */
static void test_words_that_begin_like_addresses(void **state)
{
    (void)state;
    const char *text = "HTTP://x.be/a Www.y.be ht http wwwx whttp: hTtPs://z.be w";
    /* http x be a | www y be | ht | http | wwwx | whttp | https z be | w */
    const bool want[] = {true,  true,  true,  true, true, true, true, false,
                         false, false, false, true, true, true, false};
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, strlen(text), &list), HV_OK);
    assert_int_equal(list.count, sizeof want / sizeof *want);
    for (size_t i = 0; i < list.count; i++)
        assert_int_equal(list.tokens[i].in_url, want[i]);
    hv_token_list_free(&list);
}

static void test_one_megabyte(void **state)
{
    (void)state;
    size_t len = 1 << 20;
    char *text = malloc(len);
    assert_non_null(text);
    const char *pattern = "Asielzoekers in België krijgen opvang. Убежище 177,24 ";
    size_t plen = strlen(pattern);
    for (size_t i = 0; i < len; i += plen)
        memcpy(text + i, pattern, len - i < plen ? len - i : plen);
    while (((unsigned char)text[len - 1] & 0xC0) == 0x80 || (unsigned char)text[len - 1] >= 0xC0)
        text[--len] = ' '; /* do not end on a cut character */
    hv_token_list list = HV_TOKEN_LIST_INIT;
    assert_int_equal(hv_tokenize(text, len, &list), HV_OK);
    assert_true(list.count > 100000);
    assert_string_equal(list.tokens[0].folded, "asielzoekers");
    assert_string_equal(list.tokens[4].folded, "opvang");
    assert_string_equal(list.tokens[7 + 4].folded, "opvang");
    assert_string_equal(list.tokens[7 + 6].folded, "177,24");
    hv_token_list_free(&list);

    /* one giant word: dropped, no crash */
    memset(text, 'x', len);
    assert_int_equal(hv_tokenize(text, len, &list), HV_OK);
    assert_int_equal(list.count, 0);
    hv_token_list_free(&list);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_and_codes_stay_whole),
        cmocka_unit_test(test_trailing_period_is_not_part_of_number),
        cmocka_unit_test(test_hyphen_splits_and_marks),
        cmocka_unit_test(test_punctuation_splits),
        cmocka_unit_test(test_offsets_point_at_original_text),
        cmocka_unit_test(test_scripts),
        cmocka_unit_test(test_mixed_script_words),
        cmocka_unit_test(test_cyrillic_words),
        cmocka_unit_test(test_soft_hyphen_and_marks_inside_word),
        cmocka_unit_test(test_long_words_dropped),
        cmocka_unit_test(test_empty_nul_and_invalid),
        cmocka_unit_test(test_appending_keeps_earlier_pointers_valid),
        cmocka_unit_test(test_web_addresses_are_marked),
        cmocka_unit_test(test_ascii_words_of_every_length),
        cmocka_unit_test(test_words_that_begin_like_addresses),
        cmocka_unit_test(test_one_megabyte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
