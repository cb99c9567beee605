#include "blocks.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Byte length of the whitespace character at s[i], 0 if there is none. */
static size_t space_at(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
    /* U+00A0 no-break space: PDF and HTML text use it as an ordinary space. */
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) return 2;
    return 0;
}

hv_status hv_collapse_whitespace(const char *text, size_t len, char **out, size_t *out_len)
{
    char *dst = malloc(len + 1);
    if (!dst) return HV_ERR_NOMEM;
    size_t n = 0;
    bool pending_space = false;
    size_t i = 0;
    while (i < len) {
        size_t w = space_at(text, len, i);
        if (w) {
            pending_space = n > 0;
            i += w;
            continue;
        }
        if (pending_space) dst[n++] = ' ';
        pending_space = false;
        dst[n++] = text[i++];
    }
    dst[n] = '\0';
    *out = dst;
    if (out_len) *out_len = n;
    return HV_OK;
}

hv_status hv_block_list_add(hv_block_list *list, hv_block_kind kind, const char *text, size_t len)
{
    char *copy;
    size_t copy_len;
    hv_status st = hv_collapse_whitespace(text, len, &copy, &copy_len);
    if (st != HV_OK) return st;
    if (copy_len == 0) {
        free(copy);
        return HV_OK;
    }
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 32;
        hv_block *items = realloc(list->items, cap * sizeof *items);
        if (!items) {
            free(copy);
            return HV_ERR_NOMEM;
        }
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count].kind = kind;
    list->items[list->count].text = copy;
    list->count++;
    return HV_OK;
}

hv_status hv_block_list_set_title(hv_block_list *list, const char *text, size_t len)
{
    if (list->title) return HV_OK;
    char *copy;
    hv_status st = hv_collapse_whitespace(text, len, &copy, NULL);
    if (st != HV_OK) return st;
    if (!copy[0]) {
        free(copy);
        return HV_OK;
    }
    list->title = copy;
    return HV_OK;
}

void hv_block_list_free(hv_block_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].text);
    free(list->items);
    free(list->title);
    memset(list, 0, sizeof *list);
}
