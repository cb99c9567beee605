#include "http_api.h"

#include "answer_cache.h"
#include "../lib/number.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/index.h"
#include "../lib/utf8.h"
#include "response_json.h"

bool hv_api_text_ok(const char *value, size_t len)
{
    return memchr(value, '\0', len) == NULL && hv_utf8_is_valid(value, len);
}

/* A non-negative decimal of at most 9 digits (no sign, no spaces). */
static bool parse_count(const char *s, size_t len, unsigned *out)
{
    unsigned long v;
    if (!hv_parse_count(s, len, 999999999, &v)) return false;
    *out = (unsigned)v;
    return true;
}

static const char *check_query(const char *q, size_t len)
{
    if (!hv_api_text_ok(q, len)) return "q must be UTF-8 text without NUL bytes";
    if (hv_utf8_length(q, len) > HV_API_MAX_QUERY_CHARS) return "q is longer than 1000 characters";
    return NULL;
}

static const char *check_lang(const char *code, size_t len, hv_lang *out)
{
    *out = HV_LANG_UNKNOWN;
    if (len == 0) return NULL;
    char buf[3];
    if (len != 2 || memchr(code, '\0', len)) return "lang must be nl, en, ru or empty";
    memcpy(buf, code, 2);
    buf[2] = '\0';
    *out = hv_lang_from_code(buf);
    return *out == HV_LANG_UNKNOWN ? "lang must be nl, en, ru or empty" : NULL;
}

static unsigned cap_limit(unsigned limit)
{
    return limit > HV_SEARCH_MAX_LIMIT ? HV_SEARCH_MAX_LIMIT : limit;
}

const char *hv_api_search_params_from_query(hv_api_param_fn param, void *ud,
                                            hv_api_search_params *out)
{
    memset(out, 0, sizeof *out);
    out->limit = HV_API_DEFAULT_LIMIT;
    size_t len;
    const char *v = param(ud, "q", &len);
    if (!v) return "missing parameter q";
    const char *why = check_query(v, len);
    if (why) return why;
    out->q = v;
    out->q_len = len;
    if ((v = param(ud, "limit", &len))) {
        if (!parse_count(v, len, &out->limit)) return "limit must be a number from 0 to 100";
        out->limit = cap_limit(out->limit);
    }
    if ((v = param(ud, "offset", &len))) {
        if (!parse_count(v, len, &out->offset) || out->offset > HV_API_MAX_OFFSET)
            return "offset must be a number from 0 to 1000000";
    }
    if ((v = param(ud, "explain", &len))) {
        if (len != 1 || (v[0] != '0' && v[0] != '1')) return "explain must be 0 or 1";
        out->explain = v[0] == '1';
    }
    if ((v = param(ud, "lang", &len))) return check_lang(v, len, &out->lang);
    return NULL;
}

static const char *json_count(json_t *root, const char *key, unsigned max, unsigned *out)
{
    json_t *v = json_object_get(root, key);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_integer(v) || json_integer_value(v) < 0) return "must be a whole number";
    json_int_t n = json_integer_value(v);
    *out = n > (json_int_t)max ? max + 1 : (unsigned)n;
    return NULL;
}

const char *hv_api_search_params_from_json(const char *body, size_t len, hv_api_search_params *out)
{
    memset(out, 0, sizeof *out);
    out->limit = HV_API_DEFAULT_LIMIT;
    json_error_t error;
    /* jansson refuses invalid UTF-8, and \u0000 unless asked to allow it. */
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
    if (!root) return "the body is not valid JSON";
    const char *why = NULL;
    json_t *q = json_object_get(root, "q");
    json_t *lang = json_object_get(root, "lang");
    json_t *explain = json_object_get(root, "explain");
    if (!json_is_object(root))
        why = "the body must be a JSON object";
    else if (!json_is_string(q))
        why = "missing string q";
    else if (json_count(root, "limit", 1000000000, &out->limit))
        why = "limit must be a number from 0 to 100";
    else if (json_count(root, "offset", HV_API_MAX_OFFSET, &out->offset) ||
             out->offset > HV_API_MAX_OFFSET)
        why = "offset must be a number from 0 to 1000000";
    else if (explain && !json_is_boolean(explain))
        why = "explain must be true or false";
    else if (lang && !json_is_null(lang) && !json_is_string(lang))
        why = "lang must be nl, en, ru or empty";
    else if (json_is_string(lang))
        why = check_lang(json_string_value(lang), json_string_length(lang), &out->lang);
    if (!why) why = check_query(json_string_value(q), json_string_length(q));
    if (!why) out->explain = json_is_true(explain);
    if (!why) {
        out->q_len = json_string_length(q);
        out->owned = malloc(out->q_len + 1);
        if (out->owned) {
            memcpy(out->owned, json_string_value(q), out->q_len + 1);
            out->q = out->owned;
        } else {
            why = "out of memory";
        }
    }
    out->limit = cap_limit(out->limit);
    json_decref(root);
    return why;
}

static void answer_json(hv_api_answer *out, unsigned status, json_t *root)
{
    out->status = status;
    out->body = root ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    out->body_len = out->body ? strlen(out->body) : 0;
    json_decref(root);
}

static void answer_error(hv_api_answer *out, unsigned status, const char *message)
{
    out->status = status;
    out->body = NULL;
    hv_error_json(message, &out->body);
    out->body_len = out->body ? strlen(out->body) : 0;
}

/* The request in canonical form: equal keys, equal answers. */
static char *cache_key(const hv_api_search_params *p, size_t *len)
{
    char *key = NULL;
    int n = asprintf(&key, "%u|%u|%d|%d|%.*s", p->limit, p->offset, (int)p->lang, (int)p->explain,
                     (int)p->q_len, p->q);
    if (n < 0) return NULL;
    *len = (size_t)n;
    return key;
}

static void handle_search(hv_searcher *s, hv_answer_cache *cache, const hv_api_request *req,
                          hv_api_answer *out)
{
    hv_api_search_params p;
    const char *why = req->post
                          ? hv_api_search_params_from_json(req->body, req->body_len, &p)
                          : hv_api_search_params_from_query(req->param, req->param_userdata, &p);
    if (why) {
        free(p.owned);
        answer_error(out, 400, why);
        return;
    }
    if (!s) {
        free(p.owned);
        answer_error(out, 503, "the index is not available");
        return;
    }
    unsigned long revision = 0, passages;
    size_t key_len = 0, cached_len;
    char *key = cache ? cache_key(&p, &key_len) : NULL;
    const char *cached = NULL;
    if (key && hv_searcher_stats(s, &revision, &passages) == HV_OK)
        cached = hv_answer_cache_get(cache, key, key_len, revision, &cached_len);
    if (cached) {
        out->status = 200;
        /* kept with its terminator */
        out->body = malloc(cached_len);
        if (out->body) memcpy(out->body, cached, cached_len);
        out->body_len = out->body ? cached_len - 1 : 0;
        free(key);
        free(p.owned);
        return;
    }
    hv_snippet_style style = {.max_chars = HV_SNIPPET_CHARS,
                              .mark_open = "<mark>",
                              .mark_close = "</mark>",
                              .html_escape = true};
    hv_search_request sr = {.query = p.q,
                            .query_len = p.q_len,
                            .offset = p.offset,
                            .limit = p.limit,
                            .lang = p.lang,
                            .style = &style,
                            .explain = p.explain};
    hv_search_response resp;
    hv_status st = hv_searcher_search(s, &sr, &resp);
    free(p.owned);
    if (st != HV_OK) {
        /* Index trouble; the message comes from the index, never the query. */
        answer_error(out, 500, resp.error ? resp.error : hv_status_to_string(st));
    } else {
        out->status = 200;
        out->body = NULL;
        hv_response_to_json(&resp, &out->body);
        out->body_len = out->body ? strlen(out->body) : 0;
        /* took_ms in a kept answer says how long the first answer took */
        if (key && revision && out->body)
            hv_answer_cache_put(cache, key, key_len, revision, out->body, out->body_len + 1);
    }
    free(key);
    hv_search_response_free(&resp);
}

static void handle_suggest(hv_searcher *s, const hv_api_request *req, hv_api_answer *out)
{
    size_t len;
    const char *q = req->param(req->param_userdata, "q", &len);
    const char *why = q ? check_query(q, len) : "missing parameter q";
    if (why) {
        answer_error(out, 400, why);
        return;
    }
    if (!s) {
        answer_error(out, 503, "the index is not available");
        return;
    }
    char **words;
    size_t n;
    hv_status st = hv_searcher_suggest(s, q, len, HV_API_MAX_SUGGESTIONS, &words, &n);
    if (st != HV_OK) {
        answer_error(out, 500, hv_status_to_string(st));
        return;
    }
    json_t *root = json_object();
    json_t *list = json_array();
    bool bad = !root || !list || json_object_set_new(root, "q", json_stringn(q, len));
    for (size_t i = 0; !bad && i < n; i++) {
        json_t *w = json_string(words[i]);
        /* A damaged index entry is left out rather than failing the answer. */
        if (w) bad = json_array_append_new(list, w) != 0;
    }
    hv_string_array_free(words, n);
    if (!bad) {
        bad = json_object_set_new(root, "suggestions", list) != 0;
        list = NULL;
    }
    json_decref(list);
    if (bad) {
        json_decref(root);
        root = NULL;
    }
    answer_json(out, 200, root);
}

static bool set_string(json_t *obj, const char *key, const char *value)
{
    json_t *v = json_string(value ? value : "");
    if (!v) {
        char *clean;
        size_t len;
        if (hv_utf8_sanitize(value, strlen(value), &clean, &len) != HV_OK) return false;
        v = json_stringn(clean, len);
        free(clean);
    }
    return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *passages_json(const char *doc, const hv_passage_record *recs, size_t n,
                             unsigned wanted)
{
    json_t *root = json_object();
    json_t *list = json_array();
    const char *title = "";
    for (size_t i = 0; i < n; i++)
        if (recs[i].number == wanted) title = recs[i].title;
    bool ok = root && list && set_string(root, "doc", doc) && set_string(root, "title", title);
    for (size_t i = 0; ok && i < n; i++) {
        json_t *p = json_object();
        ok = p && json_array_append_new(list, p) == 0;
        ok = ok && json_object_set_new(p, "n", json_integer(recs[i].number)) == 0;
        ok = ok && set_string(p, "section", recs[i].section);
        ok = ok && set_string(p, "lang", hv_lang_code(recs[i].lang));
        ok = ok && set_string(p, "text", recs[i].text);
    }
    if (ok) {
        ok = json_object_set_new(root, "passages", list) == 0;
        list = NULL;
    }
    json_decref(list);
    if (!ok) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* Document paths are relative to the indexed root and never this long. */
#define MAX_DOC_BYTES 4096

static void handle_passage(hv_searcher *s, const hv_api_request *req, hv_api_answer *out)
{
    size_t doc_len, n_len;
    const char *doc = req->param(req->param_userdata, "doc", &doc_len);
    const char *n_text = req->param(req->param_userdata, "n", &n_len);
    unsigned n;
    if (!doc || !doc_len || doc_len > MAX_DOC_BYTES || !hv_api_text_ok(doc, doc_len)) {
        answer_error(out, 400, "doc must be a document path");
        return;
    }
    if (!n_text || !parse_count(n_text, n_len, &n)) {
        answer_error(out, 400, "n must be a passage number");
        return;
    }
    if (!s) {
        answer_error(out, 503, "the index is not available");
        return;
    }
    /* The lookup's value need not be NUL-terminated where it ends. */
    char *doc_z = strndup(doc, doc_len);
    if (!doc_z) {
        answer_error(out, 500, "out of memory");
        return;
    }
    hv_passage_record *recs;
    size_t count;
    hv_status st = hv_searcher_passages(s, doc_z, n, HV_API_PASSAGE_RADIUS, &recs, &count);
    if (st == HV_ERR_NOT_FOUND) {
        answer_error(out, 404, "no such passage");
    } else if (st != HV_OK) {
        answer_error(out, 500, hv_status_to_string(st));
    } else {
        answer_json(out, 200, passages_json(doc_z, recs, count, n));
        hv_passage_records_free(recs, count);
    }
    free(doc_z);
}

static void handle_health(hv_searcher *s, double uptime_s, hv_api_answer *out)
{
    unsigned long revision, passages;
    if (!s) {
        answer_error(out, 503, "the index is not available");
        return;
    }
    hv_status st = hv_searcher_stats(s, &revision, &passages);
    if (st != HV_OK) {
        answer_error(out, 503, hv_status_to_string(st));
        return;
    }
    json_t *root =
        json_pack("{s:s, s:I, s:I, s:f}", "status", "ok", "revision", (json_int_t)revision,
                  "passages", (json_int_t)passages, "uptime_s", uptime_s);
    answer_json(out, 200, root);
}

void hv_api_handle(hv_searcher *searcher, hv_answer_cache *cache, double uptime_s,
                   const hv_api_request *req, hv_api_answer *out)
{
    switch (req->endpoint) {
    case HV_ENDPOINT_SEARCH:
        handle_search(searcher, cache, req, out);
        break;
    case HV_ENDPOINT_SUGGEST:
        handle_suggest(searcher, req, out);
        break;
    case HV_ENDPOINT_PASSAGE:
        handle_passage(searcher, req, out);
        break;
    case HV_ENDPOINT_HEALTH:
        handle_health(searcher, uptime_s, out);
        break;
    default:
        answer_error(out, 404, "no such API endpoint");
        break;
    }
    if (!out->body) out->status = 500;
}
