#include "http_static.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

hv_status hv_static_check_path(const char *path, size_t len)
{
    if (len == 0 || path[0] != '/') return HV_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c < 0x20 || c == 0x7f || c == '\\') return HV_ERR_INVALID_ARGUMENT;
    }
    bool hidden = false;
    for (size_t start = 1; start <= len;) {
        const char *slash = memchr(path + start, '/', len - start);
        size_t end = slash ? (size_t)(slash - path) : len;
        size_t seg = end - start;
        if ((seg == 1 && path[start] == '.') ||
            (seg == 2 && path[start] == '.' && path[start + 1] == '.'))
            return HV_ERR_INVALID_ARGUMENT;
        if (seg > 0 && path[start] == '.') hidden = true;
        start = end + 1;
    }
    /* Checked last so that a traversal attempt is always a 400. */
    if (hidden || len > HV_STATIC_MAX_PATH) return HV_ERR_NOT_FOUND;
    return HV_OK;
}

static bool inside(const char *root, const char *resolved)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/') return resolved[0] == '/';
    return strncmp(resolved, root, n) == 0 && resolved[n] == '/';
}

hv_status hv_static_resolve(const char *root_real, const char *path, size_t len, char **out)
{
    *out = NULL;
    hv_status st = hv_static_check_path(path, len);
    if (st != HV_OK) return st;
    const char *index = path[len - 1] == '/' ? "index.html" : "";
    char *joined;
    if (asprintf(&joined, "%s%.*s%s", root_real, (int)len, path, index) < 0) return HV_ERR_NOMEM;
    char *resolved = realpath(joined, NULL);
    int err = errno;
    free(joined);
    if (!resolved) return err == ENOMEM ? HV_ERR_NOMEM : HV_ERR_NOT_FOUND;
    struct stat sb;
    if (!inside(root_real, resolved) || stat(resolved, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        free(resolved);
        return HV_ERR_NOT_FOUND;
    }
    *out = resolved;
    return HV_OK;
}

static const struct {
    const char *ext, *type;
    bool compressible;
} content_types[] = {
    {"html", "text/html; charset=utf-8", true},
    {"htm", "text/html; charset=utf-8", true},
    {"css", "text/css; charset=utf-8", true},
    {"js", "text/javascript; charset=utf-8", true},
    {"mjs", "text/javascript; charset=utf-8", true},
    {"json", "application/json; charset=utf-8", true},
    {"txt", "text/plain; charset=utf-8", true},
    {"svg", "image/svg+xml", true},
    {"png", "image/png", false},
    {"ico", "image/x-icon", false},
    {"woff2", "font/woff2", false},
};

const char *hv_static_content_type(const char *file_name, bool *compressible)
{
    const char *slash = strrchr(file_name, '/');
    const char *dot = strrchr(slash ? slash : file_name, '.');
    *compressible = false;
    if (dot) {
        for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++) {
            if (strcasecmp(dot + 1, content_types[i].ext) == 0) {
                *compressible = content_types[i].compressible;
                return content_types[i].type;
            }
        }
    }
    return "application/octet-stream";
}

/* The q value of one Accept-Encoding item's parameters ("; q=0.5"). */
static double item_quality(const char *params, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=' &&
            (i == 0 || params[i - 1] == ';' || params[i - 1] == ' ')) {
            char buf[16];
            size_t n = 0;
            for (size_t j = i + 2; j < len && n + 1 < sizeof buf && params[j] != ';'; j++)
                buf[n++] = params[j];
            buf[n] = '\0';
            char *end;
            double q = strtod(buf, &end);
            return end == buf ? 1.0 : q;
        }
    }
    return 1.0;
}

bool hv_static_accepts_gzip(const char *header)
{
    if (!header) return false;
    int gzip = -1, any = -1;
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p) break;
        size_t item = strcspn(p, ",");
        size_t name = strcspn(p, ",; \t");
        if (name > item) name = item;
        bool ok = item_quality(p + name, item - name) > 0;
        if (name == 4 && strncasecmp(p, "gzip", 4) == 0)
            gzip = ok;
        else if (name == 1 && *p == '*')
            any = ok;
        p += item;
    }
    return gzip == 1 || (gzip == -1 && any == 1);
}

void hv_static_etag(const struct stat *st, bool gzipped, char *out, size_t size)
{
    unsigned long long mtime_ns = (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL +
                                  (unsigned long long)st->st_mtim.tv_nsec;
    snprintf(out, size, "\"%llx-%llx-%llx%s\"", (unsigned long long)st->st_ino,
             (unsigned long long)st->st_size, mtime_ns, gzipped ? "-gz" : "");
}

bool hv_static_etag_matches(const char *header, const char *etag)
{
    if (!header) return false;
    size_t etag_len = strlen(etag);
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p) break;
        if (*p == '*') return true;
        if (strncmp(p, "W/", 2) == 0) p += 2;
        size_t n;
        if (*p == '"') {
            const char *close = strchr(p + 1, '"');
            n = close ? (size_t)(close - p) + 1 : strlen(p);
        } else {
            n = strcspn(p, ", \t");
        }
        if (n == etag_len && memcmp(p, etag, n) == 0) return true;
        p += n;
    }
    return false;
}

hv_status hv_static_gzip(const void *in, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len > UINT_MAX / 2) return HV_ERR_TOO_LARGE;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return HV_ERR_NOMEM;
    /* deflateBound leaves no room for the gzip header and trailer. */
    size_t cap = deflateBound(&zs, (uLong)len) + 32;
    char *buf = malloc(cap);
    if (!buf) {
        deflateEnd(&zs);
        return HV_ERR_NOMEM;
    }
    zs.next_in = (Bytef *)in;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)buf;
    zs.avail_out = (uInt)cap;
    int rc = deflate(&zs, Z_FINISH);
    size_t produced = cap - zs.avail_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(buf);
        return HV_ERR_INTERNAL;
    }
    *out = buf;
    *out_len = produced;
    return HV_OK;
}

static hv_status read_all(int fd, size_t size, char **out, size_t *out_len)
{
    char *buf = malloc(size ? size : 1);
    if (!buf) return HV_ERR_NOMEM;
    size_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, buf + got, size - got, (off_t)got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            free(buf);
            return HV_ERR_IO;
        }
        if (n == 0) break; /* the file shrank meanwhile */
        got += (size_t)n;
    }
    *out = buf;
    *out_len = got;
    return HV_OK;
}

static struct MHD_Response *gzip_response(int fd, size_t size)
{
    char *raw, *packed;
    size_t raw_len, packed_len;
    if (read_all(fd, size, &raw, &raw_len) != HV_OK) return NULL;
    hv_status st = hv_static_gzip(raw, raw_len, &packed, &packed_len);
    free(raw);
    if (st != HV_OK) return NULL;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(packed_len, packed, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(packed);
        return NULL;
    }
    if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") != MHD_YES) {
        MHD_destroy_response(r);
        return NULL;
    }
    return r;
}

void hv_static_serve(const char *root_real, struct MHD_Connection *connection, const char *path,
                     hv_static_answer *out)
{
    out->response = NULL;
    char *file;
    hv_status st = hv_static_resolve(root_real, path, strlen(path), &file);
    if (st != HV_OK) {
        out->status = st == HV_ERR_INVALID_ARGUMENT ? 400 : st == HV_ERR_NOT_FOUND ? 404 : 500;
        return;
    }
    out->status = 404;
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    bool compressible;
    const char *type = hv_static_content_type(file, &compressible);
    free(file);
    struct stat sb;
    if (fd < 0) return;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return;
    }
    const char *accept =
        MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    bool gzip = compressible && hv_static_accepts_gzip(accept) &&
                (unsigned long long)sb.st_size <= HV_STATIC_MAX_GZIP;
    char etag[96];
    hv_static_etag(&sb, gzip, etag, sizeof etag);
    const char *if_none_match =
        MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    struct MHD_Response *r;
    if (hv_static_etag_matches(if_none_match, etag)) {
        close(fd);
        r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        out->status = 304;
    } else if (gzip) {
        r = gzip_response(fd, (size_t)sb.st_size);
        close(fd);
        out->status = 200;
    } else {
        /* The response owns fd from here on, also when creating it fails. */
        r = MHD_create_response_from_fd64((uint64_t)sb.st_size, fd);
        if (!r) close(fd);
        out->status = 200;
    }
    bool ok = r != NULL;
    ok = ok && MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag) == MHD_YES;
    ok = ok && MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache") == MHD_YES;
    if (out->status == 200)
        ok = ok && MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) == MHD_YES;
    if (compressible)
        ok = ok && MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding") == MHD_YES;
    if (!ok) {
        if (r) MHD_destroy_response(r);
        out->status = 500;
        return;
    }
    out->response = r;
}
