/* Records decoded while a query runs, kept for the hits that follow.
 *
 * A phrase is checked against the text of each passage the index finds
 * (phrase_check.h), which means decoding the passage's record; the
 * passages kept become the hits, whose records the answer needs again.
 * The memo holds the decoded records of the kept passages, keyed by their
 * packed bytes, so that each is decoded once.  Few are kept (a page of
 * hits), so a lookup is a walk over them.  One per searcher (thread). */
#ifndef HV_RECORD_MEMO_H
#define HV_RECORD_MEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/passage_record.h"
#include "../lib/status.h"

typedef struct hv_record_memo_item hv_record_memo_item;

typedef struct {
    hv_record_memo_item *items;
    size_t count, cap;
} hv_record_memo;

/* clang-format off */
#define HV_RECORD_MEMO_INIT {0}
/* clang-format on */

/* Keeps *record under data[0..len) (copied): the record's strings move in
 * and *record is left empty.  HV_ERR_NOMEM leaves *record as it was, with
 * the caller. */
hv_status hv_record_memo_put(hv_record_memo *memo, const char *data, size_t len,
                             hv_passage_record *record);

/* Moves the record kept under data[0..len) out into *record (the caller
 * frees it with hv_passage_record_free); false when none is kept. */
bool hv_record_memo_take(hv_record_memo *memo, const char *data, size_t len,
                         hv_passage_record *record);

/* Frees what is kept; the memo stays usable. */
void hv_record_memo_clear(hv_record_memo *memo);
void hv_record_memo_free(hv_record_memo *memo);

#endif
