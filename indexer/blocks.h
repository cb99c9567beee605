/* The intermediate form between a parsed source and its passages: an
 * ordered list of headings and paragraphs, plus the document title.
 *
 * Format parsers (html_text.h, text_blocks.h) fill a list; passage_split.h
 * reads it.  The list owns every string in it. */
#ifndef HV_BLOCKS_H
#define HV_BLOCKS_H

#include <stddef.h>

#include "../lib/status.h"

typedef enum {
    HV_BLOCK_PARAGRAPH,
    HV_BLOCK_HEADING, /* starts a section */
} hv_block_kind;

typedef struct {
    hv_block_kind kind;
    char *text; /* whitespace collapsed to single spaces, trimmed, never empty */
} hv_block;

typedef struct {
    hv_block *items;
    size_t count;
    size_t cap;
    char *title; /* NULL until a parser sets one */
} hv_block_list;

#define HV_BLOCK_LIST_INIT                                                                         \
    {                                                                                              \
        0                                                                                          \
    }

/* Copies text[0..len) with runs of whitespace (ASCII and no-break space)
 * collapsed to one space and trimmed.  Text that is empty after that is
 * silently skipped. */
hv_status hv_block_list_add(hv_block_list *list, hv_block_kind kind, const char *text, size_t len);

/* Sets the title (normalised like a block) unless one is already set. */
hv_status hv_block_list_set_title(hv_block_list *list, const char *text, size_t len);

void hv_block_list_free(hv_block_list *list);

/* Normalised copy of text[0..len) as hv_block_list_add makes it; *out is
 * malloc'd and owned by the caller. */
hv_status hv_collapse_whitespace(const char *text, size_t len, char **out, size_t *out_len);

#endif
