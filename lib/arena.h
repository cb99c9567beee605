/* Storage for many short strings (tokens, terms) where a string, once
 * placed, never moves: lists can point into it while it grows.  Memory is
 * kept across hv_arena_clear for reuse. */
#ifndef HV_ARENA_H
#define HV_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hv_arena_block hv_arena_block;

typedef struct {
    hv_arena_block *first, *current;
    char *next, *limit; /* the free part of the current block */
} hv_arena;

/* clang-format off */
#define HV_ARENA_INIT {0}
/* clang-format on */

char *hv_arena_reserve_new_block(hv_arena *arena, size_t max);

/* Room for up to max bytes, or NULL when out of memory.  The space is the
 * caller's to fill; hv_arena_commit(used) then keeps the first `used` bytes
 * (at most max) and the next reserve starts after them.  Inline: the
 * tokenizer reserves for every word, and the room is nearly always there. */
static inline char *hv_arena_reserve(hv_arena *arena, size_t max)
{
    if (arena->next && (size_t)(arena->limit - arena->next) >= max) return arena->next;
    return hv_arena_reserve_new_block(arena, max);
}

static inline void hv_arena_commit(hv_arena *arena, size_t used)
{
    if (arena->next) arena->next += used;
}

void hv_arena_clear(hv_arena *arena); /* forgets every string, keeps memory */
void hv_arena_free(hv_arena *arena);

#ifdef __cplusplus
}
#endif

#endif
