#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stemmer.h"
#include "tokenizer.h"

static int setup(void **state)
{
    hv_stemmer *s = NULL;
    if (hv_stemmer_new(&s) != HV_OK) return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    hv_stemmer_free(*state);
    return 0;
}

/* The stem as a fresh string, so two stems can be compared. */
static char *stem(void **state, hv_lang lang, const char *word)
{
    const char *out = NULL;
    size_t len = 0;
    assert_int_equal(hv_stemmer_stem(*state, lang, word, strlen(word), &out, &len), HV_OK);
    assert_non_null(out);
    assert_int_equal(out[len], '\0');
    return strndup(out, len);
}

static void assert_stem(void **state, hv_lang lang, const char *word, const char *want)
{
    char *s = stem(state, lang, word);
    assert_string_equal(s, want);
    free(s);
}

static void assert_same_stem(void **state, hv_lang lang, const char *a, const char *b)
{
    char *sa = stem(state, lang, a);
    char *sb = stem(state, lang, b);
    assert_string_equal(sa, sb);
    free(sa);
    free(sb);
}

static void test_dutch(void **state)
{
    assert_stem(state, HV_LANG_NL, "kinderen", "kinder");
    assert_stem(state, HV_LANG_NL, "mogelijkheden", "mogelijk");
    assert_same_stem(state, HV_LANG_NL, "asielzoekers", "asielzoeker");
    assert_same_stem(state, HV_LANG_NL, "aanvragen", "aanvraag");
}

static void test_english(void **state)
{
    assert_stem(state, HV_LANG_EN, "seeking", "seek");
    assert_stem(state, HV_LANG_EN, "seek", "seek");
    assert_stem(state, HV_LANG_EN, "seekers", "seeker");
    assert_same_stem(state, HV_LANG_EN, "applications", "application");
}

static void test_british_and_american_spelling(void **state)
{
    assert_same_stem(state, HV_LANG_EN, "recognised", "recognized");
    assert_same_stem(state, HV_LANG_EN, "organisation", "organization");
    assert_same_stem(state, HV_LANG_EN, "legalising", "legalizing");
    /* too short to be the -ise ending */
    assert_stem(state, HV_LANG_EN, "rise", "rise");
    assert_stem(state, HV_LANG_EN, "raised", "rais");
    /* Dutch words are not respelt */
    assert_stem(state, HV_LANG_NL, "crises", "crises");
}

static void test_russian(void **state)
{
    assert_same_stem(state, HV_LANG_RU, "бельгии", "бельгия");
    assert_same_stem(state, HV_LANG_RU, "бельгию", "бельгия");
    assert_same_stem(state, HV_LANG_RU, "беженцев", "беженцы");
    assert_stem(state, HV_LANG_RU, "бельгия", "бельг");
}

static void test_russian_fleeting_vowels(void **state)
{
    assert_same_stem(state, HV_LANG_RU, "беженец", "беженца");
    assert_same_stem(state, HV_LANG_RU, "беженец", "беженцев");
    assert_same_stem(state, HV_LANG_RU, "ребенок", "ребенка");
    assert_same_stem(state, HV_LANG_RU, "иностранец", "иностранцам");
    assert_same_stem(state, HV_LANG_RU, "отец", "отца");
    /* a vowel that stays is dropped from every form alike */
    assert_same_stem(state, HV_LANG_RU, "срок", "сроки");
    /* too short: a single letter before the ending */
    assert_stem(state, HV_LANG_RU, "сок", "сок");
    /* only Russian */
    assert_stem(state, HV_LANG_EN, "block", "block");
}

static void test_unknown_and_long_words_unchanged(void **state)
{
    assert_stem(state, HV_LANG_UNKNOWN, "kinderen", "kinderen");
    char word[HV_MAX_WORD_BYTES + 20];
    memset(word, 'a', sizeof word - 5);
    strcpy(word + sizeof word - 5, "ings");
    assert_stem(state, HV_LANG_EN, word, word);
    assert_stem(state, HV_LANG_NL, "", "");
}

static void test_stem_stays_valid_until_next_call(void **state)
{
    const char *a = NULL, *b = NULL;
    size_t alen, blen;
    assert_int_equal(hv_stemmer_stem(*state, HV_LANG_EN, "running", 7, &a, &alen), HV_OK);
    assert_string_equal(a, "run");
    assert_int_equal(hv_stemmer_stem(*state, HV_LANG_NL, "kinderen", 5, &b, &blen), HV_OK);
    assert_string_equal(b, "kind"); /* "kinde": only the first len bytes count */
    assert_int_equal(blen, strlen(b));
}

static void test_bad_arguments(void **state)
{
    const char *out;
    size_t len;
    assert_int_equal(hv_stemmer_stem(NULL, HV_LANG_EN, "a", 1, &out, &len),
                     HV_ERR_INVALID_ARGUMENT);
    assert_int_equal(hv_stemmer_stem(*state, HV_LANG_EN, NULL, 3, &out, &len),
                     HV_ERR_INVALID_ARGUMENT);
    assert_int_equal(hv_stemmer_new(NULL), HV_ERR_INVALID_ARGUMENT);
    hv_stemmer_free(NULL);
}

/* Words met again come from the stemmer's memory of recent stems: the
 * same stems as a fresh stemmer gives, in every language, for more words
 * than it remembers, in one order and then the other. */
static void test_remembered_stems_are_the_stems(void **state)
{
    static const char *const bases[] = {"kind",    "huis", "werk",   "oplossing", "happi",
                                        "organis", "run",  "рисова", "пуст",      "значени"};
    static const char *const endings[] = {"",      "en",  "ing", "s",   "ed", "er", "heden", "ies",
                                          "ation", "ого", "ую",  "ями", "ем", "e",  "je",    "jes"};
    enum { N_BASES = sizeof bases / sizeof *bases, N_ENDINGS = sizeof endings / sizeof *endings };
    static const char *const tails[] = {"", "s", "en", "ой"};
    enum { N_TAILS = sizeof tails / sizeof *tails };
    char words[N_BASES * N_ENDINGS * N_TAILS][64];
    size_t n = 0;
    for (size_t b = 0; b < N_BASES; b++)
        for (size_t e = 0; e < N_ENDINGS; e++)
            for (size_t t = 0; t < N_TAILS; t++)
                snprintf(words[n++], sizeof words[0], "%s%s%s", bases[b], endings[e], tails[t]);
    for (int round = 0; round < 3; round++) {
        for (size_t k = 0; k < n; k++) {
            const char *w = words[round == 1 ? n - 1 - k : k];
            for (int lang = HV_LANG_NL; lang < HV_LANG_COUNT; lang++) {
                hv_stemmer *fresh;
                assert_int_equal(hv_stemmer_new(&fresh), HV_OK);
                void *fresh_state = fresh;
                char *want = stem(&fresh_state, (hv_lang)lang, w);
                char *got = stem(state, (hv_lang)lang, w);
                assert_string_equal(got, want);
                free(want);
                free(got);
                hv_stemmer_free(fresh);
            }
        }
    }
    /* the length given counts, not the string's end */
    const char *out;
    size_t len;
    assert_int_equal(hv_stemmer_stem(*state, HV_LANG_NL, "kinderen", 8, &out, &len), HV_OK);
    assert_int_equal(hv_stemmer_stem(*state, HV_LANG_NL, "kinderen", 5, &out, &len), HV_OK);
    assert_string_equal(out, "kind");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dutch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_english, setup, teardown),
        cmocka_unit_test_setup_teardown(test_british_and_american_spelling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_russian, setup, teardown),
        cmocka_unit_test_setup_teardown(test_russian_fleeting_vowels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_long_words_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stem_stays_valid_until_next_call, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remembered_stems_are_the_stems, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
