/* Queuing answers with the headers every answer of the daemon carries:
 * the content security policy, nosniff and no-referrer; JSON answers also
 * Cache-Control: no-store and their content type. */
#ifndef HV_HTTP_RESPONSE_H
#define HV_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#define HV_HTTP_CSP                                                                                \
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "                \
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* What to add beside the common headers. */
typedef struct {
    const char *allow;       /* Allow header (for 405), or NULL */
    const char *cors_origin; /* Access-Control-Allow-Origin value, or NULL */
    bool cors_varies;        /* add Vary: Origin (the answer depends on Origin) */
    bool close;              /* Connection: close (the daemon is stopping) */
} hv_http_extra;

/* Adds the common and extra headers to response, queues it with status and
 * releases the caller's reference in every case. */
enum MHD_Result hv_http_queue(struct MHD_Connection *connection, unsigned status,
                              struct MHD_Response *response, const hv_http_extra *extra);

/* Queues a JSON answer.  body is malloc'd and taken over (freed in every
 * case); a NULL body (allocation failed) is answered with a fixed 500. */
enum MHD_Result hv_http_queue_json(struct MHD_Connection *connection, unsigned status, char *body,
                                   size_t len, const hv_http_extra *extra);

/* Queues {"error": message} with status; message is a static or caller-owned string. */
enum MHD_Result hv_http_queue_error(struct MHD_Connection *connection, unsigned status,
                                    const char *message, const hv_http_extra *extra);

#endif
