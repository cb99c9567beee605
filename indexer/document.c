#include "document.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/utf8.h"
#include "blocks.h"
#include "html_text.h"
#include "passage_split.h"
#include "source_file.h"
#include "text_blocks.h"
#include "text_encoding.h"

hv_status hv_document_parse(const char *data, size_t len, hv_format format, hv_document *doc)
{
    if (!doc) return HV_ERR_INVALID_ARGUMENT;
    memset(doc, 0, sizeof *doc);
    if (!data && len) return HV_ERR_INVALID_ARGUMENT;
    if (format != HV_FORMAT_TEXT && format != HV_FORMAT_MARKDOWN && format != HV_FORMAT_HTML)
        return HV_ERR_UNSUPPORTED;

    if (!data) data = "";
    char *decoded = NULL;
    size_t decoded_len = 0;
    hv_encoding enc = hv_encoding_detect(data, len, format == HV_FORMAT_HTML);
    doc->encoding = enc;
    if (enc != HV_ENCODING_UTF8) {
        hv_status st = hv_encoding_to_utf8(data, len, enc, &decoded, &decoded_len);
        if (st != HV_OK) return st;
        data = decoded;
        len = decoded_len;
    }
    char *clean;
    size_t clean_len;
    hv_status st = hv_utf8_sanitize(data, len, &clean, &clean_len);
    free(decoded);
    if (st != HV_OK) return st;
    const char *text = clean;
    size_t text_len = clean_len;
    if (text_len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* byte order mark */
        text += 3;
        text_len -= 3;
    }

    hv_block_list blocks = HV_BLOCK_LIST_INIT;
    if (format == HV_FORMAT_HTML)
        st = hv_html_to_blocks(text, text_len, &blocks);
    else
        st = hv_text_to_blocks(text, text_len, format == HV_FORMAT_MARKDOWN, &blocks);
    free(clean);

    if (st == HV_OK) st = hv_passages_from_blocks(&blocks, &doc->passages, &doc->n_passages);
    if (st == HV_OK) {
        doc->title = blocks.title ? blocks.title : strdup("");
        blocks.title = NULL;
        if (!doc->title) st = HV_ERR_NOMEM;
    }
    hv_block_list_free(&blocks);
    if (st != HV_OK) hv_document_free(doc);
    return st;
}

hv_status hv_document_load(const char *path, size_t max_bytes, hv_document *doc)
{
    if (!doc) return HV_ERR_INVALID_ARGUMENT;
    memset(doc, 0, sizeof *doc);
    hv_format format = hv_format_from_path(path);
    if (format == HV_FORMAT_UNKNOWN) return HV_ERR_UNSUPPORTED;
    char *data;
    size_t len;
    hv_encoding read_as;
    hv_status st = hv_source_file_read(path, max_bytes, &data, &len, &read_as);
    if (st != HV_OK) return st;
    st = hv_document_parse(data, len, format, doc);
    if (st == HV_OK && read_as != HV_ENCODING_UTF8) doc->encoding = read_as;
    free(data);
    return st;
}

void hv_document_free(hv_document *doc)
{
    if (!doc) return;
    for (size_t i = 0; i < doc->n_passages; i++) {
        free(doc->passages[i].section);
        free(doc->passages[i].text);
    }
    free(doc->passages);
    free(doc->title);
    memset(doc, 0, sizeof *doc);
}
