#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/translation_links.h"

#define WORDS20 "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien "
#define LONG WORDS20 "vijftien zestien zeventien achttien negentien twintig Fedasil 2023"
#define NO_NAMES WORDS20 "vijftien zestien zeventien achttien negentien twintig"

static hv_document make(hv_passage *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i].number = (unsigned)i;
    return (hv_document){.title = "t", .passages = p, .n_passages = n};
}

static void post_in_three_languages(void **state)
{
    (void)state;
    hv_passage p[] = {
        {.section = "", .text = "top of page", .lang = HV_LANG_NL}, /* debris */
        {.section = "", .text = LONG, .lang = HV_LANG_EN},
        {.section = "", .text = LONG, .lang = HV_LANG_EN},
        {.section = "", .text = LONG, .lang = HV_LANG_RU},
        {.section = "", .text = LONG, .lang = HV_LANG_RU},
        {.section = "", .text = LONG, .lang = HV_LANG_NL},
        {.section = "", .text = LONG, .lang = HV_LANG_NL},
        {.section = "", .text = "a footer", .lang = HV_LANG_EN}, /* debris */
    };
    hv_document doc = make(p, 8);
    size_t group[8];
    char langs[8][12];
    hv_link_translations(&doc, group, langs);
    assert_int_equal(group[0], HV_NO_GROUP);
    assert_int_equal(group[7], HV_NO_GROUP);
    assert_int_equal(group[1], group[3]);
    assert_int_equal(group[1], group[5]);
    assert_int_equal(group[2], group[4]);
    assert_int_equal(group[2], group[6]);
    assert_int_not_equal(group[1], group[2]);
    assert_string_equal(langs[1], "en,ru,nl");
    assert_string_equal(langs[6], "en,ru,nl");
}

static void one_language_or_interleaved_is_no_translation(void **state)
{
    (void)state;
    hv_passage mono[] = {{.section = "", .text = LONG, .lang = HV_LANG_NL},
                         {.section = "", .text = LONG, .lang = HV_LANG_NL}};
    hv_document doc = make(mono, 2);
    size_t group[4];
    char langs[4][12];
    hv_link_translations(&doc, group, langs);
    assert_int_equal(group[0], HV_NO_GROUP);
    assert_string_equal(langs[0], "");

    /* an English text quoting Dutch paragraphs here and there */
    hv_passage quoted[] = {{.section = "", .text = LONG, .lang = HV_LANG_EN},
                           {.section = "", .text = LONG, .lang = HV_LANG_EN},
                           {.section = "", .text = LONG, .lang = HV_LANG_NL},
                           {.section = "", .text = LONG, .lang = HV_LANG_EN},
                           {.section = "", .text = LONG, .lang = HV_LANG_EN},
                           {.section = "", .text = LONG, .lang = HV_LANG_NL},
                           {.section = "", .text = LONG, .lang = HV_LANG_NL}};
    doc = make(quoted, 7);
    size_t g7[7];
    char l7[7][12];
    hv_link_translations(&doc, g7, l7);
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(g7[i], HV_NO_GROUP);
}

static void no_shared_name_or_number_no_pair(void **state)
{
    (void)state;
    hv_passage p[] = {{.section = "", .text = NO_NAMES, .lang = HV_LANG_EN},
                      {.section = "", .text = NO_NAMES, .lang = HV_LANG_RU}};
    hv_document doc = make(p, 2);
    size_t group[2];
    char langs[2][12];
    hv_link_translations(&doc, group, langs);
    assert_int_equal(group[0], HV_NO_GROUP);
    assert_int_equal(group[1], HV_NO_GROUP);
}

static void unequal_blocks_or_lengths_are_not_paired(void **state)
{
    (void)state;
    hv_passage p[] = {{.section = "", .text = LONG, .lang = HV_LANG_EN},
                      {.section = "", .text = LONG, .lang = HV_LANG_EN},
                      {.section = "", .text = LONG, .lang = HV_LANG_EN},
                      {.section = "", .text = LONG, .lang = HV_LANG_RU}};
    hv_document doc = make(p, 4);
    size_t group[4];
    char langs[4][12];
    hv_link_translations(&doc, group, langs);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(group[i], HV_NO_GROUP);

    hv_passage q[] = {{.section = "", .text = LONG, .lang = HV_LANG_EN},
                      {.section = "", .text = LONG LONG LONG, .lang = HV_LANG_RU}};
    doc = make(q, 2);
    hv_link_translations(&doc, group, langs);
    assert_int_equal(group[0], HV_NO_GROUP);
    assert_int_equal(group[1], HV_NO_GROUP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(post_in_three_languages),
        cmocka_unit_test(one_language_or_interleaved_is_no_translation),
        cmocka_unit_test(unequal_blocks_or_lengths_are_not_paired),
        cmocka_unit_test(no_shared_name_or_number_no_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
