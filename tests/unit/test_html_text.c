#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../indexer/html_text.h"

static hv_block_list parse(const char *html)
{
    hv_block_list list = HV_BLOCK_LIST_INIT;
    assert_int_equal(hv_html_to_blocks(html, strlen(html), &list), HV_OK);
    return list;
}

static void assert_block(const hv_block_list *l, size_t i, hv_block_kind kind, const char *text)
{
    assert_true(i < l->count);
    assert_int_equal(l->items[i].kind, kind);
    assert_string_equal(l->items[i].text, text);
}

static void test_entities(void **state)
{
    (void)state;
    hv_block_list l =
        parse("<p>Caf&eacute; &amp; Citro&euml;n &lt;tag&gt; &quot;x&quot; &apos;y&apos;"
              "a&nbsp;b &#233;&#xE9;&#XE9; &mdash;&ndash;&hellip; &laquo;Да&raquo; "
              "&lsquo;q&rsquo; &ldquo;r&rdquo; &unknown; AT&T &amp &#0; &#x110000;</p>");
    assert_int_equal(l.count, 1);
    assert_string_equal(l.items[0].text,
                        "Café & Citroën <tag> \"x\" 'y'a b ééé —–… «Да» ‘q’ “r” &unknown; AT&T & "
                        "\xEF\xBF\xBD \xEF\xBF\xBD");
    hv_block_list_free(&l);
}

static void test_cp1252_references_and_soft_hyphen(void **state)
{
    (void)state;
    hv_block_list l = parse("<p>&#150; &#147;a&#148; be&shy;scherming</p>");
    assert_string_equal(l.items[0].text, "– “a” bescherming");
    hv_block_list_free(&l);
}

static void test_skips_invisible_content(void **state)
{
    (void)state;
    hv_block_list l = parse("<html><head><meta charset=utf-8><title>Asiel &amp; opvang</title>"
                            "<style>p { color: red }</style><script>var s = '<p>no</p>';</script>"
                            "</head><body><!-- hidden <p>comment</p> --><p>Zichtbaar</p>"
                            "<noscript>Enable JS</noscript><template><p>tpl</p></template>"
                            "<![CDATA[ raw ]]><SCRIPT type=x>alert(1)</SCRIPT ><p>Ook zichtbaar</p>"
                            "<svg><title>icon</title></svg></body></html>");
    assert_int_equal(l.count, 2);
    assert_block(&l, 0, HV_BLOCK_PARAGRAPH, "Zichtbaar");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Ook zichtbaar");
    assert_string_equal(l.title, "Asiel & opvang");
    hv_block_list_free(&l);
}

static void test_headings_and_blocks(void **state)
{
    (void)state;
    hv_block_list l = parse("<body><h1>Procedure</h1><p>Eerste <b>alinea</b>\n  met   regels</p>"
                            "<div>Blok<br>na break</div><h2 class='x'>Opvang</h2><ul><li>een</li>"
                            "<li>twee</li></ul><h4>Klein kopje</h4><table><tr><td>a</td><td>b</td>"
                            "</tr></table><h3>Derde</h3>tekst zonder tag");
    assert_int_equal(l.count, 11);
    assert_block(&l, 0, HV_BLOCK_HEADING, "Procedure");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Eerste alinea met regels");
    assert_block(&l, 2, HV_BLOCK_PARAGRAPH, "Blok");
    assert_block(&l, 3, HV_BLOCK_PARAGRAPH, "na break");
    assert_block(&l, 4, HV_BLOCK_HEADING, "Opvang");
    assert_block(&l, 5, HV_BLOCK_PARAGRAPH, "een");
    assert_block(&l, 6, HV_BLOCK_PARAGRAPH, "twee");
    assert_block(&l, 7, HV_BLOCK_PARAGRAPH, "Klein kopje");
    assert_block(&l, 8, HV_BLOCK_PARAGRAPH, "a b");
    assert_block(&l, 9, HV_BLOCK_HEADING, "Derde");
    assert_block(&l, 10, HV_BLOCK_PARAGRAPH, "tekst zonder tag");
    /* No <title>: the first <h1> is the title. */
    assert_string_equal(l.title, "Procedure");
    hv_block_list_free(&l);
}

static void test_title_preferred_over_h1(void **state)
{
    (void)state;
    hv_block_list l = parse("<title> Page \n title </title><h1>Kop</h1><h1>Second</h1>");
    assert_string_equal(l.title, "Page title");
    hv_block_list_free(&l);
    l = parse("<p>no title at all</p>");
    assert_null(l.title);
    hv_block_list_free(&l);
}

static void test_broken_html(void **state)
{
    (void)state;
    hv_block_list l = parse("<p>a < b and 3<4 <3 but <a href=\"x>y\" title='>'>link</a> end"
                            "<p>unclosed <i>italic<div>next</span></p></div><p>tail <b");
    assert_int_equal(l.count, 4);
    assert_block(&l, 0, HV_BLOCK_PARAGRAPH, "a < b and 3<4 <3 but link end");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "unclosed italic");
    assert_block(&l, 2, HV_BLOCK_PARAGRAPH, "next");
    assert_block(&l, 3, HV_BLOCK_PARAGRAPH, "tail"); /* the cut-off "<b" is dropped */
    hv_block_list_free(&l);

    /* An unclosed quote does not eat the rest of the page. */
    l = parse("<p class=\"oops>Eerste</p><p>Tweede</p>");
    assert_true(l.count >= 1);
    assert_string_equal(l.items[l.count - 1].text, "Tweede");
    hv_block_list_free(&l);

    /* An unclosed heading ends at the next paragraph. */
    l = parse("<h2>Kop<p>Body text</p>");
    assert_block(&l, 0, HV_BLOCK_HEADING, "Kop");
    assert_block(&l, 1, HV_BLOCK_PARAGRAPH, "Body text");
    hv_block_list_free(&l);

    /* Unterminated comment, script and entity at the very end. */
    const char *tails[] = {"<p>x</p><!-- never closed",
                           "<p>x</p><script>never",
                           "<p>x</p>&#x",
                           "<p>x</p>&",
                           "<p>x</p><",
                           "<p>x</p></",
                           "<p>x</p><!"};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        l = parse(tails[i]);
        assert_true(l.count >= 1);
        assert_string_equal(l.items[0].text, "x");
        hv_block_list_free(&l);
    }
}

static void test_empty_and_whitespace(void **state)
{
    (void)state;
    hv_block_list l = parse("");
    assert_int_equal(l.count, 0);
    hv_block_list_free(&l);
    l = parse("<html> \n <body>   </body></html>");
    assert_int_equal(l.count, 0);
    hv_block_list_free(&l);
}

static void test_huge_input_is_linear(void **state)
{
    (void)state;
    /* Many tags with unbalanced quotes: must not rescan the page for each. */
    size_t reps = 200000;
    const char *unit = "<a title=\"x>";
    size_t ulen = strlen(unit);
    char *html = malloc(reps * ulen + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(html + i * ulen, unit, ulen);
    html[reps * ulen] = '\0';
    hv_block_list l = HV_BLOCK_LIST_INIT;
    assert_int_equal(hv_html_to_blocks(html, reps * ulen, &l), HV_OK);
    hv_block_list_free(&l);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entities),
        cmocka_unit_test(test_cp1252_references_and_soft_hyphen),
        cmocka_unit_test(test_skips_invisible_content),
        cmocka_unit_test(test_headings_and_blocks),
        cmocka_unit_test(test_title_preferred_over_h1),
        cmocka_unit_test(test_broken_html),
        cmocka_unit_test(test_empty_and_whitespace),
        cmocka_unit_test(test_huge_input_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
