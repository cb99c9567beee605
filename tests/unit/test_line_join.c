#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../indexer/line_join.h"

/* Joins `first` and `second` as two wrapped lines of document `doc`. */
static char *join(const char *doc, const char *first, const char *second)
{
    hv_join_context ctx = HV_JOIN_CONTEXT(doc, strlen(doc));
    hv_text_buffer b = HV_TEXT_BUFFER_INIT;
    assert_int_equal(hv_line_join_append(&b, first, strlen(first), &ctx), HV_OK);
    assert_int_equal(hv_line_join_append(&b, second, strlen(second), &ctx), HV_OK);
    hv_join_context_free(&ctx);
    char *s;
    assert_int_equal(hv_text_buffer_take(&b, &s, NULL), HV_OK);
    return s;
}

static void check(const char *doc, const char *first, const char *second, const char *want)
{
    char *got = join(doc, first, second);
    assert_string_equal(got, want);
    free(got);
}

static void test_plain_lines_get_a_space(void **state)
{
    (void)state;
    check("", "een regel", "en de volgende", "een regel en de volgende");
    check("", "streepje -", "los", "streepje - los");
    check("", "", "alleen", "alleen");
}

static void test_hyphenated_words_rejoin(void **state)
{
    (void)state;
    check("", "internationale be-", "scherming", "internationale bescherming");
    check("", "de reizi-", "gerslijst.", "de reizigerslijst.");
    check("", "просьба о защи-", "те", "просьба о защите");
}

static void test_real_hyphens_stay(void **state)
{
    (void)state;
    check("", "het participatie-", "en netwerktraject", "het participatie- en netwerktraject");
    check("", "pre-", "or post-war", "pre- or post-war");
    check("", "социально-", "и экономический", "социально- и экономический");
    check("", "OCMW-", "steun", "OCMW-steun");
    check("", "ООН-", "беженцы", "ООН-беженцы");
    check("", "2021-", "2023", "2021-2023");
    check("", "de Oekraïne-", "Crisis", "de Oekraïne-Crisis");
}

static void test_document_decides(void **state)
{
    (void)state;
    /* Only the hyphenated form occurs elsewhere: keep it. */
    check("zie ook de zorg-verzekering", "de zorg-", "verzekering", "de zorg-verzekering");
    /* The joined form occurs elsewhere: join, even if a hyphenated one does too. */
    check("zorg-verzekering en zorgverzekering", "de zorg-", "verzekering", "de zorgverzekering");
    check("Oekraïne-crisis", "de Oekraïne-", "crisis", "de Oekraïne-crisis");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lines_get_a_space),
        cmocka_unit_test(test_hyphenated_words_rejoin),
        cmocka_unit_test(test_real_hyphens_stay),
        cmocka_unit_test(test_document_decides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
