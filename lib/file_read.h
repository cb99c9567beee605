/* Reading a whole file, and a whole gzip stream, safely: the size limit
 * is checked before reading, and a FIFO or a directory is refused rather
 * than waited on.  The indexer reads its sources through these
 * (indexer/source_file.h), the searcher its dictionaries (dictionary.h). */
#ifndef HV_FILE_READ_H
#define HV_FILE_READ_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the regular file at path into *data (malloc'd, NUL-terminated, the
 * caller frees it; *len excludes the terminator), any bytes.  Errors:
 * HV_ERR_TOO_LARGE when the file is over max_bytes (it is not read at
 * all); HV_ERR_IO when it cannot be opened or read or is not a regular
 * file.  On error *data is NULL. */
hv_status hv_file_read(const char *path, size_t max_bytes, char **data, size_t *len);

/* Decompresses the gzip stream in[0..in_len) (several members are
 * concatenated) into *out (malloc'd, NUL-terminated, caller frees).
 * HV_ERR_TOO_LARGE as soon as the output would pass max_bytes;
 * HV_ERR_CORRUPT for anything that is not a complete gzip stream. */
hv_status hv_gunzip(const char *in, size_t in_len, size_t max_bytes, char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif
