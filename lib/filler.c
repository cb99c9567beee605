#include "filler.h"

#include <stdlib.h>
#include <string.h>

/* Folded forms (lowercase, no Latin diacritics, е for ё), sorted bytewise
 * for bsearch; test_filler checks the order.  Dutch, English and Russian
 * together: the words do not collide. */
static const char *const fillers[] = {
    "able",    "alsjeblieft", "anybody",    "anyone",  "anything", "anywhere", "dingen",
    "gebeurd", "gebeuren",    "gebeurt",    "get",     "gets",     "getting",  "got",
    "happen",  "happened",    "happens",    "know",    "knows",    "krijg",    "krijgen",
    "krijgt",  "need",        "needs",      "nodig",   "somebody", "someone",  "something",
    "tell",    "thing",       "things",     "weet",    "weten",    "zeggen",   "бывает",
    "знать",   "могу",        "происходит", "сказать", "случится", "хочу",
};

static int compare(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

bool hv_is_filler(const char *word, size_t len)
{
    char buf[64];
    if (!word || len == 0 || len >= sizeof buf) return false;
    memcpy(buf, word, len);
    buf[len] = '\0';
    return bsearch(buf, fillers, sizeof fillers / sizeof fillers[0], sizeof fillers[0], compare) !=
           NULL;
}

const char *const *hv_filler_list(size_t *count)
{
    *count = sizeof fillers / sizeof fillers[0];
    return fillers;
}
