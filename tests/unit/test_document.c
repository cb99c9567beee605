#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_dirs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../../indexer/document.h"
#include "../../lib/utf8.h"

static char dir[] = "/tmp/hv-test-document-XXXXXX";

static const char *write_file(const char *name, const char *data, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(dir);
}

/* A news post in three languages, as a web page saved to text. */
static const char trilingual[] =
    "Belgium opens its doors to refugees\n\n"
    "On Monday the organisation met the state secretary to discuss how people who have to flee "
    "their country can find a safe place to stay while their asylum application is examined. "
    "They agreed to work together on shelter and on legal help for the people who need it.\n\n"
    "Русская версия\n\n"
    "В понедельник организация встретилась с государственным секретарём, чтобы обсудить, как "
    "люди, которым пришлось бежать из своей страны, могут найти безопасное место, пока "
    "рассматривается их заявление о предоставлении убежища.\n\n"
    "Nederlandse versie\n\n"
    "Op maandag had de organisatie een ontmoeting met de staatssecretaris om te bespreken hoe "
    "mensen die hun land moeten ontvluchten een veilige plek kunnen vinden terwijl hun "
    "asielaanvraag wordt onderzocht. Ze spraken af om samen te werken aan opvang en hulp.\n";

static void test_mixed_languages(void **state)
{
    (void)state;
    hv_document doc;
    assert_int_equal(hv_document_parse(trilingual, strlen(trilingual), HV_FORMAT_TEXT, &doc),
                     HV_OK);
    assert_string_equal(doc.title, "Belgium opens its doors to refugees");
    assert_int_equal(doc.n_passages, 3);
    assert_int_equal(doc.passages[0].lang, HV_LANG_EN);
    assert_string_equal(doc.passages[0].section, "Belgium opens its doors to refugees");
    assert_int_equal(doc.passages[1].lang, HV_LANG_RU);
    assert_string_equal(doc.passages[1].section, "Русская версия");
    assert_int_equal(doc.passages[2].lang, HV_LANG_NL);
    assert_string_equal(doc.passages[2].section, "Nederlandse versie");
    for (size_t i = 0; i < doc.n_passages; i++)
        assert_int_equal(doc.passages[i].number, i);
    hv_document_free(&doc);
    assert_null(doc.passages);
}

static void test_invalid_utf8_is_repaired(void **state)
{
    (void)state;
    const char bad[] = "Caf\xE9 \xC3\x28 ok \xF0\x9F\x98 en \xED\xA0\x80 einde\x01.";
    hv_document doc;
    assert_int_equal(hv_document_parse(bad, sizeof bad - 1, HV_FORMAT_TEXT, &doc), HV_OK);
    assert_int_equal(doc.n_passages, 1);
    assert_true(hv_utf8_is_valid(doc.passages[0].text, strlen(doc.passages[0].text)));
    assert_true(hv_utf8_is_valid(doc.title, strlen(doc.title)));
    assert_non_null(strstr(doc.passages[0].text, "einde"));
    hv_document_free(&doc);

    const char html[] = "<title>T\xFF</title><p>x\xC0y</p>";
    assert_int_equal(hv_document_parse(html, sizeof html - 1, HV_FORMAT_HTML, &doc), HV_OK);
    assert_true(hv_utf8_is_valid(doc.title, strlen(doc.title)));
    assert_true(hv_utf8_is_valid(doc.passages[0].text, strlen(doc.passages[0].text)));
    hv_document_free(&doc);
}

static void test_empty_and_unsupported(void **state)
{
    (void)state;
    hv_document doc;
    assert_int_equal(hv_document_parse("", 0, HV_FORMAT_TEXT, &doc), HV_OK);
    assert_non_null(doc.title);
    assert_string_equal(doc.title, "");
    assert_int_equal(doc.n_passages, 0);
    hv_document_free(&doc);
    assert_int_equal(hv_document_parse("x", 1, HV_FORMAT_UNKNOWN, &doc), HV_ERR_UNSUPPORTED);
    assert_null(doc.title);
    assert_int_equal(hv_document_parse(NULL, 0, HV_FORMAT_HTML, &doc), HV_OK);
    assert_string_equal(doc.title, "");
    hv_document_free(&doc);
}

static void test_html_document(void **state)
{
    (void)state;
    const char html[] = "\xEF\xBB\xBF<html><head><title>FAQ asiel</title><script>x()</script>"
                        "</head><body><h1>Vragen</h1><p>Wat is opvang?</p><h2>Werk</h2>"
                        "<p>Na vier maanden mag je werken.</p></body></html>";
    hv_document doc;
    assert_int_equal(hv_document_parse(html, sizeof html - 1, HV_FORMAT_HTML, &doc), HV_OK);
    assert_string_equal(doc.title, "FAQ asiel");
    assert_int_equal(doc.n_passages, 2);
    assert_string_equal(doc.passages[0].section, "Vragen");
    assert_string_equal(doc.passages[0].text, "Wat is opvang?");
    assert_string_equal(doc.passages[1].section, "Werk");
    assert_int_equal(doc.passages[1].number, 1);
    hv_document_free(&doc);
}

static void test_markdown_document(void **state)
{
    (void)state;
    const char md[] = "# Gids\n\nInleiding.\n\n## Opvang\n\nTekst over opvang.\n";
    hv_document doc;
    assert_int_equal(hv_document_parse(md, sizeof md - 1, HV_FORMAT_MARKDOWN, &doc), HV_OK);
    assert_string_equal(doc.title, "Gids");
    assert_int_equal(doc.n_passages, 2);
    assert_string_equal(doc.passages[0].section, "Gids");
    assert_string_equal(doc.passages[1].section, "Opvang");
    assert_string_equal(doc.passages[1].text, "Tekst over opvang.");
    hv_document_free(&doc);
}

static void test_load_files(void **state)
{
    (void)state;
    hv_document doc;
    const char *path = write_file("nieuws.txt", trilingual, strlen(trilingual));
    assert_int_equal(hv_document_load(path, 1 << 20, &doc), HV_OK);
    assert_int_equal(doc.n_passages, 3);
    hv_document_free(&doc);
    assert_int_equal(hv_document_load(path, 100, &doc), HV_ERR_TOO_LARGE);
    assert_null(doc.title);
    assert_int_equal(doc.n_passages, 0);

    char gz_path[300];
    snprintf(gz_path, sizeof gz_path, "%s/page.HTML.gz", dir);
    gzFile gz = gzopen(gz_path, "wb");
    const char *html = "<title>Gzipped</title><p>In een archief.</p>";
    gzwrite(gz, html, (unsigned)strlen(html));
    gzclose(gz);
    assert_int_equal(hv_document_load(gz_path, 1 << 20, &doc), HV_OK);
    assert_string_equal(doc.title, "Gzipped");
    assert_string_equal(doc.passages[0].text, "In een archief.");
    hv_document_free(&doc);

    path = write_file("binary.txt", "tekst\0met nul", 13);
    assert_int_equal(hv_document_load(path, 1 << 20, &doc), HV_ERR_BINARY);
    path = write_file("photo.jpg", "xx", 2);
    assert_int_equal(hv_document_load(path, 1 << 20, &doc), HV_ERR_UNSUPPORTED);
    path = write_file("bad.md.gz", "not gzip data at all, sorry", 27);
    assert_int_equal(hv_document_load(path, 1 << 20, &doc), HV_ERR_CORRUPT);
    path = write_file("empty.md", "", 0);
    assert_int_equal(hv_document_load(path, 1 << 20, &doc), HV_OK);
    assert_string_equal(doc.title, "");
    assert_int_equal(doc.n_passages, 0);
    hv_document_free(&doc);
}

static void test_passage_bounds_on_generated_text(void **state)
{
    (void)state;
    /* Paragraphs of varying length under a few numbered headings. */
    size_t cap = 200000, len = 0;
    char *text = malloc(cap);
    unsigned seed = 7;
    for (int section = 1; section <= 5; section++) {
        len += (size_t)snprintf(text + len, cap - len, "%d Hoofdstuk over opvang\n\n", section);
        for (int para = 0; para < 12; para++) {
            seed = seed * 1103515245u + 12345u;
            int n = 3 + (int)((seed >> 16) % 400);
            for (int w = 0; w < n; w++)
                len += (size_t)snprintf(text + len, cap - len, "%s%s", w ? " " : "",
                                        w % 13 == 12 ? "woord." : "woord");
            len += (size_t)snprintf(text + len, cap - len, "\n\n");
        }
    }
    hv_document doc;
    assert_int_equal(hv_document_parse(text, len, HV_FORMAT_TEXT, &doc), HV_OK);
    assert_true(doc.n_passages > 10);
    size_t small = 0;
    for (size_t i = 0; i < doc.n_passages; i++) {
        const char *t = doc.passages[i].text;
        size_t words = 0;
        for (const char *p = t; *p; p++)
            if (*p != ' ' && *p != '\n' && (p == t || p[-1] == ' ' || p[-1] == '\n')) words++;
        assert_true(words <= HV_PASSAGE_MAX_WORDS);
        if (words < HV_PASSAGE_MIN_WORDS) small++;
        assert_non_null(strstr(doc.passages[i].section, "Hoofdstuk"));
    }
    assert_true(small <= 5); /* at most one short tail per section */
    hv_document_free(&doc);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_languages),
        cmocka_unit_test(test_invalid_utf8_is_repaired),
        cmocka_unit_test(test_empty_and_unsupported),
        cmocka_unit_test(test_html_document),
        cmocka_unit_test(test_markdown_document),
        cmocka_unit_test(test_load_files),
        cmocka_unit_test(test_passage_bounds_on_generated_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
