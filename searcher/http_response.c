#include "http_response.h"

#include <stdlib.h>
#include <string.h>

#include "response_json.h"

static bool add(struct MHD_Response *r, const char *name, const char *value)
{
    return MHD_add_response_header(r, name, value) == MHD_YES;
}

enum MHD_Result hv_http_queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
                              const hv_http_extra *extra)
{
    if (!r) return MHD_NO;
    bool ok = add(r, "Content-Security-Policy", HV_HTTP_CSP) &&
              add(r, "X-Content-Type-Options", "nosniff") &&
              add(r, "Referrer-Policy", "no-referrer");
    if (ok && extra && extra->allow) ok = add(r, MHD_HTTP_HEADER_ALLOW, extra->allow);
    if (ok && extra && extra->cors_origin)
        ok = add(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, extra->cors_origin);
    if (ok && extra && extra->cors_varies) ok = add(r, MHD_HTTP_HEADER_VARY, "Origin");
    if (ok && extra && extra->close) ok = add(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result rc = ok ? MHD_queue_response(c, status, r) : MHD_NO;
    MHD_destroy_response(r);
    return rc;
}

static const char oom_body[] = "{\"error\":\"out of memory\"}";

enum MHD_Result hv_http_queue_json(struct MHD_Connection *c, unsigned status, char *body,
                                   size_t len, const hv_http_extra *extra)
{
    struct MHD_Response *r;
    if (body) {
        r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!r) free(body);
    } else {
        status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        r = MHD_create_response_from_buffer(sizeof oom_body - 1, (void *)oom_body,
                                            MHD_RESPMEM_PERSISTENT);
    }
    if (!r) return MHD_NO;
    if (!add(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8") ||
        !add(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store")) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    return hv_http_queue(c, status, r, extra);
}

enum MHD_Result hv_http_queue_error(struct MHD_Connection *c, unsigned status, const char *message,
                                    const hv_http_extra *extra)
{
    char *body = NULL;
    hv_error_json(message, &body);
    return hv_http_queue_json(c, status, body, body ? strlen(body) : 0, extra);
}
