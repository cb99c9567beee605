/* The JSON API of the daemon (/api/search, /api/suggest, /api/passage,
 * /api/health): parameters checked, the search facade called, the answer
 * encoded.  Independent of the HTTP library: a request comes in as a
 * parameter lookup and a body, an answer goes out as a status and a body.
 *
 * Parameters are checked before the index is touched, so a bad request is
 * a 400 even when no searcher could be opened (then 503). */
#ifndef HV_HTTP_API_H
#define HV_HTTP_API_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/language.h"
#include "http_metrics.h"
#include "search.h"

/* Longest query, in characters (not bytes); longer ones are a 400. */
#define HV_API_MAX_QUERY_CHARS 1000
#define HV_API_DEFAULT_LIMIT 10
#define HV_API_MAX_OFFSET 1000000
#define HV_API_MAX_SUGGESTIONS 8
/* Neighbours on each side of a passage asked for with /api/passage. */
#define HV_API_PASSAGE_RADIUS 1

/* Returns the value of query parameter name (len bytes; it may hold any
 * byte, NUL included), or NULL when absent.  Owned by the lookup's
 * provider. */
typedef const char *(*hv_api_param_fn)(void *userdata, const char *name, size_t *len);

typedef struct {
    hv_http_endpoint endpoint; /* SEARCH, SUGGEST, PASSAGE or HEALTH */
    bool post;                 /* search only: parameters come as a JSON body */
    const char *body;
    size_t body_len;
    hv_api_param_fn param;
    void *param_userdata;
} hv_api_request;

typedef struct {
    unsigned status;
    char *body; /* malloc'd JSON; NULL only when out of memory */
    size_t body_len;
} hv_api_answer;

/* A search request's parameters, checked. */
typedef struct {
    const char *q; /* valid UTF-8, no NUL, at most HV_API_MAX_QUERY_CHARS */
    size_t q_len;
    unsigned limit, offset; /* limit already capped at HV_SEARCH_MAX_LIMIT */
    hv_lang lang;
    bool explain; /* explain=1, or "explain": true */
    char *owned;  /* storage behind q when it came from JSON; free() it */
} hv_api_search_params;

/* From the URL's query parameters.  NULL on success, else why not (a
 * static string: the 400 message).  q points into the lookup's storage. */
const char *hv_api_search_params_from_query(hv_api_param_fn param, void *userdata,
                                            hv_api_search_params *out);

/* From a JSON body {"q", "limit", "offset", "lang"}.  NULL on success (then
 * out->owned holds q; the caller frees it), else the 400 message. */
const char *hv_api_search_params_from_json(const char *body, size_t len, hv_api_search_params *out);

/* True when value[0..len) is valid UTF-8 without NUL bytes. */
bool hv_api_text_ok(const char *value, size_t len);

/* Answers one API request.  searcher may be NULL when none could be
 * opened: then requests that pass their checks get a 503.  uptime_s feeds
 * /api/health.  out->body is malloc'd; the caller frees it. */
struct hv_answer_cache;
void hv_api_handle(hv_searcher *searcher, struct hv_answer_cache *cache, double uptime_s,
                   const hv_api_request *request, hv_api_answer *out);

#endif
