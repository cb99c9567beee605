#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "test_dirs.h"

#include "../../searcher/http_static.h"

/* A temporary tree:  root/site/{index.html, app.js, sub/index.html,
 * sub/page.txt, %2e%2e, link-in.txt -> app.js, link-out.txt -> /abs/secret,
 * rel-out.txt -> ../secret.txt, dir-out -> ../outside}, root/secret.txt,
 * root/outside/secret.txt. */
typedef struct {
    char root[64];
    char site[96];   /* as created */
    char *site_real; /* realpath of site */
} tree;

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void link_to(const char *dir, const char *name, const char *target)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(symlink(target, path), 0);
}

static int tree_setup(void **state)
{
    tree *t = calloc(1, sizeof *t);
    if (!t) return -1;
    strcpy(t->root, "/tmp/hv-test-static-XXXXXX");
    if (!mkdtemp(t->root)) return -1;
    snprintf(t->site, sizeof t->site, "%s/site", t->root);
    char path[512];
    mkdir(t->site, 0755);
    snprintf(path, sizeof path, "%s/sub", t->site);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/outside", t->root);
    mkdir(path, 0755);
    write_file(t->site, "index.html", "<p>home</p>");
    write_file(t->site, "app.js", "1;");
    write_file(t->site, "sub/index.html", "<p>sub</p>");
    write_file(t->site, "sub/page.txt", "page");
    write_file(t->site, "%2e%2e", "literal name");
    write_file(t->site, ".env", "hidden");
    write_file(t->root, "secret.txt", "secret");
    write_file(t->root, "outside/secret.txt", "secret");
    char secret[512];
    snprintf(secret, sizeof secret, "%s/secret.txt", t->root);
    link_to(t->site, "link-in.txt", "app.js");
    link_to(t->site, "link-out.txt", secret);
    link_to(t->site, "rel-out.txt", "../secret.txt");
    link_to(t->site, "dir-out", "../outside");
    t->site_real = realpath(t->site, NULL);
    if (!t->site_real) return -1;
    *state = t;
    return 0;
}

static int tree_teardown(void **state)
{
    tree *t = *state;
    int rc = remove_tree(t->root);
    free(t->site_real);
    free(t);
    return rc;
}

static hv_status check(const char *path)
{
    return hv_static_check_path(path, strlen(path));
}

static void test_check_accepts_plain_paths(void **state)
{
    (void)state;
    assert_int_equal(check("/"), HV_OK);
    assert_int_equal(check("/index.html"), HV_OK);
    assert_int_equal(check("/sub/page.txt"), HV_OK);
    assert_int_equal(check("/a..b/c...d"), HV_OK); /* dots inside a name are fine */
    assert_int_equal(check("/%2e%2e/x"), HV_OK);   /* "%252e" decoded once: literal */
    assert_int_equal(check("/caf\xc3\xa9.txt"), HV_OK);
}

static void test_check_refuses_traversal(void **state)
{
    (void)state;
    /* What "/..", "/%2e%2e/", "/..%2f" and "/web/../x" look like once decoded. */
    static const char *const bad[] = {"/..",    "/../",   "/../Makefile", "/web/../x", "/a/b/..",
                                      "/./x",   "/.",     "/x/./y",       "/a\\b",     "/..\\x",
                                      "/a\x01", "/a\x7f", "/a\tb",        "/a\nb",     "index.html",
                                      "",       "//../x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(check(bad[i]), HV_ERR_INVALID_ARGUMENT);
}

static void test_check_refuses_nul(void **state)
{
    (void)state;
    static const char with_nul[] = "/index.html\0.txt";
    assert_int_equal(hv_static_check_path(with_nul, sizeof with_nul - 1), HV_ERR_INVALID_ARGUMENT);
    assert_int_equal(hv_static_check_path(with_nul, 11), HV_OK);
}

static void test_check_hidden_and_long(void **state)
{
    (void)state;
    assert_int_equal(check("/.env"), HV_ERR_NOT_FOUND);
    assert_int_equal(check("/.git/config"), HV_ERR_NOT_FOUND);
    char *longp = malloc(HV_STATIC_MAX_PATH + 2);
    assert_non_null(longp);
    longp[0] = '/';
    memset(longp + 1, 'a', HV_STATIC_MAX_PATH);
    assert_int_equal(hv_static_check_path(longp, HV_STATIC_MAX_PATH + 1), HV_ERR_NOT_FOUND);
    free(longp);
}

static hv_status resolve(const tree *t, const char *path, char **out)
{
    return hv_static_resolve(t->site_real, path, strlen(path), out);
}

static void expect_file(const tree *t, const char *path, const char *rel)
{
    char *out = NULL;
    assert_int_equal(resolve(t, path, &out), HV_OK);
    char want[512];
    snprintf(want, sizeof want, "%s/%s", t->site_real, rel);
    assert_string_equal(out, want);
    free(out);
}

static void test_resolve_serves_files_inside(void **state)
{
    tree *t = *state;
    expect_file(t, "/", "index.html");
    expect_file(t, "/app.js", "app.js");
    expect_file(t, "/sub/", "sub/index.html");
    expect_file(t, "//sub//page.txt", "sub/page.txt");
    expect_file(t, "/%2e%2e", "%2e%2e");
    expect_file(t, "/link-in.txt", "app.js");
}

static void test_resolve_blocks_escapes(void **state)
{
    tree *t = *state;
    char *out = (char *)"untouched";
    assert_int_equal(resolve(t, "/link-out.txt", &out), HV_ERR_NOT_FOUND);
    assert_null(out);
    assert_int_equal(resolve(t, "/rel-out.txt", &out), HV_ERR_NOT_FOUND);
    assert_int_equal(resolve(t, "/dir-out/secret.txt", &out), HV_ERR_NOT_FOUND);
    assert_int_equal(resolve(t, "/../secret.txt", &out), HV_ERR_INVALID_ARGUMENT);
    assert_int_equal(resolve(t, "/sub/../../secret.txt", &out), HV_ERR_INVALID_ARGUMENT);
    assert_int_equal(resolve(t, "/..\\secret.txt", &out), HV_ERR_INVALID_ARGUMENT);
    assert_null(out);
}

static void test_resolve_not_found(void **state)
{
    tree *t = *state;
    char *out = NULL;
    assert_int_equal(resolve(t, "/missing.html", &out), HV_ERR_NOT_FOUND);
    assert_int_equal(resolve(t, "/sub", &out), HV_ERR_NOT_FOUND); /* a directory */
    assert_int_equal(resolve(t, "/app.js/", &out), HV_ERR_NOT_FOUND);
    assert_int_equal(resolve(t, "/.env", &out), HV_ERR_NOT_FOUND);
    assert_int_equal(resolve(t, "/%252e%252e", &out), HV_ERR_NOT_FOUND);
    assert_null(out);
}

/* "site2" starts with "site" but is not inside it. */
static void test_resolve_sibling_prefix_is_outside(void **state)
{
    tree *t = *state;
    char sibling[256], target[256];
    snprintf(sibling, sizeof sibling, "%s/site2", t->root);
    mkdir(sibling, 0755);
    write_file(sibling, "x.txt", "x");
    snprintf(target, sizeof target, "%s/site2/x.txt", t->root);
    link_to(t->site, "sib.txt", target);
    char *out = NULL;
    assert_int_equal(resolve(t, "/sib.txt", &out), HV_ERR_NOT_FOUND);
    assert_null(out);
}

static void test_content_types(void **state)
{
    (void)state;
    bool z;
    assert_string_equal(hv_static_content_type("a/index.html", &z), "text/html; charset=utf-8");
    assert_true(z);
    assert_string_equal(hv_static_content_type("app.JS", &z), "text/javascript; charset=utf-8");
    assert_true(z);
    assert_string_equal(hv_static_content_type("s.css", &z), "text/css; charset=utf-8");
    assert_string_equal(hv_static_content_type("i.svg", &z), "image/svg+xml");
    assert_true(z);
    assert_string_equal(hv_static_content_type("i.png", &z), "image/png");
    assert_false(z);
    assert_string_equal(hv_static_content_type("f.ico", &z), "image/x-icon");
    assert_string_equal(hv_static_content_type("f.woff2", &z), "font/woff2");
    assert_false(z);
    assert_string_equal(hv_static_content_type("d.json", &z), "application/json; charset=utf-8");
    assert_string_equal(hv_static_content_type("r.txt", &z), "text/plain; charset=utf-8");
    assert_string_equal(hv_static_content_type("dir.d/noext", &z), "application/octet-stream");
    assert_false(z);
}

static void test_accepts_gzip(void **state)
{
    (void)state;
    assert_false(hv_static_accepts_gzip(NULL));
    assert_false(hv_static_accepts_gzip(""));
    assert_true(hv_static_accepts_gzip("gzip"));
    assert_true(hv_static_accepts_gzip("br, GZIP;q=0.5"));
    assert_true(hv_static_accepts_gzip("gzip, deflate, br"));
    assert_false(hv_static_accepts_gzip("gzip;q=0"));
    assert_false(hv_static_accepts_gzip("gzip; q=0.0, br"));
    assert_false(hv_static_accepts_gzip("deflate, br"));
    assert_false(hv_static_accepts_gzip("xgzip"));
    assert_true(hv_static_accepts_gzip("*"));
    assert_false(hv_static_accepts_gzip("*, gzip;q=0"));
}

static void test_etags(void **state)
{
    (void)state;
    struct stat st = {0};
    st.st_ino = 42;
    st.st_size = 1000;
    st.st_mtim.tv_sec = 1700000000;
    char plain[96], packed[96];
    hv_static_etag(&st, false, plain, sizeof plain);
    hv_static_etag(&st, true, packed, sizeof packed);
    assert_int_equal(plain[0], '"');
    assert_int_equal(plain[strlen(plain) - 1], '"');
    assert_string_not_equal(plain, packed);
    st.st_mtim.tv_nsec = 1;
    char touched[96];
    hv_static_etag(&st, false, touched, sizeof touched);
    assert_string_not_equal(plain, touched);

    assert_true(hv_static_etag_matches(plain, plain));
    char list[256], weak[128];
    snprintf(list, sizeof list, "\"a\", %s , \"b\"", plain);
    assert_true(hv_static_etag_matches(list, plain));
    snprintf(weak, sizeof weak, "W/%s", plain);
    assert_true(hv_static_etag_matches(weak, plain));
    assert_true(hv_static_etag_matches("*", plain));
    assert_false(hv_static_etag_matches(NULL, plain));
    assert_false(hv_static_etag_matches("", plain));
    assert_false(hv_static_etag_matches(packed, plain));
    assert_false(hv_static_etag_matches("\"unterminated", plain));
}

static void test_gzip_round_trip(void **state)
{
    (void)state;
    char text[5000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = "haven search "[i % 13];
    char *packed;
    size_t packed_len;
    assert_int_equal(hv_static_gzip(text, sizeof text, &packed, &packed_len), HV_OK);
    assert_true(packed_len < sizeof text);
    assert_int_equal((unsigned char)packed[0], 0x1f); /* gzip magic */
    assert_int_equal((unsigned char)packed[1], 0x8b);
    char back[6000];
    z_stream zs = {0};
    assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
    zs.next_in = (Bytef *)packed;
    zs.avail_in = (uInt)packed_len;
    zs.next_out = (Bytef *)back;
    zs.avail_out = sizeof back;
    assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
    assert_int_equal(zs.total_out, sizeof text);
    inflateEnd(&zs);
    assert_memory_equal(back, text, sizeof text);
    free(packed);

    assert_int_equal(hv_static_gzip("", 0, &packed, &packed_len), HV_OK);
    assert_true(packed_len > 0);
    free(packed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_accepts_plain_paths),
        cmocka_unit_test(test_check_refuses_traversal),
        cmocka_unit_test(test_check_refuses_nul),
        cmocka_unit_test(test_check_hidden_and_long),
        cmocka_unit_test_setup_teardown(test_resolve_serves_files_inside, tree_setup,
                                        tree_teardown),
        cmocka_unit_test_setup_teardown(test_resolve_blocks_escapes, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_resolve_not_found, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_resolve_sibling_prefix_is_outside, tree_setup,
                                        tree_teardown),
        cmocka_unit_test(test_content_types),
        cmocka_unit_test(test_accepts_gzip),
        cmocka_unit_test(test_etags),
        cmocka_unit_test(test_gzip_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
