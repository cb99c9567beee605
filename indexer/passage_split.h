/* Cutting a block list into passages of about HV_PASSAGE_MIN_WORDS to
 * HV_PASSAGE_MAX_WORDS words.
 *
 * Paragraphs under one heading are gathered until a passage holds at least
 * the minimum; a passage never passes the maximum and never spans a
 * heading.  A paragraph over the maximum is cut at sentence ends (at word
 * boundaries when a sentence alone is too long).  A short last paragraph of
 * a section joins the passage before it when that stays within the
 * maximum.  Words are counted as runs of non-space characters. */
#ifndef HV_PASSAGE_SPLIT_H
#define HV_PASSAGE_SPLIT_H

#include "document.h"
#include "blocks.h"

/* Fills *passages (malloc'd array; each passage's strings malloc'd; the
 * caller frees them, e.g. through hv_document_free) from blocks.  Each
 * passage gets its section, its number and hv_detect_language() of its
 * text.  When the blocks hold only headings, each heading becomes the text
 * of a passage of its own, so nothing goes unindexed. */
hv_status hv_passages_from_blocks(const hv_block_list *blocks, hv_passage **passages,
                                  size_t *n_passages);

/* Number of words in s[0..len). */
size_t hv_count_words(const char *s, size_t len);

#endif
