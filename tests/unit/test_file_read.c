#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "file_read.h"

static char *temp_file(const void *bytes, size_t n)
{
    char tmpl[] = "/tmp/haven-file-read-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    return strdup(tmpl);
}

/* Any bytes, NUL included: refusing binary content is the caller's call. */
static void test_reads_every_byte(void **state)
{
    (void)state;
    static const char bytes[] = {'a', '\0', 'b', '\n'};
    char *path = temp_file(bytes, sizeof bytes);
    char *data;
    size_t len;
    assert_int_equal(hv_file_read(path, 100, &data, &len), HV_OK);
    assert_int_equal(len, sizeof bytes);
    assert_memory_equal(data, bytes, sizeof bytes);
    assert_int_equal(data[len], '\0');
    free(data);
    assert_int_equal(hv_file_read(path, 3, &data, &len), HV_ERR_TOO_LARGE);
    assert_null(data);
    unlink(path);
    free(path);
}

static void test_missing_directory_and_null_path(void **state)
{
    (void)state;
    char *data;
    size_t len;
    assert_int_equal(hv_file_read("/nonexistent-haven/x", 100, &data, &len), HV_ERR_IO);
    assert_int_equal(hv_file_read("/tmp", 100, &data, &len), HV_ERR_IO);
    assert_int_equal(hv_file_read(NULL, 100, &data, &len), HV_ERR_INVALID_ARGUMENT);
    assert_null(data);
}

/* A dictzip file is a gzip stream with an extra header field. */
static void test_gunzip_reads_a_file_written_by_gzwrite(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/haven-file-read-gz-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    close(fd);
    gzFile gz = gzopen(tmpl, "wb");
    gzputs(gz, "werk /wɛrk/\n1. job, work\n");
    gzclose(gz);
    char *packed, *plain;
    size_t packed_len, plain_len;
    assert_int_equal(hv_file_read(tmpl, 1 << 20, &packed, &packed_len), HV_OK);
    assert_int_equal(hv_gunzip(packed, packed_len, 1 << 20, &plain, &plain_len), HV_OK);
    assert_string_equal(plain, "werk /wɛrk/\n1. job, work\n");
    free(plain);
    assert_int_equal(hv_gunzip(packed, packed_len, 4, &plain, &plain_len), HV_ERR_TOO_LARGE);
    assert_int_equal(hv_gunzip(packed, packed_len / 2, 1 << 20, &plain, &plain_len),
                     HV_ERR_CORRUPT);
    free(packed);
    unlink(tmpl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_every_byte),
        cmocka_unit_test(test_missing_directory_and_null_path),
        cmocka_unit_test(test_gunzip_reads_a_file_written_by_gzwrite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
