/* One run of the indexer: walk the given paths, (re-)index what is new or
 * changed, drop what is gone, commit in batches, compact a full build. */
#ifndef HV_INDEX_BUILD_H
#define HV_INDEX_BUILD_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "../lib/status.h"

typedef struct {
    const char *db_dir;
    const char *thesaurus_path; /* NULL: the first *.thes file under the roots, if any */
    const char *const *roots;
    size_t n_roots;
    size_t max_file_bytes; /* larger files are skipped */
    size_t batch_passages; /* commit after this many new passages */
    /* a full build of many files: indexes written at once (1, 2), or 0 to
     * choose by the size of what is to be read (hv_build_writers) */
    unsigned writers;
    bool rebuild;  /* start from an empty index */
    bool progress; /* draw a progress line on stderr */
    bool verbose;  /* name every skipped file */
} hv_build_options;

typedef struct {
    size_t files_seen;
    size_t files_indexed;   /* new or changed, now indexed */
    size_t files_unchanged; /* already indexed as they are */
    size_t files_removed;   /* gone from disk, passages removed */
    size_t files_skipped;   /* not a format we index, binary, too large */
    size_t files_failed;    /* could not be read or parsed */
    size_t passages_added;
    size_t bytes_read;
    double elapsed_s;
    unsigned long long index_bytes;
    bool compacted;
    size_t thesaurus_concepts; /* 0: no thesaurus given this run */
} hv_build_summary;

/* How many writers a full build of n_files files of total_bytes uses when
 * asked for `requested` (0: the default). */
unsigned hv_build_writers(unsigned requested, size_t n_files, unsigned long long total_bytes);

/* Runs the build.  Problems with single files are reported on stderr and
 * counted; the returned status is for failures that stop the run (lock, no
 * such path, index not writable), with a message in *errmsg (malloc'd). */
hv_status hv_build_run(const hv_build_options *options, hv_build_summary *summary, char **errmsg);

void hv_build_summary_print(const hv_build_summary *summary, FILE *out);

#endif
