#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "passage_record.h"

static void round_trip(void **state)
{
    (void)state;
    hv_passage_record in = {.doc = "nl/opvang.txt",
                            .title = "Opvang",
                            .section = "3.2 Einde van de opvang",
                            .text = "Wie erkend is, verlaat het opvangcentrum binnen twee maanden. "
                                    "Объём пособия её не касается.",
                            .lang = HV_LANG_NL,
                            .number = 300000};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    hv_passage_record out;
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_OK);
    assert_string_equal(out.doc, in.doc);
    assert_string_equal(out.title, in.title);
    assert_string_equal(out.section, in.section);
    assert_string_equal(out.text, in.text);
    assert_int_equal(out.lang, HV_LANG_NL);
    assert_int_equal(out.number, 300000);
    hv_passage_record_free(&out);
    free(data);
}

static void null_strings_become_empty(void **state)
{
    (void)state;
    hv_passage_record in = {.doc = "a.txt", .text = "x"};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    hv_passage_record out;
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_OK);
    assert_string_equal(out.title, "");
    assert_string_equal(out.section, "");
    hv_passage_record_free(&out);
    free(data);
}

static void text_is_compressed(void **state)
{
    (void)state;
    size_t n = 20000;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        text[i] = "opvang en bescherming "[i % 22];
    text[n] = '\0';
    hv_passage_record in = {.doc = "d", .text = text};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    assert_true(len < n / 10);
    free(data);
    free(text);
}

static void damaged_data_is_refused(void **state)
{
    (void)state;
    hv_passage_record in = {.doc = "nl/a.txt", .title = "t", .section = "s", .text = "tekst"};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    hv_passage_record out;
    /* every truncation and a flipped byte in the compressed stream */
    for (size_t cut = 0; cut < len; cut++)
        assert_int_equal(hv_passage_record_decode(data, cut, &out), HV_ERR_CORRUPT);
    data[len - 1] ^= 0x55;
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_ERR_CORRUPT);
    data[0] = 9; /* unknown format */
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_ERR_CORRUPT);
    free(data);
    const char huge[] = {1, (char)0xff, (char)0xff, (char)0xff, (char)0xff, 0x0f};
    assert_int_equal(hv_passage_record_decode(huge, sizeof huge, &out), HV_ERR_CORRUPT);
}

/* A record whose stated unpacked length is not what its stream holds, a
 * little or more than a little off either way, is refused. */
static void wrong_unpacked_length_is_refused(void **state)
{
    (void)state;
    char text[1200];
    for (size_t i = 0; i + 1 < sizeof text; i++)
        text[i] = "abcdefghij klmnop "[(i * 7) % 18];
    text[sizeof text - 1] = '\0';
    hv_passage_record in = {.doc = "d", .text = text};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&in, &data, &len), HV_OK);
    /* format byte, then the length as a varint, then the stream */
    uint64_t stated = 0;
    size_t at = 1;
    for (int shift = 0;; shift += 7) {
        stated |= (uint64_t)(data[at] & 0x7f) << shift;
        if (!(data[at++] & 0x80)) break;
    }
    const long offsets[] = {-300, -1, 1, 300};
    for (size_t k = 0; k < sizeof offsets / sizeof *offsets; k++) {
        uint64_t v = stated + (uint64_t)offsets[k];
        char *bad = malloc(len + 10);
        size_t n = 0;
        bad[n++] = data[0];
        do {
            bad[n++] = (char)((v & 0x7f) | (v >> 7 ? 0x80 : 0));
            v >>= 7;
        } while (v);
        memcpy(bad + n, data + at, len - at);
        n += len - at;
        hv_passage_record out;
        assert_int_equal(hv_passage_record_decode(bad, n, &out), HV_ERR_CORRUPT);
        free(bad);
    }
    hv_passage_record out;
    assert_int_equal(hv_passage_record_decode(data, len, &out), HV_OK);
    assert_string_equal(out.text, text);
    hv_passage_record_free(&out);
    free(data);
}

static const char *const sample_texts[] = {
    "De verzoeker om internationale bescherming heeft recht op opvang in een opvangcentrum van "
    "Fedasil of een partner, zolang de procedure loopt.",
    "The applicant for international protection has a right to reception in a Fedasil centre "
    "for as long as the procedure lasts.",
    "Заявитель имеет право на приём в центре Fedasil, пока идёт процедура.",
};

static hv_passage_record sample(size_t i)
{
    return (hv_passage_record){.doc = "nl/opvang.txt",
                               .title = "Opvang tijdens de procedure",
                               .section = "Recht op opvang",
                               .text = (char *)sample_texts[i % 3],
                               .lang = HV_LANG_NL,
                               .number = (unsigned)i};
}

static void dictionary_packs_smaller_and_is_needed(void **state)
{
    (void)state;
    hv_passage_record samples[3] = {sample(0), sample(1), sample(2)};
    char *dict;
    size_t dict_len;
    assert_int_equal(hv_record_dictionary_build(samples, 3, &dict, &dict_len), HV_OK);
    assert_non_null(dict);
    assert_true(dict_len > 100 && dict_len <= HV_RECORD_DICT_MAX);
    hv_record_encoder *plain, *with;
    assert_int_equal(hv_record_encoder_new(&plain), HV_OK);
    assert_int_equal(hv_record_encoder_new_with_dictionary(dict, dict_len, &with), HV_OK);
    hv_passage_record in = sample(4); /* like the samples, not one of them */
    in.text = "Wie erkend is als vluchteling, verlaat het opvangcentrum van Fedasil binnen "
              "twee maanden; zolang de procedure loopt, blijft het recht op opvang.";
    char *a, *b;
    size_t alen, blen;
    assert_int_equal(hv_passage_record_encode_with(plain, &in, &a, &alen), HV_OK);
    assert_int_equal(hv_passage_record_encode_with(with, &in, &b, &blen), HV_OK);
    assert_true(blen < alen);

    hv_passage_record out;
    hv_record_dictionary d;
    hv_record_dictionary_init(&d, dict, dict_len);
    assert_int_equal(hv_passage_record_decode_with(&d, b, blen, &out), HV_OK);
    assert_string_equal(out.text, in.text);
    assert_string_equal(out.section, in.section);
    hv_passage_record_free(&out);
    /* records without a dictionary still decode where there is one */
    assert_int_equal(hv_passage_record_decode_with(&d, a, alen, &out), HV_OK);
    assert_string_equal(out.text, in.text);
    hv_passage_record_free(&out);
    /* without it, or with another one, the record is refused, not garbled */
    assert_int_equal(hv_passage_record_decode(b, blen, &out), HV_ERR_CORRUPT);
    char other[64];
    memset(other, 'x', sizeof other);
    hv_record_dictionary o;
    hv_record_dictionary_init(&o, other, sizeof other);
    assert_int_equal(hv_passage_record_decode_with(&o, b, blen, &out), HV_ERR_CORRUPT);
    /* the same length, one byte changed: still another dictionary */
    dict[dict_len / 2] ^= 1;
    hv_record_dictionary_init(&o, dict, dict_len);
    assert_int_equal(hv_passage_record_decode_with(&o, b, blen, &out), HV_ERR_CORRUPT);
    dict[dict_len / 2] ^= 1;
    assert_null(out.text);

    free(dict);
    assert_int_equal(hv_record_dictionary_build(samples, 0, &dict, &dict_len), HV_OK);
    assert_null(dict);
    free(a);
    free(b);
    hv_record_encoder_free(plain);
    hv_record_encoder_free(with);
}

/* An encoder packs record after record against its dictionary: each
 * record comes out as a fresh encoder would pack it. */
static void encoder_reused_packs_each_record_alike(void **state)
{
    (void)state;
    hv_passage_record samples[3] = {sample(0), sample(1), sample(2)};
    char *dict;
    size_t dict_len;
    assert_int_equal(hv_record_dictionary_build(samples, 3, &dict, &dict_len), HV_OK);
    hv_record_dictionary d;
    hv_record_dictionary_init(&d, dict, dict_len);
    hv_record_encoder *reused;
    assert_int_equal(hv_record_encoder_new_with_dictionary(dict, dict_len, &reused), HV_OK);
    for (size_t i = 0; i < 6; i++) {
        hv_passage_record in = sample(i);
        char *a, *b;
        size_t alen, blen;
        hv_record_encoder *fresh;
        assert_int_equal(hv_record_encoder_new_with_dictionary(dict, dict_len, &fresh), HV_OK);
        assert_int_equal(hv_passage_record_encode_with(reused, &in, &a, &alen), HV_OK);
        assert_int_equal(hv_passage_record_encode_with(fresh, &in, &b, &blen), HV_OK);
        assert_int_equal(alen, blen);
        assert_memory_equal(a, b, alen);
        hv_passage_record out;
        assert_int_equal(hv_passage_record_decode_with(&d, a, alen, &out), HV_OK);
        assert_string_equal(out.text, in.text);
        assert_int_equal(out.number, i);
        hv_passage_record_free(&out);
        hv_record_encoder_free(fresh);
        free(a);
        free(b);
    }
    hv_record_encoder_free(reused);
    free(dict);
}

/* One decoder reads record after record, with and without the
 * dictionary, and goes on after a damaged one or a change of dictionary. */
static void decoder_reused_decodes_each_record(void **state)
{
    (void)state;
    hv_passage_record samples[3] = {sample(0), sample(1), sample(2)};
    char *dict;
    size_t dict_len;
    assert_int_equal(hv_record_dictionary_build(samples, 3, &dict, &dict_len), HV_OK);
    hv_record_dictionary d;
    hv_record_dictionary_init(&d, dict, dict_len);
    hv_record_encoder *with, *plain;
    assert_int_equal(hv_record_encoder_new_with_dictionary(dict, dict_len, &with), HV_OK);
    assert_int_equal(hv_record_encoder_new(&plain), HV_OK);
    hv_record_decoder *decoder;
    assert_int_equal(hv_record_decoder_new(&decoder), HV_OK);
    for (size_t i = 0; i < 8; i++) {
        hv_passage_record in = sample(i);
        char *data;
        size_t len;
        assert_int_equal(hv_passage_record_encode_with(i % 3 ? with : plain, &in, &data, &len),
                         HV_OK);
        hv_passage_record out;
        if (i == 4) {
            /* a damaged record is refused; the next one decodes */
            data[len - 1] ^= 0x55;
            assert_int_equal(hv_record_decoder_decode(decoder, &d, data, len, &out),
                             HV_ERR_CORRUPT);
            data[len - 1] ^= 0x55;
        }
        if (i == 5) {
            /* another dictionary of the same length and place: refused */
            dict[dict_len / 2] ^= 1;
            hv_record_dictionary o;
            hv_record_dictionary_init(&o, dict, dict_len);
            assert_int_equal(hv_record_decoder_decode(decoder, &o, data, len, &out),
                             HV_ERR_CORRUPT);
            dict[dict_len / 2] ^= 1;
        }
        assert_int_equal(hv_record_decoder_decode(decoder, &d, data, len, &out), HV_OK);
        assert_string_equal(out.text, in.text);
        assert_string_equal(out.doc, in.doc);
        assert_int_equal(out.number, i);
        hv_passage_record_free(&out);
        free(data);
    }
    hv_record_decoder_free(decoder);
    hv_record_encoder_free(with);
    hv_record_encoder_free(plain);
    free(dict);
}

/* Sample records of many passages, as an indexer takes them: sentences of
 * three languages, mixed. */
static hv_passage_record *many_samples(size_t n)
{
    static const char *const words[] = {
        "verzoeker", "bescherming", "opvang", "Fedasil",   "procedure", "applicant", "protection",
        "reception", "centre",      "lasts",  "заявитель", "процедура", "право",     "приём",
        "de",        "het",         "the",    "of",        "и",         "в"};
    hv_passage_record *s = calloc(n, sizeof *s);
    unsigned seed = 7;
    for (size_t i = 0; i < n; i++) {
        char *text = malloc(2000);
        size_t at = 0;
        for (int w = 0; w < 120; w++) {
            seed = seed * 1103515245u + 12345u;
            at += (size_t)sprintf(text + at, "%s ", words[(seed >> 16) % 20]);
        }
        text[at ? at - 1 : 0] = '\0';
        s[i] = (hv_passage_record){.doc = strdup("nl/opvang.txt"),
                                   .title = strdup(""),
                                   .section = strdup("Recht op opvang"),
                                   .text = text,
                                   .lang = HV_LANG_NL,
                                   .number = (unsigned)i};
    }
    return s;
}

static void free_samples(hv_passage_record *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        hv_passage_record_free(&s[i]);
    free(s);
}

/* With samples enough, the dictionary is one zstd trained (its magic
 * number first), no larger than a quarter of them, the same every time,
 * and records pack smaller against it than against pieces of the
 * samples. */
static void dictionary_is_trained_from_enough_samples(void **state)
{
    (void)state;
    size_t n = 300;
    hv_passage_record *s = many_samples(n);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(s[i].text) + strlen(s[i].doc) + strlen(s[i].section) + 8;
    char *dict, *again;
    size_t len, again_len;
    assert_int_equal(hv_record_dictionary_build(s, n, &dict, &len), HV_OK);
    assert_true(len >= HV_RECORD_DICT_MIN_TRAINED && len <= total / 4);
    assert_true(len <= HV_RECORD_DICT_MAX);
    const unsigned char magic[4] = {0x37, 0xa4, 0x30, 0xec};
    assert_memory_equal(dict, magic, 4);
    assert_int_equal(hv_record_dictionary_build(s, n, &again, &again_len), HV_OK);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, dict, len);
    /* pieces: what too few samples give */
    char *pieces;
    size_t pieces_len;
    assert_int_equal(hv_record_dictionary_build(s, 3, &pieces, &pieces_len), HV_OK);
    assert_true(pieces_len <= HV_RECORD_RAW_DICT_MAX);
    assert_false(memcmp(pieces, magic, 4) == 0);

    hv_record_encoder *trained, *raw;
    assert_int_equal(hv_record_encoder_new_with_dictionary(dict, len, &trained), HV_OK);
    assert_int_equal(hv_record_encoder_new_with_dictionary(pieces, pieces_len, &raw), HV_OK);
    hv_record_dictionary d;
    hv_record_dictionary_init(&d, dict, len);
    hv_passage_record *fresh = many_samples(n + 20);
    size_t with_trained = 0, with_pieces = 0;
    for (size_t i = n; i < n + 20; i++) { /* records that are not samples */
        char *a, *b;
        size_t alen, blen;
        assert_int_equal(hv_passage_record_encode_with(trained, &fresh[i], &a, &alen), HV_OK);
        assert_int_equal(hv_passage_record_encode_with(raw, &fresh[i], &b, &blen), HV_OK);
        with_trained += alen;
        with_pieces += blen;
        hv_passage_record out;
        assert_int_equal(hv_passage_record_decode_with(&d, a, alen, &out), HV_OK);
        assert_string_equal(out.text, fresh[i].text);
        hv_passage_record_free(&out);
        free(a);
        free(b);
    }
    assert_true(with_trained < with_pieces);
    hv_record_encoder_free(trained);
    hv_record_encoder_free(raw);
    free_samples(fresh, n + 20);
    free_samples(s, n);
    free(dict);
    free(again);
    free(pieces);
}

/* A damaged byte inside the compressed text is caught by the checksum,
 * where it would otherwise decode to another text of the same length. */
static void damage_inside_the_text_is_refused(void **state)
{
    (void)state;
    hv_passage_record *s = many_samples(1);
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&s[0], &data, &len), HV_OK);
    hv_passage_record out;
    size_t refused = 0, tried = 0;
    for (size_t at = len / 3; at < len - 4; at += 7, tried++) {
        data[at] ^= 0x20;
        hv_status st = hv_passage_record_decode(data, len, &out);
        if (st == HV_OK) {
            /* only what the damage cannot change: none of it */
            assert_string_equal(out.text, s[0].text);
            hv_passage_record_free(&out);
        } else {
            assert_int_equal(st, HV_ERR_CORRUPT);
            refused++;
        }
        data[at] ^= 0x20;
    }
    assert_true(tried > 5);
    assert_int_equal(refused, tried);
    free(data);
    free_samples(s, 1);
}

/* Unpacked form, as the record layout gives it. */
static size_t unpacked(const hv_passage_record *r, unsigned char *out)
{
    size_t n = 0;
    unsigned v = r->number;
    do {
        out[n++] = (unsigned char)((v & 0x7f) | (v >> 7 ? 0x80 : 0));
        v >>= 7;
    } while (v);
    out[n++] = (unsigned char)r->lang;
    const char *parts[4] = {r->doc, r->title, r->section, r->text};
    for (int k = 0; k < 4; k++) {
        size_t m = strlen(parts[k]);
        assert_true(m < 128);
        out[n++] = (unsigned char)m;
        memcpy(out + n, parts[k], m);
        n += m;
    }
    return n;
}

/* Indexes built before zstd hold zlib records (format 1) and raw deflate
 * against a dictionary (format 3): both still decode. */
static void zlib_records_of_older_indexes_decode(void **state)
{
    (void)state;
    hv_passage_record in = {.doc = "nl/a.txt",
                            .title = "",
                            .section = "Opvang",
                            .text = "Wie erkend is, verlaat de opvang binnen twee maanden.",
                            .lang = HV_LANG_NL,
                            .number = 5};
    unsigned char raw[512], packed[1024];
    size_t raw_len = unpacked(&in, raw);
    char dict[200];
    for (size_t i = 0; i < sizeof dict; i++)
        dict[i] = "opvang erkend maanden verlaat "[i % 30];
    for (int with_dict = 0; with_dict < 2; with_dict++) {
        z_stream zs = {0};
        assert_int_equal(
            deflateInit2(&zs, 6, Z_DEFLATED, with_dict ? -15 : 15, 8, Z_DEFAULT_STRATEGY), Z_OK);
        if (with_dict)
            assert_int_equal(deflateSetDictionary(&zs, (const Bytef *)dict, sizeof dict), Z_OK);
        size_t n = 0;
        packed[n++] = with_dict ? 3 : 1;
        uint32_t id = (uint32_t)adler32(adler32(0, Z_NULL, 0), (const Bytef *)dict, sizeof dict);
        for (int k = 0; with_dict && k < 4; k++)
            packed[n++] = (unsigned char)(id >> (8 * k));
        packed[n++] = (unsigned char)raw_len;
        zs.next_in = raw;
        zs.avail_in = (uInt)raw_len;
        zs.next_out = packed + n;
        zs.avail_out = (uInt)(sizeof packed - n);
        assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
        n = sizeof packed - zs.avail_out;
        deflateEnd(&zs);
        hv_record_dictionary d;
        hv_record_dictionary_init(&d, dict, sizeof dict);
        hv_passage_record out;
        assert_int_equal(hv_passage_record_decode_with(&d, (const char *)packed, n, &out), HV_OK);
        assert_string_equal(out.text, in.text);
        assert_string_equal(out.section, in.section);
        assert_int_equal(out.number, 5);
        hv_passage_record_free(&out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(null_strings_become_empty),
        cmocka_unit_test(text_is_compressed),
        cmocka_unit_test(damaged_data_is_refused),
        cmocka_unit_test(wrong_unpacked_length_is_refused),
        cmocka_unit_test(dictionary_packs_smaller_and_is_needed),
        cmocka_unit_test(encoder_reused_packs_each_record_alike),
        cmocka_unit_test(decoder_reused_decodes_each_record),
        cmocka_unit_test(dictionary_is_trained_from_enough_samples),
        cmocka_unit_test(damage_inside_the_text_is_refused),
        cmocka_unit_test(zlib_records_of_older_indexes_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
