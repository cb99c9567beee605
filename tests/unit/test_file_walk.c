#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../indexer/file_walk.h"
#include "test_dirs.h"

static char root[] = "/tmp/haven-walk-XXXXXX";

static const char *in_root(const char *rel)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    return path;
}

static void make_dir(const char *rel)
{
    assert_int_equal(mkdir(in_root(rel), 0755), 0);
}

static void make_file(const char *rel, const char *text)
{
    FILE *f = fopen(in_root(rel), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/haven-walk-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(root);
}

static void expect_docs(const hv_file_list *list, size_t from, const char *const *docs, size_t n)
{
    assert_int_equal(list->count - from, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(list->files[from + i].doc, docs[i]);
}

/* Files in folders, sorted by their path below the root; hidden ones left
 * out; a link to a file is a file, a link to a folder is not followed. */
static void test_tree_is_walked_in_order(void **state)
{
    (void)state;
    make_file("b.txt", "bb");
    make_dir("sub");
    make_file("sub/a.md", "a");
    make_dir("sub/deeper");
    make_file("sub/deeper/c.html", "<p>c</p>");
    make_dir(".hidden");
    make_file(".hidden/secret.txt", "x");
    make_file(".dotfile.txt", "x");
    assert_int_equal(symlink("b.txt", in_root("link.txt")), 0);
    assert_int_equal(symlink("sub", in_root("loop")), 0);
    assert_int_equal(symlink(".", in_root("sub/self")), 0);

    hv_file_list list = {0};
    assert_int_equal(hv_file_walk(root, &list), HV_OK);
    const char *docs[] = {"b.txt", "link.txt", "sub/a.md", "sub/deeper/c.html"};
    expect_docs(&list, 0, docs, 4);
    assert_string_equal(list.files[0].path, in_root("b.txt"));
    assert_int_equal(list.files[0].size, 2);
    assert_int_equal(list.files[1].size, 2); /* the link's target */
    assert_int_equal(list.unreadable_dirs, 0);
    hv_file_list_free(&list);
    assert_null(list.files);
    assert_int_equal(list.count, 0);
}

/* "root///" is the root: paths do not double their slashes. */
static void test_trailing_slashes_are_trimmed(void **state)
{
    (void)state;
    make_file("a.txt", "a");
    char slashed[512];
    snprintf(slashed, sizeof slashed, "%s///", root);
    hv_file_list list = {0};
    assert_int_equal(hv_file_walk(slashed, &list), HV_OK);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.files[0].path, in_root("a.txt"));
    assert_string_equal(list.files[0].doc, "a.txt");
    hv_file_list_free(&list);
}

/* A file given directly is its own doc; walks append, each sorted. */
static void test_file_root_and_appending(void **state)
{
    (void)state;
    make_dir("one");
    make_file("one/z.txt", "z");
    make_file("one/y.txt", "y");
    make_file("lone.md", "l");
    hv_file_list list = {0};
    assert_int_equal(hv_file_walk(in_root("one"), &list), HV_OK);
    assert_int_equal(hv_file_walk(in_root("lone.md"), &list), HV_OK);
    const char *docs[] = {"y.txt", "z.txt", "lone.md"};
    expect_docs(&list, 0, docs, 3);
    assert_string_equal(list.files[2].path, in_root("lone.md"));
    hv_file_list_free(&list);
}

static void test_missing_and_special_roots(void **state)
{
    (void)state;
    hv_file_list list = {0};
    assert_int_equal(hv_file_walk(in_root("missing"), &list), HV_ERR_NOT_FOUND);
    assert_int_equal(mkfifo(in_root("pipe"), 0644), 0);
    assert_int_equal(hv_file_walk(in_root("pipe"), &list), HV_ERR_UNSUPPORTED);
    assert_int_equal(list.count, 0);
    /* inside a folder, a pipe is neither a file nor a folder: passed over */
    make_file("real.txt", "r");
    assert_int_equal(hv_file_walk(root, &list), HV_OK);
    const char *docs[] = {"real.txt"};
    expect_docs(&list, 0, docs, 1);
    hv_file_list_free(&list);
}

/* A tree deeper than the walk goes is cut off, not followed down. */
static void test_depth_is_bounded(void **state)
{
    (void)state;
    char rel[1024] = "";
    for (int i = 0; i < 70; i++) {
        strcat(rel, i ? "/d" : "d");
        make_dir(rel);
        if (i == 10 || i == 69) {
            char file[1100];
            snprintf(file, sizeof file, "%s/f%d.txt", rel, i);
            make_file(file, "f");
        }
    }
    hv_file_list list = {0};
    assert_int_equal(hv_file_walk(root, &list), HV_OK);
    assert_int_equal(list.count, 1);
    assert_non_null(strstr(list.files[0].doc, "f10.txt"));
    hv_file_list_free(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tree_is_walked_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_slashes_are_trimmed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_root_and_appending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_special_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_is_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
