/* Source files that are not UTF-8: Windows code pages, and UTF-16.
 *
 * Brochures and pages saved by older Windows tools come in a Windows code
 * page: 1252 for Dutch and English (é, ë, curly quotes), 1251 for Russian.
 * Read as UTF-8, each such letter would become U+FFFD, and no search would
 * find "financiële" or any Russian word of the file.  Such a file is read
 * in its code page instead.  Valid UTF-8 is always read as UTF-8, and so is
 * UTF-8 damaged here and there (more well-formed multi-byte characters than
 * broken bytes): it is repaired later, not read as something else. */
#ifndef HV_TEXT_ENCODING_H
#define HV_TEXT_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/status.h"

typedef enum {
    HV_ENCODING_UTF8 = 0,
    HV_ENCODING_CP1252, /* Windows-1252; ISO-8859-1 and -15 are read as it */
    HV_ENCODING_CP1251, /* Windows-1251 */
    HV_ENCODING_KOI8R,  /* KOI8-R, the older Russian page of Unix and mail */
    HV_ENCODING_UTF16,  /* behind a byte order mark (hv_utf16_bom) */
} hv_encoding;

/* "UTF-8", "Windows-1252", "Windows-1251", "KOI8-R", "UTF-16". */
const char *hv_encoding_name(hv_encoding enc);

/* The code point Windows-1252 gives byte b, 0 for the five bytes it leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).  HTML's &#128;..&#159; mean
 * these too. */
uint32_t hv_cp1252_code_point(unsigned char b);

/* How data[0..len) is to be read.  Not UTF-8 (see above): the charset that
 * an HTML page (html true) declares in its first 1024 bytes, when it is one
 * of the code pages above; else a Russian page when most bytes above 0x7F
 * stand next to another such byte, as the letters of Cyrillic words do,
 * and Windows-1252 when they mostly stand alone, as accented letters in
 * Latin words do.  Of the Russian pages, KOI8-R puts the small letters,
 * which are most of a text, at 0xC0..0xDF, Windows-1251 at 0xE0..0xFF. */
hv_encoding hv_encoding_detect(const char *data, size_t len, bool html);

/* data[0..len) read in enc, as UTF-8 (for HV_ENCODING_UTF8: as it is, not
 * checked).  UTF-16 data starts with its byte order mark, which is dropped;
 * a surrogate without its pair and an odd last byte become U+FFFD, and
 * without the mark the answer is HV_ERR_INVALID_ARGUMENT.  *out is malloc'd
 * and NUL-terminated, *out_len excludes the terminator; the caller frees
 * *out. */
hv_status hv_encoding_to_utf8(const char *data, size_t len, hv_encoding enc, char **out,
                              size_t *out_len);

/* Windows Notepad saves "Unicode" text as UTF-16 behind a byte order mark
 * (FF FE little-endian, FE FF big-endian), so every other byte is 0.  True
 * when data starts with one; *big_endian says which. */
bool hv_utf16_bom(const char *data, size_t len, bool *big_endian);

#endif
