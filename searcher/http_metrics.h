/* Prometheus counters of the HTTP daemon: requests by endpoint and status
 * code, and a latency histogram per endpoint.
 *
 * Recording is lock-free (relaxed atomic increments) so any worker thread
 * may record at any time; rendering reads the counters without stopping
 * them, so a scrape may see one request counted in one series and not yet
 * in another.  Nothing about a request's content is ever kept. */
#ifndef HV_HTTP_METRICS_H
#define HV_HTTP_METRICS_H

#include <stddef.h>

#include "../lib/status.h"

typedef enum {
    HV_ENDPOINT_SEARCH,
    HV_ENDPOINT_SUGGEST,
    HV_ENDPOINT_PASSAGE,
    HV_ENDPOINT_HEALTH,
    HV_ENDPOINT_METRICS,
    HV_ENDPOINT_STATIC,
    HV_ENDPOINT_OTHER, /* unknown API paths, preflights */
    HV_ENDPOINT_COUNT
} hv_http_endpoint;

/* The label value of an endpoint: a static string. */
const char *hv_http_endpoint_name(hv_http_endpoint endpoint);

typedef struct hv_http_metrics hv_http_metrics;

/* *out is owned by the caller: release with hv_http_metrics_free. */
hv_status hv_http_metrics_new(hv_http_metrics **out);
void hv_http_metrics_free(hv_http_metrics *metrics);

/* Counts one answered request.  Status codes outside the tracked set are
 * counted under code="other"; an out-of-range endpoint as "other". */
void hv_http_metrics_record(hv_http_metrics *metrics, hv_http_endpoint endpoint, unsigned status,
                            double seconds);

/* The Prometheus text exposition (format 0.0.4).  *out is malloc'd and
 * NUL-terminated; the caller frees it. */
hv_status hv_http_metrics_render(const hv_http_metrics *metrics, double uptime_s, char **out,
                                 size_t *out_len);

#endif
