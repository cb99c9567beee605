/* haven-index: build or update a Haven index. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/number.h"
#include "index_build.h"

#define DEFAULT_MAX_FILE_MB 64
/* Xapian holds a batch's postings in ordered maps until it commits: at
 * 100k passages 1000 built in 40-41 s and 49 MB, 5000 in 44 s and 109 MB
 * (500: 39-41 s, 41 MB; 250: 43 s). */
#define DEFAULT_BATCH_PASSAGES 1000

enum { EXIT_PARTIAL = 1, EXIT_FATAL = 2 };

static void usage(FILE *out)
{
    fputs("usage: haven-index --db DIR [options] PATH...\n"
          "Indexes .txt, .md and .html files (optionally .gz) under each PATH into DIR.\n"
          "A re-run indexes only new and changed files and drops files that are gone.\n"
          "\n"
          "  --db DIR             index directory (created when missing)\n"
          "  --rebuild            discard the index and build it anew\n"
          "  --thesaurus FILE     concepts for query expansion (default: a *.thes file\n"
          "                       found under the PATHs)\n"
          "  --max-file-size MB   skip larger files (default 64)\n"
          "  --batch N            commit every N passages (default 1000)\n"
          "  --writers N          a new index of many files is written as N parts\n"
          "                       at once, merged at the end (1 or 2; default 2 from\n"
          "                       24 MB of files, 1 below)\n"
          "  --verbose            name every skipped file, and every file read in a\n"
          "                       Windows code page or as UTF-16\n"
          "  --no-progress        no progress line, even on a terminal\n"
          "  --help               this text\n"
          "\n"
          "Exit status: 0 all files indexed or skipped, 1 some files failed, 2 fatal error.\n",
          out);
}

static int parse_size(const char *arg, const char *what, unsigned long max, unsigned long *out)
{
    if (hv_parse_count(arg, strlen(arg), max, out) && *out > 0) return 0;
    fprintf(stderr, "haven-index: %s must be a number from 1 to %lu, not '%s'\n", what, max, arg);
    return -1;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"rebuild", no_argument, NULL, 'r'},
                                            {"max-file-size", required_argument, NULL, 'm'},
                                            {"batch", required_argument, NULL, 'b'},
                                            {"writers", required_argument, NULL, 'w'},
                                            {"verbose", no_argument, NULL, 'v'},
                                            {"thesaurus", required_argument, NULL, 't'},
                                            {"no-progress", no_argument, NULL, 'P'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    hv_build_options opt = {.max_file_bytes = (size_t)DEFAULT_MAX_FILE_MB << 20,
                            .batch_passages = DEFAULT_BATCH_PASSAGES,
                            .writers = 0,
                            .progress = isatty(STDERR_FILENO)};
    unsigned long v;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            opt.db_dir = optarg;
            break;
        case 'r':
            opt.rebuild = true;
            break;
        case 'm':
            if (parse_size(optarg, "--max-file-size", 4096, &v)) return EXIT_FATAL;
            opt.max_file_bytes = (size_t)v << 20;
            break;
        case 'b':
            if (parse_size(optarg, "--batch", 10000000, &v)) return EXIT_FATAL;
            opt.batch_passages = v;
            break;
        case 'w':
            if (parse_size(optarg, "--writers", 2, &v)) return EXIT_FATAL;
            opt.writers = (unsigned)v;
            break;
        case 't':
            opt.thesaurus_path = optarg;
            break;
        case 'v':
            opt.verbose = true;
            break;
        case 'P':
            opt.progress = false;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return EXIT_FATAL;
        }
    }
    if (!opt.db_dir || optind >= argc) {
        fputs(!opt.db_dir ? "haven-index: --db DIR is required\n"
                          : "haven-index: give at least one PATH to index\n",
              stderr);
        usage(stderr);
        return EXIT_FATAL;
    }
    opt.roots = (const char *const *)argv + optind;
    opt.n_roots = argc - optind;

    hv_build_summary summary;
    char *errmsg = NULL;
    hv_status st = hv_build_run(&opt, &summary, &errmsg);
    if (st != HV_OK) {
        fprintf(stderr, "haven-index: %s\n", errmsg ? errmsg : hv_status_to_string(st));
        if (st == HV_ERR_LOCKED)
            fprintf(stderr,
                    "haven-index: another haven-index is writing to %s; run again "
                    "when it has finished\n",
                    opt.db_dir);
        free(errmsg);
        hv_build_summary_print(&summary, stderr);
        return EXIT_FATAL;
    }
    free(errmsg);
    hv_build_summary_print(&summary, stdout);
    return summary.files_failed ? EXIT_PARTIAL : 0;
}
