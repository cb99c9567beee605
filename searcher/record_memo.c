#include "record_memo.h"

#include <stdlib.h>
#include <string.h>

struct hv_record_memo_item {
    char *data; /* the packed record, NULL once taken */
    size_t len;
    hv_passage_record record;
};

hv_status hv_record_memo_put(hv_record_memo *memo, const char *data, size_t len,
                             hv_passage_record *record)
{
    if (memo->count == memo->cap) {
        size_t cap = memo->cap ? memo->cap * 2 : 16;
        hv_record_memo_item *items = realloc(memo->items, cap * sizeof *items);
        if (!items) return HV_ERR_NOMEM;
        memo->items = items;
        memo->cap = cap;
    }
    char *copy = malloc(len ? len : 1);
    if (!copy) return HV_ERR_NOMEM;
    if (len) memcpy(copy, data, len);
    memo->items[memo->count++] = (hv_record_memo_item){copy, len, *record};
    memset(record, 0, sizeof *record);
    return HV_OK;
}

bool hv_record_memo_take(hv_record_memo *memo, const char *data, size_t len,
                         hv_passage_record *record)
{
    for (size_t i = 0; i < memo->count; i++) {
        hv_record_memo_item *it = &memo->items[i];
        if (!it->data || it->len != len || memcmp(it->data, data, len) != 0) continue;
        *record = it->record;
        memset(&it->record, 0, sizeof it->record);
        free(it->data);
        it->data = NULL;
        return true;
    }
    return false;
}

void hv_record_memo_clear(hv_record_memo *memo)
{
    for (size_t i = 0; i < memo->count; i++) {
        free(memo->items[i].data);
        hv_passage_record_free(&memo->items[i].record);
    }
    memo->count = 0;
}

void hv_record_memo_free(hv_record_memo *memo)
{
    hv_record_memo_clear(memo);
    free(memo->items);
    memset(memo, 0, sizeof *memo);
}
