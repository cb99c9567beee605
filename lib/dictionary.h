/* Everyday words across languages, from Debian's FreeDict dictionaries.
 *
 * The thesaurus (corpus/asylum-thesaurus.thes) names the asylum system's
 * concepts; a caller's question also holds ordinary words ("job", "14 year
 * old", "инвалидность") whose answer is written in another language.  The
 * dictd files of dict-freedict-nld-eng, -eng-nld, -eng-rus and -nld-rus
 * give, for each headword, the translations of its first sense.  These
 * become concepts in the thesaurus format (thesaurus.h), one per headword
 * and language, holding the headword and its first two one-word
 * translations.  The query side expands a typed word through them only
 * when no thesaurus concept names it, at a weight below the thesaurus's.
 * Like the Dutch word list of compound.h they are read where the program
 * runs, once per process, and shared read-only by all threads.  They are
 * not stored in the index: 1.4 MB in every index is a tenth more at ten
 * thousand passages and seven times the demo corpus's index.
 *
 * The dictionaries are lists of glosses, not of synonyms ("baan" is given
 * as "path"), which is why only the first sense counts and why these
 * expansions weigh least. */
#ifndef HV_DICTIONARY_H
#define HV_DICTIONARY_H

#include <stddef.h>

#include "status.h"
#include "thesaurus.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where Debian installs dictd files. */
#define HV_DICTD_DIR "/usr/share/dictd"

/* Reads the FreeDict files found in dir (any of freedict-nld-eng,
 * -eng-nld, -eng-rus, -nld-rus; missing ones are skipped) and writes the
 * concepts to *text (malloc'd, thesaurus format, *len bytes) and how many
 * to *concepts.  No file found: HV_OK with *text NULL.  A damaged file is
 * HV_ERR_CORRUPT with *errmsg (malloc'd) naming it. */
hv_status hv_dictionary_import(const char *dir, char **text, size_t *len, size_t *concepts,
                               char **errmsg);

/* The process-wide dictionary, from $HAVEN_DICTD_DIR, else HV_DICTD_DIR;
 * NULL when no dictionary file is there or one cannot be read.  Loaded on
 * first use, thread-safe, never freed. */
const hv_thesaurus *hv_dictionary_default(void);

#ifdef __cplusplus
}
#endif

#endif
