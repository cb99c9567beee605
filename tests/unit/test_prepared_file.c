#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_dirs.h"

#include "../../indexer/prepared_file.h"

typedef struct {
    char dir[64];
    hv_preparer pr;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/haven-prep-XXXXXX");
    if (!mkdtemp(f->dir) || hv_analyzer_new(&f->pr.analyzer) != HV_OK ||
        hv_record_encoder_new(&f->pr.encoder) != HV_OK)
        return -1;
    f->pr.max_file_bytes = 1 << 20;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (remove_tree(f->dir) != 0) return -1;
    hv_analyzer_free(f->pr.analyzer);
    hv_record_encoder_free(f->pr.encoder);
    free(f);
    return 0;
}

static hv_found_file make_file(fixture *f, const char *name, const char *content, size_t len)
{
    hv_found_file file = {0};
    if (asprintf(&file.path, "%s/%s", f->dir, name) < 0) fail();
    file.doc = strdup(name);
    FILE *fp = fopen(file.path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(content, 1, len, fp), len);
    fclose(fp);
    struct stat st;
    assert_int_equal(stat(file.path, &st), 0);
    file.size = st.st_size;
    file.mtime = st.st_mtim;
    return file;
}

static void free_file(hv_found_file *file)
{
    free(file->path);
    free(file->doc);
}

static void new_file_is_ready_and_then_unchanged(void **state)
{
    fixture *f = *state;
    const char *text = "Opvang\n\nFedasil wijst elke verzoeker een opvangplaats toe.\n";
    hv_found_file file = make_file(f, "opvang.txt", text, strlen(text));
    hv_prepared_file p;
    assert_int_equal(hv_prepare_file(&f->pr, &file, "/root", NULL, &p), HV_OK);
    assert_int_equal(p.outcome, HV_PREP_INDEX);
    assert_false(p.had_record);
    assert_int_equal(p.n_passages, 1);
    assert_true(p.passages[0].terms.count > 5);
    assert_true(p.passages[0].data_len > 0);
    assert_non_null(p.record);
    char *root;
    const char *doc;
    assert_true(hv_file_record_parse(p.record, &root, &doc));
    assert_string_equal(root, "/root");
    assert_string_equal(doc, "opvang.txt");
    free(root);

    hv_prepared_file again;
    assert_int_equal(hv_prepare_file(&f->pr, &file, "/root", p.record, &again), HV_OK);
    assert_int_equal(again.outcome, HV_PREP_UNCHANGED);
    hv_prepared_file_free(&again);
    /* the same file under another root is new there */
    assert_int_equal(hv_prepare_file(&f->pr, &file, "/other", p.record, &again), HV_OK);
    assert_int_equal(again.outcome, HV_PREP_INDEX);
    assert_true(again.had_record);
    hv_prepared_file_free(&again);
    hv_prepared_file_free(&p);
    free_file(&file);
}

static void bad_files_are_outcomes_not_errors(void **state)
{
    fixture *f = *state;
    hv_found_file bin = make_file(f, "image.txt", "PNG\0\0data", 9);
    hv_found_file jpg = make_file(f, "photo.jpg", "x", 1);
    hv_prepared_file p;
    assert_int_equal(hv_prepare_file(&f->pr, &bin, "/r", NULL, &p), HV_OK);
    assert_int_equal(p.outcome, HV_PREP_SKIPPED);
    assert_int_equal(p.why, HV_ERR_BINARY);
    hv_prepared_file_free(&p);
    assert_int_equal(hv_prepare_file(&f->pr, &jpg, "/r", NULL, &p), HV_OK);
    assert_int_equal(p.outcome, HV_PREP_UNSUPPORTED);
    hv_prepared_file_free(&p);
    unlink(bin.path);
    assert_int_equal(hv_prepare_file(&f->pr, &bin, "/r", NULL, &p), HV_OK);
    assert_int_equal(p.outcome, HV_PREP_FAILED);
    hv_prepared_file_free(&p);
    free_file(&bin);
    free_file(&jpg);
    char *root;
    const char *doc;
    assert_false(hv_file_record_parse("not a record", &root, &doc));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(new_file_is_ready_and_then_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_files_are_outcomes_not_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
