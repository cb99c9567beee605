/* Words that a question needs and a topic does not: "what happens if I
 * get ...", "wat gebeurt er als ik ... krijg", "что будет, если я ...".
 * They are no stopwords: they are indexed, and a query of them alone
 * finds them.  Within a query of other words they weigh little and do
 * not count towards how much of the query a passage answers, because a
 * passage that happens to hold "anything" answers nothing for it. */
#ifndef HV_FILLER_H
#define HV_FILLER_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Weight of a filler word in a query, relative to other words typed. */
#define HV_FILLER_WEIGHT 0.2

/* Whether the folded word[0..len) is a filler word in Dutch, English or
 * Russian. */
bool hv_is_filler(const char *word, size_t len);

/* For tests: the sorted list (static storage). */
const char *const *hv_filler_list(size_t *count);

#ifdef __cplusplus
}
#endif

#endif
