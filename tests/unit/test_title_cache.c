#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../searcher/title_cache.h"

static void test_kept_titles_are_found(void **state)
{
    (void)state;
    hv_title_cache c = HV_TITLE_CACHE_INIT;
    assert_null(hv_title_cache_get(&c, "nl/opvang.txt"));
    assert_int_equal(hv_title_cache_put(&c, "nl/opvang.txt", "Opvang"), HV_OK);
    assert_int_equal(hv_title_cache_put(&c, "en/work.md", ""), HV_OK);
    assert_string_equal(hv_title_cache_get(&c, "nl/opvang.txt"), "Opvang");
    assert_string_equal(hv_title_cache_get(&c, "en/work.md"), "");
    assert_null(hv_title_cache_get(&c, "nl/opvang.txt.gz"));
    hv_title_cache_clear(&c);
}

static void test_a_new_title_replaces_the_old(void **state)
{
    (void)state;
    hv_title_cache c = HV_TITLE_CACHE_INIT;
    assert_int_equal(hv_title_cache_put(&c, "a.txt", "Oud"), HV_OK);
    assert_int_equal(hv_title_cache_put(&c, "a.txt", "Nieuw"), HV_OK);
    assert_string_equal(hv_title_cache_get(&c, "a.txt"), "Nieuw");
    hv_title_cache_clear(&c);
}

/* More files than slots: a title is either the one put for that file or
 * not there at all, never another file's. */
static void test_full_cache_never_mixes_files(void **state)
{
    (void)state;
    hv_title_cache c = HV_TITLE_CACHE_INIT;
    char doc[32], title[32];
    for (int i = 0; i < 4 * HV_TITLE_CACHE_SLOTS; i++) {
        snprintf(doc, sizeof doc, "doc%d.txt", i);
        snprintf(title, sizeof title, "Titel %d", i);
        assert_int_equal(hv_title_cache_put(&c, doc, title), HV_OK);
    }
    int kept = 0;
    for (int i = 0; i < 4 * HV_TITLE_CACHE_SLOTS; i++) {
        snprintf(doc, sizeof doc, "doc%d.txt", i);
        snprintf(title, sizeof title, "Titel %d", i);
        const char *t = hv_title_cache_get(&c, doc);
        if (t) {
            assert_string_equal(t, title);
            kept++;
        }
    }
    assert_true(kept > 0 && kept <= HV_TITLE_CACHE_SLOTS);
    snprintf(doc, sizeof doc, "doc%d.txt", 4 * HV_TITLE_CACHE_SLOTS - 1);
    assert_non_null(hv_title_cache_get(&c, doc)); /* the last put is kept */
    hv_title_cache_clear(&c);
    assert_null(hv_title_cache_get(&c, doc));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_titles_are_found),
        cmocka_unit_test(test_a_new_title_replaces_the_old),
        cmocka_unit_test(test_full_cache_never_mixes_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
