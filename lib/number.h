/* Reading whole numbers typed by people (command-line options, URL
 * parameters): digits only, no sign, no spaces, no overflow. */
#ifndef HV_NUMBER_H
#define HV_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* s[0..len) as a number of at most max; false for anything else. */
bool hv_parse_count(const char *s, size_t len, unsigned long max, unsigned long *out);

#ifdef __cplusplus
}
#endif

#endif
