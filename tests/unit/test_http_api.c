#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../searcher/http_api.h"

/* Query parameters as a NULL-terminated list of name, value, length
 * triples (length -1: strlen). */
typedef struct {
    const char *name, *value;
    long len;
} param;

static const char *lookup(void *userdata, const char *name, size_t *len)
{
    for (const param *p = userdata; p->name; p++) {
        if (strcmp(p->name, name) == 0) {
            *len = p->len < 0 ? strlen(p->value) : (size_t)p->len;
            return p->value;
        }
    }
    return NULL;
}

static const char *from_query(const param *params, hv_api_search_params *out)
{
    return hv_api_search_params_from_query(lookup, (void *)params, out);
}

static void test_query_defaults(void **state)
{
    (void)state;
    hv_api_search_params p;
    param params[] = {{"q", "asiel", -1}, {NULL, NULL, 0}};
    assert_null(from_query(params, &p));
    assert_int_equal(p.q_len, 5);
    assert_memory_equal(p.q, "asiel", 5);
    assert_int_equal(p.limit, HV_API_DEFAULT_LIMIT);
    assert_int_equal(p.offset, 0);
    assert_int_equal(p.lang, HV_LANG_UNKNOWN);
    assert_null(p.owned);
}

static void test_query_values_and_cap(void **state)
{
    (void)state;
    hv_api_search_params p;
    param params[] = {{"q", "x", -1},
                      {"limit", "500", -1},
                      {"offset", "20", -1},
                      {"lang", "RU", -1},
                      {NULL, NULL, 0}};
    assert_null(from_query(params, &p));
    assert_int_equal(p.limit, HV_SEARCH_MAX_LIMIT);
    assert_int_equal(p.offset, 20);
    assert_int_equal(p.lang, HV_LANG_RU);
    param empty_lang[] = {{"q", "x", -1}, {"lang", "", -1}, {NULL, NULL, 0}};
    assert_null(from_query(empty_lang, &p));
    assert_int_equal(p.lang, HV_LANG_UNKNOWN);
}

static void test_query_refusals(void **state)
{
    (void)state;
    hv_api_search_params p;
    static const param bad[][3] = {
        {{"limit", "5", -1}, {NULL, NULL, 0}},        /* no q */
        {{"q", "a\0b", 3}, {NULL, NULL, 0}},          /* NUL */
        {{"q", "\xff", -1}, {NULL, NULL, 0}},         /* bad UTF-8 */
        {{"q", "\xed\xa0\x80", -1}, {NULL, NULL, 0}}, /* surrogate */
        {{"q", "x", -1}, {"limit", "-1", -1}},        {{"q", "x", -1}, {"limit", "", -1}},
        {{"q", "x", -1}, {"limit", "1x", -1}},        {{"q", "x", -1}, {"limit", "9999999999", -1}},
        {{"q", "x", -1}, {"offset", "1000001", -1}},  {{"q", "x", -1}, {"offset", " 1", -1}},
        {{"q", "x", -1}, {"lang", "de", -1}},         {{"q", "x", -1}, {"lang", "n\0", 2}},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why = from_query(bad[i], &p);
        assert_non_null(why);
        assert_true(strlen(why) > 0);
    }
}

static void test_query_length_counts_characters(void **state)
{
    (void)state;
    /* 1000 two-byte characters pass; one more does not. */
    char *q = malloc(2 * (HV_API_MAX_QUERY_CHARS + 1) + 1);
    assert_non_null(q);
    for (int i = 0; i <= HV_API_MAX_QUERY_CHARS; i++)
        memcpy(q + 2 * i, "\xd1\x8f", 2);
    hv_api_search_params p;
    param ok[] = {{"q", q, 2 * HV_API_MAX_QUERY_CHARS}, {NULL, NULL, 0}};
    assert_null(from_query(ok, &p));
    param too_long[] = {{"q", q, 2 * (HV_API_MAX_QUERY_CHARS + 1)}, {NULL, NULL, 0}};
    assert_non_null(from_query(too_long, &p));
    free(q);
}

static const char *from_json(const char *body, hv_api_search_params *out)
{
    return hv_api_search_params_from_json(body, strlen(body), out);
}

static void test_json_body(void **state)
{
    (void)state;
    hv_api_search_params p;
    assert_null(from_json("{\"q\": \"opvang \\u00e9\", \"limit\": 3, \"offset\": 6, "
                          "\"lang\": \"nl\", \"extra\": [1]}",
                          &p));
    assert_string_equal(p.q, "opvang \xc3\xa9");
    assert_int_equal(p.q_len, 9);
    assert_int_equal(p.limit, 3);
    assert_int_equal(p.offset, 6);
    assert_int_equal(p.lang, HV_LANG_NL);
    assert_ptr_equal(p.q, p.owned);
    free(p.owned);

    assert_null(from_json("{\"q\": \"x\", \"limit\": 100000000000, \"lang\": null}", &p));
    assert_int_equal(p.limit, HV_SEARCH_MAX_LIMIT);
    assert_int_equal(p.lang, HV_LANG_UNKNOWN);
    free(p.owned);
}

static void test_json_refusals(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "{",
        "[\"q\"]",
        "\"q\"",
        "{\"limit\": 1}",
        "{\"q\": 1}",
        "{\"q\": \"a\\u0000b\"}",
        "{\"q\": \"\xff\"}",
        "{\"q\": \"x\", \"limit\": -1}",
        "{\"q\": \"x\", \"limit\": 2.5}",
        "{\"q\": \"x\", \"limit\": \"2\"}",
        "{\"q\": \"x\", \"offset\": 2000000}",
        "{\"q\": \"x\", \"lang\": \"fr\"}",
        "{\"q\": \"x\", \"lang\": true}",
        "{\"q\": \"x\", \"q\": \"y\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hv_api_search_params p;
        assert_non_null(from_json(bad[i], &p));
        free(p.owned);
    }
}

static void expect_answer(hv_http_endpoint endpoint, const param *params, const char *body,
                          unsigned status)
{
    hv_api_request req = {.endpoint = endpoint,
                          .post = body != NULL,
                          .body = body,
                          .body_len = body ? strlen(body) : 0,
                          .param = lookup,
                          .param_userdata = (void *)params};
    hv_api_answer out;
    hv_api_handle(NULL, NULL, 1.0, &req, &out);
    assert_int_equal(out.status, status);
    assert_non_null(out.body);
    assert_int_equal(strlen(out.body), out.body_len);
    assert_non_null(strstr(out.body, "\"error\""));
    free(out.body);
}

/* Without an index, bad requests are still 400 and good ones 503. */
static void test_handle_without_searcher(void **state)
{
    (void)state;
    param none[] = {{NULL, NULL, 0}};
    param good_q[] = {{"q", "asiel", -1}, {NULL, NULL, 0}};
    param nul_q[] = {{"q", "a\0", 2}, {NULL, NULL, 0}};
    param passage[] = {{"doc", "nl/a.txt", -1}, {"n", "3", -1}, {NULL, NULL, 0}};
    param passage_bad_n[] = {{"doc", "nl/a.txt", -1}, {"n", "three", -1}, {NULL, NULL, 0}};
    expect_answer(HV_ENDPOINT_SEARCH, none, NULL, 400);
    expect_answer(HV_ENDPOINT_SEARCH, nul_q, NULL, 400);
    expect_answer(HV_ENDPOINT_SEARCH, good_q, NULL, 503);
    expect_answer(HV_ENDPOINT_SEARCH, none, "{\"q\": 3}", 400);
    expect_answer(HV_ENDPOINT_SEARCH, none, "{\"q\": \"x\"}", 503);
    expect_answer(HV_ENDPOINT_SUGGEST, none, NULL, 400);
    expect_answer(HV_ENDPOINT_SUGGEST, good_q, NULL, 503);
    expect_answer(HV_ENDPOINT_PASSAGE, none, NULL, 400);
    expect_answer(HV_ENDPOINT_PASSAGE, passage_bad_n, NULL, 400);
    expect_answer(HV_ENDPOINT_PASSAGE, passage, NULL, 503);
    expect_answer(HV_ENDPOINT_HEALTH, none, NULL, 503);
    expect_answer(HV_ENDPOINT_METRICS, none, NULL, 404);
}

static void test_text_ok(void **state)
{
    (void)state;
    assert_true(hv_api_text_ok("", 0));
    assert_true(hv_api_text_ok("caf\xc3\xa9", 5));
    assert_false(hv_api_text_ok("a\0b", 3));
    assert_false(hv_api_text_ok("\xc3", 1));
    assert_false(hv_api_text_ok("\xc0\xaf", 2)); /* overlong '/' */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_defaults),
        cmocka_unit_test(test_query_values_and_cap),
        cmocka_unit_test(test_query_refusals),
        cmocka_unit_test(test_query_length_counts_characters),
        cmocka_unit_test(test_json_body),
        cmocka_unit_test(test_json_refusals),
        cmocka_unit_test(test_handle_without_searcher),
        cmocka_unit_test(test_text_ok),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
