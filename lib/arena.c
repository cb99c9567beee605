#include "arena.h"

#include <stdint.h>
#include <stdlib.h>

#define FIRST_BLOCK 4096

struct hv_arena_block {
    hv_arena_block *next;
    size_t cap;
    char data[];
};

static hv_arena_block *new_block(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(hv_arena_block)) return NULL;
    hv_arena_block *b = malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->next = NULL;
    b->cap = cap;
    return b;
}

/* Makes b the current block, all of it free. */
static char *use_block(hv_arena *a, hv_arena_block *b)
{
    a->current = b;
    a->next = b->data;
    a->limit = b->data + b->cap;
    return b->data;
}

/* The current block lacks room (hv_arena_reserve): the next one kept from
 * before a clear when it fits, else a new one twice as large. */
char *hv_arena_reserve_new_block(hv_arena *a, size_t max)
{
    hv_arena_block *b = a->current;
    if (b && (size_t)(a->limit - a->next) >= max) return a->next;
    while (b && b->next) {
        b = b->next;
        use_block(a, b);
        if (b->cap >= max) return b->data;
    }
    size_t cap = b ? b->cap * 2 : FIRST_BLOCK;
    while (cap < max)
        cap = cap > SIZE_MAX / 2 ? max : cap * 2;
    hv_arena_block *fresh = new_block(cap);
    if (!fresh) return NULL;
    if (b)
        b->next = fresh;
    else
        a->first = fresh;
    return use_block(a, fresh);
}

void hv_arena_clear(hv_arena *a)
{
    if (a->first)
        use_block(a, a->first);
    else
        a->current = NULL;
}

void hv_arena_free(hv_arena *a)
{
    hv_arena_block *b = a->first;
    while (b) {
        hv_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->first = a->current = NULL;
    a->next = a->limit = NULL;
}
