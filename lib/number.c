#include "number.h"

bool hv_parse_count(const char *s, size_t len, unsigned long max, unsigned long *out)
{
    if (!s || len == 0) return false;
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        unsigned long digit = (unsigned long)(s[i] - '0');
        if (v > (max - digit) / 10) return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}
