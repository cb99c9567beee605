/* Reading a source file into titled, sectioned passages.
 *
 * Formats by extension: .txt, .md, .html/.htm, each optionally .gz.
 * Plain text gets PDF repair: hard-wrapped lines joined into paragraphs,
 * words hyphenated at line ends rejoined (be- / scherming -> bescherming)
 * while real hyphens stay (OCMW-steun, "participatie- en"), numbered
 * headings (3.2 Einde van de opvang ...) start sections, also when a heading
 * wraps onto a second line.  HTML: visible text only, entities decoded,
 * <title> and <h1> give the title, <h1>-<h3> start sections.  Markdown: '#'
 * lines are headings.
 *
 * A document is cut into passages of about HV_PASSAGE_MIN_WORDS to
 * HV_PASSAGE_MAX_WORDS words (one paragraph or a few, a long paragraph cut
 * at sentence ends), never across a section heading.  Each passage gets its
 * own detected language: one file may hold English, Russian and Dutch. */
#ifndef HV_DOCUMENT_H
#define HV_DOCUMENT_H

#include <stddef.h>

#include "../lib/language.h"
#include "../lib/status.h"
#include "text_encoding.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HV_PASSAGE_MIN_WORDS 40
#define HV_PASSAGE_MAX_WORDS 250

typedef enum {
    HV_FORMAT_UNKNOWN = 0,
    HV_FORMAT_TEXT,
    HV_FORMAT_MARKDOWN,
    HV_FORMAT_HTML,
} hv_format;

typedef struct {
    char *section;   /* heading the passage sits under; "" before any heading */
    char *text;      /* valid UTF-8, paragraphs separated by "\n\n", no hard wraps */
    hv_lang lang;    /* detected on this passage's text */
    unsigned number; /* 0-based position of the passage in its document */
} hv_passage;

typedef struct {
    char *title; /* <title>/<h1>, a leading '# ' line, else the first line; never NULL */
    hv_passage *passages;
    size_t n_passages;
    hv_encoding encoding; /* what the file's bytes were read as */
} hv_document;

/* The format a path would be read as, from its name (a trailing .gz is
 * looked through).  HV_FORMAT_UNKNOWN: not a file we index. */
hv_format hv_format_from_path(const char *path);

/* Reads path (gunzipping .gz) and parses it.  Errors: HV_ERR_UNSUPPORTED
 * (extension), HV_ERR_TOO_LARGE (file or decompressed size over max_bytes),
 * HV_ERR_BINARY (NUL bytes), HV_ERR_CORRUPT (bad gzip), HV_ERR_IO.  A file
 * in a Windows code page is read in it (text_encoding.h); invalid UTF-8 is
 * repaired, not an error.  On success *doc is filled (caller calls
 * hv_document_free); on error *doc is left empty. */
hv_status hv_document_load(const char *path, size_t max_bytes, hv_document *doc);

/* Parses data[0..len) of the given format (bytes as read from the file:
 * they are sanitized here). */
hv_status hv_document_parse(const char *data, size_t len, hv_format format, hv_document *doc);

void hv_document_free(hv_document *doc);

#ifdef __cplusplus
}
#endif

#endif
