/* The stored form of a passage: its text and where it came from, packed and
 * compressed with zstd into value 3 of its Xapian document (index.h).
 *
 * Layout: a format byte, with a dictionary its identity (4 bytes), the
 * unpacked length as a varint, then a zstd frame (with a checksum) of:
 * number (varint), language (byte), and doc, title, section and text, each
 * a varint length followed by its bytes.  The indexer stores the title
 * once per file instead (index.h) and leaves it empty here.  Records that
 * older indexers wrote with zlib still decode.
 *
 * A passage is short: on its own it compresses to about half its size.
 * Against a dictionary trained on the corpus's own records
 * (hv_record_dictionary_build) it packs to about 0.3 of its size; the index
 * keeps that dictionary in its metadata (HV_META_RECORD_DICTIONARY) and
 * every reader decodes with it. */
#ifndef HV_PASSAGE_RECORD_H
#define HV_PASSAGE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "language.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Stored records larger than this once unpacked are refused as corrupt. */
#define HV_RECORD_MAX_UNPACKED (64u * 1024u * 1024u)

typedef struct {
    char *doc;     /* path relative to the indexed root */
    char *title;   /* document title */
    char *section; /* section heading, "" when none */
    char *text;    /* the whole passage */
    hv_lang lang;
    unsigned number; /* position of the passage in its document, from 0 */
} hv_passage_record;

/* Largest dictionary: at 10k passages 256 KiB packed the records 14%
 * smaller than 64 KiB did; the index holds it once. */
#define HV_RECORD_DICT_MAX (256u * 1024u)
/* A dictionary made of pieces of the samples, where there are too few to
 * train one on (under 4 KiB trained), is at most this long. */
#define HV_RECORD_RAW_DICT_MAX (32u * 1024u)
#define HV_RECORD_DICT_MIN_TRAINED 4096u

/* A dictionary from sample records (spread over the corpus, several
 * languages): trained by zstd on their unpacked form, at most a quarter of
 * their size, or else pieces of them.  The same samples give the same
 * dictionary.  *dict is malloc'd, *len at most HV_RECORD_DICT_MAX; an empty
 * sample gives *dict = NULL. */
hv_status hv_record_dictionary_build(const hv_passage_record *samples, size_t n, char **dict,
                                     size_t *len);

/* Compression state kept between records: setting a context up again, and
 * the dictionary's tables, for every short passage costs more than
 * compressing it.  One per thread. */
typedef struct hv_record_encoder hv_record_encoder;
hv_status hv_record_encoder_new(hv_record_encoder **out);
/* The same, compressing against a preset dictionary (copied; len at most
 * HV_RECORD_DICT_MAX).  Its records decode only with that dictionary. */
hv_status hv_record_encoder_new_with_dictionary(const char *dict, size_t len,
                                                hv_record_encoder **out);
void hv_record_encoder_free(hv_record_encoder *encoder);

/* Packs a record.  NULL strings are stored as "".  *out is malloc'd; the
 * caller frees it.  encoder may be NULL (a one-off record). */
hv_status hv_passage_record_encode_with(hv_record_encoder *encoder, const hv_passage_record *record,
                                        char **out, size_t *out_len);
hv_status hv_passage_record_encode(const hv_passage_record *record, char **out, size_t *out_len);

/* Unpacks data[0..len).  The strings in *record are malloc'd and
 * NUL-terminated; release them with hv_passage_record_free.  HV_ERR_CORRUPT
 * on damaged data. */
hv_status hv_passage_record_decode(const char *data, size_t len, hv_passage_record *record);
/* A dictionary ready for decoding: its bytes (not copied: they must
 * outlive it) and the identity records packed against it carry. */
typedef struct {
    const char *bytes;
    size_t len;
    uint32_t id;
} hv_record_dictionary;
void hv_record_dictionary_init(hv_record_dictionary *dict, const char *bytes, size_t len);

/* The same for records that may have been packed against a dictionary
 * (dict may be NULL when the index has none).  A record packed against
 * another dictionary is HV_ERR_CORRUPT. */
hv_status hv_passage_record_decode_with(const hv_record_dictionary *dict, const char *data,
                                        size_t len, hv_passage_record *record);

/* Decompression state kept between records, so that decoding one does not
 * set up a context, or make the dictionary ready, again.  Not thread-safe:
 * one per thread. */
typedef struct hv_record_decoder hv_record_decoder;
hv_status hv_record_decoder_new(hv_record_decoder **out);
void hv_record_decoder_free(hv_record_decoder *decoder);
/* hv_passage_record_decode_with, through the decoder's streams. */
hv_status hv_record_decoder_decode(hv_record_decoder *decoder, const hv_record_dictionary *dict,
                                   const char *data, size_t len, hv_passage_record *record);

/* Frees the strings of a decoded record (not the struct itself). */
void hv_passage_record_free(hv_passage_record *record);

#ifdef __cplusplus
}
#endif

#endif
