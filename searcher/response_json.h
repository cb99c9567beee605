/* The JSON contract of a search answer, shared by --json and the HTTP API:
 * {"query", "total", "took_ms", "hits": [{"rank", "doc", "title", "section",
 * "lang", "score", "n", "snippet", "text"}]} plus, when they apply, "error",
 * "truncated", "incomplete" (a phrase was looked for in the best-ranked
 * passages only, and there may be more hits than "total"), "corrected"
 * and "corrected_applied" (spelling), and with
 * explain an "explain" object on the answer (query tree, expansions) and on
 * each hit (the words it matched, in which form, from where). */
#ifndef HV_RESPONSE_JSON_H
#define HV_RESPONSE_JSON_H

#include <stddef.h>

#include "../lib/status.h"
#include "search.h"

/* One line of compact JSON, no newline.  *out malloc'd; caller frees. */
hv_status hv_response_to_json(const hv_search_response *response, char **out);

/* {"error": message} as compact JSON; *out malloc'd.  message may be any
 * bytes (it is made valid UTF-8). */
hv_status hv_error_json(const char *message, char **out);

#endif
