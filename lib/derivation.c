#include "derivation.h"

#include <string.h>

bool hv_english_related_stem(const char *stem, size_t len, char *out)
{
    if (!stem || !out || len < HV_DERIVATION_MIN_STEM) return false;
    char vowel = stem[len - 2], last = stem[len - 1];
    if ((vowel != 'i' && vowel != 'u') || (last != 'd' && last != 's')) return false;
    memcpy(out, stem, len - 1);
    out[len - 1] = last == 'd' ? 's' : 'd';
    return true;
}
