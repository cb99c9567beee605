#include "response_text.h"

#include <string.h>

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
    if (r->incomplete)
        fprintf(out,
                "%sthe phrase was looked for in the best %d passages holding its words; "
                "there may be more%s\n",
                dim, HV_PHRASE_READ_BUDGET, reset);
    if (r->corrected)
        fprintf(out, "%s%s: %s%s%s\n", dim,
                r->corrected_applied ? "showing results for" : "did you mean", bold, r->corrected,
                reset);
    if (r->explain) {
        fprintf(out, "%squery: %s%s\n", dim, r->explain, reset);
        for (size_t i = 0; i < r->n_expansions; i++)
            fprintf(out, "%s%s: %s -> %s%s\n", dim, r->expansions[i].source, r->expansions[i].from,
                    r->expansions[i].to, reset);
    }
    for (size_t i = 0; i < r->n_hits; i++) {
        const hv_search_hit *h = &r->hits[i];
        fprintf(out, "\n%s%u. %s%s", bold, h->rank, *h->title ? h->title : h->doc, reset);
        if (*h->section && strcmp(h->section, h->title) != 0) fprintf(out, " — %s", h->section);
        fprintf(out, " %s[%s]%s", dim, *hv_lang_code(h->lang) ? hv_lang_code(h->lang) : "?", reset);
        if (h->also_in) fprintf(out, " %s(also in: %s)%s", dim, h->also_in, reset);
        fputc('\n', out);
        fprintf(out, "   %s\n", h->snippet);
        fprintf(out, "   %s%s #%u · score %.2f%s\n", dim, h->doc, h->number, h->score, reset);
        if (h->n_matched && h->coverage < 1.0)
            fprintf(out, "   %sanswers %.0f%% of the query (its words weighted by rarity)%s\n", dim,
                    h->coverage * 100.0, reset);
        if (h->n_matched) {
            fprintf(out, "   %smatched:", dim);
            for (size_t k = 0; k < h->n_matched; k++)
                fprintf(out, " %s (%s%s%s)", h->matched[k].word, h->matched[k].form,
                        strcmp(h->matched[k].via, "typed") ? ", " : "",
                        strcmp(h->matched[k].via, "typed") ? h->matched[k].via : "");
            fprintf(out, "%s\n", reset);
        }
    }
}
