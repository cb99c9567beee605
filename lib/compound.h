/* Dutch compound splitting: "huursubsidie" is "huur" + "subsidie",
 * "beroepsprocedure" is "beroep" + s + "procedure".
 *
 * A word is split in two only when both parts are words of a Dutch word
 * list (Debian's wdutch, /usr/share/dict/dutch) and neither is a
 * stopword or a verbal prefix (ver-, her-, ont-), with an optional linking
 * "s", "e" or "en" between them: no split into nonsense parts.  A word the
 * list has only capitalised (a name) may be the first part, never the
 * second.  The list is read once per process and shared read-only by all
 * threads. */
#ifndef HV_COMPOUND_H
#define HV_COMPOUND_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HV_COMPOUND_WORDLIST "/usr/share/dict/dutch"
/* Short parts are too often accidental: "kinderen" is no "kin" + "deren"
 * nor "kind" + "eren".  A head has at least 5 letters, a modifier 3, and
 * both together 9. */
#define HV_COMPOUND_MIN_MODIFIER 3
#define HV_COMPOUND_MIN_HEAD 5
#define HV_COMPOUND_MIN_LENGTH 9

typedef struct hv_compounds hv_compounds;

/* Reads a word list, one word a line (folded as analysis folds words).
 * HV_ERR_NOT_FOUND when the file is missing. */
hv_status hv_compounds_load(const char *path, hv_compounds **out);
void hv_compounds_free(hv_compounds *compounds);

/* The process-wide list: $HAVEN_WORDLIST, else HV_COMPOUND_WORDLIST; NULL
 * when neither can be read (then nothing is split).  Loaded on first use,
 * thread-safe, never freed. */
const hv_compounds *hv_compounds_default(void);

/* The process-wide list read ahead, in a thread of its own, while the
 * caller does other work: it takes 80-130 ms to read.  hv_compounds_default()
 * waits for it where it is needed.  When no thread can be started, it is
 * read at first use as before. */
typedef struct {
    pthread_t thread;
    bool started;
} hv_compounds_read_ahead;

void hv_compounds_read_ahead_start(hv_compounds_read_ahead *ahead);
/* Waits for the reading to end; nothing when none was started. */
void hv_compounds_read_ahead_join(hv_compounds_read_ahead *ahead);

/* Names the process-wide list without reading it: its size and time, or
 * "none".  Static string.  Goes into the analysis fingerprint. */
const char *hv_compounds_default_identity(void);

size_t hv_compounds_size(const hv_compounds *compounds);
bool hv_compounds_contains(const hv_compounds *compounds, const char *word, size_t len);

/* Splits folded word[0..len) into modifier word[0..*modifier_len) and head
 * word[*head_start..len).  Prefers the longest head, then no linking
 * letters.  False when the word is no compound of two known words. */
bool hv_compound_split(const hv_compounds *compounds, const char *word, size_t len,
                       size_t *modifier_len, size_t *head_start);

#ifdef __cplusplus
}
#endif

#endif
