/* Plain text and Markdown as headings and paragraphs, with repair of text
 * extracted from PDFs.
 *
 * Two layouts are told apart:
 *   - ordinary text: blank lines separate paragraphs, the lines inside one
 *     are hard wraps and are joined (line_join.h);
 *   - "double-spaced" text, where a PDF extractor put a blank line after
 *     almost every line and sentences run on across those blank lines.
 *     There a single blank line means nothing; a paragraph ends at a
 *     whitespace-only line, before a list item, or after a line that ends
 *     a sentence while being clearly shorter than the typical line.
 * In both, list items (• - * » 1. a)) start paragraphs, and numbered
 * headings ("3.2 Einde van de opvang") start sections; in double-spaced
 * text such a heading runs on over the lines that follow it without a blank
 * line.  Ordinary text also takes a short standalone line as a heading (web
 * FAQ style); Markdown takes '#' lines (title: the first '# ').
 * Otherwise the title is an early heading or the first short line. */
#ifndef HV_TEXT_BLOCKS_H
#define HV_TEXT_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "blocks.h"

/* Appends the blocks of valid UTF-8 text[0..len) to out and sets its title
 * (when the text has any line to take it from). */
hv_status hv_text_to_blocks(const char *text, size_t len, bool markdown, hv_block_list *out);

/* Whether the lines of text[0..len) look double-spaced (see above). */
bool hv_text_is_double_spaced(const char *text, size_t len);

#endif
