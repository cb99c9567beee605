#include "http_metrics.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const endpoint_names[HV_ENDPOINT_COUNT] = {
    [HV_ENDPOINT_SEARCH] = "search",   [HV_ENDPOINT_SUGGEST] = "suggest",
    [HV_ENDPOINT_PASSAGE] = "passage", [HV_ENDPOINT_HEALTH] = "health",
    [HV_ENDPOINT_METRICS] = "metrics", [HV_ENDPOINT_STATIC] = "static",
    [HV_ENDPOINT_OTHER] = "other",
};

/* The codes the daemon answers with; anything else lands in "other" so the
 * number of series stays fixed. */
static const unsigned tracked_codes[] = {200, 204, 304, 400, 404, 405, 413, 500, 503};
#define N_CODES (sizeof tracked_codes / sizeof tracked_codes[0] + 1)

/* Upper bounds in seconds; the +Inf bucket is the request count. */
static const double bucket_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                       0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define N_BUCKETS (sizeof bucket_bounds / sizeof bucket_bounds[0])

struct hv_http_metrics {
    atomic_ulong requests[HV_ENDPOINT_COUNT][N_CODES];
    /* Not cumulative: bucket i counts requests in (bound[i-1], bound[i]];
     * the last one those above every bound. */
    atomic_ulong latency[HV_ENDPOINT_COUNT][N_BUCKETS + 1];
    atomic_ullong latency_sum_us[HV_ENDPOINT_COUNT];
};

const char *hv_http_endpoint_name(hv_http_endpoint endpoint)
{
    if ((unsigned)endpoint >= HV_ENDPOINT_COUNT) return "other";
    return endpoint_names[endpoint];
}

hv_status hv_http_metrics_new(hv_http_metrics **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? HV_OK : HV_ERR_NOMEM;
}

void hv_http_metrics_free(hv_http_metrics *metrics)
{
    free(metrics);
}

static size_t code_slot(unsigned status)
{
    for (size_t i = 0; i + 1 < N_CODES; i++)
        if (tracked_codes[i] == status) return i;
    return N_CODES - 1;
}

void hv_http_metrics_record(hv_http_metrics *m, hv_http_endpoint endpoint, unsigned status,
                            double seconds)
{
    if ((unsigned)endpoint >= HV_ENDPOINT_COUNT) endpoint = HV_ENDPOINT_OTHER;
    if (!(seconds >= 0)) seconds = 0; /* also catches NaN */
    atomic_fetch_add_explicit(&m->requests[endpoint][code_slot(status)], 1, memory_order_relaxed);
    size_t bucket = 0;
    while (bucket < N_BUCKETS && seconds > bucket_bounds[bucket])
        bucket++;
    atomic_fetch_add_explicit(&m->latency[endpoint][bucket], 1, memory_order_relaxed);
    unsigned long long us =
        seconds > 1e9 ? 1000000000000000ULL : (unsigned long long)(seconds * 1e6);
    atomic_fetch_add_explicit(&m->latency_sum_us[endpoint], us, memory_order_relaxed);
}

static unsigned long load(const atomic_ulong *v)
{
    return atomic_load_explicit(v, memory_order_relaxed);
}

hv_status hv_http_metrics_render(const hv_http_metrics *m, double uptime_s, char **out,
                                 size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return HV_ERR_NOMEM;

    fputs("# HELP haven_http_requests_total HTTP requests answered, by endpoint and status "
          "code.\n# TYPE haven_http_requests_total counter\n",
          f);
    for (size_t e = 0; e < HV_ENDPOINT_COUNT; e++) {
        for (size_t c = 0; c < N_CODES; c++) {
            unsigned long n = load(&m->requests[e][c]);
            if (!n) continue;
            char code[16];
            if (c + 1 < N_CODES)
                snprintf(code, sizeof code, "%u", tracked_codes[c]);
            else
                snprintf(code, sizeof code, "other");
            fprintf(f, "haven_http_requests_total{endpoint=\"%s\",code=\"%s\"} %lu\n",
                    endpoint_names[e], code, n);
        }
    }

    fputs("# HELP haven_http_request_duration_seconds Time from request line to answer.\n"
          "# TYPE haven_http_request_duration_seconds histogram\n",
          f);
    for (size_t e = 0; e < HV_ENDPOINT_COUNT; e++) {
        unsigned long cumulative = 0;
        for (size_t b = 0; b <= N_BUCKETS; b++) {
            cumulative += load(&m->latency[e][b]);
            if (b < N_BUCKETS)
                fprintf(f,
                        "haven_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} "
                        "%lu\n",
                        endpoint_names[e], bucket_bounds[b], cumulative);
            else
                fprintf(f,
                        "haven_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} "
                        "%lu\n",
                        endpoint_names[e], cumulative);
        }
        unsigned long long sum_us =
            atomic_load_explicit(&m->latency_sum_us[e], memory_order_relaxed);
        fprintf(f, "haven_http_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n",
                endpoint_names[e], (double)sum_us / 1e6);
        fprintf(f, "haven_http_request_duration_seconds_count{endpoint=\"%s\"} %lu\n",
                endpoint_names[e], cumulative);
    }

    fprintf(f,
            "# HELP haven_uptime_seconds Seconds since the daemon started.\n"
            "# TYPE haven_uptime_seconds gauge\nhaven_uptime_seconds %.3f\n",
            uptime_s);
    bool failed = ferror(f);
    if (fclose(f) != 0 || failed) {
        free(text);
        return HV_ERR_NOMEM;
    }
    *out = text;
    *out_len = len;
    return HV_OK;
}
