#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../indexer/passage_split.h"

/* A paragraph of n words; sentences of `per_sentence` words (0: none). */
static char *words(size_t n, size_t per_sentence, const char *word)
{
    size_t wl = strlen(word);
    char *s = malloc(n * (wl + 2) + 1);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) s[len++] = ' ';
        memcpy(s + len, word, wl);
        len += wl;
        if (per_sentence && (i + 1) % per_sentence == 0) s[len++] = '.';
    }
    s[len] = '\0';
    return s;
}

static void add(hv_block_list *l, hv_block_kind kind, char *text)
{
    assert_int_equal(hv_block_list_add(l, kind, text, strlen(text)), HV_OK);
    free(text);
}

static void split(const hv_block_list *l, hv_passage **p, size_t *n)
{
    assert_int_equal(hv_passages_from_blocks(l, p, n), HV_OK);
    for (size_t i = 0; i < *n; i++) {
        assert_int_equal((*p)[i].number, i);
        assert_non_null((*p)[i].section);
        assert_non_null((*p)[i].text);
        assert_true(hv_count_words((*p)[i].text, strlen((*p)[i].text)) <= HV_PASSAGE_MAX_WORDS);
    }
}

static void free_passages(hv_passage *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].section);
        free(p[i].text);
    }
    free(p);
}

static size_t wc(const hv_passage *p)
{
    return hv_count_words(p->text, strlen(p->text));
}

static void test_count_words(void **state)
{
    (void)state;
    assert_int_equal(hv_count_words("", 0), 0);
    const char *s = "  een  twee\n\ndrie ";
    assert_int_equal(hv_count_words(s, strlen(s)), 3);
}

static void test_short_paragraphs_are_grouped(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    for (int i = 0; i < 10; i++)
        add(&l, HV_BLOCK_PARAGRAPH, words(15, 5, "opvang"));
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    /* 15+15+15 reaches the minimum: three passages of 45, the last 15 joins. */
    assert_int_equal(n, 3);
    assert_int_equal(wc(&p[0]), 45);
    assert_int_equal(wc(&p[1]), 45);
    assert_int_equal(wc(&p[2]), 60);
    assert_non_null(strstr(p[0].text, ".\n\nopvang"));
    assert_string_equal(p[0].section, "");
    free_passages(p, n);
    hv_block_list_free(&l);
}

static void test_never_across_headings(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    add(&l, HV_BLOCK_PARAGRAPH, words(10, 0, "intro"));
    add(&l, HV_BLOCK_HEADING, strdup("1 Opvang"));
    add(&l, HV_BLOCK_PARAGRAPH, words(20, 10, "bed"));
    add(&l, HV_BLOCK_HEADING, strdup("2 Lege sectie"));
    add(&l, HV_BLOCK_HEADING, strdup("3 Werk"));
    add(&l, HV_BLOCK_PARAGRAPH, words(100, 10, "job"));
    add(&l, HV_BLOCK_PARAGRAPH, words(5, 5, "kort"));
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    assert_int_equal(n, 3);
    assert_string_equal(p[0].section, "");
    assert_int_equal(wc(&p[0]), 10);
    assert_string_equal(p[1].section, "1 Opvang");
    assert_int_equal(wc(&p[1]), 20); /* a short section is still one passage */
    assert_string_equal(p[2].section, "3 Werk");
    assert_int_equal(wc(&p[2]), 105); /* the short last paragraph joined */
    assert_null(strstr(p[2].text, "bed"));
    free_passages(p, n);
    hv_block_list_free(&l);
}

static void test_short_tail_stands_alone_when_too_big(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    add(&l, HV_BLOCK_PARAGRAPH, words(HV_PASSAGE_MAX_WORDS - 10, 12, "lang"));
    add(&l, HV_BLOCK_PARAGRAPH, words(20, 10, "staart"));
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    assert_int_equal(n, 2);
    assert_int_equal(wc(&p[0]), HV_PASSAGE_MAX_WORDS - 10);
    assert_int_equal(wc(&p[1]), 20);
    free_passages(p, n);
    hv_block_list_free(&l);
}

static void test_long_paragraph_cut_at_sentences(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    add(&l, HV_BLOCK_PARAGRAPH, words(1000, 30, "zin"));
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    assert_true(n >= 4);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total += wc(&p[i]);
        size_t len = strlen(p[i].text);
        if (i + 1 < n) assert_int_equal(p[i].text[len - 1], '.'); /* ends at a sentence */
        assert_null(strstr(p[i].text, "\n\n"));
    }
    assert_int_equal(total, 1000);
    free_passages(p, n);
    hv_block_list_free(&l);
}

static void test_long_paragraph_without_sentences(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    /* two full passages and a part of one */
    size_t total = 2 * HV_PASSAGE_MAX_WORDS + HV_PASSAGE_MAX_WORDS / 2;
    add(&l, HV_BLOCK_PARAGRAPH, words(total, 0, "woord"));
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    assert_int_equal(n, 3);
    assert_int_equal(wc(&p[0]), HV_PASSAGE_MAX_WORDS);
    assert_int_equal(wc(&p[1]), HV_PASSAGE_MAX_WORDS);
    assert_int_equal(wc(&p[2]), HV_PASSAGE_MAX_WORDS / 2);
    assert_int_not_equal(p[0].text[0], ' ');
    assert_int_not_equal(p[1].text[strlen(p[1].text) - 1], ' ');
    free_passages(p, n);
    hv_block_list_free(&l);
}

static void test_languages_per_passage(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    add(&l, HV_BLOCK_HEADING, strdup("English"));
    add(&l, HV_BLOCK_PARAGRAPH,
        strdup("The applicant has the right to stay in the reception centre while the asylum "
               "procedure is ongoing and he can ask for legal help from a lawyer of his choice."));
    add(&l, HV_BLOCK_HEADING, strdup("Русский"));
    add(&l, HV_BLOCK_PARAGRAPH,
        strdup("Заявитель имеет право оставаться в центре приёма, пока идёт процедура "
               "предоставления убежища, и может обратиться за юридической помощью."));
    add(&l, HV_BLOCK_HEADING, strdup("Nederlands"));
    add(&l, HV_BLOCK_PARAGRAPH,
        strdup("De verzoeker heeft het recht om in het opvangcentrum te blijven zolang de "
               "procedure loopt en hij kan een advocaat van zijn keuze om hulp vragen."));
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    assert_int_equal(n, 3);
    assert_int_equal(p[0].lang, HV_LANG_EN);
    assert_int_equal(p[1].lang, HV_LANG_RU);
    assert_int_equal(p[2].lang, HV_LANG_NL);
    free_passages(p, n);
    hv_block_list_free(&l);
}

static void test_short_paragraphs_of_two_languages_stay_apart(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    /* each under the minimum, so they would be grouped if language did not
     * keep them apart */
    add(&l, HV_BLOCK_PARAGRAPH,
        strdup("The helpline is open on Saturday mornings for asylum seekers and for the "
               "volunteers who help them with their questions."));
    add(&l, HV_BLOCK_PARAGRAPH,
        strdup("Горячая линия открыта по субботам утром для лиц, ищущих убежище, и для "
               "волонтёров, которые помогают им с вопросами."));
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].lang, HV_LANG_EN);
    assert_int_equal(p[1].lang, HV_LANG_RU);
    free_passages(p, n);
    hv_block_list_free(&l);
}

static void test_only_headings_and_empty(void **state)
{
    (void)state;
    hv_block_list l = HV_BLOCK_LIST_INIT;
    hv_passage *p;
    size_t n;
    split(&l, &p, &n);
    assert_int_equal(n, 0);
    free_passages(p, n);
    add(&l, HV_BLOCK_HEADING, strdup("Alleen een kop"));
    split(&l, &p, &n);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].text, "Alleen een kop");
    assert_string_equal(p[0].section, "Alleen een kop");
    free_passages(p, n);
    hv_block_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_words),
        cmocka_unit_test(test_short_paragraphs_are_grouped),
        cmocka_unit_test(test_never_across_headings),
        cmocka_unit_test(test_short_tail_stands_alone_when_too_big),
        cmocka_unit_test(test_long_paragraph_cut_at_sentences),
        cmocka_unit_test(test_long_paragraph_without_sentences),
        cmocka_unit_test(test_languages_per_passage),
        cmocka_unit_test(test_short_paragraphs_of_two_languages_stay_apart),
        cmocka_unit_test(test_only_headings_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
