#include "prepared_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/hash.h"
#include "document.h"
#include "translation_links.h"

/* A file record: version, mtime, size, root and doc, separated by a byte
 * that cannot be typed into a file name by accident. */
#define RECORD_SEP '\x1f'
#define RECORD_VERSION "1"
static char *file_signature(const hv_found_file *f, const char *root)
{
    char *sig = NULL;
    if (asprintf(&sig, RECORD_VERSION "%c%lld.%09ld%c%lld%c%s%c", RECORD_SEP,
                 (long long)f->mtime.tv_sec, f->mtime.tv_nsec, RECORD_SEP, (long long)f->size,
                 RECORD_SEP, root, RECORD_SEP) < 0)
        return NULL;
    return sig;
}

bool hv_file_record_parse(const char *record, char **root, const char **doc)
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

static hv_status prepare_passage(hv_preparer *pr, const hv_found_file *f, const hv_document *doc,
                                 size_t i, size_t group, const char *group_langs,
                                 hv_prepared_passage *out)
{
    const hv_passage *p = &doc->passages[i];
    /* The title is the file's, stored once with it (index.h): in every
     * record it cost 1.6% of the index at 10k passages. */
    hv_passage_record rec = {.doc = f->doc,
                             .title = "",
                             .section = p->section,
                             .text = p->text,
                             .lang = p->lang,
                             .number = p->number};
    out->number = p->number;
    out->lang = p->lang;
    hv_term_list_init(&out->terms);
    hv_status st = hv_passage_record_encode_with(pr->encoder, &rec, &out->data, &out->data_len);
    hv_passage_fields fields = {
        .section = p->section, .title = doc->title, .text = p->text, .lang = p->lang};
    if (st == HV_OK) st = hv_analyze_passage(pr->analyzer, &fields, &out->terms);
    if (group != HV_NO_GROUP) {
        /* the file's own hash keeps group keys unique across files */
        out->linked = true;
        snprintf(out->group, sizeof out->group, "%zu:%016llx", group,
                 (unsigned long long)hv_hash(f->doc, strlen(f->doc)));
        memcpy(out->group_langs, group_langs, sizeof out->group_langs);
    }
    return st;
}

static hv_status prepare_document(hv_preparer *pr, const hv_found_file *f, const hv_document *doc,
                                  hv_prepared_file *out)
{
    size_t n = doc->n_passages ? doc->n_passages : 1;
    size_t *group = malloc(n * sizeof *group);
    char(*group_langs)[12] = malloc(n * sizeof *group_langs);
    out->passages = calloc(n, sizeof *out->passages);
    hv_status st = group && group_langs && out->passages ? HV_OK : HV_ERR_NOMEM;
    if (st == HV_OK) hv_link_translations(doc, group, group_langs);
    for (size_t i = 0; i < doc->n_passages && st == HV_OK; i++) {
        st = prepare_passage(pr, f, doc, i, group[i], group_langs[i], &out->passages[i]);
        out->n_passages++; /* freed with the file, even half-made */
    }
    free(group);
    free(group_langs);
    return st;
}

hv_status hv_prepare_file(hv_preparer *pr, const hv_found_file *f, const char *root,
                          const char *old_record, hv_prepared_file *out)
{
    memset(out, 0, sizeof *out);
    out->file = f;
    out->had_record = old_record != NULL;
    if (hv_format_from_path(f->path) == HV_FORMAT_UNKNOWN) {
        out->outcome = HV_PREP_UNSUPPORTED;
        out->why = HV_ERR_UNSUPPORTED;
        return HV_OK;
    }
    char *sig = file_signature(f, root);
    if (!sig) return HV_ERR_NOMEM;
    size_t sig_len = strlen(sig);
    if (old_record && strncmp(old_record, sig, sig_len) == 0 &&
        strcmp(old_record + sig_len, f->doc) == 0) {
        out->outcome = HV_PREP_UNCHANGED;
        free(sig);
        return HV_OK;
    }
    hv_document doc;
    hv_status load = hv_document_load(f->path, pr->max_file_bytes, &doc);
    if (load != HV_OK) {
        bool skip = load == HV_ERR_BINARY || load == HV_ERR_TOO_LARGE || load == HV_ERR_UNSUPPORTED;
        out->outcome = skip ? HV_PREP_SKIPPED : HV_PREP_FAILED;
        out->why = load;
        free(sig);
        return load == HV_ERR_NOMEM ? load : HV_OK;
    }
    out->outcome = HV_PREP_INDEX;
    out->encoding = doc.encoding;
    hv_status st = prepare_document(pr, f, &doc, out);
    if (st == HV_OK && !(out->title = strdup(doc.title))) st = HV_ERR_NOMEM;
    hv_document_free(&doc);
    if (st == HV_OK && asprintf(&out->record, "%s%s", sig, f->doc) < 0) {
        out->record = NULL;
        st = HV_ERR_NOMEM;
    }
    free(sig);
    return st;
}

void hv_prepared_file_free(hv_prepared_file *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n_passages; i++) {
        hv_term_list_free(&p->passages[i].terms);
        free(p->passages[i].data);
    }
    free(p->passages);
    free(p->record);
    free(p->title);
    memset(p, 0, sizeof *p);
}
