#include "response_text.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

void hv_response_print_text(const hv_search_response *r, bool color, FILE *out)
{
    const char *bold = color ? BOLD : "", *dim = color ? DIM : "", *reset = color ? RESET : "";
    if (r->error) {
        fprintf(out, "error: %s\n", r->error);
        return;
    }
    fprintf(out, "%s%zu passage%s found in %.1f ms%s%s\n", dim, r->total, r->total == 1 ? "" : "s",
            r->took_ms, r->truncated ? " (query cut short)" : "", reset);
    for (size_t i = 0; i < r->n_hits; i++) {
        const hv_search_hit *h = &r->hits[i];
        fprintf(out, "\n%s%u. %s%s", bold, h->rank, *h->title ? h->title : h->doc, reset);
        if (*h->section) fprintf(out, " — %s", h->section);
        fprintf(out, " %s[%s]%s\n", dim, *hv_lang_code(h->lang) ? hv_lang_code(h->lang) : "?",
                reset);
        fprintf(out, "   %s\n", h->snippet);
        fprintf(out, "   %s%s #%u · score %.2f%s\n", dim, h->doc, h->number, h->score, reset);
    }
}
