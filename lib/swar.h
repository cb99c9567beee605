/* Eight bytes at a time (SWAR): text is mostly ASCII, and byte-by-byte
 * loops over it were a good part of tokenizing and folding. */
#ifndef HV_SWAR_H
#define HV_SWAR_H

#include <stdint.h>
#include <string.h>

#define HV_SWAR_ONES 0x0101010101010101ULL
#define HV_SWAR_HIGH_BITS 0x8080808080808080ULL

static inline uint64_t hv_load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* The top bit of each byte of x that lies in [lo, hi] (ASCII bounds).
 * Adding to the low seven bits never carries into the next byte. */
static inline uint64_t hv_bytes_between(uint64_t x, unsigned char lo, unsigned char hi)
{
    uint64_t low7 = x & ~HV_SWAR_HIGH_BITS;
    uint64_t at_least_lo = low7 + HV_SWAR_ONES * (0x80 - lo);
    uint64_t above_hi = low7 + HV_SWAR_ONES * (0x7f - hi);
    return at_least_lo & ~above_hi & ~x & HV_SWAR_HIGH_BITS;
}

/* Eight ASCII bytes lowercased, any other byte left as it is. */
static inline uint64_t hv_ascii_lower8(uint64_t x)
{
    return x | hv_bytes_between(x, 'A', 'Z') >> 2;
}

#endif
