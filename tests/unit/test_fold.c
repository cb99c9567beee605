#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "fold.h"

static void assert_folds_to(const char *in, const char *want)
{
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(hv_fold(in, strlen(in), &out, &n), HV_OK);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    free(out);
}

static void test_latin_diacritics_removed(void **state)
{
    (void)state;
    assert_folds_to("België", "belgie");
    assert_folds_to("financiële", "financiele");
    assert_folds_to("Oekraïne", "oekraine");
    assert_folds_to("é ë ï ô ç À Ñ Å", "e e i o c a n a");
    assert_folds_to("ÉÉN café", "een cafe");
    assert_folds_to("Łódź Øre", "lodz ore");
}

static void test_ligatures_become_their_letters(void **state)
{
    (void)state;
    assert_folds_to("t\xC4\xB3"
                    "d",
                    "tijd");                   /* ĳ */
    assert_folds_to("\xC4\xB2SSEL", "ijssel"); /* Ĳ */
    assert_folds_to("o\xEF\xAC\x83"
                    "ce",
                    "office");                             /* ﬃ */
    assert_folds_to("\xEF\xAC\x81nancieel", "financieel"); /* ﬁ */
    assert_folds_to("\xC5\x92uvre c\xC3\xA6sar", "oeuvre caesar");
    /* a mark after a ligature belongs to its last letter, and goes */
    assert_folds_to("\xEF\xAC\x81\xCC\x81", "fi");
}

/* ASCII is folded eight bytes at a time: runs of every length, cut by
 * other letters anywhere, fold as one byte at a time would. */
static void test_ascii_runs(void **state)
{
    (void)state;
    assert_folds_to("ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{ 0123456789",
                    "abcdefghijklmnopqrstuvwxyz@[`{ 0123456789");
    assert_folds_to("SEVENCH\xC3\x89"
                    "ELEVENCHARS\xC3\xA9"
                    "x",
                    "sevencheelevencharsex");
    assert_folds_to("De OPVANG van VERZOEKERS: F\xC3\xA9"
                    "d\xC3\xA9"
                    "sil",
                    "de opvang van verzoekers: fedesil");
}

static void test_decomposed_latin(void **state)
{
    (void)state;
    assert_folds_to("Belgie\xCC\x88", "belgie"); /* e + combining diaeresis */
    assert_folds_to("Cafe\xCC\x81s", "cafes");
}

static void test_sharp_s_stays(void **state)
{
    (void)state;
    assert_folds_to("Straße", "straße");
    assert_folds_to("STRA\xE1\xBA\x9E"
                    "E",
                    "straße"); /* capital ẞ */
}

static void test_cyrillic(void **state)
{
    (void)state;
    assert_folds_to("БЕЛЬГИЯ", "бельгия");
    assert_folds_to("Ёлка ещё", "елка еще");
    assert_folds_to("Й й Йошкар-Ола", "й й йошкар-ола");
    /* decomposed й (и + breve) is rebuilt, not stripped to и */
    assert_folds_to("и\xCC\x86", "й");
    assert_folds_to("И\xCC\x86", "й");
    /* decomposed ё and a stress accent lose their marks */
    assert_folds_to("е\xCC\x88", "е");
    assert_folds_to("бе\xCC\x81льгия", "бельгия");
}

static void test_other_scripts_lowercased(void **state)
{
    (void)state;
    assert_folds_to("ΑΘΗΝΑ", "αθηνα");
    assert_folds_to("漢字", "漢字");
    assert_folds_to("A1 NT2 3.2", "a1 nt2 3.2");
}

static void test_apostrophes_and_soft_hyphen(void **state)
{
    (void)state;
    assert_folds_to("it\xE2\x80\x99s", "it\xE2\x80\x99s"); /* punctuation kept, not a letter */
    assert_folds_to("opvang\xC2\xAD"
                    "centrum",
                    "opvangcentrum");
}

static void test_fold_codepoint(void **state)
{
    (void)state;
    assert_int_equal(hv_fold_codepoint('A'), 'a');
    assert_int_equal(hv_fold_codepoint('7'), '7');
    assert_int_equal(hv_fold_codepoint(0xEB), 'e');      /* ë */
    assert_int_equal(hv_fold_codepoint(0xC7), 'c');      /* Ç */
    assert_int_equal(hv_fold_codepoint(0x401), 0x435);   /* Ё */
    assert_int_equal(hv_fold_codepoint(0x451), 0x435);   /* ё */
    assert_int_equal(hv_fold_codepoint(0x419), 0x439);   /* Й */
    assert_int_equal(hv_fold_codepoint(0x439), 0x439);   /* й */
    assert_int_equal(hv_fold_codepoint(0x301), -1);      /* combining acute */
    assert_int_equal(hv_fold_codepoint(0xDF), 0xDF);     /* ß */
    assert_int_equal(hv_fold_codepoint(0x2019), 0x2019); /* ’ */
}

/* The basic Cyrillic block folds without utf8proc's tables: it must give
 * what the tables give, е for ё and ѐ, и for ѝ. */
static void test_basic_cyrillic_matches_the_tables(void **state)
{
    (void)state;
    for (int cp = 0x0400; cp <= 0x045F; cp++) {
        int want = utf8proc_tolower(cp);
        if (cp == 0x0401 || cp == 0x0451 || cp == 0x0400 || cp == 0x0450) want = 0x0435;
        if (cp == 0x040D || cp == 0x045D) want = 0x0438;
        int got = hv_fold_codepoint(cp);
        if (got != want) fail_msg("U+%04X folds to U+%04X, not U+%04X", cp, got, want);
    }
}

/* Text folds two-byte Cyrillic letters by a shorter road: the same result
 * as folding each code point, for the whole two-byte Cyrillic range, and a
 * decomposed й (и + breve) is still rebuilt after it. */
static void test_cyrillic_text_matches_code_points(void **state)
{
    (void)state;
    for (int cp = 0x0400; cp <= 0x04FF; cp++) {
        char in[3] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)), 0};
        char got[16], want[16];
        int f = hv_fold_codepoint(cp);
        if (f < 0) continue; /* a combining mark: depends on what it follows */
        hv_fold_into(in, 2, got);
        if (f < 0x80)
            snprintf(want, sizeof want, "%c", f);
        else if (f < 0x800)
            snprintf(want, sizeof want, "%c%c", 0xC0 | (f >> 6), 0x80 | (f & 0x3F));
        else
            snprintf(want, sizeof want, "%c%c%c", 0xE0 | (f >> 12), 0x80 | ((f >> 6) & 0x3F),
                     0x80 | (f & 0x3F));
        if (strcmp(got, want) != 0) fail_msg("U+%04X folds to %s in text, not %s", cp, got, want);
    }
    assert_folds_to("\xD0\x98\xCC\x86\xD0\xA2", "\xD0\xB9\xD1\x82"); /* И + breve, Т: йт */
    /* the same in runs of letters, where a run is folded a byte pair at a
     * time: the whole range at once is each letter folded alone */
    char run[2 * 256 + 1], joined[4 * 256 + 1], one[16];
    size_t r = 0, j = 0;
    for (int cp = 0x0400; cp <= 0x04FF; cp++) {
        if (hv_fold_codepoint(cp) < 0) continue;
        char in[3] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)), 0};
        memcpy(run + r, in, 2);
        r += 2;
        size_t n = hv_fold_into(in, 2, one);
        memcpy(joined + j, one, n);
        j += n;
    }
    run[r] = joined[j] = '\0';
    char *got = NULL;
    size_t got_len;
    assert_int_equal(hv_fold(run, r, &got, &got_len), HV_OK);
    assert_string_equal(got, joined);
    free(got);
    assert_folds_to("\xD0\x9F\xD0\xA0\xD0\x98\xCC\x86",
                    "\xD0\xBF\xD1\x80\xD0\xB9"); /* ПРИ + breve */
}

/* The plain fold gives what the general one gives, for every pair of
 * characters of its alphabet (ASCII letters, digits and joiners, А-я, Ё,
 * ё) and for longer words of them. */
static void test_plain_fold_is_the_fold(void **state)
{
    (void)state;
    char alphabet[200][3];
    size_t n = 0;
    for (int c = 0x20; c < 0x7f; c++) {
        alphabet[n][0] = (char)c;
        alphabet[n++][1] = '\0';
    }
    for (int cp = 0x0400; cp <= 0x045F; cp++) {
        if (cp != 0x0401 && cp != 0x0451 && (cp < 0x0410 || cp > 0x044F)) continue;
        alphabet[n][0] = (char)(0xC0 | (cp >> 6));
        alphabet[n][1] = (char)(0x80 | (cp & 0x3F));
        alphabet[n++][2] = '\0';
    }
    char in[64], want[256], got[256];
    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < n; b++) {
            int len = snprintf(in, sizeof in, "%s%s", alphabet[a], alphabet[b]);
            size_t wn = hv_fold_into(in, (size_t)len, want);
            size_t gn = hv_fold_plain_into(in, (size_t)len, got);
            assert_int_equal(gn, wn);
            assert_string_equal(got, want);
        }
    }
    uint32_t x = 99;
    for (int k = 0; k < 2000; k++) {
        size_t len = 0;
        for (int c = 0; c < 12; c++) {
            x = x * 1103515245u + 12345u;
            const char *ch = alphabet[(x >> 16) % n];
            memcpy(in + len, ch, strlen(ch));
            len += strlen(ch);
        }
        in[len] = '\0';
        size_t wn = hv_fold_into(in, len, want);
        assert_int_equal(hv_fold_plain_into(in, len, got), wn);
        assert_string_equal(got, want);
    }
}

static void test_empty_and_invalid(void **state)
{
    (void)state;
    assert_folds_to("", "");
    char *out = NULL;
    size_t n;
    assert_int_equal(hv_fold("\xC3", 1, &out, &n), HV_OK);
    assert_string_equal(out, "\xEF\xBF\xBD");
    free(out);
    assert_int_equal(hv_fold(NULL, 3, &out, &n), HV_ERR_INVALID_ARGUMENT);
}

static void test_fold_into_bound(void **state)
{
    (void)state;
    /* Ⱥ (2 bytes) lowercases to ⱥ (3 bytes): output may outgrow input */
    const char *in = "\xC8\xBA\xC8\xBA\xC8\xBA";
    char out[HV_FOLD_BOUND(6)];
    size_t n = hv_fold_into(in, 6, out);
    assert_true(n < sizeof out);
    assert_int_equal(out[n], '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin_diacritics_removed),
        cmocka_unit_test(test_ligatures_become_their_letters),
        cmocka_unit_test(test_ascii_runs),
        cmocka_unit_test(test_decomposed_latin),
        cmocka_unit_test(test_sharp_s_stays),
        cmocka_unit_test(test_cyrillic),
        cmocka_unit_test(test_other_scripts_lowercased),
        cmocka_unit_test(test_apostrophes_and_soft_hyphen),
        cmocka_unit_test(test_fold_codepoint),
        cmocka_unit_test(test_basic_cyrillic_matches_the_tables),
        cmocka_unit_test(test_cyrillic_text_matches_code_points),
        cmocka_unit_test(test_plain_fold_is_the_fold),
        cmocka_unit_test(test_empty_and_invalid),
        cmocka_unit_test(test_fold_into_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
