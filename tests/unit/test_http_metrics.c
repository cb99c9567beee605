#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <cmocka.h>

#include "../../searcher/http_metrics.h"

static int metrics_setup(void **state)
{
    hv_http_metrics *m;
    if (hv_http_metrics_new(&m) != HV_OK) return -1;
    *state = m;
    return 0;
}

static int metrics_teardown(void **state)
{
    hv_http_metrics_free(*state);
    return 0;
}

static char *render(const hv_http_metrics *m)
{
    char *text;
    size_t len;
    assert_int_equal(hv_http_metrics_render(m, 1.5, &text, &len), HV_OK);
    assert_int_equal(strlen(text), len);
    return text;
}

/* The value of the sample line starting with `series ` (name and labels). */
static long sample(const char *text, const char *series)
{
    size_t n = strlen(series);
    for (const char *line = text; line && *line;
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, series, n) == 0 && line[n] == ' ') return strtol(line + n + 1, NULL, 10);
    }
    return -1;
}

static void test_empty_metrics_have_histograms_but_no_counts(void **state)
{
    char *text = render(*state);
    assert_non_null(strstr(text, "# TYPE haven_http_requests_total counter"));
    assert_non_null(strstr(text, "# TYPE haven_http_request_duration_seconds histogram"));
    assert_null(strstr(text, "haven_http_requests_total{"));
    assert_int_equal(sample(text, "haven_http_request_duration_seconds_count{endpoint=\"search\"}"),
                     0);
    assert_non_null(strstr(text, "haven_uptime_seconds 1.500"));
    free(text);
}

static void test_requests_counted_by_endpoint_and_code(void **state)
{
    hv_http_metrics *m = *state;
    hv_http_metrics_record(m, HV_ENDPOINT_SEARCH, 200, 0.002);
    hv_http_metrics_record(m, HV_ENDPOINT_SEARCH, 200, 0.002);
    hv_http_metrics_record(m, HV_ENDPOINT_SEARCH, 400, 0.0001);
    hv_http_metrics_record(m, HV_ENDPOINT_STATIC, 304, 0.0001);
    hv_http_metrics_record(m, HV_ENDPOINT_PASSAGE, 418, 0.0001);  /* untracked code */
    hv_http_metrics_record(m, (hv_http_endpoint)99, 200, 0.0001); /* bad endpoint */
    char *text = render(m);
    assert_int_equal(sample(text, "haven_http_requests_total{endpoint=\"search\",code=\"200\"}"),
                     2);
    assert_int_equal(sample(text, "haven_http_requests_total{endpoint=\"search\",code=\"400\"}"),
                     1);
    assert_int_equal(sample(text, "haven_http_requests_total{endpoint=\"static\",code=\"304\"}"),
                     1);
    assert_int_equal(sample(text, "haven_http_requests_total{endpoint=\"passage\",code=\"other\"}"),
                     1);
    assert_int_equal(sample(text, "haven_http_requests_total{endpoint=\"other\",code=\"200\"}"), 1);
    assert_int_equal(sample(text, "haven_http_requests_total{endpoint=\"health\",code=\"200\"}"),
                     -1);
    free(text);
}

static void test_histogram_is_cumulative(void **state)
{
    hv_http_metrics *m = *state;
    hv_http_metrics_record(m, HV_ENDPOINT_SUGGEST, 200, 0.0002); /* <= 0.0005 */
    hv_http_metrics_record(m, HV_ENDPOINT_SUGGEST, 200, 0.003);  /* <= 0.005 */
    hv_http_metrics_record(m, HV_ENDPOINT_SUGGEST, 200, 0.005);  /* on the bound */
    hv_http_metrics_record(m, HV_ENDPOINT_SUGGEST, 200, 7.0);    /* above every bound */
    hv_http_metrics_record(m, HV_ENDPOINT_SUGGEST, 200, -1.0);   /* clock oddity: 0 */
    char *text = render(m);
    const char *b = "haven_http_request_duration_seconds_bucket{endpoint=\"suggest\",le=";
    char series[160];
    snprintf(series, sizeof series, "%s\"0.0005\"}", b);
    assert_int_equal(sample(text, series), 2);
    snprintf(series, sizeof series, "%s\"0.0025\"}", b);
    assert_int_equal(sample(text, series), 2);
    snprintf(series, sizeof series, "%s\"0.005\"}", b);
    assert_int_equal(sample(text, series), 4);
    snprintf(series, sizeof series, "%s\"2.5\"}", b);
    assert_int_equal(sample(text, series), 4);
    snprintf(series, sizeof series, "%s\"+Inf\"}", b);
    assert_int_equal(sample(text, series), 5);
    assert_int_equal(
        sample(text, "haven_http_request_duration_seconds_count{endpoint=\"suggest\"}"), 5);
    assert_non_null(
        strstr(text, "haven_http_request_duration_seconds_sum{endpoint=\"suggest\"} 7.008"));
    free(text);
}

static void *record_many(void *arg)
{
    for (int i = 0; i < 10000; i++)
        hv_http_metrics_record(arg, HV_ENDPOINT_HEALTH, 200, 0.001);
    return NULL;
}

static void test_concurrent_recording_loses_nothing(void **state)
{
    hv_http_metrics *m = *state;
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, record_many, m), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    char *text = render(m);
    assert_int_equal(sample(text, "haven_http_requests_total{endpoint=\"health\",code=\"200\"}"),
                     40000);
    assert_int_equal(sample(text, "haven_http_request_duration_seconds_count{endpoint=\"health\"}"),
                     40000);
    free(text);
}

static void test_endpoint_names(void **state)
{
    (void)state;
    assert_string_equal(hv_http_endpoint_name(HV_ENDPOINT_SEARCH), "search");
    assert_string_equal(hv_http_endpoint_name(HV_ENDPOINT_METRICS), "metrics");
    assert_string_equal(hv_http_endpoint_name((hv_http_endpoint)-1), "other");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_metrics_have_histograms_but_no_counts,
                                        metrics_setup, metrics_teardown),
        cmocka_unit_test_setup_teardown(test_requests_counted_by_endpoint_and_code, metrics_setup,
                                        metrics_teardown),
        cmocka_unit_test_setup_teardown(test_histogram_is_cumulative, metrics_setup,
                                        metrics_teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_recording_loses_nothing, metrics_setup,
                                        metrics_teardown),
        cmocka_unit_test(test_endpoint_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
