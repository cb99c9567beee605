/* FNV-1a, 64 bits: the one byte-string hash of the project (hash tables,
 * identifiers of long paths, translation groups, the analysis digest).
 * Not for anything an attacker may choose to collide on purpose. */
#ifndef HV_HASH_H
#define HV_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HV_HASH_SEED 14695981039346656037ULL

/* Continues hash h over data[0..len); start with HV_HASH_SEED. */
static inline uint64_t hv_hash_more(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static inline uint64_t hv_hash(const void *data, size_t len)
{
    return hv_hash_more(HV_HASH_SEED, data, len);
}

#ifdef __cplusplus
}
#endif

#endif
