#include "text_blocks.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "line_join.h"
#include "../lib/text_buffer.h"

/* Lines longer than this are body text, never headings. */
#define HEADING_MAX_CHARS 90
/* A standalone line with at most this many words may be a web-FAQ heading. */
#define FAQ_HEADING_MAX_WORDS 10
#define CAPITALS_HEADING_MAX_WORDS 14
/* In double-spaced text, a sentence-final line shorter than this share of
 * the typical line length ends its paragraph. */
#define SHORT_LINE_PERCENT 80
/* How many lines a numbered heading may run on over in double-spaced text. */
#define HEADING_MAX_EXTRA_LINES 3

typedef struct {
    const char *s; /* trimmed */
    size_t len;
    size_t chars;
    bool empty; /* no characters at all */
    bool blank; /* nothing but whitespace (or empty) */
} text_line;

static utf8proc_int32_t decode(const char *s, size_t len, size_t *used)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    if (n <= 0) {
        *used = 1;
        return 0xFFFD;
    }
    *used = (size_t)n;
    return cp;
}

static bool is_letter(utf8proc_int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static bool is_space_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v';
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
           cp == 0xFEFF || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static text_line make_line(const char *s, size_t len)
{
    text_line l = {.s = s, .len = len, .empty = len == 0 || (len == 1 && s[0] == '\r')};
    size_t used;
    while (l.len > 0 && is_space_cp(decode(l.s, l.len, &used))) {
        l.s += used;
        l.len -= used;
    }
    while (l.len > 0) {
        size_t i = l.len - 1;
        while (i > 0 && ((unsigned char)l.s[i] & 0xC0) == 0x80)
            i--;
        if (!is_space_cp(decode(l.s + i, l.len - i, &used))) break;
        l.len = i;
    }
    l.blank = l.len == 0;
    l.chars = count_chars(l.s, l.len);
    return l;
}

static hv_status split_lines(const char *text, size_t len, text_line **out, size_t *count)
{
    size_t n = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))); p++)
        n++;
    text_line *lines = malloc(n * sizeof *lines);
    if (!lines) return HV_ERR_NOMEM;
    size_t k = 0, start = 0;
    while (start <= len && k < n) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        lines[k++] = make_line(text + start, end - start);
        start = end + 1;
    }
    *out = lines;
    *count = k;
    return HV_OK;
}

static utf8proc_int32_t first_cp(const text_line *l)
{
    size_t used;
    return l->len ? decode(l->s, l->len, &used) : 0;
}

static utf8proc_int32_t last_cp(const char *s, size_t len)
{
    if (!len) return 0;
    size_t i = len - 1, used;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return decode(s + i, len - i, &used);
}

/* The last character that is not a closing quote or bracket. */
static utf8proc_int32_t final_mark(const char *s, size_t len)
{
    while (len > 0) {
        utf8proc_int32_t cp = last_cp(s, len);
        if (cp != ')' && cp != '"' && cp != '\'' && cp != 0x201D && cp != 0x2019 && cp != 0xBB)
            return cp;
        size_t i = len - 1;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
        len = i;
    }
    return 0;
}

static bool ends_sentence(const text_line *l)
{
    utf8proc_int32_t cp = final_mark(l->s, l->len);
    return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == 0x2026;
}

static bool starts_lower(const text_line *l)
{
    utf8proc_int32_t cp = first_cp(l);
    return is_letter(cp) && utf8proc_islower(cp);
}

static bool starts_upper(const char *s, size_t len)
{
    size_t used;
    if (!len) return false;
    utf8proc_int32_t cp = decode(s, len, &used);
    return is_letter(cp) && !utf8proc_islower(cp);
}

static size_t count_words(const char *s, size_t len)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = 0; i < len; i++) {
        bool sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

/* Length of a list-item marker at the line start ("• ", "- ", "1. ",
 * "a) "), 0 when the line is no list item. */
static size_t list_marker_len(const text_line *l)
{
    const char *s = l->s;
    size_t len = l->len, used;
    if (!len) return 0;
    utf8proc_int32_t cp = decode(s, len, &used);
    static const utf8proc_int32_t bullets[] = {0x2022, 0x25CF, 0x25AA, 0x25E6, 0x2023, 0x00B7,
                                               0x00BB, 0x2013, 0x25A0, 0x2043, 0x27A2, 0x2794,
                                               '-',    '*',    '+',    0xF0B7, 0};
    for (size_t k = 0; bullets[k]; k++)
        if (cp == bullets[k]) {
            if (used == len) return used;
            if (s[used] == ' ' || s[used] == '\t') return used + 1;
            /* Private-use and typographic bullets need no space after them. */
            return cp > 0x7F && cp != 0x00B7 && cp != 0x2013 ? used : 0;
        }
    size_t i = 0;
    while (i < len && i < 3 && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0 && len >= 2 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) &&
        s[1] == ')')
        i = 1;
    if (i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') &&
        (s[i + 1] == ' ' || s[i + 1] == '\t'))
        return i + 2;
    return 0;
}

/* "3.2 Einde van de opvang": number parts of one or two digits, no dot
 * after the number, a capital next, a short line not ending in , ; or . */
static bool is_numbered_heading(const text_line *l)
{
    const char *s = l->s;
    size_t len = l->len, i = 0;
    if (l->chars > HEADING_MAX_CHARS) return false;
    for (int part = 0;; part++) {
        size_t d = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, d++;
        if (d < 1 || d > 2 || part > 3) return false;
        if (i + 1 < len && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
            i++;
            continue;
        }
        break;
    }
    if (i >= len || (s[i] != ' ' && s[i] != '\t')) return false;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (!starts_upper(s + i, len - i)) return false;
    utf8proc_int32_t end = last_cp(s, len);
    return end != ',' && end != ';' && end != '.';
}

static bool is_url_line(const text_line *l)
{
    if (memchr(l->s, ' ', l->len)) return false;
    return (l->len > 8 && memcmp(l->s, "https://", 8) == 0) ||
           (l->len > 7 && memcmp(l->s, "http://", 7) == 0) ||
           (l->len > 4 && memcmp(l->s, "www.", 4) == 0);
}

/* A line in capitals ("DEADLINES", "WHAT THE COURT CAN DO") is a heading in
 * notes typed without markup, even a single word. */
static bool is_capitals(const char *s, size_t len)
{
    size_t letters = 0;
    for (size_t i = 0; i < len;) {
        size_t used;
        utf8proc_int32_t cp = decode(s + i, len - i, &used);
        i += used;
        if (!is_letter(cp)) continue;
        if (utf8proc_toupper(cp) != cp) return false;
        letters++;
    }
    return letters >= 3;
}

static bool looks_like_faq_heading(const char *s, size_t len)
{
    if (count_chars(s, len) > HEADING_MAX_CHARS) return false;
    size_t words = count_words(s, len);
    if (words >= 1 && words <= CAPITALS_HEADING_MAX_WORDS && is_capitals(s, len)) return true;
    if (words < 2 || words > FAQ_HEADING_MAX_WORDS) return false;
    utf8proc_int32_t end = last_cp(s, len);
    if (end == '.' || end == ',' || end == ';' || end == ':') return false;
    return starts_upper(s, len);
}

bool hv_text_is_double_spaced(const char *text, size_t len)
{
    text_line *lines;
    size_t n;
    if (split_lines(text, len, &lines, &n) != HV_OK) return false;
    size_t nonblank = 0, followed = 0, wraps = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].blank) continue;
        nonblank++;
        if (i + 1 >= n || !lines[i + 1].empty) continue;
        followed++;
        size_t j = i + 1;
        while (j < n && lines[j].blank && j - i <= 3)
            j++;
        /* A sentence running on across the blank line: the sign of an
         * extractor that doubled every line break. */
        if (j < n && j - i <= 3 && !lines[j].blank && !ends_sentence(&lines[i]) &&
            final_mark(lines[i].s, lines[i].len) != ';' && starts_lower(&lines[j]))
            wraps++;
    }
    free(lines);
    return nonblank >= 6 && followed * 10 >= nonblank * 6 && wraps >= 3 && wraps * 10 >= followed;
}

typedef struct {
    hv_block_list *out;
    const text_line *lines;
    size_t n;
    bool markdown;
    bool double_spaced;
    hv_text_buffer para;
    size_t para_lines;
    bool para_after_blank;
    bool para_is_item; /* the paragraph is a list item */
    hv_text_buffer scratch;
    hv_join_context join;
    size_t *urls; /* lines held back until the paragraph they interrupt ends */
    size_t n_urls, cap_urls;
} parser;

static hv_status end_paragraph(parser *p, bool by_blank)
{
    hv_status st = HV_OK;
    if (p->para.len) {
        bool heading = !p->markdown && !p->double_spaced && p->para_lines == 1 &&
                       p->para_after_blank && by_blank &&
                       looks_like_faq_heading(p->para.data, p->para.len);
        st = hv_block_list_add(p->out, heading ? HV_BLOCK_HEADING : HV_BLOCK_PARAGRAPH,
                               p->para.data, p->para.len);
    }
    hv_text_buffer_clear(&p->para);
    p->para_lines = 0;
    for (size_t k = 0; k < p->n_urls && st == HV_OK; k++) {
        const text_line *l = &p->lines[p->urls[k]];
        st = hv_block_list_add(p->out, HV_BLOCK_PARAGRAPH, l->s, l->len);
    }
    p->n_urls = 0;
    return st;
}

static hv_status hold_url(parser *p, size_t line)
{
    if (p->n_urls == p->cap_urls) {
        size_t cap = p->cap_urls ? p->cap_urls * 2 : 8;
        size_t *urls = realloc(p->urls, cap * sizeof *urls);
        if (!urls) return HV_ERR_NOMEM;
        p->urls = urls;
        p->cap_urls = cap;
    }
    p->urls[p->n_urls++] = line;
    return HV_OK;
}

/* A list item's text does not run on into a line that starts like a new
 * sentence: that line is the paragraph after the list. */
static hv_status end_item_before(parser *p, const char *s, size_t len)
{
    if (!p->para_is_item || !p->para.len || p->para.data[p->para.len - 1] == '-') return HV_OK;
    if (!starts_upper(s, len)) return HV_OK;
    return end_paragraph(p, false);
}

static hv_status add_line(parser *p, const char *s, size_t len, bool after_blank)
{
    if (p->para.len == 0) {
        p->para_after_blank = after_blank;
        text_line l = make_line(s, len);
        p->para_is_item = list_marker_len(&l) > 0;
    }
    p->para_lines++;
    return hv_line_join_append(&p->para, s, len, &p->join);
}

/* Markdown inline markup removed: links keep their text, emphasis and code
 * marks go. */
static hv_status clean_markdown(parser *p, const char *s, size_t len)
{
    hv_text_buffer *b = &p->scratch;
    hv_text_buffer_clear(b);
    hv_status st = HV_OK;
    size_t i = 0;
    while (i < len && st == HV_OK) {
        char c = s[i];
        if (c == '!' && i + 1 < len && s[i + 1] == '[') {
            i++;
            continue;
        }
        if (c == ']' && i + 1 < len && (s[i + 1] == '(' || s[i + 1] == '[')) {
            char close = s[i + 1] == '(' ? ')' : ']';
            const char *e = memchr(s + i + 2, close, len - i - 2);
            if (e) {
                i = (size_t)(e - s) + 1;
                continue;
            }
        }
        if (c == '[' || c == ']' || c == '`' || c == '*' ||
            (c == '_' && i + 1 < len && s[i + 1] == '_')) {
            i += c == '_' ? 2 : 1;
            continue;
        }
        st = hv_text_buffer_append_char(b, c);
        i++;
    }
    return st;
}

/* '#' heading level of a Markdown line, 0 if it is none. */
static int atx_level(const text_line *l)
{
    int level = 0;
    while ((size_t)level < l->len && l->s[level] == '#')
        level++;
    if (level == 0 || level > 6) return 0;
    if ((size_t)level < l->len && l->s[level] != ' ' && l->s[level] != '\t') return 0;
    return level;
}

static bool is_rule_line(const text_line *l)
{
    if (l->len < 3) return false;
    char c = l->s[0];
    if (c != '-' && c != '*' && c != '_' && c != '=') return false;
    for (size_t i = 0; i < l->len; i++)
        if (l->s[i] != c && l->s[i] != ' ') return false;
    return true;
}

/* A run of '=' or '-' alone on its line. */
static bool is_underline(const text_line *l)
{
    if (l->len < 3 || (l->s[0] != '=' && l->s[0] != '-')) return false;
    for (size_t i = 0; i < l->len; i++)
        if (l->s[i] != l->s[0] && l->s[i] != ' ' && l->s[i] != '\t') return false;
    return true;
}

static hv_status add_heading_text(parser *p, const char *s, size_t len, hv_block_kind kind)
{
    return hv_block_list_add(p->out, kind, s, len);
}

static hv_status parse_markdown_line(parser *p, size_t i, bool after_blank, bool *handled)
{
    const text_line *l = &p->lines[i];
    *handled = true;
    int level = atx_level(l);
    if (level) {
        hv_status st = end_paragraph(p, false);
        const char *s = l->s + level;
        size_t len = l->len - (size_t)level;
        while (len && s[len - 1] == '#')
            len--;
        if (st == HV_OK) st = clean_markdown(p, s, len);
        if (st == HV_OK && level == 1)
            st = hv_block_list_set_title(p->out, p->scratch.data, p->scratch.len);
        if (st == HV_OK)
            st = add_heading_text(p, p->scratch.data, p->scratch.len,
                                  level <= 3 ? HV_BLOCK_HEADING : HV_BLOCK_PARAGRAPH);
        return st;
    }
    if (is_rule_line(l)) return end_paragraph(p, false);
    if (l->len > 1 && l->s[0] == '[' && memchr(l->s, ']', l->len) &&
        ((const char *)memchr(l->s, ']', l->len))[1] == ':')
        return HV_OK; /* link reference definition */
    size_t skip = 0;
    while (skip < l->len && (l->s[skip] == '>' || l->s[skip] == ' '))
        skip++;
    text_line body = make_line(l->s + skip, l->len - skip);
    size_t marker = list_marker_len(&body);
    hv_status st = HV_OK;
    if (marker) st = end_paragraph(p, false);
    if (marker && (body.s[0] == '-' || body.s[0] == '*' || body.s[0] == '+')) {
        body.s += marker;
        body.len -= marker;
    }
    if (st == HV_OK) st = clean_markdown(p, body.s, body.len);
    if (st == HV_OK) st = add_line(p, p->scratch.data, p->scratch.len, after_blank);
    return st;
}

static hv_status parse_ordinary(parser *p)
{
    hv_status st = HV_OK;
    bool after_blank = true;
    bool in_fence = false;
    for (size_t i = 0; i < p->n && st == HV_OK; i++) {
        const text_line *l = &p->lines[i];
        if (p->markdown && l->len >= 3 &&
            (memcmp(l->s, "```", 3) == 0 || memcmp(l->s, "~~~", 3) == 0)) {
            in_fence = !in_fence;
            st = end_paragraph(p, false);
            after_blank = true;
            continue;
        }
        if (l->blank) {
            st = end_paragraph(p, true);
            after_blank = true;
            continue;
        }
        if (!in_fence && is_underline(l) && p->para_lines == 1) {
            /* "Title" over "=====" or "-----": the line above is a heading. */
            hv_text_buffer_clear(&p->scratch);
            st = hv_text_buffer_append(&p->scratch, p->para.data, p->para.len);
            hv_text_buffer_clear(&p->para);
            p->para_lines = 0;
            if (st == HV_OK)
                st = add_heading_text(p, p->scratch.data, p->scratch.len, HV_BLOCK_HEADING);
            after_blank = false;
            continue;
        }
        if (!in_fence && is_numbered_heading(l) &&
            (p->para.len == 0 || ends_sentence(&p->lines[i - 1]))) {
            st = end_paragraph(p, false);
            if (st != HV_OK) break;
            hv_text_buffer_clear(&p->scratch);
            st = hv_text_buffer_append(&p->scratch, l->s, l->len);
            /* A heading wrapped onto a short lowercase tail line. */
            if (st == HV_OK && i + 1 < p->n && !p->lines[i + 1].blank &&
                starts_lower(&p->lines[i + 1]) && p->lines[i + 1].chars < 60 &&
                (i + 2 >= p->n || p->lines[i + 2].blank)) {
                st = hv_line_join_append(&p->scratch, p->lines[i + 1].s, p->lines[i + 1].len,
                                         &p->join);
                i++;
            }
            if (st == HV_OK)
                st = add_heading_text(p, p->scratch.data, p->scratch.len, HV_BLOCK_HEADING);
            after_blank = false;
            continue;
        }
        if (p->markdown && !in_fence) {
            bool handled;
            st = parse_markdown_line(p, i, after_blank, &handled);
            after_blank = false;
            continue;
        }
        st = list_marker_len(l) ? end_paragraph(p, false) : end_item_before(p, l->s, l->len);
        if (st == HV_OK) st = add_line(p, l->s, l->len, after_blank);
        after_blank = false;
    }
    if (st == HV_OK) st = end_paragraph(p, true);
    return st;
}

static size_t typical_line_chars(const text_line *lines, size_t n)
{
    enum { CAP = 512 };
    size_t hist[CAP] = {0}, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].blank) continue;
        hist[lines[i].chars < CAP ? lines[i].chars : CAP - 1]++;
        total++;
    }
    size_t seen = 0;
    for (size_t c = 0; c < CAP; c++) {
        seen += hist[c];
        if (seen * 2 >= total) return c;
    }
    return CAP;
}

/* A short question on a line of its own ("Wat zijn de voorwaarden?") asks
 * what the lines after it answer; a sentence before it does not run on
 * into it. */
static bool asks_briefly(const text_line *l, size_t short_line)
{
    return l->chars < short_line && last_cp(l->s, l->len) == '?' && starts_upper(l->s, l->len) &&
           count_words(l->s, l->len) <= FAQ_HEADING_MAX_WORDS;
}

static hv_status parse_double_spaced(parser *p)
{
    hv_status st = HV_OK;
    size_t short_line = typical_line_chars(p->lines, p->n) * SHORT_LINE_PERCENT / 100;
    size_t empty_run = 0;
    for (size_t i = 0; i < p->n && st == HV_OK; i++) {
        const text_line *l = &p->lines[i];
        if (l->empty) {
            /* One blank line is the extractor's; several are the author's. */
            if (++empty_run == 2) st = end_paragraph(p, true);
            continue;
        }
        empty_run = 0;
        if (l->blank) {
            st = end_paragraph(p, true);
            continue;
        }
        if (is_url_line(l)) {
            st = p->para.len ? hold_url(p, i)
                             : hv_block_list_add(p->out, HV_BLOCK_PARAGRAPH, l->s, l->len);
            continue;
        }
        if (is_numbered_heading(l)) {
            st = end_paragraph(p, false);
            hv_text_buffer_clear(&p->scratch);
            if (st == HV_OK) st = hv_text_buffer_append(&p->scratch, l->s, l->len);
            /* Lines that follow with no blank line between continue it. */
            size_t extra = 0;
            while (st == HV_OK && i + 1 < p->n && extra < HEADING_MAX_EXTRA_LINES) {
                const text_line *next = &p->lines[i + 1];
                if (next->blank || next->chars > HEADING_MAX_CHARS || list_marker_len(next) ||
                    is_numbered_heading(next) || is_url_line(next))
                    break;
                st = hv_line_join_append(&p->scratch, next->s, next->len, &p->join);
                i++;
                extra++;
            }
            if (st == HV_OK)
                st = add_heading_text(p, p->scratch.data, p->scratch.len, HV_BLOCK_HEADING);
            continue;
        }
        bool starts_own = list_marker_len(l) || asks_briefly(l, short_line);
        st = starts_own ? end_paragraph(p, false) : end_item_before(p, l->s, l->len);
        if (st == HV_OK) st = add_line(p, l->s, l->len, false);
        if (st == HV_OK && ends_sentence(l) && l->chars < short_line) st = end_paragraph(p, false);
    }
    if (st == HV_OK) st = end_paragraph(p, true);
    return st;
}

/* Title when the text named none itself: an early heading, else a short
 * first line, else any heading. */
static hv_status choose_title(hv_block_list *out, const text_line *lines, size_t n,
                              size_t first_block)
{
    if (out->title) return HV_OK;
    if (first_block < out->count && out->items[first_block].kind == HV_BLOCK_HEADING)
        return hv_block_list_set_title(out, out->items[first_block].text,
                                       strlen(out->items[first_block].text));
    /* A short first line that ends no sentence is the title of a brochure,
     * even when PDF repair joined it to the paragraph below. */
    for (size_t i = 0; i < n; i++) {
        if (lines[i].blank) continue;
        utf8proc_int32_t end = last_cp(lines[i].s, lines[i].len);
        if (lines[i].chars <= HEADING_MAX_CHARS && starts_upper(lines[i].s, lines[i].len) &&
            end != '.' && end != ',' && end != ';' && end != ':')
            return hv_block_list_set_title(out, lines[i].s, lines[i].len);
        break;
    }
    for (size_t b = first_block; b < out->count && b < first_block + 3; b++)
        if (out->items[b].kind == HV_BLOCK_HEADING)
            return hv_block_list_set_title(out, out->items[b].text, strlen(out->items[b].text));
    for (size_t b = first_block; b < out->count; b++)
        if (out->items[b].kind == HV_BLOCK_HEADING)
            return hv_block_list_set_title(out, out->items[b].text, strlen(out->items[b].text));
    return HV_OK;
}

hv_status hv_text_to_blocks(const char *text, size_t len, bool markdown, hv_block_list *out)
{
    parser p = {.out = out, .markdown = markdown, .join = HV_JOIN_CONTEXT(text, len)};
    text_line *lines;
    size_t n;
    hv_status st = split_lines(text, len, &lines, &n);
    if (st != HV_OK) return st;
    p.lines = lines;
    p.n = n;
    p.double_spaced = !markdown && hv_text_is_double_spaced(text, len);
    size_t first_block = out->count;
    st = p.double_spaced ? parse_double_spaced(&p) : parse_ordinary(&p);
    if (st == HV_OK) st = choose_title(out, lines, n, first_block);
    hv_text_buffer_free(&p.para);
    hv_text_buffer_free(&p.scratch);
    hv_join_context_free(&p.join);
    free(p.urls);
    free(lines);
    return st;
}
