/* Splits text into word tokens, keeping where each one stood.
 *
 * A token is a run of letters and digits.  Inside a token these also join:
 * '/', '.', ',' between two digits (1/4/2023, 177,24, 3.2), nothing else.
 * Letters and digits glued together stay one token (26quater, A1, NT2, 2de).
 * A hyphen or apostrophe splits (OCMW-steun -> ocmw, steun), and so does all
 * other punctuation.  Soft hyphens and zero-width joiners inside a word are
 * skipped (PDF text has them), combining marks belong to the word they
 * follow, and each CJK ideograph is a token of its own (no spaces to split
 * on).  Each token carries its byte range in the input (for highlighting the
 * original text) and its folded form (see fold.h).
 * Tokens whose folded form is longer than HV_MAX_WORD_BYTES are dropped. */
#ifndef HV_TOKENIZER_H
#define HV_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HV_MAX_WORD_BYTES 96

typedef enum {
    HV_SCRIPT_OTHER = 0, /* letters of another script (Greek, CJK, ...) */
    HV_SCRIPT_LATIN,
    HV_SCRIPT_CYRILLIC,
    HV_SCRIPT_NUMERIC, /* contains at least one digit: a number or code */
} hv_script;

typedef struct {
    size_t start, end;  /* byte range [start, end) in the tokenized text */
    const char *folded; /* NUL-terminated folded form, owned by the list */
    size_t folded_len;
    hv_script script;
    bool hyphen_after; /* joined to the next token by a hyphen (OCMW-steun) */
    bool in_url;       /* part of a web address (http://, https://, www.) */
} hv_token;

/* A growable list of tokens.  Initialise with HV_TOKEN_LIST_INIT or
 * hv_token_list_init(); the folded strings live until clear/free. */
typedef struct {
    hv_token *tokens;
    size_t count;
    /* private */
    size_t cap;
    hv_arena arena;
} hv_token_list;

/* clang-format off */
#define HV_TOKEN_LIST_INIT {0}
/* clang-format on */

/* How the tokenizer reads a code point: as part of a word (a letter or a
 * digit), as a separator, or as something that needs its neighbours to
 * tell (a combining mark, an invisible joiner, an ideograph). */
typedef enum { HV_CHAR_SEPARATOR, HV_CHAR_WORD, HV_CHAR_CONTEXT } hv_char_kind;

hv_char_kind hv_char_kind_of(int32_t cp);

/* The script of a letter: LATIN, CYRILLIC or OTHER (by code point block). */
hv_script hv_codepoint_script(int cp);

void hv_token_list_init(hv_token_list *list);
void hv_token_list_clear(hv_token_list *list); /* empties, keeps memory */
void hv_token_list_free(hv_token_list *list);

/* Appends the tokens of valid UTF-8 text[0..len) to list; a token's
 * position is its index in the list. */
hv_status hv_tokenize(const char *text, size_t len, hv_token_list *list);

#ifdef __cplusplus
}
#endif

#endif
