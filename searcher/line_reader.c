#include "line_reader.h"

#include <stdlib.h>

/* Room for one more byte and the terminator. */
static bool reserve(hv_line_reader *r)
{
    if (r->len + 1 < r->cap) return true;
    size_t cap = r->cap ? r->cap * 2 : 256;
    char *buf = realloc(r->buf, cap);
    if (!buf) return false;
    r->buf = buf;
    r->cap = cap;
    return true;
}

static bool put(hv_line_reader *r, char c)
{
    if (r->len == HV_LINE_MAX_BYTES) {
        r->cut = true;
        return true;
    }
    if (!reserve(r)) return false;
    r->buf[r->len++] = c;
    return true;
}

bool hv_line_read(hv_line_reader *r, FILE *in)
{
    r->len = 0;
    r->cut = false;
    int c;
    bool any = false;
    while ((c = getc_unlocked(in)) != EOF) {
        any = true;
        if (c == '\n') break;
        if (!put(r, (char)c)) r->cut = true;
    }
    if (!any) return false;
    if (r->len && r->buf[r->len - 1] == '\r') r->len--;
    if (!reserve(r)) return false;
    r->buf[r->len] = '\0';
    return true;
}

void hv_line_reader_free(hv_line_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->len = r->cap = 0;
}
