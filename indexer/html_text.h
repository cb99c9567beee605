/* Visible text of an HTML page as headings and paragraphs.
 *
 * A small hand-written scanner, not a full HTML parser: it is meant to be
 * robust (unclosed tags, stray '<', '>' inside quoted attributes, huge
 * input) rather than exact.  Skipped: script, style, noscript, template,
 * svg, math, iframe, textarea contents, comments, CDATA, doctypes.
 * Entities are decoded.  Block elements end paragraphs; <h1>-<h3> become
 * headings (<h4>-<h6> plain paragraphs).  Title: <title>, else the first
 * <h1>. */
#ifndef HV_HTML_TEXT_H
#define HV_HTML_TEXT_H

#include <stddef.h>

#include "blocks.h"
#include "../lib/text_buffer.h"

/* Appends the blocks of valid UTF-8 html[0..len) to out and sets its title
 * when the page has one.  out is owned by the caller. */
hv_status hv_html_to_blocks(const char *html, size_t len, hv_block_list *out);

/* Appends the UTF-8 for the character reference starting at s[0] == '&'
 * to buf and returns the bytes consumed; returns 0 (appending nothing) when
 * s[0..len) starts with no reference we know, so '&' stays literal. */
size_t hv_html_decode_entity(const char *s, size_t len, hv_text_buffer *buf);

#endif
