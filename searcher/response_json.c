#include "response_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/utf8.h"

/* jansson refuses strings that are not UTF-8; everything we emit passed
 * through sanitizing already, but a stored record could be damaged. */
static json_t *string_value(const char *s)
{
    if (!s) s = "";
    json_t *v = json_string(s);
    if (v) return v;
    char *clean;
    size_t len;
    if (hv_utf8_sanitize(s, strlen(s), &clean, &len) != HV_OK) return NULL;
    v = json_stringn(clean, len);
    free(clean);
    return v;
}

static int set(json_t *obj, const char *key, json_t *value)
{
    return value ? json_object_set_new(obj, key, value) : -1;
}

static hv_status dump(json_t *root, char **out)
{
    *out = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(root);
    return *out ? HV_OK : HV_ERR_NOMEM;
}

/* "ru,nl" as ["ru", "nl"] */
static json_t *language_list(const char *langs)
{
    json_t *list = json_array();
    const char *p = langs;
    while (list && *p) {
        size_t n = strcspn(p, ",");
        if (json_array_append_new(list, json_stringn(p, n))) {
            json_decref(list);
            return NULL;
        }
        p += n + (p[n] == ',');
    }
    return list;
}

static json_t *matches_json(const hv_search_hit *h)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < h->n_matched; i++) {
        json_t *m = json_object();
        if (!m || json_array_append_new(list, m) ||
            set(m, "word", string_value(h->matched[i].word)) ||
            set(m, "form", json_string(h->matched[i].form)) ||
            set(m, "via", json_string(h->matched[i].via))) {
            json_decref(list);
            return NULL;
        }
    }
    json_t *obj = list ? json_object() : NULL;
    if (obj && set(obj, "matched", list)) {
        json_decref(obj);
        return NULL;
    }
    if (obj && set(obj, "coverage", json_real(h->coverage))) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static json_t *explain_json(const hv_search_response *r)
{
    json_t *obj = json_object(), *list = json_array();
    int bad = !obj || !list;
    for (size_t i = 0; !bad && i < r->n_expansions; i++) {
        json_t *e = json_object();
        bad = !e || json_array_append_new(list, e) ||
              set(e, "source", string_value(r->expansions[i].source)) ||
              set(e, "from", string_value(r->expansions[i].from)) ||
              set(e, "to", string_value(r->expansions[i].to));
    }
    bad = bad || set(obj, "query", string_value(r->explain));
    bad = bad || json_object_set(obj, "expansions", list);
    json_decref(list);
    if (bad) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

hv_status hv_response_to_json(const hv_search_response *r, char **out)
{
    *out = NULL;
    json_t *root = json_object();
    json_t *hits = json_array();
    int bad = !root || !hits;
    bad = bad || set(root, "query", string_value(r->query));
    bad = bad || set(root, "total", json_integer((json_int_t)r->total));
    bad = bad || set(root, "took_ms", json_real(r->took_ms));
    for (size_t i = 0; !bad && i < r->n_hits; i++) {
        const hv_search_hit *h = &r->hits[i];
        json_t *hit = json_object();
        bad = !hit || json_array_append_new(hits, hit);
        bad = bad || set(hit, "rank", json_integer(h->rank));
        bad = bad || set(hit, "doc", string_value(h->doc));
        bad = bad || set(hit, "title", string_value(h->title));
        bad = bad || set(hit, "section", string_value(h->section));
        bad = bad || set(hit, "lang", json_string(hv_lang_code(h->lang)));
        bad = bad || set(hit, "score", json_real(h->score));
        bad = bad || set(hit, "n", json_integer(h->number));
        bad = bad || set(hit, "snippet", string_value(h->snippet));
        bad = bad || set(hit, "text", string_value(h->text));
        if (!bad && h->also_in) bad = set(hit, "also_in", language_list(h->also_in));
        if (!bad && h->matched) bad = set(hit, "explain", matches_json(h));
    }
    bad = bad || json_object_set(root, "hits", hits);
    if (!bad && r->error) bad = set(root, "error", string_value(r->error));
    if (!bad && r->truncated) bad = set(root, "truncated", json_true());
    if (!bad && r->incomplete) bad = set(root, "incomplete", json_true());
    if (!bad && r->corrected) {
        bad = set(root, "corrected", string_value(r->corrected));
        bad = bad || set(root, "corrected_applied", json_boolean(r->corrected_applied));
    }
    if (!bad && r->explain) bad = set(root, "explain", explain_json(r));
    json_decref(hits);
    if (bad) {
        json_decref(root);
        return HV_ERR_NOMEM;
    }
    return dump(root, out);
}

hv_status hv_error_json(const char *message, char **out)
{
    *out = NULL;
    json_t *root = json_object();
    if (!root || set(root, "error", string_value(message))) {
        json_decref(root);
        return HV_ERR_NOMEM;
    }
    return dump(root, out);
}
