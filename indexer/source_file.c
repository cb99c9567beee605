#include "source_file.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "document.h"

static bool ends_with_nocase(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

bool hv_path_is_gzip(const char *path)
{
    return path && ends_with_nocase(path, strlen(path), ".gz");
}

hv_format hv_format_from_path(const char *path)
{
    if (!path) return HV_FORMAT_UNKNOWN;
    size_t len = strlen(path);
    if (ends_with_nocase(path, len, ".gz")) len -= 3;
    /* Look only at the last path component: "dir.txt/README" is no .txt. */
    size_t base = len;
    while (base > 0 && path[base - 1] != '/')
        base--;
    const char *name = path + base;
    size_t name_len = len - base;
    static const struct {
        const char *suffix;
        hv_format format;
    } table[] = {
        {".txt", HV_FORMAT_TEXT},  {".md", HV_FORMAT_MARKDOWN}, {".markdown", HV_FORMAT_MARKDOWN},
        {".html", HV_FORMAT_HTML}, {".htm", HV_FORMAT_HTML},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        size_t n = strlen(table[i].suffix);
        /* A bare ".txt" is a hidden file with no name, not a text file. */
        if (name_len > n && ends_with_nocase(name, name_len, table[i].suffix))
            return table[i].format;
    }
    return HV_FORMAT_UNKNOWN;
}

hv_status hv_source_file_read(const char *path, size_t max_bytes, char **data, size_t *len,
                              hv_encoding *read_as)
{
    *data = NULL;
    *len = 0;
    if (read_as) *read_as = HV_ENCODING_UTF8;
    char *raw = NULL;
    size_t raw_len = 0;
    hv_status st = hv_file_read(path, max_bytes, &raw, &raw_len);
    if (st != HV_OK) return st;

    if (hv_path_is_gzip(path)) {
        char *plain;
        size_t plain_len;
        st = hv_gunzip(raw, raw_len, max_bytes, &plain, &plain_len);
        free(raw);
        if (st != HV_OK) return st;
        raw = plain;
        raw_len = plain_len;
    }
    bool big_endian;
    if (hv_utf16_bom(raw, raw_len, &big_endian)) {
        char *text;
        size_t text_len;
        st = hv_encoding_to_utf8(raw, raw_len, HV_ENCODING_UTF16, &text, &text_len);
        free(raw);
        if (st != HV_OK) return st;
        raw = text;
        raw_len = text_len;
        if (read_as) *read_as = HV_ENCODING_UTF16;
    }
    if (memchr(raw, '\0', raw_len)) {
        free(raw);
        return HV_ERR_BINARY;
    }
    *data = raw;
    *len = raw_len;
    return HV_OK;
}
