#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_dirs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../../indexer/document.h"
#include "../../indexer/source_file.h"

static char dir[] = "/tmp/hv-test-source-XXXXXX";

static const char *path_in_dir(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static const char *write_file(const char *name, const char *data, size_t len)
{
    const char *path = path_in_dir(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *write_gzip(const char *name, const char *data, size_t len)
{
    const char *path = path_in_dir(name);
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(gz), Z_OK);
    return path;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
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

static void test_format_from_path(void **state)
{
    (void)state;
    assert_int_equal(hv_format_from_path("a/b/guide.txt"), HV_FORMAT_TEXT);
    assert_int_equal(hv_format_from_path("GUIDE.TXT"), HV_FORMAT_TEXT);
    assert_int_equal(hv_format_from_path("notes.md"), HV_FORMAT_MARKDOWN);
    assert_int_equal(hv_format_from_path("notes.Markdown"), HV_FORMAT_MARKDOWN);
    assert_int_equal(hv_format_from_path("page.html"), HV_FORMAT_HTML);
    assert_int_equal(hv_format_from_path("page.HTM"), HV_FORMAT_HTML);
    assert_int_equal(hv_format_from_path("page.htm.gz"), HV_FORMAT_HTML);
    assert_int_equal(hv_format_from_path("faq.txt.GZ"), HV_FORMAT_TEXT);
    assert_int_equal(hv_format_from_path("scan.pdf"), HV_FORMAT_UNKNOWN);
    assert_int_equal(hv_format_from_path("archive.gz"), HV_FORMAT_UNKNOWN);
    assert_int_equal(hv_format_from_path("dir.txt/README"), HV_FORMAT_UNKNOWN);
    assert_int_equal(hv_format_from_path(".txt"), HV_FORMAT_UNKNOWN);
    assert_int_equal(hv_format_from_path("text"), HV_FORMAT_UNKNOWN);
    assert_int_equal(hv_format_from_path(NULL), HV_FORMAT_UNKNOWN);
    assert_true(hv_path_is_gzip("x.txt.gz"));
    assert_false(hv_path_is_gzip("x.txt"));
}

static void test_reads_plain_file(void **state)
{
    (void)state;
    const char *text = "Opvang voor verzoekers.\n";
    const char *path = write_file("plain.txt", text, strlen(text));
    char *data;
    size_t len;
    assert_int_equal(hv_source_file_read(path, 1000, &data, &len, NULL), HV_OK);
    assert_int_equal(len, strlen(text));
    assert_string_equal(data, text);
    free(data);
}

static void test_empty_file(void **state)
{
    (void)state;
    const char *path = write_file("empty.txt", "", 0);
    char *data;
    size_t len = 99;
    assert_int_equal(hv_source_file_read(path, 1000, &data, &len, NULL), HV_OK);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);
}

static void test_too_large_is_refused(void **state)
{
    (void)state;
    const char *path = write_file("large.txt", "0123456789", 10);
    char *data = (char *)1;
    size_t len;
    assert_int_equal(hv_source_file_read(path, 9, &data, &len, NULL), HV_ERR_TOO_LARGE);
    assert_null(data);
    assert_int_equal(hv_source_file_read(path, 10, &data, &len, NULL), HV_OK);
    free(data);
}

static void test_binary_is_refused(void **state)
{
    (void)state;
    const char *path = write_file("binary.txt", "abc\0def", 7);
    char *data;
    size_t len;
    assert_int_equal(hv_source_file_read(path, 100, &data, &len, NULL), HV_ERR_BINARY);
    assert_null(data);
}

static void expect_read(const char *name, const char *bytes, size_t n, const char *want)
{
    const char *path = write_file(name, bytes, n);
    char *data;
    size_t len;
    assert_int_equal(hv_source_file_read(path, 100, &data, &len, NULL), HV_OK);
    assert_string_equal(data, want);
    assert_int_equal(len, strlen(want));
    free(data);
}

/* Windows Notepad's "Unicode": UTF-16 behind a byte order mark, a 0 in
 * every other byte, is text. */
static void test_utf16_is_read_as_utf8(void **state)
{
    (void)state;
    expect_read("le.txt",
                "\xFF\xFE"
                "c\0a\0f\0\xE9\0",
                10, "caf\xC3\xA9");
    expect_read("be.txt",
                "\xFE\xFF"
                "\0c\0a\0f\0\xE9",
                10, "caf\xC3\xA9");
    expect_read("ru.txt",
                "\xFF\xFE"
                "\x11\x04\x35\x04",
                6, "\xD0\x91\xD0\xB5"); /* Бе */
    char *data;
    size_t len;
    /* without the mark, or holding a NUL character, it is still binary */
    const char *bare = write_file("bare.txt", "c\0a\0", 4);
    assert_int_equal(hv_source_file_read(bare, 100, &data, &len, NULL), HV_ERR_BINARY);
    const char *nul = write_file("nul.txt",
                                 "\xFF\xFE"
                                 "c\0\0\0",
                                 6);
    assert_int_equal(hv_source_file_read(nul, 100, &data, &len, NULL), HV_ERR_BINARY);
}

static void test_missing_and_directory_are_io_errors(void **state)
{
    (void)state;
    char *data;
    size_t len;
    assert_int_equal(hv_source_file_read(path_in_dir("missing.txt"), 100, &data, &len, NULL),
                     HV_ERR_IO);
    assert_int_equal(hv_source_file_read(dir, 100, &data, &len, NULL), HV_ERR_IO);
}

static void test_gzip_round_trip(void **state)
{
    (void)state;
    char text[5000];
    const char *pattern = "Бельгия asiel ";
    size_t plen = strlen(pattern);
    for (size_t i = 0; i < sizeof text - 1; i++)
        text[i] = pattern[i % plen];
    text[sizeof text - 1] = '\0';
    const char *path = write_gzip("doc.txt.gz", text, strlen(text));
    char *data;
    size_t len;
    assert_int_equal(hv_source_file_read(path, 100000, &data, &len, NULL), HV_OK);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(data, text, len);
    free(data);
    /* Exactly at the limit is fine, one byte less is not. */
    assert_int_equal(hv_source_file_read(path, strlen(text), &data, &len, NULL), HV_OK);
    free(data);
    assert_int_equal(hv_source_file_read(path, strlen(text) - 1, &data, &len, NULL),
                     HV_ERR_TOO_LARGE);
    assert_null(data);
}

static void test_gzip_bomb_is_capped(void **state)
{
    (void)state;
    size_t big = 4 << 20;
    char *zeros = malloc(big);
    memset(zeros, 'a', big);
    const char *path = write_gzip("bomb.txt.gz", zeros, big);
    free(zeros);
    char *data;
    size_t len;
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true((size_t)sb.st_size < 100000);
    assert_int_equal(hv_source_file_read(path, 100000, &data, &len, NULL), HV_ERR_TOO_LARGE);
}

static void test_gzip_concatenated_members(void **state)
{
    (void)state;
    const char *a = write_gzip("a.gz", "first ", 6);
    size_t la, lb;
    char *ga = slurp(a, &la);
    const char *b = write_gzip("b.gz", "second", 6);
    char *gb = slurp(b, &lb);
    char *both = malloc(la + lb);
    memcpy(both, ga, la);
    memcpy(both + la, gb, lb);
    char *out;
    size_t out_len;
    assert_int_equal(hv_gunzip(both, la + lb, 100, &out, &out_len), HV_OK);
    assert_string_equal(out, "first second");
    free(out);
    free(ga);
    free(gb);
    free(both);
}

static void test_bad_gzip_is_corrupt(void **state)
{
    (void)state;
    char *data;
    size_t len;
    const char *path = write_file("fake.txt.gz", "this is not gzip at all, just text", 34);
    assert_int_equal(hv_source_file_read(path, 1000, &data, &len, NULL), HV_ERR_CORRUPT);

    const char *good = write_gzip("good.txt.gz", "Opvang en steun voor iedereen", 29);
    size_t glen;
    char *gz = slurp(good, &glen);
    const char *cut = write_file("cut.txt.gz", gz, glen - 6);
    assert_int_equal(hv_source_file_read(cut, 1000, &data, &len, NULL), HV_ERR_CORRUPT);
    gz[glen / 2] ^= 0x55;
    gz[glen / 2 + 1] ^= 0x55;
    const char *flipped = write_file("flipped.txt.gz", gz, glen);
    hv_status st = hv_source_file_read(flipped, 1000, &data, &len, NULL);
    assert_int_equal(st, HV_ERR_CORRUPT);
    free(gz);
    assert_int_equal(hv_gunzip("", 0, 10, &data, &len), HV_ERR_CORRUPT);
}

static void test_gzip_with_nul_is_binary(void **state)
{
    (void)state;
    const char *path = write_gzip("nul.txt.gz", "ab\0cd", 5);
    char *data;
    size_t len;
    assert_int_equal(hv_source_file_read(path, 100, &data, &len, NULL), HV_ERR_BINARY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_from_path),
        cmocka_unit_test(test_reads_plain_file),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_too_large_is_refused),
        cmocka_unit_test(test_binary_is_refused),
        cmocka_unit_test(test_utf16_is_read_as_utf8),
        cmocka_unit_test(test_missing_and_directory_are_io_errors),
        cmocka_unit_test(test_gzip_round_trip),
        cmocka_unit_test(test_gzip_bomb_is_capped),
        cmocka_unit_test(test_gzip_concatenated_members),
        cmocka_unit_test(test_bad_gzip_is_corrupt),
        cmocka_unit_test(test_gzip_with_nul_is_binary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
