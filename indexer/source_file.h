/* Reading a source file's bytes safely: size limit checked before reading,
 * .gz looked through, binary files refused.
 *
 * hv_format_from_path() (declared in document.h) is implemented here too:
 * both decide things from the file name. */
#ifndef HV_SOURCE_FILE_H
#define HV_SOURCE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/file_read.h" /* hv_gunzip */
#include "../lib/status.h"
#include "text_encoding.h"

/* True when path ends in ".gz" (any case). */
bool hv_path_is_gzip(const char *path);

/* Reads the regular file at path into *data (malloc'd, NUL-terminated, the
 * caller frees it; *len excludes the terminator), gunzipping it when the
 * name ends in .gz.  Errors: HV_ERR_TOO_LARGE when the file, or its
 * decompressed content, is over max_bytes (an oversized file is not read at
 * all); HV_ERR_CORRUPT for a damaged gzip stream; HV_ERR_BINARY when the
 * content holds a NUL byte (UTF-16 behind a byte order mark is converted
 * to UTF-8 first, text_encoding.h, and *read_as says HV_ENCODING_UTF16; else
 * HV_ENCODING_UTF8, the bytes as they are; read_as may be NULL); HV_ERR_IO when the file cannot be
 * opened or read or is not a regular file.  On error *data is NULL. */
hv_status hv_source_file_read(const char *path, size_t max_bytes, char **data, size_t *len,
                              hv_encoding *read_as);

#endif
