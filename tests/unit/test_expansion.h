/* Helpers of the unit tests of query expansion (thesaurus, dictionaries). */
#ifndef HV_TEST_EXPANSION_H
#define HV_TEST_EXPANSION_H

#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "thesaurus.h"

/* A thesaurus parsed from text written for a test; fails the test when
 * the text does not parse. */
static inline hv_thesaurus *thesaurus_of(hv_analyzer *a, const char *text)
{
    hv_thesaurus *th = NULL;
    char *err = NULL;
    assert_int_equal(hv_thesaurus_parse(a, text, strlen(text), &th, &err), HV_OK);
    assert_null(err);
    return th;
}

/* hv_query_describe() of query parsed with options (malloc'd). */
static inline char *described(hv_analyzer *a, const hv_query_options *opt, const char *query)
{
    hv_parsed_query *q;
    char *d = NULL;
    assert_int_equal(hv_query_parse_with(a, opt, query, strlen(query), &q), HV_OK);
    assert_int_equal(hv_query_describe(q, &d), HV_OK);
    hv_parsed_query_free(q);
    return d;
}

#endif
