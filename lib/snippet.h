/* Snippets: the best short window of a passage, matches highlighted. */
#ifndef HV_SNIPPET_H
#define HV_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "language.h"
#include "query.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t max_chars;       /* window length in characters (not bytes), e.g. 240 */
    const char *mark_open;  /* e.g. "<mark>" or "\033[1m" */
    const char *mark_close; /* e.g. "</mark>" or "\033[0m" */
    bool html_escape;       /* escape & < > " ' in the text between marks */
} hv_snippet_style;

/* Picks the window of valid UTF-8 text[0..len) (a passage in language
 * lang) with the most distinct query matches, cut at whole words, with an
 * ellipsis where text was cut.  A word is a match when its exact or stem
 * term (computed by analysis.h) is one of query's highlight terms, or its
 * folded form starts with a highlight prefix, so "Kosten" and "België" are
 * marked for "kosten" and "belgie".  With no match, the passage start.
 * *out is malloc'd, NUL-terminated; caller frees. */
hv_status hv_snippet_make(hv_analyzer *analyzer, const char *text, size_t len, hv_lang lang,
                          const hv_parsed_query *query, const hv_snippet_style *style, char **out);

#ifdef __cplusplus
}
#endif

#endif
