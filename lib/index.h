/* The Xapian boundary: a plain-C view of the passage index.
 *
 * Only lib/index_*.cc include xapian.h.  Every function here catches every
 * exception and returns an hv_status; the message of the last failure is
 * kept on the handle (hv_index_writer_error / hv_index_reader_error, owned
 * by the handle, valid until its next call).  Functions that fail before a
 * handle exists return the message through *errmsg (malloc'd, caller frees).
 *
 * Index layout, one Xapian document per passage:
 *   terms      from analysis.h, plus L<lang> and P<file id>
 *   value 0    passage number (sortable), for neighbours
 *   value 1    translation group (collapse key), value 2 its languages
 *   value 3    passage_record.h encoding (zlib-compressed text and metadata)
 *   metadata   "haven:analysis" = analysis fingerprint;
 *              "haven:thesaurus" = the thesaurus text the index was built with;
 *              "F<file id>" = file record (see indexer) for re-index runs;
 *              "T<file id>" = the file's title, kept once for all its
 *              passages, whose records leave it out (passage_record.h)
 * A file id is the document path relative to its indexed root, or a hash of
 * it when the path is too long for a Xapian term.
 *
 * Handles are not thread-safe: one per thread. */
#ifndef HV_INDEX_H
#define HV_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "language.h"
#include "query.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HV_META_THESAURUS "haven:thesaurus"
/* The preset dictionary passage records are packed against (passage_record.h);
 * absent in indexes built without one. */
#define HV_META_RECORD_DICTIONARY "haven:record-dictionary"

typedef struct hv_index_writer hv_index_writer;
typedef struct hv_index_reader hv_index_reader;

/* ---- writing ---- */

/* Opens dir for writing, creating it when missing.  HV_ERR_LOCKED when
 * another writer holds it.  The fingerprint is compared with the one the
 * index was built with: HV_ERR_ANALYSIS_MISMATCH unless the index is empty
 * or `rebuild` is set, in which case the index is emptied first.  With a
 * NULL fingerprint the index is neither checked nor changed: the handle
 * only keeps other writers out. */
hv_status hv_index_writer_open(const char *dir, const char *fingerprint, bool rebuild,
                               hv_index_writer **out, char **errmsg);
/* Commits pending changes, then frees the handle. */
hv_status hv_index_writer_close(hv_index_writer *writer);
const char *hv_index_writer_error(const hv_index_writer *writer);

/* True when the index held no passage when opened (a full build). */
bool hv_index_writer_was_empty(const hv_index_writer *writer);

/* The stored record of a file, or *record = NULL when the file is unknown.
 * *record is malloc'd; caller frees. */
hv_status hv_index_writer_get_file(hv_index_writer *writer, const char *doc, char **record);
/* Stores a file's record and title (NULL or "" for none). */
hv_status hv_index_writer_set_file(hv_index_writer *writer, const char *doc, const char *record,
                                   const char *title);

/* Removes a file's passages, its record and its title. */
hv_status hv_index_writer_delete_file(hv_index_writer *writer, const char *doc);

/* Calls fn for every file record; stop early by returning false. */
typedef bool (*hv_file_visitor)(const char *record, void *userdata);
hv_status hv_index_writer_each_file(hv_index_writer *writer, hv_file_visitor fn, void *userdata);

/* Passages that are translations of each other share a group: search shows
 * the best of them and names the others' languages. */
typedef struct {
    const char *group; /* unique in the index */
    const char *langs; /* the group's languages, "en,ru,nl" */
} hv_passage_links;

/* Adds one passage of file doc.  data is a passage record (passage_record.h);
 * links may be NULL. */
hv_status hv_index_writer_add_passage(hv_index_writer *writer, const char *doc, unsigned number,
                                      hv_lang lang, const hv_term_list *terms,
                                      const hv_passage_links *links, const char *data,
                                      size_t data_len);

hv_status hv_index_writer_commit(hv_index_writer *writer);

/* Index-wide settings that travel with the index (the thesaurus, for one).
 * Keys starting with "haven:" are the project's. */
hv_status hv_index_writer_set_metadata(hv_index_writer *writer, const char *key, const char *value,
                                       size_t len);
/* The title of file doc: *title is malloc'd (caller frees), "" when the
 * file has none or is unknown. */
hv_status hv_index_reader_file_title(hv_index_reader *reader, const char *doc, char **title);

/* *value is malloc'd and NUL-terminated (caller frees); "" when unset. */
hv_status hv_index_writer_get_metadata(hv_index_writer *writer, const char *key, char **value,
                                       size_t *len);

/* Rewrites the index at dir in compact form (no writer may be open).  The
 * result is compacted to a sibling folder, then exchanged with dir in one
 * rename: a reader finds the old index or the new one. */
hv_status hv_index_compact(const char *dir, char **errmsg);
/* The same, merging the passages and file records of the indexes in
 * extra[0..n_extra) into it (their other metadata gives way to dir's).
 * The extra indexes are left as they were. */
hv_status hv_index_compact_with(const char *dir, const char *const *extra, size_t n_extra,
                                char **errmsg);
/* The same with the index at source (and extra) compacted into the place of
 * target, which may be missing or hold another index; source is left as it
 * was.  A rebuild writes beside the index it replaces, which goes on
 * answering until this call. */
hv_status hv_index_compact_into(const char *source, const char *const *extra, size_t n_extra,
                                const char *target, char **errmsg);
/* Deletes the index at dir, if any (its files and the folder). */
void hv_remove_index(const char *dir);

/* ---- reading ---- */

typedef struct {
    double score;
    /* The share of the query's words it answers, by rarity (the factor
     * ranking scaled its score by comes from it); 1 when the query was not
     * reordered by coverage. */
    double coverage;
    char *data; /* passage record, malloc'd; owned by the hit list */
    size_t data_len;
    char **matched; /* with want_terms: the query terms this passage holds */
    size_t n_matched;
    char *group_langs; /* languages of its translation group ("en,ru,nl"), or NULL */
    /* A term it holds that shows the kind of answer the query asks for
     * (answer_kind.h), which raised its score; NULL when none did. */
    char *answer;
} hv_hit;

typedef struct {
    hv_hit *hits;
    size_t count;
    size_t total; /* estimated number of matching passages */
    /* A filter's reading budget ran out before the page was full: total
     * counts the hits found, and passages not read may be hits too. */
    bool incomplete;
} hv_hit_list;

void hv_hit_list_free(hv_hit_list *list);

/* Opens dir for reading.  HV_ERR_NOT_FOUND when there is no index there;
 * HV_ERR_ANALYSIS_MISMATCH when its fingerprint differs from ours. */
hv_status hv_index_reader_open(const char *dir, const char *fingerprint, hv_index_reader **out,
                               char **errmsg);
void hv_index_reader_free(hv_index_reader *reader);
const char *hv_index_reader_error(const hv_index_reader *reader);

/* Moves to the newest committed revision, if any. */
hv_status hv_index_reader_refresh(hv_index_reader *reader);

/* What the index cannot decide about a candidate passage from its terms:
 * whether its text holds the query's phrases in place (phrase_check.h).
 * accept gets the passage record and sets *keep; a status other than HV_OK
 * ends the search with that status. */
typedef struct {
    hv_status (*accept)(void *userdata, const char *data, size_t len, bool *keep);
    void *userdata;
    /* Candidates read at most, best-ranked first; 0 for no limit.  Reading
     * is what a filter costs: a phrase of common words can have thousands
     * of passages holding its words apart and few holding them together. */
    size_t max_reads;
} hv_passage_filter;

/* Runs a parsed query: hits [offset, offset + limit) best first.  lang
 * filters by passage language unless HV_LANG_UNKNOWN (the query's own lang:
 * filter applies too).  With a filter, only passages it keeps are hits and
 * excluded phrases are left to it; without one (NULL) a phrase matches its
 * words anywhere in a passage.  *out is filled; free with
 * hv_hit_list_free. */
hv_status hv_index_reader_search(hv_index_reader *reader, const hv_parsed_query *query,
                                 hv_lang lang, unsigned offset, unsigned limit, bool want_terms,
                                 const hv_passage_filter *filter, hv_hit_list *out);

/* The record of passage n of doc; HV_ERR_NOT_FOUND when there is none.
 * *data is malloc'd; caller frees. */
hv_status hv_index_reader_passage(hv_index_reader *reader, const char *doc, unsigned n, char **data,
                                  size_t *data_len);

/* Words of the index starting with the folded prefix, most frequent
 * first, at most max.  *words is a malloc'd array of malloc'd strings;
 * free with hv_string_array_free. */
hv_status hv_index_reader_complete(hv_index_reader *reader, const char *prefix, size_t max,
                                   char ***words, size_t *n_words);
void hv_string_array_free(char **strings, size_t n);

/* Number of passages holding term (0 when none). */
hv_status hv_index_reader_term_freq(hv_index_reader *reader, const char *term, unsigned long *freq);

/* The index word nearest to the folded word[0..len), within
 * hv_edit_allowance() edits counted in characters, that starts with the same
 * character; the most frequent of the nearest.  When no word is that near,
 * the nearest stem is looked for instead (a misspelt "reisdocumnt" is one
 * edit from the stem of "reisdocumenten"), and the most frequent word
 * starting with that stem is the answer.  *best is malloc'd, or NULL when
 * nothing is near enough.  *edits (when edits is not NULL) says how far
 * word was from what was found: the word, or the stem it was found by. */
hv_status hv_index_reader_nearest_word(hv_index_reader *reader, const char *word, size_t len,
                                       char **best, unsigned *edits);

/* *value is malloc'd and NUL-terminated (caller frees); "" when unset. */
hv_status hv_index_reader_get_metadata(hv_index_reader *reader, const char *key, char **value,
                                       size_t *len);

typedef struct {
    unsigned long revision;
    unsigned long passages;
} hv_index_stats;

hv_status hv_index_reader_stats(hv_index_reader *reader, hv_index_stats *out);

#ifdef __cplusplus
}
#endif

#endif
