#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../indexer/text_blocks.h"

/* A PDF extraction with a blank line after every line (texts written for
 * these tests). */
static const char double_spaced[] =
    "1 Verzoek om internationale bescherming\n"
    "\n"
    "Wie in ons land een verzoek om internationale bescherming doet, krijgt be-\n"
    "\n"
    "richt van de dienst die het dossier opvolgt. Dat bericht vermeldt de reizi-\n"
    "\n"
    "gerslijst en de datum van het gesprek over de reisweg en de vlucht zelf. \n"
    "\n"
    "Iedereen krijgt daarna uitleg over het lokale participatie- \n"
    "\n"
    "en netwerktraject in de gemeente.\n"
    "\n"
    "Wie geen inkomen heeft, kan onder voorwaarden een beroep doen op OCMW-\n"
    "\n"
    "steun, ook tijdens de sociaal-economische begeleiding door de sociaal-\n"
    "\n"
    "economische dienst van de stad waar de verzoeker op dat moment woont en \n"
    "\n"
    "waar hij ingeschreven is in het register van de gemeente van verblijf. \n"
    "\n"
    " \n"
    "\n"
    "Personen die de Oekraïne-\n"
    "\n"
    "Crisis ontvluchten vallen onder een ander statuut dan de meeste anderen.\n"
    "\n"
    "2 Hoe verloopt een verzoek om\n"
    "internationale bescherming?\n"
    "\n"
    "1. De verzoeker doet eerst een aanvraag bij de Dienst Vreemdelingenzaken \n"
    "\n"
    "in Brussel, waar ook de vingerafdrukken van de verzoeker genomen worden.\n"
    "\n"
    "2. Daarna volgt het persoonlijk onderhoud bij het Commissariaat-Generaal.\n"
    "\n"
    "• eerste punt van een opsomming over de opvang van verzoekers in centra\n"
    "\n"
    "• tweede punt\n"
    "\n"
    "3.2 Einde van de opvang\n"
    "\n"
    "Na de erkenning moet de vluchteling binnen twee maanden de opvang verla-\n"
    "\n"
    "ten en een eigen woning zoeken met hulp van de sociale dienst in de stad.\n";

static hv_block_list parse(const char *text, bool markdown)
{
    hv_block_list list = HV_BLOCK_LIST_INIT;
    assert_int_equal(hv_text_to_blocks(text, strlen(text), markdown, &list), HV_OK);
    return list;
}

static void assert_block(const hv_block_list *l, size_t i, hv_block_kind kind, const char *text)
{
    if (i >= l->count) fail_msg("block %zu missing (have %zu)", i, l->count);
    if (l->items[i].kind != kind || strcmp(l->items[i].text, text) != 0)
        fail_msg("block %zu: got %s '%s', want %s '%s'", i,
                 l->items[i].kind == HV_BLOCK_HEADING ? "heading" : "paragraph", l->items[i].text,
                 kind == HV_BLOCK_HEADING ? "heading" : "paragraph", text);
}

static void test_double_spaced_detection(void **state)
{
    (void)state;
    assert_true(hv_text_is_double_spaced(double_spaced, strlen(double_spaced)));
    const char *web = "How to apply\n\nYou can apply at the office in Brussels.\n\n"
                      "Bring your passport and documents.\n\nThe interview follows later.\n\n"
                      "You get a decision by letter.\n\nAn appeal is possible.\n\n"
                      "Ask the helpline for advice.\n\nThey answer every day.\n";
    assert_false(hv_text_is_double_spaced(web, strlen(web)));
    const char *wrapped = "Dit is een gewone tekst met harde\nregeleinden binnen een alinea die\n"
                          "verder loopt.\n\nEen tweede alinea volgt hier\nen loopt ook door.\n";
    assert_false(hv_text_is_double_spaced(wrapped, strlen(wrapped)));
    assert_false(hv_text_is_double_spaced("", 0));
}

static void test_double_spaced_repair(void **state)
{
    (void)state;
    hv_block_list l = parse(double_spaced, false);
    assert_block(&l, 0, HV_BLOCK_HEADING, "1 Verzoek om internationale bescherming");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH,
                 "Wie in ons land een verzoek om internationale bescherming doet, krijgt bericht "
                 "van de dienst die het dossier opvolgt. Dat bericht vermeldt de reizigerslijst en "
                 "de datum van het gesprek over de reisweg en de vlucht zelf. Iedereen krijgt "
                 "daarna uitleg over het lokale participatie- en netwerktraject in de gemeente.");
    assert_block(&l, 2, HV_BLOCK_PARAGRAPH,
                 "Wie geen inkomen heeft, kan onder voorwaarden een beroep doen op OCMW-steun, "
                 "ook tijdens de sociaal-economische begeleiding door de sociaal-economische "
                 "dienst van de stad waar de verzoeker op dat moment woont en waar hij "
                 "ingeschreven is in het register van de gemeente van verblijf.");
    assert_block(&l, 3, HV_BLOCK_PARAGRAPH,
                 "Personen die de Oekraïne-Crisis ontvluchten vallen onder een ander statuut dan "
                 "de meeste anderen.");
    assert_block(&l, 4, HV_BLOCK_HEADING,
                 "2 Hoe verloopt een verzoek om internationale bescherming?");
    assert_block(&l, 5, HV_BLOCK_PARAGRAPH,
                 "1. De verzoeker doet eerst een aanvraag bij de Dienst Vreemdelingenzaken in "
                 "Brussel, waar ook de vingerafdrukken van de verzoeker genomen worden.");
    assert_block(&l, 6, HV_BLOCK_PARAGRAPH,
                 "2. Daarna volgt het persoonlijk onderhoud bij het Commissariaat-Generaal.");
    assert_block(&l, 7, HV_BLOCK_PARAGRAPH,
                 "• eerste punt van een opsomming over de opvang van verzoekers in centra");
    assert_block(&l, 8, HV_BLOCK_PARAGRAPH, "• tweede punt");
    assert_block(&l, 9, HV_BLOCK_HEADING, "3.2 Einde van de opvang");
    assert_block(&l, 10, HV_BLOCK_PARAGRAPH,
                 "Na de erkenning moet de vluchteling binnen twee maanden de opvang verlaten en "
                 "een eigen woning zoeken met hulp van de sociale dienst in de stad.");
    assert_int_equal(l.count, 11);
    assert_string_equal(l.title, "1 Verzoek om internationale bescherming");
    hv_block_list_free(&l);
}

/* A sentence that fills its line runs on into the next line; a short
 * question on a line of its own starts a paragraph all the same. */
static void test_double_spaced_question_line(void **state)
{
    (void)state;
    const char *text =
        "Huurders met een laag inkomen en een bijzondere woonnood kunnen een toelage vra-\n"
        "\n"
        "gen als ze verhuizen van een slechte naar een betere woning op de private markt of\n"
        "\n"
        "van een verhuurkantoor. Ook wie dakloos was en een premie kreeg, komt in aan-\n"
        "\n"
        "merking, net als erkende vluchtelingen die van de overheid zo een premie kregen.\n"
        "\n"
        "Wat zijn de voorwaarden?\n"
        "\n"
        "• Voldoen aan de inkomensgrenzen\n"
        "\n"
        "• Een huurprijs onder het maximum dat elk jaar opnieuw wordt vastgelegd door de\n"
        "\n"
        "overheid, met een toeslag per persoon ten laste.\n";
    assert_true(hv_text_is_double_spaced(text, strlen(text)));
    hv_block_list l = parse(text, false);
    assert_block(&l, 0, HV_BLOCK_PARAGRAPH,
                 "Huurders met een laag inkomen en een bijzondere woonnood kunnen een toelage "
                 "vragen als ze verhuizen van een slechte naar een betere woning op de private "
                 "markt of van een verhuurkantoor. Ook wie dakloos was en een premie kreeg, komt "
                 "in aanmerking, net als erkende vluchtelingen die van de overheid zo een premie "
                 "kregen.");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Wat zijn de voorwaarden?");
    assert_block(&l, 2, HV_BLOCK_PARAGRAPH, "• Voldoen aan de inkomensgrenzen");
    assert_int_equal(l.count, 4);
    hv_block_list_free(&l);
}

static void test_ordinary_paragraphs_and_lists(void **state)
{
    (void)state;
    hv_block_list l = parse("Dit is een gewone tekst met harde\nregeleinden binnen een alinea die\n"
                            "verder loopt.\n\n\nDocumenten:\n- paspoort\n- geboorteakte van het\n"
                            "  kind\n* foto\n\nLaatste alinea.",
                            false);
    assert_block(
        &l, 0, HV_BLOCK_PARAGRAPH,
        "Dit is een gewone tekst met harde regeleinden binnen een alinea die verder loopt.");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Documenten:");
    assert_block(&l, 2, HV_BLOCK_PARAGRAPH, "- paspoort");
    assert_block(&l, 3, HV_BLOCK_PARAGRAPH, "- geboorteakte van het kind");
    assert_block(&l, 4, HV_BLOCK_PARAGRAPH, "* foto");
    assert_block(&l, 5, HV_BLOCK_PARAGRAPH, "Laatste alinea.");
    assert_int_equal(l.count, 6);
    hv_block_list_free(&l);
}

static void test_hyphenation(void **state)
{
    (void)state;
    hv_block_list l =
        parse("Het recht op be-\nscherming geldt voor de reizi-\ngerslijst, "
              "de participatie-\nen netwerktrajecten, OCMW-\nsteun, de periode 2021-\n"
              "2023 en de Oekraïne-\ncrisis, zoals bij elke Oekraïne-crisis, en de "
              "zorg-\nverzekering (zie zorg-verzekering). Ook in het Engels: pre-\n"
              "and post-war, for-\nmer.",
              false);
    assert_block(&l, 0, HV_BLOCK_PARAGRAPH,
                 "Het recht op bescherming geldt voor de reizigerslijst, de participatie- en "
                 "netwerktrajecten, OCMW-steun, de periode 2021-2023 en de Oekraïne-crisis, zoals "
                 "bij elke Oekraïne-crisis, en de zorg-verzekering (zie zorg-verzekering). Ook in "
                 "het Engels: pre- and post-war, former.");
    hv_block_list_free(&l);
}

static void test_cyrillic_hyphenation(void **state)
{
    (void)state;
    hv_block_list l = parse("Просьба о предоставлении защи-\nты подаётся лично, социально-\nи "
                            "экономическая помощь, программа ООН-\nбеженцы и мест-\nные службы.",
                            false);
    assert_block(&l, 0, HV_BLOCK_PARAGRAPH,
                 "Просьба о предоставлении защиты подаётся лично, социально- и экономическая "
                 "помощь, программа ООН-беженцы и местные службы.");
    hv_block_list_free(&l);
}

static void test_numbered_headings(void **state)
{
    (void)state;
    hv_block_list l = parse("3.2 Einde van de opvang\n\nTekst over de opvang.\n\n"
                            "1. De verzoeker meldt zich aan.\n\n2022 was een druk jaar.\n\n"
                            "12 maanden later kwam er een beslissing.\n\n"
                            "4 Wonen en huren, na de erkenning,\n\n"
                            "1.2.3 Diep genummerd Kopje\n\n5. Met punt Geen kop\n",
                            false);
    assert_block(&l, 0, HV_BLOCK_HEADING, "3.2 Einde van de opvang");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Tekst over de opvang.");
    assert_block(&l, 2, HV_BLOCK_PARAGRAPH, "1. De verzoeker meldt zich aan.");
    assert_block(&l, 3, HV_BLOCK_PARAGRAPH, "2022 was een druk jaar.");
    assert_block(&l, 4, HV_BLOCK_PARAGRAPH, "12 maanden later kwam er een beslissing.");
    assert_block(&l, 5, HV_BLOCK_PARAGRAPH, "4 Wonen en huren, na de erkenning,");
    assert_block(&l, 6, HV_BLOCK_HEADING, "1.2.3 Diep genummerd Kopje");
    assert_block(&l, 7, HV_BLOCK_PARAGRAPH, "5. Met punt Geen kop");
    hv_block_list_free(&l);
}

static void test_faq_headings(void **state)
{
    (void)state;
    hv_block_list l =
        parse("How does the asylum procedure work?\n\n"
              "You apply at the immigration office and wait for an interview there.\n\n"
              "Your friend wants to stay\n\n"
              "Some text under the second heading.\n\n"
              "Advertisements\n\n"
              "This line has far too many words to be a heading for the page text\n\n"
              "Ends with a full stop.\n\n"
              "lowercase start is not a heading\n",
              false);
    assert_block(&l, 0, HV_BLOCK_HEADING, "How does the asylum procedure work?");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH,
                 "You apply at the immigration office and wait for an interview there.");
    assert_block(&l, 2, HV_BLOCK_HEADING, "Your friend wants to stay");
    assert_block(&l, 3, HV_BLOCK_PARAGRAPH, "Some text under the second heading.");
    assert_block(&l, 4, HV_BLOCK_PARAGRAPH, "Advertisements");
    assert_int_equal(l.items[5].kind, HV_BLOCK_PARAGRAPH);
    assert_int_equal(l.items[6].kind, HV_BLOCK_PARAGRAPH);
    assert_int_equal(l.items[7].kind, HV_BLOCK_PARAGRAPH);
    assert_string_equal(l.title, "How does the asylum procedure work?");
    hv_block_list_free(&l);
}

static void test_underlined_and_capital_headings(void **state)
{
    (void)state;
    hv_block_list l = parse("Werken tijdens de procedure\n"
                            "===========================\n\n"
                            "Na vier maanden mag de verzoeker werken.\n\n"
                            "De oranje kaart\n"
                            "---------------\n"
                            "Op de kaart staat het recht op arbeid.\n\n"
                            "TERMIJNEN\n\n"
                            "Het beroep moet binnen dertig dagen ingediend worden.\n\n"
                            "Een lijn met een streepje - midden in de zin.\n",
                            false);
    assert_block(&l, 0, HV_BLOCK_HEADING, "Werken tijdens de procedure");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Na vier maanden mag de verzoeker werken.");
    assert_block(&l, 2, HV_BLOCK_HEADING, "De oranje kaart");
    assert_block(&l, 3, HV_BLOCK_PARAGRAPH, "Op de kaart staat het recht op arbeid.");
    assert_block(&l, 4, HV_BLOCK_HEADING, "TERMIJNEN");
    assert_block(&l, 6, HV_BLOCK_PARAGRAPH, "Een lijn met een streepje - midden in de zin.");
    assert_string_equal(l.title, "Werken tijdens de procedure");
    hv_block_list_free(&l);
}

static void test_markdown(void **state)
{
    (void)state;
    hv_block_list l =
        parse("Intro line\n\n# Asiel in **België**\n\nZie [de website](https://x.be/a)"
              " en `code`.\n\n## Opvang ##\n\n- eerste\n- tweede\n\n---\n\n"
              "```\nfenced text\n```\n#### Klein\n\n# Tweede titel\n",
              true);
    assert_block(&l, 0, HV_BLOCK_PARAGRAPH, "Intro line");
    assert_block(&l, 1, HV_BLOCK_HEADING, "Asiel in België");
    assert_block(&l, 2, HV_BLOCK_PARAGRAPH, "Zie de website en code.");
    assert_block(&l, 3, HV_BLOCK_HEADING, "Opvang");
    assert_block(&l, 4, HV_BLOCK_PARAGRAPH, "eerste");
    assert_block(&l, 5, HV_BLOCK_PARAGRAPH, "tweede");
    assert_block(&l, 6, HV_BLOCK_PARAGRAPH, "fenced text");
    assert_block(&l, 7, HV_BLOCK_PARAGRAPH, "Klein");
    assert_block(&l, 8, HV_BLOCK_HEADING, "Tweede titel");
    assert_string_equal(l.title, "Asiel in België");
    hv_block_list_free(&l);
}

static void test_title_fallbacks(void **state)
{
    (void)state;
    hv_block_list l = parse("Gids voor nieuwkomers\nmet een tweede regel die doorloopt.\n", false);
    assert_string_equal(l.title, "Gids voor nieuwkomers");
    hv_block_list_free(&l);
    /* a short first line beats a numbered heading further down */
    l = parse("Opvang tijdens de procedure\n\nEen brochure van de helplijn.\n\n"
              "1 Wie heeft recht op opvang?\n\nIedereen die een verzoek indient.\n",
              false);
    assert_string_equal(l.title, "Opvang tijdens de procedure");
    hv_block_list_free(&l);
    /* web-page debris is no title */
    l = parse("top of page\n\nBelgium opens its doors\n\nThe text of the post.\n", false);
    assert_string_equal(l.title, "Belgium opens its doors");
    hv_block_list_free(&l);
    l = parse("", false);
    assert_null(l.title);
    assert_int_equal(l.count, 0);
    hv_block_list_free(&l);
    l = parse("\n\n  \n\t\n", false);
    assert_int_equal(l.count, 0);
    hv_block_list_free(&l);
}

static void test_crlf_and_long_lines(void **state)
{
    (void)state;
    hv_block_list l = parse("Eerste regel\r\nloopt door.\r\n\r\nTweede alinea.\r\n", false);
    assert_block(&l, 0, HV_BLOCK_PARAGRAPH, "Eerste regel loopt door.");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Tweede alinea.");
    hv_block_list_free(&l);

    size_t n = 3 << 20;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = i % 7 == 6 ? (i % 700 == 699 ? '\n' : ' ') : 'a';
    big[n] = '\0';
    l = parse(big, false);
    assert_true(l.count >= 1);
    hv_block_list_free(&l);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_double_spaced_detection),
        cmocka_unit_test(test_double_spaced_repair),
        cmocka_unit_test(test_double_spaced_question_line),
        cmocka_unit_test(test_ordinary_paragraphs_and_lists),
        cmocka_unit_test(test_hyphenation),
        cmocka_unit_test(test_cyrillic_hyphenation),
        cmocka_unit_test(test_numbered_headings),
        cmocka_unit_test(test_faq_headings),
        cmocka_unit_test(test_underlined_and_capital_headings),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_title_fallbacks),
        cmocka_unit_test(test_crlf_and_long_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
