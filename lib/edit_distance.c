#include "edit_distance.h"

#include <stdint.h>

#include "utf8.h"

static size_t decode_all(const char *s, size_t len, int32_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n <= HV_EDIT_MAX_CHARS;) {
        i += hv_utf8_decode(s + i, len - i, &out[n]);
        n++;
    }
    return n;
}

unsigned hv_edit_allowance(size_t chars)
{
    return chars <= 4 ? 1 : 2;
}

unsigned hv_edit_distance(const char *a, size_t a_len, const char *b, size_t b_len, unsigned limit)
{
    int32_t x[HV_EDIT_MAX_CHARS + 1], y[HV_EDIT_MAX_CHARS + 1];
    size_t n = decode_all(a, a_len, x), m = decode_all(b, b_len, y);
    if (n > HV_EDIT_MAX_CHARS || m > HV_EDIT_MAX_CHARS) return limit + 1;
    size_t diff = n > m ? n - m : m - n;
    if (diff > limit) return limit + 1;
    /* three rolling rows: two back for the swap of neighbours */
    unsigned rows[3][HV_EDIT_MAX_CHARS + 1];
    unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (unsigned)i;
        unsigned row_min = cur[0];
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = x[i - 1] == y[j - 1] ? 0 : 1;
            unsigned best = prev[j - 1] + cost;
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
            if (best < row_min) row_min = best;
        }
        if (row_min > limit) return limit + 1;
        unsigned *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[m] > limit ? limit + 1 : prev[m];
}
