/* A search answer for people at a terminal. */
#ifndef HV_RESPONSE_TEXT_H
#define HV_RESPONSE_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "search.h"

/* Writes rank, title, section, language, source and snippet of each hit.
 * `color`: bold headings (the snippet's own marks come from its style). */
void hv_response_print_text(const hv_search_response *response, bool color, FILE *out);

#endif
