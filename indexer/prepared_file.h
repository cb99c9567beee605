/* A file made ready for the index without touching it: read, parsed,
 * passages linked to their translations, analysed and packed.  This is the
 * indexer's CPU work; a thread of its own does it while the main thread
 * writes the previous file into Xapian. */
#ifndef HV_PREPARED_FILE_H
#define HV_PREPARED_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/analysis.h"
#include "../lib/passage_record.h"
#include "../lib/status.h"
#include "file_walk.h"
#include "text_encoding.h"

typedef struct {
    hv_term_list terms;
    char *data; /* passage record */
    size_t data_len;
    unsigned number;
    hv_lang lang;
    bool linked;    /* one of a translation group */
    char group[64]; /* its key, unique in the index */
    char group_langs[12];
} hv_prepared_passage;

typedef enum {
    HV_PREP_INDEX,       /* new or changed: passages ready */
    HV_PREP_UNCHANGED,   /* indexed already as it is */
    HV_PREP_UNSUPPORTED, /* not a format we index */
    HV_PREP_SKIPPED,     /* binary or too large */
    HV_PREP_FAILED,      /* unreadable or damaged */
} hv_prep_outcome;

typedef struct {
    const hv_found_file *file;
    hv_prep_outcome outcome;
    hv_status why;        /* SKIPPED, FAILED: the reason */
    bool had_record;      /* the index knew the file: its old passages go first */
    char *record;         /* INDEX: the file record to store; malloc'd */
    char *title;          /* INDEX: the document's title, stored once for the file; malloc'd */
    hv_encoding encoding; /* INDEX: what the file's bytes were read as */
    hv_prepared_passage *passages;
    size_t n_passages;
} hv_prepared_file;

/* What one preparing thread owns. */
typedef struct {
    hv_analyzer *analyzer;
    hv_record_encoder *encoder;
    size_t max_file_bytes;
} hv_preparer;

/* Prepares file f found under root; old_record is what the index holds for
 * it (NULL: nothing).  Problems with the file itself are an outcome, not an
 * error: only running out of memory fails. */
hv_status hv_prepare_file(hv_preparer *preparer, const hv_found_file *f, const char *root,
                          const char *old_record, hv_prepared_file *out);
void hv_prepared_file_free(hv_prepared_file *prepared);

/* The doc path inside a file record (see prepared_file.c), and the root it
 * was indexed from (malloc'd).  False when the record is not ours. */
bool hv_file_record_parse(const char *record, char **root, const char **doc);

#endif
