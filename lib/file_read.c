#include "file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Reads at most limit + 1 bytes so that a file that grew after stat() is
 * still caught as too large. */
static hv_status read_fd(int fd, size_t expected, size_t limit, char **out, size_t *out_len)
{
    size_t cap = (expected < limit ? expected : limit) + 2;
    char *buf = malloc(cap);
    if (!buf) return HV_ERR_NOMEM;
    size_t len = 0;
    for (;;) {
        if (len + 1 >= cap) {
            if (len > limit) {
                free(buf);
                return HV_ERR_TOO_LARGE;
            }
            size_t new_cap = cap * 2 > limit + 2 ? limit + 2 : cap * 2;
            if (new_cap <= cap) new_cap = cap + 1;
            char *grown = realloc(buf, new_cap);
            if (!grown) {
                free(buf);
                return HV_ERR_NOMEM;
            }
            buf = grown;
            cap = new_cap;
        }
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            free(buf);
            return HV_ERR_IO;
        }
        if (n == 0) break;
        len += (size_t)n;
        if (len > limit) {
            free(buf);
            return HV_ERR_TOO_LARGE;
        }
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return HV_OK;
}

hv_status hv_gunzip(const char *in, size_t in_len, size_t max_bytes, char **out, size_t *out_len)
{
    *out = NULL;
    if (out_len) *out_len = 0;
    if (in_len < 18) return HV_ERR_CORRUPT; /* smaller than an empty member */

    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return HV_ERR_NOMEM;

    size_t cap = in_len * 4 < max_bytes ? in_len * 4 : max_bytes;
    if (cap < 256) cap = max_bytes < 256 ? max_bytes : 256; /* the limit holds for small ones too */
    char *buf = malloc(cap + 1);
    size_t len = 0;
    hv_status st = buf ? HV_OK : HV_ERR_NOMEM;
    const unsigned char *next = (const unsigned char *)in;
    size_t left = in_len;
    /* zlib reads its output back into its window during inflate(): the
     * probe must outlive the call, not just the branch that aims at it. */
    char probe;

    while (st == HV_OK) {
        if (len == cap) {
            if (cap >= max_bytes) {
                /* Full at the limit: one more byte of output means too large. */
                zs.next_out = (Bytef *)&probe;
                zs.avail_out = 1;
            } else {
                size_t new_cap = cap > max_bytes / 2 ? max_bytes : cap * 2;
                char *grown = realloc(buf, new_cap + 1);
                if (!grown) {
                    st = HV_ERR_NOMEM;
                    break;
                }
                buf = grown;
                cap = new_cap;
                continue;
            }
        } else {
            size_t room = cap - len;
            zs.next_out = (Bytef *)buf + len;
            zs.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        }
        uInt out_before = zs.avail_out;
        bool probing = len == cap;
        if (zs.avail_in == 0 && left > 0) {
            zs.next_in = (Bytef *)next;
            zs.avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
            next += zs.avail_in;
            left -= zs.avail_in;
        }
        int rc = inflate(&zs, Z_NO_FLUSH);
        size_t produced = out_before - zs.avail_out;
        if (probing) {
            if (produced > 0) st = HV_ERR_TOO_LARGE;
        } else {
            len += produced;
        }
        if (st != HV_OK) break;
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0 && left == 0) break;
            /* Another member follows (gzip files may be concatenated). */
            if (inflateReset(&zs) != Z_OK) st = HV_ERR_CORRUPT;
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0 && left == 0) {
            st = HV_ERR_CORRUPT; /* truncated */
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            st = rc == Z_MEM_ERROR ? HV_ERR_NOMEM : HV_ERR_CORRUPT;
            break;
        }
    }
    inflateEnd(&zs);
    if (st != HV_OK) {
        free(buf);
        return st;
    }
    buf[len] = '\0';
    *out = buf;
    if (out_len) *out_len = len;
    return HV_OK;
}

hv_status hv_file_read(const char *path, size_t max_bytes, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    if (!path) return HV_ERR_INVALID_ARGUMENT;

    /* stat before open: opening a FIFO would block, and an oversized file
     * must not be read at all. */
    struct stat sb;
    if (stat(path, &sb) != 0) return HV_ERR_IO;
    if (!S_ISREG(sb.st_mode)) return HV_ERR_IO;
    if ((unsigned long long)sb.st_size > (unsigned long long)max_bytes) return HV_ERR_TOO_LARGE;

    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return HV_ERR_IO;
    hv_status st = read_fd(fd, (size_t)sb.st_size, max_bytes, data, len);
    close(fd);
    return st;
}
