#include "passage_record.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define FORMAT_ZLIB 1
/* Packed against a dictionary: raw deflate (no zlib header, whose check of
 * the dictionary would checksum all 32 KiB of it for every record), with
 * the dictionary's identity in front instead. */
#define FORMAT_RAW_DICT 3

typedef struct {
    unsigned char *p;
    size_t len, cap;
} byte_buf;

static int buf_reserve(byte_buf *b, size_t extra)
{
    if (b->len + extra <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra)
        cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

static int put_varint(byte_buf *b, uint64_t v)
{
    if (buf_reserve(b, 10)) return -1;
    do {
        unsigned char byte = v & 0x7f;
        v >>= 7;
        b->p[b->len++] = byte | (v ? 0x80 : 0);
    } while (v);
    return 0;
}

static int put_string(byte_buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (put_varint(b, n) || buf_reserve(b, n)) return -1;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*p >= end) return -1;
        unsigned char byte = *(*p)++;
        result |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *v = result;
            return 0;
        }
    }
    return -1;
}

static int get_string(const unsigned char **p, const unsigned char *end, char **out)
{
    uint64_t n;
    if (get_varint(p, end, &n) || n > (uint64_t)(end - *p)) return -1;
    char *s = malloc(n + 1);
    if (!s) return -1;
    memcpy(s, *p, n);
    s[n] = '\0';
    *p += n;
    *out = s;
    return 0;
}

/* Passages are short: a 4 KiB window and a small hash table compress them
 * as well as the defaults do, and cost far less to reset. */
#define WINDOW_BITS 12
#define MEM_LEVEL 5
/* A dictionary is only of use inside the window: the whole 32 KiB. */
#define DICT_WINDOW_BITS 15
#define DICT_MEM_LEVEL 8

struct hv_record_encoder {
    z_stream zs;
    /* With a dictionary: a stream that has taken it in, copied for each
     * record.  Taking 32 KiB in means hashing all of it, which cost more
     * than compressing the record; a copy is a few memcpy. */
    z_stream primed;
    bool zs_live; /* zs holds a copy of primed to release */
    unsigned char *dict;
    size_t dict_len;
    uint32_t dict_id;
};

static uint32_t dictionary_id(const char *bytes, size_t len)
{
    return (uint32_t)adler32(adler32(0, Z_NULL, 0), (const Bytef *)bytes, (uInt)len);
}

void hv_record_dictionary_init(hv_record_dictionary *d, const char *bytes, size_t len)
{
    d->bytes = len ? bytes : NULL;
    d->len = len;
    d->id = len ? dictionary_id(bytes, len) : 0;
}

hv_status hv_record_encoder_new_with_dictionary(const char *dict, size_t len,
                                                hv_record_encoder **out)
{
    *out = NULL;
    if (len > HV_RECORD_DICT_MAX || (len && !dict)) return HV_ERR_INVALID_ARGUMENT;
    hv_record_encoder *e = calloc(1, sizeof *e);
    if (!e) return HV_ERR_NOMEM;
    if (len) {
        e->dict = malloc(len);
        if (!e->dict) {
            free(e);
            return HV_ERR_NOMEM;
        }
        memcpy(e->dict, dict, len);
        e->dict_len = len;
        e->dict_id = dictionary_id(dict, len);
    }
    z_stream *first = len ? &e->primed : &e->zs;
    if (deflateInit2(first, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
                     len ? -DICT_WINDOW_BITS : WINDOW_BITS, len ? DICT_MEM_LEVEL : MEM_LEVEL,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        free(e->dict);
        free(e);
        return HV_ERR_NOMEM;
    }
    if (len && deflateSetDictionary(&e->primed, e->dict, (uInt)len) != Z_OK) {
        deflateEnd(&e->primed);
        free(e->dict);
        free(e);
        return HV_ERR_INTERNAL;
    }
    e->zs_live = !len;
    *out = e;
    return HV_OK;
}

hv_status hv_record_encoder_new(hv_record_encoder **out)
{
    return hv_record_encoder_new_with_dictionary(NULL, 0, out);
}

void hv_record_encoder_free(hv_record_encoder *e)
{
    if (!e) return;
    if (e->zs_live) deflateEnd(&e->zs);
    if (e->dict_len) deflateEnd(&e->primed);
    free(e->dict);
    free(e);
}

static hv_status deflate_into(hv_record_encoder *e, const unsigned char *in, size_t len,
                              unsigned char *out, size_t cap, size_t *out_len)
{
    if (e->dict_len) {
        if (e->zs_live) deflateEnd(&e->zs);
        e->zs_live = deflateCopy(&e->zs, &e->primed) == Z_OK;
        if (!e->zs_live) return HV_ERR_NOMEM;
    } else if (deflateReset(&e->zs) != Z_OK) {
        return HV_ERR_INTERNAL;
    }
    e->zs.next_in = (unsigned char *)in;
    e->zs.avail_in = (uInt)len;
    e->zs.next_out = out;
    e->zs.avail_out = (uInt)cap;
    if (deflate(&e->zs, Z_FINISH) != Z_STREAM_END) return HV_ERR_INTERNAL;
    *out_len = cap - e->zs.avail_out;
    return HV_OK;
}

static int unpacked_form(const hv_passage_record *r, byte_buf *raw)
{
    if (put_varint(raw, r->number) || buf_reserve(raw, 1)) return -1;
    raw->p[raw->len++] = (unsigned char)r->lang;
    return put_string(raw, r->doc) || put_string(raw, r->title) || put_string(raw, r->section) ||
           put_string(raw, r->text);
}

/* Each sample gives an equal share of the dictionary, its first bytes (the
 * file's name, title and heading, then the text).  Deflate codes near
 * matches cheaper than far ones, and later samples sit nearer. */
hv_status hv_record_dictionary_build(const hv_passage_record *samples, size_t n, char **dict,
                                     size_t *len)
{
    *dict = NULL;
    *len = 0;
    if (n == 0) return HV_OK;
    size_t share = HV_RECORD_DICT_MAX / n;
    if (share == 0) share = 1;
    byte_buf out = {0};
    for (size_t i = 0; i < n && out.len < HV_RECORD_DICT_MAX; i++) {
        byte_buf raw = {0};
        if (unpacked_form(&samples[i], &raw)) {
            free(raw.p);
            free(out.p);
            return HV_ERR_NOMEM;
        }
        size_t take = raw.len < share ? raw.len : share;
        if (take > HV_RECORD_DICT_MAX - out.len) take = HV_RECORD_DICT_MAX - out.len;
        if (buf_reserve(&out, take)) {
            free(raw.p);
            free(out.p);
            return HV_ERR_NOMEM;
        }
        memcpy(out.p + out.len, raw.p, take);
        out.len += take;
        free(raw.p);
    }
    *dict = (char *)out.p;
    *len = out.len;
    return HV_OK;
}

hv_status hv_passage_record_encode(const hv_passage_record *r, char **out, size_t *out_len)
{
    hv_record_encoder *e;
    hv_status st = hv_record_encoder_new(&e);
    if (st != HV_OK) return st;
    st = hv_passage_record_encode_with(e, r, out, out_len);
    hv_record_encoder_free(e);
    return st;
}

hv_status hv_passage_record_encode_with(hv_record_encoder *e, const hv_passage_record *r,
                                        char **out, size_t *out_len)
{
    if (!e) return hv_passage_record_encode(r, out, out_len);
    *out = NULL;
    *out_len = 0;
    byte_buf raw = {0};
    if (unpacked_form(r, &raw)) goto nomem;

    byte_buf packed = {0};
    uLong bound = deflateBound(&e->zs, raw.len);
    if (buf_reserve(&packed, 11 + bound)) goto nomem;
    packed.p[packed.len++] = e->dict_len ? FORMAT_RAW_DICT : FORMAT_ZLIB;
    for (int k = 0; e->dict_len && k < 4; k++)
        packed.p[packed.len++] = (unsigned char)(e->dict_id >> (8 * k));
    put_varint(&packed, raw.len);
    size_t zlen;
    hv_status st = deflate_into(e, raw.p, raw.len, packed.p + packed.len, bound, &zlen);
    if (st != HV_OK) {
        free(packed.p);
        free(raw.p);
        return st;
    }
    packed.len += zlen;
    free(raw.p);
    *out = (char *)packed.p;
    *out_len = packed.len;
    return HV_OK;
nomem:
    free(raw.p);
    return HV_ERR_NOMEM;
}

/* Inflation state kept between records: each record on its own would set
 * up a stream (a 7 KiB state, a 32 KiB window) and tear it down again.
 *
 * Every record against a dictionary starts by copying the 32 KiB
 * dictionary into the stream's window.  On AMD Zen that copy (rep movsb)
 * is about 15 times slower when the window starts 8 to 24 bytes past the
 * dictionary's offset in a 4 KiB page: 15 us instead of 0.8 us, twice
 * the cost of the rest of the record.  Where malloc puts the two decides,
 * so both are kept at 64-byte boundaries here, which never meet that. */
struct hv_record_decoder {
    z_stream raw;  /* raw deflate, for records packed against a dictionary */
    z_stream zlib; /* zlib format, for records packed without */
    bool raw_live, zlib_live;
    /* a 64-byte aligned copy of the dictionary last used, and what it is a
     * copy of */
    unsigned char *dict;
    const char *dict_source;
    size_t dict_len;
    uint32_t dict_id;
};

#define ALIGNMENT 64

static voidpf aligned_zalloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    size_t n = (size_t)items * size;
    return aligned_alloc(ALIGNMENT, (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
}

static void aligned_zfree(voidpf opaque, voidpf p)
{
    (void)opaque;
    free(p);
}

hv_status hv_record_decoder_new(hv_record_decoder **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? HV_OK : HV_ERR_NOMEM;
}

void hv_record_decoder_free(hv_record_decoder *d)
{
    if (!d) return;
    if (d->raw_live) inflateEnd(&d->raw);
    if (d->zlib_live) inflateEnd(&d->zlib);
    free(d->dict);
    free(d);
}

/* The decoder's stream for a format, initialised when first needed and
 * reset after that. */
static z_stream *ready_stream(hv_record_decoder *d, bool raw)
{
    z_stream *zs = raw ? &d->raw : &d->zlib;
    bool *live = raw ? &d->raw_live : &d->zlib_live;
    if (*live) return inflateReset(zs) == Z_OK ? zs : NULL;
    memset(zs, 0, sizeof *zs);
    zs->zalloc = aligned_zalloc;
    zs->zfree = aligned_zfree;
    if ((raw ? inflateInit2(zs, -DICT_WINDOW_BITS) : inflateInit(zs)) != Z_OK) return NULL;
    *live = true;
    return zs;
}

/* The decoder's aligned copy of dict, made when dict is not the one it
 * copied last. */
static const unsigned char *aligned_dictionary(hv_record_decoder *d,
                                               const hv_record_dictionary *dict)
{
    if (d->dict && d->dict_source == dict->bytes && d->dict_len == dict->len &&
        d->dict_id == dict->id)
        return d->dict;
    free(d->dict);
    d->dict = aligned_zalloc(NULL, (uInt)dict->len, 1);
    if (!d->dict) return NULL;
    memcpy(d->dict, dict->bytes, dict->len);
    d->dict_source = dict->bytes;
    d->dict_len = dict->len;
    d->dict_id = dict->id;
    return d->dict;
}

/* zlib decodes in its fast loop only while 258 bytes of output room are
 * left (the longest match): without room beyond the record, the last 258
 * bytes of each went through the slow one. */
#define INFLATE_SLACK 258

/* Inflates src into dst[0..dst_len), which it must fill exactly; dst has
 * INFLATE_SLACK bytes more room.  Raw deflate against dict when dict is
 * given. */
static hv_status inflate_exact(hv_record_decoder *d, const hv_record_dictionary *dict,
                               const unsigned char *src, size_t src_len, unsigned char *dst,
                               size_t dst_len)
{
    z_stream *zs = ready_stream(d, dict != NULL);
    if (!zs) return HV_ERR_NOMEM;
    if (dict) {
        const unsigned char *bytes = aligned_dictionary(d, dict);
        if (!bytes) return HV_ERR_NOMEM;
        if (inflateSetDictionary(zs, bytes, (uInt)dict->len) != Z_OK) return HV_ERR_CORRUPT;
    }
    zs->next_in = (unsigned char *)src;
    zs->avail_in = (uInt)src_len;
    zs->next_out = dst;
    zs->avail_out = (uInt)(dst_len + INFLATE_SLACK);
    int rc = inflate(zs, Z_FINISH);
    return rc == Z_STREAM_END && zs->avail_out == INFLATE_SLACK ? HV_OK : HV_ERR_CORRUPT;
}

hv_status hv_passage_record_decode(const char *data, size_t len, hv_passage_record *r)
{
    return hv_passage_record_decode_with(NULL, data, len, r);
}

hv_status hv_passage_record_decode_with(const hv_record_dictionary *dict, const char *data,
                                        size_t len, hv_passage_record *r)
{
    hv_record_decoder *d;
    hv_status st = hv_record_decoder_new(&d);
    if (st != HV_OK) {
        memset(r, 0, sizeof *r);
        return st;
    }
    st = hv_record_decoder_decode(d, dict, data, len, r);
    hv_record_decoder_free(d);
    return st;
}

hv_status hv_record_decoder_decode(hv_record_decoder *d, const hv_record_dictionary *dict,
                                   const char *data, size_t len, hv_passage_record *r)
{
    memset(r, 0, sizeof *r);
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    uint64_t raw_len;
    if (len < 2) return HV_ERR_CORRUPT;
    unsigned char format = *p++;
    if (format == FORMAT_RAW_DICT) {
        if (end - p < 4 || !dict || !dict->len) return HV_ERR_CORRUPT;
        uint32_t id =
            (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        if (id != dict->id) return HV_ERR_CORRUPT;
        p += 4;
    } else if (format != FORMAT_ZLIB) {
        return HV_ERR_CORRUPT;
    }
    if (get_varint(&p, end, &raw_len) || raw_len > HV_RECORD_MAX_UNPACKED) return HV_ERR_CORRUPT;
    unsigned char *raw = malloc(raw_len + INFLATE_SLACK);
    if (!raw) return HV_ERR_NOMEM;
    hv_status ist = inflate_exact(d, format == FORMAT_RAW_DICT ? dict : NULL, p, (size_t)(end - p),
                                  raw, raw_len);
    if (ist != HV_OK) {
        free(raw);
        return ist;
    }
    const unsigned char *q = raw, *qend = raw + raw_len;
    uint64_t number;
    hv_status st = HV_ERR_CORRUPT;
    if (get_varint(&q, qend, &number) || number > UINT32_MAX || q >= qend) goto out;
    r->number = (unsigned)number;
    r->lang = *q < HV_LANG_COUNT ? (hv_lang)*q : HV_LANG_UNKNOWN;
    q++;
    if (get_string(&q, qend, &r->doc) || get_string(&q, qend, &r->title) ||
        get_string(&q, qend, &r->section) || get_string(&q, qend, &r->text)) {
        hv_passage_record_free(r);
        goto out;
    }
    st = HV_OK;
out:
    free(raw);
    return st;
}

void hv_passage_record_free(hv_passage_record *r)
{
    if (!r) return;
    free(r->doc);
    free(r->title);
    free(r->section);
    free(r->text);
    r->doc = r->title = r->section = r->text = NULL;
}
