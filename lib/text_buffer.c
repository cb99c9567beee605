#include "text_buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static hv_status reserve(hv_text_buffer *buf, size_t extra)
{
    if (extra > SIZE_MAX - buf->len - 1) return HV_ERR_NOMEM;
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap) return HV_OK;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *data = realloc(buf->data, cap);
    if (!data) return HV_ERR_NOMEM;
    buf->data = data;
    buf->cap = cap;
    return HV_OK;
}

hv_status hv_text_buffer_reserve(hv_text_buffer *buf, size_t extra)
{
    hv_status st = reserve(buf, extra);
    if (st != HV_OK) {
        if (buf->error == HV_OK) buf->error = st;
        return st;
    }
    buf->data[buf->len] = '\0'; /* a string even if nothing is appended */
    return HV_OK;
}

/* hv_text_buffer_append when the bytes do not fit in what is allocated. */
hv_status hv_text_buffer_append_growing(hv_text_buffer *buf, const char *s, size_t len)
{
    hv_status st = reserve(buf, len);
    if (st != HV_OK) {
        if (buf->error == HV_OK) buf->error = st;
        return st;
    }
    if (len) memcpy(buf->data + buf->len, s, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return HV_OK;
}

hv_status hv_text_buffer_append_char(hv_text_buffer *buf, char c)
{
    return hv_text_buffer_append(buf, &c, 1);
}

hv_status hv_text_buffer_append_code_point(hv_text_buffer *buf, unsigned long cp)
{
    char out[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return hv_text_buffer_append(buf, out, n);
}

void hv_text_buffer_trim_end(hv_text_buffer *buf)
{
    while (buf->len > 0) {
        char c = buf->data[buf->len - 1];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') break;
        buf->len--;
    }
    if (buf->data) buf->data[buf->len] = '\0';
}

void hv_text_buffer_clear(hv_text_buffer *buf)
{
    buf->len = 0;
    buf->error = HV_OK;
    if (buf->data) buf->data[0] = '\0';
}

hv_status hv_text_buffer_take(hv_text_buffer *buf, char **out, size_t *out_len)
{
    if (buf->error != HV_OK) return buf->error;
    if (!buf->data) {
        hv_status st = reserve(buf, 0);
        if (st != HV_OK) return st;
        buf->data[0] = '\0';
    }
    *out = buf->data;
    if (out_len) *out_len = buf->len;
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return HV_OK;
}

void hv_text_buffer_free(hv_text_buffer *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->error = HV_OK;
}
