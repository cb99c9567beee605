#include "index_build.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../lib/analysis.h"
#include "../lib/hash.h"
#include "../lib/index.h"
#include "../lib/passage_record.h"
#include "../lib/thesaurus.h"
#include "document.h"
#include "file_walk.h"
#include "translation_links.h"

/* Fields of a file record, kept in the index to tell changed files. The
 * separator cannot be typed into a file name by accident. */
#define RECORD_SEP '\x1f'
#define RECORD_VERSION "1"
/* Section headings weigh more than body text when ranking. */
#define HEADING_WEIGHT 2
#define PROGRESS_INTERVAL_S 0.25

typedef struct {
    const hv_build_options *opt;
    hv_build_summary *sum;
    hv_index_writer *writer;
    hv_analyzer *analyzer;
    hv_record_encoder *encoder;
    hv_term_list terms;
    size_t pending;      /* passages since the last commit */
    char **roots;        /* real paths of the roots */
    hv_file_list *found; /* per root */
    size_t files_total;
    double start, last_progress;
    char **gone_docs;
    size_t n_gone, cap_gone;
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

static char *file_signature(const hv_found_file *f, const char *root)
{
    char *sig = NULL;
    if (asprintf(&sig, RECORD_VERSION "%c%lld.%09ld%c%lld%c%s%c", RECORD_SEP,
                 (long long)f->mtime.tv_sec, f->mtime.tv_nsec, RECORD_SEP, (long long)f->size,
                 RECORD_SEP, root, RECORD_SEP) < 0)
        return NULL;
    return sig;
}

/* A record is the signature followed by the doc path. */
static bool record_unchanged(const char *record, const char *sig, const char *doc)
{
    size_t n = strlen(sig);
    return record && strncmp(record, sig, n) == 0 && strcmp(record + n, doc) == 0;
}

/* Splits a record into its root and doc; false when it is not ours. */
static bool record_parse(const char *record, char **root, const char **doc)
{
    const char *p = record;
    for (int field = 0; field < 3; field++) {
        p = strchr(p, RECORD_SEP);
        if (!p) return false;
        p++;
    }
    const char *end = strchr(p, RECORD_SEP);
    if (!end) return false;
    *root = strndup(p, end - p);
    *doc = end + 1;
    return *root != NULL;
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

static void report_file(build_state *s, const char *what, const hv_found_file *f, hv_status st)
{
    if (s->opt->progress) fputs("\r\033[K", stderr);
    fprintf(stderr, "haven-index: %s %s: %s\n", what, f->path, hv_status_to_string(st));
}

static hv_status commit_if_due(build_state *s, bool force)
{
    if (s->pending == 0 || (!force && s->pending < s->opt->batch_passages)) return HV_OK;
    hv_status st = hv_index_writer_commit(s->writer);
    if (st == HV_OK) s->pending = 0;
    return st;
}

static hv_status add_passage(build_state *s, const hv_found_file *f, const hv_document *doc,
                             size_t i, size_t group, const char *group_langs);

static hv_status add_document(build_state *s, const hv_found_file *f, const hv_document *doc)
{
    size_t n = doc->n_passages ? doc->n_passages : 1;
    size_t *group = malloc(n * sizeof *group);
    char(*group_langs)[12] = malloc(n * sizeof *group_langs);
    hv_status st = group && group_langs ? HV_OK : HV_ERR_NOMEM;
    if (st == HV_OK) hv_link_translations(doc, group, group_langs);
    for (size_t i = 0; i < doc->n_passages && st == HV_OK; i++)
        st = add_passage(s, f, doc, i, group[i], group_langs[i]);
    free(group);
    free(group_langs);
    return st;
}

static hv_status add_passage(build_state *s, const hv_found_file *f, const hv_document *doc,
                             size_t i, size_t group, const char *group_langs)
{
    const hv_passage *p = &doc->passages[i];
    hv_passage_record rec = {.doc = f->doc,
                             .title = doc->title,
                             .section = p->section,
                             .text = p->text,
                             .lang = p->lang,
                             .number = p->number};
    char *data;
    size_t data_len;
    hv_status st = hv_passage_record_encode_with(s->encoder, &rec, &data, &data_len);
    if (st != HV_OK) return st;
    hv_term_list_clear(&s->terms);
    unsigned pos = 1;
    st = hv_analyze_text(s->analyzer, p->section, strlen(p->section), p->lang, HEADING_WEIGHT, &pos,
                         &s->terms);
    pos += 1; /* a phrase must not run from the heading into the text */
    if (st == HV_OK)
        st = hv_analyze_text(s->analyzer, p->text, strlen(p->text), p->lang, 1, &pos, &s->terms);
    char key[64];
    hv_passage_links links = {.group = NULL, .langs = group_langs};
    if (group != HV_NO_GROUP) {
        /* the file's own id keeps group keys unique across files */
        snprintf(key, sizeof key, "%zu:%016llx", group,
                 (unsigned long long)hv_hash(f->doc, strlen(f->doc)));
        links.group = key;
    }
    if (st == HV_OK)
        st = hv_index_writer_add_passage(s->writer, f->doc, p->number, p->lang, &s->terms, &links,
                                         data, data_len);
    free(data);
    if (st != HV_OK) return st;
    s->pending++;
    s->sum->passages_added++;
    return HV_OK;
}

/* Returns a status only for errors of the index itself; a bad file is
 * counted and reported, and whatever was indexed of it before stays. */
static hv_status index_file(build_state *s, const hv_found_file *f, const char *root)
{
    s->sum->files_seen++;
    if (hv_format_from_path(f->path) == HV_FORMAT_UNKNOWN) {
        s->sum->files_skipped++;
        if (s->opt->verbose) report_file(s, "skipped", f, HV_ERR_UNSUPPORTED);
        return HV_OK;
    }
    char *sig = file_signature(f, root);
    if (!sig) return HV_ERR_NOMEM;
    char *old = NULL;
    hv_status st = hv_index_writer_get_file(s->writer, f->doc, &old);
    if (st == HV_OK && record_unchanged(old, sig, f->doc)) {
        s->sum->files_unchanged++;
        goto out;
    }
    if (st != HV_OK) goto out;

    hv_document doc;
    hv_status load = hv_document_load(f->path, s->opt->max_file_bytes, &doc);
    if (load != HV_OK) {
        bool skip = load == HV_ERR_BINARY || load == HV_ERR_TOO_LARGE || load == HV_ERR_UNSUPPORTED;
        if (skip)
            s->sum->files_skipped++;
        else
            s->sum->files_failed++;
        report_file(s, skip ? "skipped" : "failed to read", f, load);
        goto out;
    }
    s->sum->bytes_read += f->size;
    if (old) st = hv_index_writer_delete_file(s->writer, f->doc);
    if (st == HV_OK) st = add_document(s, f, &doc);
    hv_document_free(&doc);
    if (st == HV_OK) {
        char *record = NULL;
        if (asprintf(&record, "%s%s", sig, f->doc) < 0) {
            st = HV_ERR_NOMEM;
        } else {
            st = hv_index_writer_set_file(s->writer, f->doc, record);
            free(record);
        }
    }
    if (st == HV_OK) {
        s->sum->files_indexed++;
        st = commit_if_due(s, false);
    }
out:
    free(old);
    free(sig);
    show_progress(s, false);
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
    if (!record_parse(record, &root, &doc)) return true;
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
    st = hv_index_writer_open(opt->db_dir, fingerprint, opt->rebuild, &s->writer, errmsg);
    free(fingerprint);
    if (st == HV_OK && thesaurus)
        st = hv_index_writer_set_metadata(s->writer, HV_META_THESAURUS, thesaurus, thesaurus_len);
    free(thesaurus);
    if (st != HV_OK) return st;
    bool full_build = hv_index_writer_was_empty(s->writer);

    for (size_t r = 0; r < opt->n_roots && st == HV_OK; r++)
        for (size_t i = 0; i < s->found[r].count && st == HV_OK; i++)
            st = index_file(s, &s->found[r].files[i], s->roots[r]);
    if (st == HV_OK) st = hv_index_writer_each_file(s->writer, note_gone_file, s);
    for (size_t i = 0; i < s->n_gone && st == HV_OK; i++) {
        st = hv_index_writer_delete_file(s->writer, s->gone_docs[i]);
        if (st == HV_OK) s->sum->files_removed++;
    }
    if (st == HV_OK) st = commit_if_due(s, true);
    if (st != HV_OK) {
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

    if (full_build && s->sum->passages_added > 0) {
        st = hv_index_compact(opt->db_dir, errmsg);
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
    hv_term_list_init(&s.terms);
    s.roots = calloc(opt->n_roots ? opt->n_roots : 1, sizeof *s.roots);
    s.found = calloc(opt->n_roots ? opt->n_roots : 1, sizeof *s.found);
    hv_status st = (s.roots && s.found) ? hv_analyzer_new(&s.analyzer) : HV_ERR_NOMEM;
    if (st == HV_OK) st = hv_record_encoder_new(&s.encoder);
    if (st == HV_OK) st = run(&s, errmsg);
    if (s.writer) hv_index_writer_close(s.writer);
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
    hv_term_list_free(&s.terms);
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
