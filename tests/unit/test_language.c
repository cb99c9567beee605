#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "language.h"

static hv_lang detect(const char *text)
{
    return hv_detect_language(text, strlen(text));
}

static void test_codes(void **state)
{
    (void)state;
    assert_string_equal(hv_lang_code(HV_LANG_NL), "nl");
    assert_string_equal(hv_lang_code(HV_LANG_EN), "en");
    assert_string_equal(hv_lang_code(HV_LANG_RU), "ru");
    assert_string_equal(hv_lang_code(HV_LANG_UNKNOWN), "");
    assert_string_equal(hv_lang_code((hv_lang)42), "");
    assert_int_equal(hv_lang_from_code("nl"), HV_LANG_NL);
    assert_int_equal(hv_lang_from_code("EN"), HV_LANG_EN);
    assert_int_equal(hv_lang_from_code("Ru"), HV_LANG_RU);
    assert_int_equal(hv_lang_from_code("de"), HV_LANG_UNKNOWN);
    assert_int_equal(hv_lang_from_code("nld"), HV_LANG_UNKNOWN);
    assert_int_equal(hv_lang_from_code(""), HV_LANG_UNKNOWN);
    assert_int_equal(hv_lang_from_code(NULL), HV_LANG_UNKNOWN);
}

static const char *const dutch[] = {
    "Wie in ons land een verzoek om bescherming indient, heeft recht op een plaats in een "
    "opvangcentrum. Daar krijgt u maaltijden, kleding en medische hulp. Als uw aanvraag wordt "
    "geweigerd, moet u het centrum binnen dertig dagen verlaten.",
    "Kinderen die zonder ouders aankomen, krijgen een voogd. Die helpt hen bij de gesprekken "
    "met de diensten en zoekt samen met hen naar een school in de buurt.",
    "Heeft u vragen over uw dossier? Bel dan de helpdesk tussen negen en twaalf uur, of stuur "
    "ons een bericht via het formulier op deze pagina.",
};

static const char *const english[] = {
    "Anyone who applies for protection in this country has the right to a place in a "
    "reception centre. There you receive meals, clothing and medical help. If your application "
    "is refused, you must leave the centre within thirty days.",
    "Children who arrive without their parents are given a guardian. The guardian helps them "
    "with the interviews and looks for a school nearby together with them.",
    "Do you have questions about your file? Call the helpdesk between nine and twelve, or send "
    "us a message through the form on this page.",
};

static const char *const russian[] = {
    "Каждый, кто просит о защите в этой стране, имеет право на место в центре приёма. Там вы "
    "получаете питание, одежду и медицинскую помощь. Если ваше заявление отклонено, вы должны "
    "покинуть центр в течение тридцати дней.",
    "Детям, которые прибыли без родителей, назначают опекуна. Он помогает им на беседах и ищет "
    "вместе с ними школу поблизости.",
};

static void test_short_passages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dutch / sizeof dutch[0]; i++)
        assert_int_equal(detect(dutch[i]), HV_LANG_NL);
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        assert_int_equal(detect(english[i]), HV_LANG_EN);
    for (size_t i = 0; i < sizeof russian / sizeof russian[0]; i++)
        assert_int_equal(detect(russian[i]), HV_LANG_RU);
}

static void test_headings_and_short_lines(void **state)
{
    (void)state;
    assert_int_equal(detect("3.2 Einde van de opvang"), HV_LANG_NL);
    assert_int_equal(detect("What happens after the decision?"), HV_LANG_EN);
    assert_int_equal(detect("Что делать после решения?"), HV_LANG_RU);
    assert_int_equal(detect("Wat gebeurt er na de beslissing?"), HV_LANG_NL);
}

static void test_mixed_passages_pick_majority(void **state)
{
    (void)state;
    /* Russian text quoting a Dutch office name and an English URL */
    assert_int_equal(detect("Обратитесь в Dienst Vreemdelingenzaken или в OCMW вашего города, "
                            "чтобы получить помощь и информацию о вашем деле."),
                     HV_LANG_RU);
    /* Dutch text with one English phrase */
    assert_int_equal(detect("Op de website staat een 'frequently asked questions' pagina, maar "
                            "de meeste antwoorden vindt u in de brochure van het centrum."),
                     HV_LANG_NL);
    /* English text with a Dutch term */
    assert_int_equal(detect("The social welfare office (OCMW) can help you with the costs of "
                            "your housing when you have no income of your own."),
                     HV_LANG_EN);
}

static void test_no_letters(void **state)
{
    (void)state;
    assert_int_equal(detect(""), HV_LANG_UNKNOWN);
    assert_int_equal(detect("02 205 00 55 - 1/4/2023"), HV_LANG_UNKNOWN);
    assert_int_equal(hv_detect_language(NULL, 0), HV_LANG_UNKNOWN);
    /* letters but no evidence: the documented default, Dutch */
    assert_int_equal(detect("Fedasil"), HV_LANG_NL);
    assert_int_equal(detect("αθηνα"), HV_LANG_NL);
}

static hv_lang guess(const char *q)
{
    return hv_guess_query_language(q, strlen(q));
}

static void test_query_language_only_where_it_says_so(void **state)
{
    (void)state;
    assert_int_equal(guess("wat moet ik doen als ik mijn bijlage kwijt ben"), HV_LANG_NL);
    assert_int_equal(guess("what should I bring to my interview"), HV_LANG_EN);
    assert_int_equal(guess("сроки обжалования отказа"), HV_LANG_RU);
    /* content words alone say nothing, however Dutch they look */
    assert_int_equal(guess("huursubsidie voorwaarden"), HV_LANG_UNKNOWN);
    assert_int_equal(guess("Dublin regulation"), HV_LANG_UNKNOWN);
    assert_int_equal(guess("CGVS"), HV_LANG_UNKNOWN);
    assert_int_equal(guess(""), HV_LANG_UNKNOWN);
    assert_int_equal(guess("12345 !!"), HV_LANG_UNKNOWN);
    assert_int_equal(guess("難民"), HV_LANG_UNKNOWN);
    /* the passage detector still falls back on Dutch */
    assert_int_equal(hv_detect_language("huursubsidie voorwaarden", 24), HV_LANG_NL);
}

static void test_bad_and_huge_input(void **state)
{
    (void)state;
    const char bad[] = "de \xC3 het \0 een \xED\xA0\x80 van";
    assert_int_equal(hv_detect_language(bad, sizeof bad - 1), HV_LANG_NL);
    size_t len = 1 << 20;
    char *big = malloc(len);
    assert_non_null(big);
    const char *unit = "the house of the family ";
    size_t ulen = strlen(unit);
    for (size_t i = 0; i < len; i++)
        big[i] = unit[i % ulen];
    assert_int_equal(hv_detect_language(big, len), HV_LANG_EN);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_short_passages),
        cmocka_unit_test(test_headings_and_short_lines),
        cmocka_unit_test(test_mixed_passages_pick_majority),
        cmocka_unit_test(test_no_letters),
        cmocka_unit_test(test_query_language_only_where_it_says_so),
        cmocka_unit_test(test_bad_and_huge_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
