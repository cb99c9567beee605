/* The fixture of the unit tests that need an analyzer: *state holds one. */
#ifndef HV_TEST_ANALYZER_H
#define HV_TEST_ANALYZER_H

#include "analysis.h"

static inline int analyzer_setup(void **state)
{
    hv_analyzer *analyzer = NULL;
    if (hv_analyzer_new(&analyzer) != HV_OK) return -1;
    *state = analyzer;
    return 0;
}

static inline int analyzer_teardown(void **state)
{
    hv_analyzer_free(*state);
    return 0;
}

/* A test that gets a fresh analyzer of its own. */
#define analyzer_test(test) cmocka_unit_test_setup_teardown(test, analyzer_setup, analyzer_teardown)

#endif
