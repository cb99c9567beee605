#include "index_build.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../lib/analysis.h"
#include "../lib/compound.h"
#include "../lib/index.h"
#include "../lib/passage_record.h"
#include "../lib/thesaurus.h"
#include "document.h"
#include "file_walk.h"
#include "prepared_file.h"

#define PROGRESS_INTERVAL_S 0.25

typedef struct {
    const hv_build_options *opt;
    hv_build_summary *sum;
    hv_index_writer *writer;
    size_t pending; /* passages since the last commit, of writer */
    /* A full build of many files writes half of them into a second index
     * beside the first, merged in at compaction: Xapian's writing is most
     * of the work, and one writer keeps one of the two cores busy. */
    hv_index_writer *shard;
    size_t shard_pending;
    char *shard_dir;
    /* A rebuild writes into a folder beside the index, which answers
     * searches until the new one takes its place; meanwhile the old one is
     * held, so that no other writer changes what is about to go. */
    char *rebuild_dir;
    hv_index_writer *held;
    pthread_mutex_t count_lock; /* sum and progress, shared by the writers */
    hv_analyzer *analyzer;
    hv_record_encoder *encoder;
    char **roots;        /* real paths of the roots */
    hv_file_list *found; /* per root */
    size_t files_total;
    double start, last_progress;
    char **gone_docs;
    size_t n_gone, cap_gone;
    /* A new index reads the Dutch compound list while the record
     * dictionary is trained, not while the writer waits for the first
     * file; a re-run that finds nothing changed never reads it. */
    hv_compounds_read_ahead compounds;
} build_state;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_error(char **errmsg, const char *fmt, const char *a, const char *b)
{
    if (errmsg && asprintf(errmsg, fmt, a, b) < 0) *errmsg = NULL;
}

static void show_progress(build_state *s, bool force)
{
    if (!s->opt->progress) return;
    double t = now_s();
    if (!force && t - s->last_progress < PROGRESS_INTERVAL_S) return;
    s->last_progress = t;
    double elapsed = t - s->start;
    fprintf(stderr, "\r\033[K%zu/%zu files, %.1f MB, %zu passages, %.0f passages/s",
            s->sum->files_seen, s->files_total, s->sum->bytes_read / 1e6, s->sum->passages_added,
            elapsed > 0 ? s->sum->passages_added / elapsed : 0.0);
    fflush(stderr);
}

/* Clears the progress line for a message of its own. */
static void clear_progress(build_state *s)
{
    if (s->opt->progress) fputs("\r\033[K", stderr);
}

static void report_file(build_state *s, const char *what, const hv_found_file *f, hv_status st)
{
    clear_progress(s);
    fprintf(stderr, "haven-index: %s %s: %s\n", what, f->path, hv_status_to_string(st));
}

/* One index being written, and its passages since the last commit. */
typedef struct {
    hv_index_writer *writer;
    size_t *pending;
} sink;

static hv_status commit_if_due(build_state *s, sink k, bool force)
{
    if (*k.pending == 0 || (!force && *k.pending < s->opt->batch_passages)) return HV_OK;
    hv_status st = hv_index_writer_commit(k.writer);
    if (st == HV_OK) *k.pending = 0;
    return st;
}

/* ---- the pipeline: one thread prepares files, this one writes them ---- */

/* Files prepared ahead of the writer; bounds the memory the two threads
 * may hold between them. */
#define QUEUE_SLOTS 16

typedef struct {
    const char *doc;
    const char *record;
} old_record;

typedef struct {
    build_state *s;
    hv_preparer preparer;
    old_record *old; /* what the index held when the run began, sorted by doc */
    size_t n_old;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    hv_prepared_file *slots[QUEUE_SLOTS];
    size_t head, count;
    bool finished;   /* the preparer has no more files */
    bool cancelled;  /* the writer stopped: prepare no more */
    hv_status error; /* the preparer's, if it stopped on one */
} pipeline;

static int by_old_doc(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const old_record *)elem)->doc);
}

static int compare_old(const void *a, const void *b)
{
    return strcmp(((const old_record *)a)->doc, ((const old_record *)b)->doc);
}

typedef struct {
    char **records;
    size_t n, cap;
} record_list;

static bool collect_record(const char *record, void *userdata)
{
    record_list *l = userdata;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **r = realloc(l->records, cap * sizeof *r);
        if (!r) return false;
        l->records = r;
        l->cap = cap;
    }
    char *copy = strdup(record);
    if (copy) l->records[l->n++] = copy;
    return copy != NULL;
}

static void push(pipeline *pl, hv_prepared_file *f)
{
    pthread_mutex_lock(&pl->lock);
    while (pl->count == QUEUE_SLOTS && !pl->cancelled)
        pthread_cond_wait(&pl->changed, &pl->lock);
    if (pl->cancelled) {
        pthread_mutex_unlock(&pl->lock);
        hv_prepared_file_free(f);
        free(f);
        return;
    }
    pl->slots[(pl->head + pl->count++) % QUEUE_SLOTS] = f;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
}

/* The next prepared file, or NULL when there are no more. */
static hv_prepared_file *pop(pipeline *pl)
{
    pthread_mutex_lock(&pl->lock);
    while (pl->count == 0 && !pl->finished)
        pthread_cond_wait(&pl->changed, &pl->lock);
    hv_prepared_file *f = NULL;
    if (pl->count) {
        f = pl->slots[pl->head];
        pl->head = (pl->head + 1) % QUEUE_SLOTS;
        pl->count--;
        pthread_cond_broadcast(&pl->changed);
    }
    pthread_mutex_unlock(&pl->lock);
    return f;
}

static void finish(pipeline *pl, hv_status st)
{
    pthread_mutex_lock(&pl->lock);
    pl->finished = true;
    if (pl->error == HV_OK) pl->error = st;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
}

static bool is_cancelled(pipeline *pl)
{
    pthread_mutex_lock(&pl->lock);
    bool c = pl->cancelled;
    pthread_mutex_unlock(&pl->lock);
    return c;
}

static void *prepare_all(void *arg)
{
    pipeline *pl = arg;
    build_state *s = pl->s;
    hv_status st = HV_OK;
    for (size_t r = 0; r < s->opt->n_roots && st == HV_OK; r++) {
        for (size_t i = 0; i < s->found[r].count && st == HV_OK && !is_cancelled(pl); i++) {
            const hv_found_file *f = &s->found[r].files[i];
            const old_record *old =
                bsearch(f->doc, pl->old, pl->n_old, sizeof *pl->old, by_old_doc);
            hv_prepared_file *prepared = malloc(sizeof *prepared);
            if (!prepared) {
                st = HV_ERR_NOMEM;
                break;
            }
            st = hv_prepare_file(&pl->preparer, f, s->roots[r], old ? old->record : NULL, prepared);
            if (st != HV_OK) {
                hv_prepared_file_free(prepared);
                free(prepared);
                break;
            }
            push(pl, prepared);
        }
    }
    finish(pl, st);
    return NULL;
}

/* Writes one prepared file.  Returns a status only for errors of the index
 * itself; a bad file is counted and reported, and whatever was indexed of
 * it before stays. */
static hv_status write_file(build_state *s, sink k, const hv_prepared_file *p)
{
    const hv_found_file *f = p->file;
    pthread_mutex_lock(&s->count_lock);
    s->sum->files_seen++;
    bool write = false;
    switch (p->outcome) {
    case HV_PREP_UNSUPPORTED:
        s->sum->files_skipped++;
        if (s->opt->verbose) report_file(s, "skipped", f, p->why);
        break;
    case HV_PREP_UNCHANGED:
        s->sum->files_unchanged++;
        break;
    case HV_PREP_SKIPPED:
    case HV_PREP_FAILED:
        if (p->outcome == HV_PREP_SKIPPED)
            s->sum->files_skipped++;
        else
            s->sum->files_failed++;
        report_file(s, p->outcome == HV_PREP_SKIPPED ? "skipped" : "failed to read", f, p->why);
        break;
    case HV_PREP_INDEX:
        s->sum->bytes_read += f->size;
        write = true;
        if (s->opt->verbose && p->encoding != HV_ENCODING_UTF8) {
            clear_progress(s);
            fprintf(stderr, "haven-index: read as %s: %s\n", hv_encoding_name(p->encoding),
                    f->path);
        }
        break;
    }
    pthread_mutex_unlock(&s->count_lock);
    if (!write) return HV_OK;
    hv_status st = p->had_record ? hv_index_writer_delete_file(k.writer, f->doc) : HV_OK;
    size_t added = 0;
    for (size_t i = 0; i < p->n_passages && st == HV_OK; i++) {
        const hv_prepared_passage *pp = &p->passages[i];
        hv_passage_links links = {.group = pp->linked ? pp->group : NULL, .langs = pp->group_langs};
        st = hv_index_writer_add_passage(k.writer, f->doc, pp->number, pp->lang, &pp->terms, &links,
                                         pp->data, pp->data_len);
        if (st == HV_OK) added++;
    }
    *k.pending += added;
    if (st == HV_OK) st = hv_index_writer_set_file(k.writer, f->doc, p->record, p->title);
    pthread_mutex_lock(&s->count_lock);
    s->sum->passages_added += added;
    if (st == HV_OK) s->sum->files_indexed++;
    pthread_mutex_unlock(&s->count_lock);
    if (st == HV_OK) st = commit_if_due(s, k, false);
    return st;
}

static void cancel(pipeline *pl)
{
    pthread_mutex_lock(&pl->lock);
    pl->cancelled = true;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
}

/* One writer's share: prepared files until there are no more. */
typedef struct {
    pipeline *pl;
    sink k;
    hv_status st;
} drain_job;

static void *drain(void *arg)
{
    drain_job *job = arg;
    build_state *s = job->pl->s;
    hv_prepared_file *p;
    while ((p = pop(job->pl))) {
        if (job->st == HV_OK) job->st = write_file(s, job->k, p);
        /* stop the preparer; what it already made is dropped */
        if (job->st != HV_OK) cancel(job->pl);
        hv_prepared_file_free(p);
        free(p);
        pthread_mutex_lock(&s->count_lock);
        show_progress(s, false);
        pthread_mutex_unlock(&s->count_lock);
    }
    return NULL;
}

static hv_status index_files(build_state *s)
{
    record_list held = {0};
    hv_status st = hv_index_writer_each_file(s->writer, collect_record, &held);
    pipeline pl = {.s = s,
                   .preparer = {.analyzer = s->analyzer,
                                .encoder = s->encoder,
                                .max_file_bytes = s->opt->max_file_bytes}};
    pl.old = calloc(held.n ? held.n : 1, sizeof *pl.old);
    if (st == HV_OK && !pl.old) st = HV_ERR_NOMEM;
    for (size_t i = 0; st == HV_OK && i < held.n; i++) {
        char *root;
        const char *doc;
        if (!hv_file_record_parse(held.records[i], &root, &doc)) continue;
        free(root);
        pl.old[pl.n_old++] = (old_record){.doc = doc, .record = held.records[i]};
    }
    if (st == HV_OK) qsort(pl.old, pl.n_old, sizeof *pl.old, compare_old);

    pthread_t preparer;
    bool started = false;
    if (st == HV_OK) {
        pthread_mutex_init(&pl.lock, NULL);
        pthread_cond_init(&pl.changed, NULL);
        started = pthread_create(&preparer, NULL, prepare_all, &pl) == 0;
        if (!started) st = HV_ERR_INTERNAL;
    }
    drain_job main_job = {&pl, {s->writer, &s->pending}, HV_OK};
    drain_job shard_job = {&pl, {s->shard, &s->shard_pending}, HV_OK};
    pthread_t second;
    bool two = started && s->shard && pthread_create(&second, NULL, drain, &shard_job) == 0;
    if (started) drain(&main_job);
    if (two) pthread_join(second, NULL);
    if (st == HV_OK) st = main_job.st != HV_OK ? main_job.st : shard_job.st;
    if (started) {
        pthread_join(preparer, NULL);
        if (st == HV_OK) st = pl.error;
        pthread_mutex_destroy(&pl.lock);
        pthread_cond_destroy(&pl.changed);
    }
    for (size_t i = 0; i < held.n; i++)
        free(held.records[i]);
    free(held.records);
    free(pl.old);
    return st;
}

static int by_doc(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const hv_found_file *)elem)->doc);
}

static bool note_gone_file(const char *record, void *userdata)
{
    build_state *s = userdata;
    char *root;
    const char *doc;
    if (!hv_file_record_parse(record, &root, &doc)) return true;
    for (size_t r = 0; r < s->opt->n_roots; r++) {
        if (strcmp(root, s->roots[r]) != 0) continue;
        const hv_file_list *list = &s->found[r];
        if (bsearch(doc, list->files, list->count, sizeof *list->files, by_doc)) continue;
        if (s->n_gone == s->cap_gone) {
            size_t cap = s->cap_gone ? s->cap_gone * 2 : 16;
            char **g = realloc(s->gone_docs, cap * sizeof *g);
            if (!g) break;
            s->gone_docs = g;
            s->cap_gone = cap;
        }
        char *copy = strdup(doc);
        if (copy) s->gone_docs[s->n_gone++] = copy;
        break;
    }
    free(root);
    return true;
}

static unsigned long long dir_size(const char *dir)
{
    unsigned long long total = 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path;
        if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) continue;
        struct stat st;
        if (stat(path, &st) == 0)
            total += S_ISDIR(st.st_mode) ? dir_size(path) : (unsigned long long)st.st_size;
        free(path);
    }
    closedir(d);
    return total;
}

static hv_status walk_roots(build_state *s, char **errmsg)
{
    const hv_build_options *opt = s->opt;
    for (size_t r = 0; r < opt->n_roots; r++) {
        char resolved[PATH_MAX];
        if (!realpath(opt->roots[r], resolved)) {
            set_error(errmsg, "%s: %s", opt->roots[r], strerror(errno));
            return errno == ENOENT ? HV_ERR_NOT_FOUND : HV_ERR_IO;
        }
        s->roots[r] = strdup(resolved);
        if (!s->roots[r]) return HV_ERR_NOMEM;
        hv_status st = hv_file_walk(opt->roots[r], &s->found[r]);
        if (st != HV_OK) {
            set_error(errmsg, "%s: %s", opt->roots[r], hv_status_to_string(st));
            return st;
        }
        s->files_total += s->found[r].count;
    }
    return HV_OK;
}

#define THESAURUS_SUFFIX ".thes"
#define THESAURUS_MAX_BYTES (16u << 20)

static bool is_thesaurus_file(const char *path)
{
    size_t n = strlen(path), k = strlen(THESAURUS_SUFFIX);
    return n > k && strcmp(path + n - k, THESAURUS_SUFFIX) == 0;
}

/* Reads and checks the thesaurus before anything is written, so a broken
 * one stops the run with the index as it was. */
static hv_status load_thesaurus(build_state *s, char **text, size_t *len, char **errmsg)
{
    *text = NULL;
    const char *path = s->opt->thesaurus_path;
    for (size_t r = 0; !path && r < s->opt->n_roots; r++)
        for (size_t i = 0; !path && i < s->found[r].count; i++)
            if (is_thesaurus_file(s->found[r].files[i].path)) path = s->found[r].files[i].path;
    if (!path) return HV_OK;
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_error(errmsg, "%s: %s", path, strerror(errno));
        return HV_ERR_IO;
    }
    char *buf = malloc(THESAURUS_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, THESAURUS_MAX_BYTES + 1, f) : 0;
    fclose(f);
    if (!buf) return HV_ERR_NOMEM;
    if (n > THESAURUS_MAX_BYTES) {
        free(buf);
        set_error(errmsg, "%s: %s", path, "thesaurus larger than 16 MB");
        return HV_ERR_TOO_LARGE;
    }
    hv_thesaurus *th;
    char *why = NULL;
    hv_status st = hv_thesaurus_parse(s->analyzer, buf, n, &th, &why);
    if (st != HV_OK) {
        set_error(errmsg, "%s: %s", path, why ? why : hv_status_to_string(st));
        free(why);
        free(buf);
        return st;
    }
    s->sum->thesaurus_concepts = hv_thesaurus_concepts(th);
    hv_thesaurus_free(th);
    *text = buf;
    *len = n;
    return HV_OK;
}

/* Files read to make a new index's record dictionary, spread evenly over
 * all that was found so that every language and kind of file is in it;
 * and passages taken from each. */
#define DICT_SAMPLE_FILES 64
#define DICT_SAMPLE_PASSAGES 20

static hv_status sample_passages(build_state *s, hv_passage_record **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t total = s->files_total;
    if (total == 0) return HV_OK;
    size_t step = total > DICT_SAMPLE_FILES ? total / DICT_SAMPLE_FILES : 1;
    hv_passage_record *recs = calloc(DICT_SAMPLE_FILES * DICT_SAMPLE_PASSAGES, sizeof *recs);
    if (!recs) return HV_ERR_NOMEM;
    size_t n = 0;
    hv_status st = HV_OK;
    for (size_t k = 0, seen = 0; k < s->opt->n_roots && st == HV_OK; k++) {
        for (size_t i = 0; i < s->found[k].count && st == HV_OK; i++, seen++) {
            const hv_found_file *f = &s->found[k].files[i];
            if (seen % step != 0 ||
                n + DICT_SAMPLE_PASSAGES > DICT_SAMPLE_FILES * DICT_SAMPLE_PASSAGES ||
                hv_format_from_path(f->path) == HV_FORMAT_UNKNOWN)
                continue;
            /* read and split only: the records are all a dictionary needs,
             * and analysing the sample cost a tenth of a small build */
            hv_document doc;
            hv_status load = hv_document_load(f->path, s->opt->max_file_bytes, &doc);
            if (load == HV_ERR_NOMEM) st = load;
            if (load != HV_OK) continue; /* the indexing pass reports it */
            for (size_t j = 0; j < doc.n_passages && j < DICT_SAMPLE_PASSAGES && st == HV_OK; j++) {
                const hv_passage *p = &doc.passages[j];
                hv_passage_record *r = &recs[n];
                r->doc = strdup(f->doc);
                r->title = strdup(""); /* as the records leave it out */
                r->section = strdup(p->section);
                r->text = strdup(p->text);
                r->lang = p->lang;
                r->number = p->number;
                n++; /* freed with the others, even half-made */
                if (!r->doc || !r->title || !r->section || !r->text) st = HV_ERR_NOMEM;
            }
            hv_document_free(&doc);
        }
    }
    if (st != HV_OK) {
        for (size_t i = 0; i < n; i++)
            hv_passage_record_free(&recs[i]);
        free(recs);
        return st;
    }
    *out = recs;
    *n_out = n;
    return HV_OK;
}

/* Smaller dictionaries are not worth the bigger window. */
#define DICT_MIN_BYTES 1024

/* Records are packed against a dictionary that stays with the index: made
 * from samples when the index is new, read back from it on later runs. */
static hv_status use_record_dictionary(build_state *s, bool full_build)
{
    char *dict = NULL;
    size_t len = 0;
    hv_status st;
    if (full_build) {
        hv_passage_record *samples;
        size_t n;
        st = sample_passages(s, &samples, &n);
        if (st != HV_OK) return st;
        st = hv_record_dictionary_build(samples, n, &dict, &len);
        for (size_t i = 0; i < n; i++)
            hv_passage_record_free(&samples[i]);
        free(samples);
        if (st == HV_OK && len >= DICT_MIN_BYTES)
            st = hv_index_writer_set_metadata(s->writer, HV_META_RECORD_DICTIONARY, dict, len);
    } else {
        st = hv_index_writer_get_metadata(s->writer, HV_META_RECORD_DICTIONARY, &dict, &len);
    }
    hv_record_encoder *encoder = NULL;
    if (st == HV_OK && len >= DICT_MIN_BYTES)
        st = hv_record_encoder_new_with_dictionary(dict, len, &encoder);
    free(dict);
    if (encoder) {
        hv_record_encoder_free(s->encoder);
        s->encoder = encoder;
    }
    return st;
}

/* Fewer files than this are written by one writer: a second index to
 * merge costs more than it saves. */
#define PARALLEL_MIN_FILES 16
/* By default, less text than this is written by one writer too.  Merging
 * two indexes keeps two posting-list chunks for every word the halves
 * share, which weighs most in a small index: on the 10k-passage benchmark
 * corpus (11 MB) the second writer saved no time and made the index 4%
 * larger; at 32 MB it saved a tenth of the time for 2%, at 107 MB a fifth
 * for 0.6%. */
#define PARALLEL_MIN_BYTES (24ULL << 20)

unsigned hv_build_writers(unsigned requested, size_t n_files, unsigned long long total_bytes)
{
    if (n_files < PARALLEL_MIN_FILES) return 1;
    if (requested) return requested;
    return total_bytes >= PARALLEL_MIN_BYTES ? 2 : 1;
}

static unsigned long long bytes_found(const build_state *s)
{
    unsigned long long total = 0;
    for (size_t k = 0; k < s->opt->n_roots; k++)
        for (size_t i = 0; i < s->found[k].count; i++)
            total += (unsigned long long)s->found[k].files[i].size;
    return total;
}

/* *out (malloc'd) names a folder beside the index: its path + suffix. */
static hv_status beside_index(const build_state *s, const char *suffix, char **out)
{
    size_t n = strlen(s->opt->db_dir);
    while (n > 1 && s->opt->db_dir[n - 1] == '/')
        n--;
    if (asprintf(out, "%.*s%s", (int)n, s->opt->db_dir, suffix) < 0) {
        *out = NULL;
        return HV_ERR_NOMEM;
    }
    return HV_OK;
}

static hv_status open_shard(build_state *s, const char *fingerprint, char **errmsg)
{
    hv_status st = beside_index(s, ".writing", &s->shard_dir);
    if (st != HV_OK) return st;
    return hv_index_writer_open(s->shard_dir, fingerprint, true, &s->shard, errmsg);
}

/* The folder the passages go to: the index itself, or for a rebuild the
 * folder beside it (the index is held meanwhile). */
static hv_status open_writer(build_state *s, const char *fingerprint, char **errmsg)
{
    const hv_build_options *opt = s->opt;
    if (!opt->rebuild)
        return hv_index_writer_open(opt->db_dir, fingerprint, false, &s->writer, errmsg);
    hv_status st = hv_index_writer_open(opt->db_dir, NULL, false, &s->held, errmsg);
    if (st == HV_OK) st = beside_index(s, ".rebuilding", &s->rebuild_dir);
    if (st == HV_OK)
        st = hv_index_writer_open(s->rebuild_dir, fingerprint, true, &s->writer, errmsg);
    return st;
}

static hv_status close_shard(build_state *s, char **errmsg)
{
    hv_status st = commit_if_due(s, (sink){s->shard, &s->shard_pending}, true);
    if (st != HV_OK) set_error(errmsg, "%s: %s", s->shard_dir, hv_index_writer_error(s->shard));
    hv_status cst = hv_index_writer_close(s->shard);
    s->shard = NULL;
    return st != HV_OK ? st : cst;
}

static hv_status run(build_state *s, char **errmsg)
{
    const hv_build_options *opt = s->opt;
    hv_status st = walk_roots(s, errmsg);
    if (st != HV_OK) return st;
    char *thesaurus = NULL;
    size_t thesaurus_len = 0;
    st = load_thesaurus(s, &thesaurus, &thesaurus_len, errmsg);
    if (st != HV_OK) return st;

    char *fingerprint = NULL;
    st = hv_analysis_fingerprint(s->analyzer, &fingerprint);
    if (st != HV_OK) return st;
    st = open_writer(s, fingerprint, errmsg);
    if (st == HV_OK && thesaurus)
        st = hv_index_writer_set_metadata(s->writer, HV_META_THESAURUS, thesaurus, thesaurus_len);
    free(thesaurus);
    bool full_build = st == HV_OK && hv_index_writer_was_empty(s->writer);
    if (full_build) hv_compounds_read_ahead_start(&s->compounds);
    if (st == HV_OK && full_build &&
        hv_build_writers(opt->writers, s->files_total, bytes_found(s)) > 1)
        st = open_shard(s, fingerprint, errmsg);
    free(fingerprint);
    if (st != HV_OK) return st;

    sink main_sink = {s->writer, &s->pending};
    st = use_record_dictionary(s, full_build);
    if (st == HV_OK) st = index_files(s);
    if (st == HV_OK) st = hv_index_writer_each_file(s->writer, note_gone_file, s);
    for (size_t i = 0; i < s->n_gone && st == HV_OK; i++) {
        st = hv_index_writer_delete_file(s->writer, s->gone_docs[i]);
        if (st == HV_OK) s->sum->files_removed++;
    }
    if (st == HV_OK) st = commit_if_due(s, main_sink, true);
    if (st == HV_OK && s->shard) st = close_shard(s, errmsg);
    if (st != HV_OK) {
        if (errmsg && !*errmsg)
            set_error(errmsg, "%s: %s", opt->db_dir, hv_index_writer_error(s->writer));
        hv_index_writer_close(s->writer);
        s->writer = NULL;
        return st;
    }
    st = hv_index_writer_close(s->writer);
    s->writer = NULL;
    if (st != HV_OK) return st;
    show_progress(s, true);
    if (opt->progress) fputc('\n', stderr);

    /* a rebuild replaces the index even when it found no passage */
    if (s->rebuild_dir || (full_build && s->sum->passages_added > 0)) {
        const char *extra[1] = {s->shard_dir};
        const char *source = s->rebuild_dir ? s->rebuild_dir : opt->db_dir;
        st = hv_index_compact_into(source, extra, s->shard_dir ? 1 : 0, opt->db_dir, errmsg);
        if (st != HV_OK) return st;
        s->sum->compacted = true;
    }
    return HV_OK;
}

hv_status hv_build_run(const hv_build_options *opt, hv_build_summary *sum, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    memset(sum, 0, sizeof *sum);
    build_state s = {.opt = opt, .sum = sum, .start = now_s()};
    pthread_mutex_init(&s.count_lock, NULL);
    s.roots = calloc(opt->n_roots ? opt->n_roots : 1, sizeof *s.roots);
    s.found = calloc(opt->n_roots ? opt->n_roots : 1, sizeof *s.found);
    hv_status st = (s.roots && s.found) ? hv_analyzer_new(&s.analyzer) : HV_ERR_NOMEM;
    if (st == HV_OK) st = hv_record_encoder_new(&s.encoder);
    if (st == HV_OK) st = run(&s, errmsg);
    hv_compounds_read_ahead_join(&s.compounds);
    if (s.shard) hv_index_writer_close(s.shard);
    if (s.writer) hv_index_writer_close(s.writer);
    if (s.shard_dir) hv_remove_index(s.shard_dir);
    free(s.shard_dir);
    /* after the new index has taken its place, or after a failure that
     * leaves the old one as it was */
    if (s.held) hv_index_writer_close(s.held);
    if (s.rebuild_dir) hv_remove_index(s.rebuild_dir);
    free(s.rebuild_dir);
    pthread_mutex_destroy(&s.count_lock);
    sum->elapsed_s = now_s() - s.start;
    sum->index_bytes = dir_size(opt->db_dir);
    for (size_t r = 0; s.found && r < opt->n_roots; r++)
        hv_file_list_free(&s.found[r]);
    for (size_t r = 0; s.roots && r < opt->n_roots; r++)
        free(s.roots[r]);
    for (size_t i = 0; i < s.n_gone; i++)
        free(s.gone_docs[i]);
    free(s.gone_docs);
    free(s.roots);
    free(s.found);
    hv_analyzer_free(s.analyzer);
    hv_record_encoder_free(s.encoder);
    return st;
}

void hv_build_summary_print(const hv_build_summary *s, FILE *out)
{
    fprintf(out,
            "files: %zu indexed, %zu unchanged, %zu removed, %zu skipped, %zu failed\n"
            "passages: %zu added\n"
            "read: %.2f MB in %.2f s (%.2f MB/s)\n"
            "index: %.2f MB%s\n",
            s->files_indexed, s->files_unchanged, s->files_removed, s->files_skipped,
            s->files_failed, s->passages_added, s->bytes_read / 1e6, s->elapsed_s,
            s->elapsed_s > 0 ? s->bytes_read / 1e6 / s->elapsed_s : 0.0, s->index_bytes / 1e6,
            s->compacted ? " (compacted)" : "");
    if (s->thesaurus_concepts) fprintf(out, "thesaurus: %zu concepts\n", s->thesaurus_concepts);
}
