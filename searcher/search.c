#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/analysis.h"
#include "../lib/index.h"
#include "../lib/query.h"
#include "../lib/thesaurus.h"
#include "../lib/tokenizer.h"
#include "../lib/utf8.h"

struct hv_searcher {
    hv_index_reader *reader;
    hv_analyzer *analyzer;
    hv_thesaurus *thesaurus; /* NULL when the index has none */
    hv_token_list tokens;
};

bool hv_features_parse(const char *list, unsigned *features)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"thesaurus", HV_FEATURE_THESAURUS}, {"proximity", HV_FEATURE_PROXIMITY}};
    *features = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        bool known = false;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i].name) == n && strncmp(p, names[i].name, n) == 0) {
                *features |= names[i].bit;
                known = true;
            }
        if (!known && n) return false;
        p += n;
        if (*p == ',') p++;
    }
    return true;
}

/* The thesaurus travels inside the index, so every reader of an index
 * expands queries the same way. */
static hv_status load_thesaurus(hv_searcher *s, char **errmsg)
{
    char *text;
    size_t len;
    hv_status st = hv_index_reader_get_metadata(s->reader, HV_META_THESAURUS, &text, &len);
    if (st != HV_OK || len == 0) {
        free(text);
        return st;
    }
    st = hv_thesaurus_parse(s->analyzer, text, len, &s->thesaurus, errmsg);
    free(text);
    return st;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

hv_status hv_searcher_open(const char *db_dir, hv_searcher **out, char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    hv_searcher *s = calloc(1, sizeof *s);
    if (!s) return HV_ERR_NOMEM;
    hv_token_list_init(&s->tokens);
    char *fingerprint = NULL;
    hv_status st = hv_analyzer_new(&s->analyzer);
    if (st == HV_OK) st = hv_analysis_fingerprint(s->analyzer, &fingerprint);
    if (st == HV_OK) st = hv_index_reader_open(db_dir, fingerprint, &s->reader, errmsg);
    if (st == HV_OK) st = load_thesaurus(s, errmsg);
    free(fingerprint);
    if (st != HV_OK) {
        hv_searcher_free(s);
        return st;
    }
    *out = s;
    return HV_OK;
}

void hv_searcher_free(hv_searcher *s)
{
    if (!s) return;
    hv_index_reader_free(s->reader);
    hv_thesaurus_free(s->thesaurus);
    hv_analyzer_free(s->analyzer);
    hv_token_list_free(&s->tokens);
    free(s);
}

const char *hv_searcher_error(const hv_searcher *s)
{
    return hv_index_reader_error(s->reader);
}

void hv_search_response_free(hv_search_response *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_hits; i++) {
        hv_search_hit *h = &r->hits[i];
        free(h->doc);
        free(h->title);
        free(h->section);
        free(h->snippet);
        free(h->text);
    }
    free(r->hits);
    free(r->query);
    free(r->error);
    memset(r, 0, sizeof *r);
}

static hv_status fail(hv_search_response *out, hv_status st, const char *message)
{
    free(out->error);
    out->error = strdup(message);
    return out->error ? st : HV_ERR_NOMEM;
}

static hv_status fill_hit(hv_searcher *s, const hv_search_request *req, const hv_parsed_query *q,
                          const hv_hit *hit, hv_search_hit *out)
{
    hv_passage_record rec;
    hv_status st = hv_passage_record_decode(hit->data, hit->data_len, &rec);
    if (st != HV_OK) return st;
    st = hv_snippet_make(s->analyzer, rec.text, strlen(rec.text), rec.lang, q, req->style,
                         &out->snippet);
    if (st != HV_OK) {
        hv_passage_record_free(&rec);
        return st;
    }
    out->score = hit->score;
    out->doc = rec.doc;
    out->title = rec.title;
    out->section = rec.section;
    out->text = rec.text;
    out->lang = rec.lang;
    out->number = rec.number;
    return HV_OK;
}

hv_status hv_searcher_search(hv_searcher *s, const hv_search_request *req,
                             hv_search_response *out)
{
    memset(out, 0, sizeof *out);
    double start = now_ms();
    size_t len = req->query_len;
    if (len > HV_QUERY_MAX_BYTES) {
        len = HV_QUERY_MAX_BYTES;
        out->truncated = true;
    }
    size_t clean_len;
    hv_status st = hv_utf8_sanitize(req->query, len, &out->query, &clean_len);
    if (st != HV_OK) return fail(out, st, "out of memory");

    hv_parsed_query *q = NULL;
    hv_query_options qopt = {
        .thesaurus = req->disabled & HV_FEATURE_THESAURUS ? NULL : s->thesaurus,
        .no_proximity = req->disabled & HV_FEATURE_PROXIMITY,
    };
    st = hv_query_parse_with(s->analyzer, &qopt, req->query, req->query_len, &q);
    if (st != HV_OK) return fail(out, st, hv_status_to_string(st));
    out->truncated = out->truncated || q->truncated;
    if (!q->root) {
        bool blank = true;
        for (size_t i = 0; i < clean_len && blank; i++)
            blank = strchr(" \t\r\n", out->query[i]) != NULL;
        hv_parsed_query_free(q);
        out->took_ms = now_ms() - start;
        return fail(out, HV_OK, blank ? "empty query" : "nothing to search for in this query");
    }

    unsigned limit = req->limit > HV_SEARCH_MAX_LIMIT ? HV_SEARCH_MAX_LIMIT : req->limit;
    hv_hit_list hits = {0};
    st = hv_index_reader_refresh(s->reader);
    if (st == HV_OK) st = hv_index_reader_search(s->reader, q, req->lang, req->offset, limit, &hits);
    if (st != HV_OK) {
        hv_parsed_query_free(q);
        out->took_ms = now_ms() - start;
        return fail(out, st, hv_index_reader_error(s->reader));
    }
    out->total = hits.total;
    if (hits.count) {
        out->hits = calloc(hits.count, sizeof *out->hits);
        if (!out->hits) st = HV_ERR_NOMEM;
    }
    for (size_t i = 0; i < hits.count && st == HV_OK; i++) {
        st = fill_hit(s, req, q, &hits.hits[i], &out->hits[out->n_hits]);
        if (st == HV_OK) {
            out->n_hits++;
            out->hits[out->n_hits - 1].rank = req->offset + out->n_hits;
        }
    }
    hv_hit_list_free(&hits);
    hv_parsed_query_free(q);
    out->took_ms = now_ms() - start;
    if (st != HV_OK) return fail(out, st, hv_status_to_string(st));
    return HV_OK;
}

void hv_passage_records_free(hv_passage_record *records, size_t n)
{
    for (size_t i = 0; i < n; i++) hv_passage_record_free(&records[i]);
    free(records);
}

hv_status hv_searcher_passages(hv_searcher *s, const char *doc, unsigned n, unsigned radius,
                               hv_passage_record **records, size_t *n_records)
{
    *records = NULL;
    *n_records = 0;
    unsigned first = n > radius ? n - radius : 0;
    size_t cap = (size_t)(n - first) + radius + 1;
    hv_passage_record *recs = calloc(cap, sizeof *recs);
    if (!recs) return HV_ERR_NOMEM;
    hv_status st = hv_index_reader_refresh(s->reader);
    size_t count = 0;
    for (unsigned i = first; st == HV_OK && i <= n + radius && i >= first; i++) {
        char *data;
        size_t data_len;
        st = hv_index_reader_passage(s->reader, doc, i, &data, &data_len);
        if (st == HV_ERR_NOT_FOUND && i != n) {
            st = HV_OK;
            continue;
        }
        if (st != HV_OK) break;
        st = hv_passage_record_decode(data, data_len, &recs[count]);
        free(data);
        if (st == HV_OK) count++;
    }
    if (st != HV_OK) {
        hv_passage_records_free(recs, count);
        return st;
    }
    *records = recs;
    *n_records = count;
    return HV_OK;
}

hv_status hv_searcher_suggest(hv_searcher *s, const char *text, size_t len, size_t max,
                              char ***words, size_t *n_words)
{
    *words = NULL;
    *n_words = 0;
    if (len > HV_QUERY_MAX_BYTES) len = HV_QUERY_MAX_BYTES;
    char *clean;
    size_t clean_len;
    hv_status st = hv_utf8_sanitize(text, len, &clean, &clean_len);
    if (st != HV_OK) return st;
    hv_token_list_clear(&s->tokens);
    st = hv_tokenize(clean, clean_len, &s->tokens);
    /* Only a word still being typed is completed, not one followed by a space. */
    if (st == HV_OK && s->tokens.count &&
        s->tokens.tokens[s->tokens.count - 1].end == clean_len) {
        const hv_token *last = &s->tokens.tokens[s->tokens.count - 1];
        st = hv_index_reader_refresh(s->reader);
        if (st == HV_OK)
            st = hv_index_reader_complete(s->reader, last->folded, max, words, n_words);
    }
    free(clean);
    return st;
}

hv_status hv_searcher_stats(hv_searcher *s, unsigned long *revision, unsigned long *passages)
{
    hv_index_stats stats;
    /* The daemon's health check should see the index as it is now. */
    hv_status st = hv_index_reader_refresh(s->reader);
    if (st == HV_OK) st = hv_index_reader_stats(s->reader, &stats);
    if (st != HV_OK) return st;
    *revision = stats.revision;
    *passages = stats.passages;
    return HV_OK;
}
