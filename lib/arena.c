#include "arena.h"

#include <stdint.h>
#include <stdlib.h>

#define FIRST_BLOCK 4096

struct hv_arena_block {
    hv_arena_block *next;
    size_t cap, used;
    char data[];
};

static hv_arena_block *new_block(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(hv_arena_block)) return NULL;
    hv_arena_block *b = malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

char *hv_arena_reserve(hv_arena *a, size_t max)
{
    hv_arena_block *b = a->current;
    if (b && b->cap - b->used >= max) return b->data + b->used;
    /* later blocks kept from before a clear are reused when they fit */
    while (b && b->next) {
        b = b->next;
        b->used = 0;
        a->current = b;
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
    a->current = fresh;
    return fresh->data;
}

void hv_arena_commit(hv_arena *a, size_t used)
{
    if (a->current) a->current->used += used;
}

void hv_arena_clear(hv_arena *a)
{
    a->current = a->first;
    if (a->first) a->first->used = 0;
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
}
