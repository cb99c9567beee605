/* Static files of the web page: path safety, content types, ETags, gzip.
 *
 * A URL path is served only when it names a regular file whose real path
 * (symlinks resolved) lies inside the real path of the web directory. */
#ifndef HV_HTTP_STATIC_H
#define HV_HTTP_STATIC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "../lib/status.h"

struct MHD_Connection;
struct MHD_Response;

/* Longest URL path looked at; longer ones are not found. */
#define HV_STATIC_MAX_PATH 1024
/* Files up to this size are gzipped on the fly; larger ones go out as is. */
#define HV_STATIC_MAX_GZIP (4u * 1024u * 1024u)

/* Checks a URL path as libmicrohttpd hands it over (percent-decoded once;
 * it is never decoded again here, so "%252e" stays the literal "%2e").
 * HV_ERR_INVALID_ARGUMENT when it does not start with '/', or holds a NUL,
 * a control character, a backslash, or a "." or ".." segment;
 * HV_ERR_NOT_FOUND when it is longer than HV_STATIC_MAX_PATH or names a
 * hidden file (a segment starting with '.'). */
hv_status hv_static_check_path(const char *path, size_t len);

/* The real path of the file that URL path `path` names under root_real
 * (itself a real path, without trailing slash); a path ending in '/' names
 * its index.html.  Runs hv_static_check_path first.  HV_ERR_NOT_FOUND when
 * the file is missing, is not a regular file, or resolves outside
 * root_real.  *out is malloc'd; the caller frees it. */
hv_status hv_static_resolve(const char *root_real, const char *path, size_t len, char **out);

/* Content type for a file name (by extension), and whether gzip helps. */
const char *hv_static_content_type(const char *file_name, bool *compressible);

/* True when an Accept-Encoding header value (may be NULL) accepts gzip. */
bool hv_static_accepts_gzip(const char *accept_encoding);

/* The strong ETag (with quotes) of a file's current version, from inode,
 * size and modification time, with a suffix for the gzip variant.  Writes
 * at most size bytes to out. */
void hv_static_etag(const struct stat *st, bool gzipped, char *out, size_t size);

/* True when an If-None-Match header value (may be NULL) matches etag:
 * "*", or any listed tag equal to it (weak comparison: W/ is ignored). */
bool hv_static_etag_matches(const char *if_none_match, const char *etag);

/* gzip-compresses in[0..len).  *out malloc'd; the caller frees it. */
hv_status hv_static_gzip(const void *in, size_t len, char **out, size_t *out_len);

typedef struct {
    unsigned status;               /* 200, 304, or an error code */
    struct MHD_Response *response; /* NULL for an error: the caller answers it */
} hv_static_answer;

/* Answers a GET or HEAD for URL path `path` from root_real.  On 200/304 the
 * response carries Content-Type, ETag, Cache-Control and, when it varies,
 * Content-Encoding and Vary; the caller adds the common headers, queues and
 * destroys it.  Otherwise status is 400, 404 or 500 and response NULL. */
void hv_static_serve(const char *root_real, struct MHD_Connection *connection, const char *path,
                     hv_static_answer *out);

#endif
