#include "passage_record.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#define ZDICT_STATIC_LINKING_ONLY /* fastCover with set parameters */
#include <zdict.h>
#include <zstd.h>
#include <zstd_errors.h>

/* Formats 1 and 3 are zlib's, written by the indexer before zstd
 * (2026-12-07) and still read.  3 and 5 are packed against a dictionary
 * and carry its identity. */
#define FORMAT_ZLIB 1
#define FORMAT_RAW_DICT 3 /* raw deflate, no zlib header */
#define FORMAT_ZSTD 4
#define FORMAT_ZSTD_DICT 5

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

/* zstd level 4: at 10k passages of the scale corpus, level 6 packed records
 * 7% smaller but took four times as long, and zlib's default level, against
 * a 32 KiB dictionary, packed them 23% larger in nine times as long. */
#define ZSTD_LEVEL 4
/* Records of indexes made before zstd: raw deflate against a dictionary
 * looks back 32 KiB at most. */
#define DICT_WINDOW_BITS 15

struct hv_record_encoder {
    ZSTD_CCtx *cctx;
    ZSTD_CDict *cdict; /* NULL without a dictionary */
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
    e->cctx = ZSTD_createCCtx();
    hv_status st = e->cctx ? HV_OK : HV_ERR_NOMEM;
    /* the record states its length itself; the checksum (4 bytes) is what
     * tells a damaged record from another text of the same length */
    if (st == HV_OK &&
        (ZSTD_isError(ZSTD_CCtx_setParameter(e->cctx, ZSTD_c_contentSizeFlag, 0)) ||
         ZSTD_isError(ZSTD_CCtx_setParameter(e->cctx, ZSTD_c_dictIDFlag, 0)) ||
         ZSTD_isError(ZSTD_CCtx_setParameter(e->cctx, ZSTD_c_checksumFlag, 1)) ||
         ZSTD_isError(ZSTD_CCtx_setParameter(e->cctx, ZSTD_c_compressionLevel, ZSTD_LEVEL))))
        st = HV_ERR_INTERNAL;
    if (st == HV_OK && len) {
        /* a trained dictionary, or any bytes as raw content */
        e->cdict = ZSTD_createCDict(dict, len, ZSTD_LEVEL);
        if (!e->cdict)
            st = HV_ERR_NOMEM;
        else if (ZSTD_isError(ZSTD_CCtx_refCDict(e->cctx, e->cdict)))
            st = HV_ERR_INTERNAL;
        e->dict_id = dictionary_id(dict, len);
    }
    if (st != HV_OK) {
        hv_record_encoder_free(e);
        return st;
    }
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
    ZSTD_freeCCtx(e->cctx);
    ZSTD_freeCDict(e->cdict);
    free(e);
}

static int unpacked_form(const hv_passage_record *r, byte_buf *raw)
{
    if (put_varint(raw, r->number) || buf_reserve(raw, 1)) return -1;
    raw->p[raw->len++] = (unsigned char)r->lang;
    return put_string(raw, r->doc) || put_string(raw, r->title) || put_string(raw, r->section) ||
           put_string(raw, r->text);
}

/* Without samples enough to train on, the samples' own first bytes are the
 * dictionary: each gives an equal share (the file's name and heading, then
 * the text). */
static hv_status dictionary_of_pieces(const byte_buf *all, const size_t *sizes, size_t n,
                                      char **dict, size_t *len)
{
    size_t share = HV_RECORD_RAW_DICT_MAX / n;
    if (share == 0) share = 1;
    byte_buf out = {0};
    size_t at = 0;
    for (size_t i = 0; i < n && out.len < HV_RECORD_RAW_DICT_MAX; at += sizes[i], i++) {
        size_t take = sizes[i] < share ? sizes[i] : share;
        if (take > HV_RECORD_RAW_DICT_MAX - out.len) take = HV_RECORD_RAW_DICT_MAX - out.len;
        if (buf_reserve(&out, take)) {
            free(out.p);
            return HV_ERR_NOMEM;
        }
        memcpy(out.p + out.len, all->p + at, take);
        out.len += take;
    }
    *dict = (char *)out.p;
    *len = out.len;
    return HV_OK;
}

/* fastCover with fixed settings: the same samples give the same dictionary,
 * in a twentieth of a second for 1.3 MB of samples (ZDICT_trainFromBuffer,
 * which tries several settings, took 0.2 s for a dictionary 1% better). */
static size_t train(char *dict, size_t cap, const byte_buf *all, const size_t *sizes, size_t n)
{
    ZDICT_fastCover_params_t p;
    memset(&p, 0, sizeof p);
    p.k = 200;
    p.d = 8;
    p.f = 20;
    p.accel = 1;
    p.zParams.compressionLevel = ZSTD_LEVEL;
    return ZDICT_trainFromBuffer_fastCover(dict, cap, all->p, sizes, (unsigned)n, p);
}

hv_status hv_record_dictionary_build(const hv_passage_record *samples, size_t n, char **dict,
                                     size_t *len)
{
    *dict = NULL;
    *len = 0;
    if (n == 0) return HV_OK;
    byte_buf all = {0};
    size_t *sizes = malloc(n * sizeof *sizes);
    hv_status st = sizes ? HV_OK : HV_ERR_NOMEM;
    for (size_t i = 0; st == HV_OK && i < n; i++) {
        size_t before = all.len;
        if (unpacked_form(&samples[i], &all)) st = HV_ERR_NOMEM;
        sizes[i] = all.len - before;
    }
    /* a dictionary larger than a quarter of what it is made from mostly
     * repeats it */
    size_t cap = all.len / 4 < HV_RECORD_DICT_MAX ? all.len / 4 : HV_RECORD_DICT_MAX;
    char *trained = st == HV_OK && cap >= HV_RECORD_DICT_MIN_TRAINED ? malloc(cap) : NULL;
    size_t got = trained ? train(trained, cap, &all, sizes, n) : 0;
    if (trained && !ZDICT_isError(got) && got >= HV_RECORD_DICT_MIN_TRAINED) {
        *dict = trained;
        *len = got;
    } else {
        free(trained);
        if (st == HV_OK) st = dictionary_of_pieces(&all, sizes, n, dict, len);
    }
    free(all.p);
    free(sizes);
    return st;
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
    byte_buf packed = {0};
    size_t bound = 0;
    if (unpacked_form(r, &raw)) goto nomem;
    bound = ZSTD_compressBound(raw.len);
    if (buf_reserve(&packed, 15 + bound)) goto nomem;
    packed.p[packed.len++] = e->cdict ? FORMAT_ZSTD_DICT : FORMAT_ZSTD;
    for (int k = 0; e->cdict && k < 4; k++)
        packed.p[packed.len++] = (unsigned char)(e->dict_id >> (8 * k));
    put_varint(&packed, raw.len);
    size_t zlen = ZSTD_compress2(e->cctx, packed.p + packed.len, bound, raw.p, raw.len);
    free(raw.p);
    if (ZSTD_isError(zlen)) {
        free(packed.p);
        return HV_ERR_INTERNAL;
    }
    packed.len += zlen;
    *out = (char *)packed.p;
    *out_len = packed.len;
    return HV_OK;
nomem:
    free(raw.p);
    free(packed.p);
    return HV_ERR_NOMEM;
}

/* Decompression state kept between records: a zstd context, and the
 * dictionary made ready for it once (ZSTD_createDDict copies and parses
 * it), not for every record.
 *
 * For the zlib records of older indexes: each record on its own would set
 * up a stream (a 7 KiB state, a 32 KiB window) and tear it down again.
 * Every record against a dictionary starts by copying the 32 KiB
 * dictionary into the stream's window.  On AMD Zen that copy (rep movsb)
 * is about 15 times slower when the window starts 8 to 24 bytes past the
 * dictionary's offset in a 4 KiB page: 15 us instead of 0.8 us, twice
 * the cost of the rest of the record.  Where malloc puts the two decides,
 * so both are kept at 64-byte boundaries here, which never meet that. */
struct hv_record_decoder {
    ZSTD_DCtx *dctx;
    ZSTD_DDict *ddict;
    z_stream raw;  /* raw deflate, for records packed against a dictionary */
    z_stream zlib; /* zlib format, for records packed without */
    bool raw_live, zlib_live;
    /* the dictionary ddict and dict were made from */
    const char *dict_source;
    size_t dict_len;
    uint32_t dict_id;
    /* a 64-byte aligned copy of it, for zlib */
    unsigned char *dict;
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
    ZSTD_freeDCtx(d->dctx);
    ZSTD_freeDDict(d->ddict);
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

/* Whether the decoder's ready dictionary is dict; when not, what it held
 * is dropped. */
static bool holds_dictionary(hv_record_decoder *d, const hv_record_dictionary *dict)
{
    if (d->dict_source == dict->bytes && d->dict_len == dict->len && d->dict_id == dict->id)
        return true;
    ZSTD_freeDDict(d->ddict);
    d->ddict = NULL;
    free(d->dict);
    d->dict = NULL;
    d->dict_source = dict->bytes;
    d->dict_len = dict->len;
    d->dict_id = dict->id;
    return false;
}

static const ZSTD_DDict *ready_ddict(hv_record_decoder *d, const hv_record_dictionary *dict)
{
    if (!holds_dictionary(d, dict) || !d->ddict)
        d->ddict = ZSTD_createDDict(dict->bytes, dict->len);
    return d->ddict;
}

/* The decoder's aligned copy of dict, for zlib. */
static const unsigned char *aligned_dictionary(hv_record_decoder *d,
                                               const hv_record_dictionary *dict)
{
    if (holds_dictionary(d, dict) && d->dict) return d->dict;
    d->dict = aligned_zalloc(NULL, (uInt)dict->len, 1);
    if (!d->dict) return NULL;
    memcpy(d->dict, dict->bytes, dict->len);
    return d->dict;
}

/* Unpacks a zstd frame into dst[0..dst_len), which it must fill exactly. */
static hv_status unzstd_exact(hv_record_decoder *d, const hv_record_dictionary *dict,
                              const unsigned char *src, size_t src_len, unsigned char *dst,
                              size_t dst_len)
{
    if (!d->dctx && !(d->dctx = ZSTD_createDCtx())) return HV_ERR_NOMEM;
    size_t got;
    if (dict) {
        const ZSTD_DDict *dd = ready_ddict(d, dict);
        if (!dd) return HV_ERR_NOMEM;
        got = ZSTD_decompress_usingDDict(d->dctx, dst, dst_len, src, src_len, dd);
    } else {
        got = ZSTD_decompressDCtx(d->dctx, dst, dst_len, src, src_len);
    }
    if (ZSTD_isError(got) && ZSTD_getErrorCode(got) == ZSTD_error_memory_allocation)
        return HV_ERR_NOMEM;
    return !ZSTD_isError(got) && got == dst_len ? HV_OK : HV_ERR_CORRUPT;
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
    bool with_dict = format == FORMAT_RAW_DICT || format == FORMAT_ZSTD_DICT;
    if (with_dict) {
        if (end - p < 4 || !dict || !dict->len) return HV_ERR_CORRUPT;
        uint32_t id =
            (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        if (id != dict->id) return HV_ERR_CORRUPT;
        p += 4;
    } else if (format != FORMAT_ZLIB && format != FORMAT_ZSTD) {
        return HV_ERR_CORRUPT;
    }
    if (get_varint(&p, end, &raw_len) || raw_len > HV_RECORD_MAX_UNPACKED) return HV_ERR_CORRUPT;
    unsigned char *raw = malloc(raw_len + INFLATE_SLACK);
    if (!raw) return HV_ERR_NOMEM;
    const hv_record_dictionary *used = with_dict ? dict : NULL;
    hv_status ist = format >= FORMAT_ZSTD
                        ? unzstd_exact(d, used, p, (size_t)(end - p), raw, raw_len)
                        : inflate_exact(d, used, p, (size_t)(end - p), raw, raw_len);
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
