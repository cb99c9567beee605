#include "html_text.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "text_encoding.h"

/* HTML 4 names for U+00A0..U+00FF, in code point order. */
static const char *const latin1_names[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

static const struct {
    const char *name;
    unsigned long cp;
} other_entities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},     {"mdash", 0x2014},  {"ndash", 0x2013},  {"hellip", 0x2026},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"bdquo", 0x201E},  {"bull", 0x2022},   {"euro", 0x20AC},
    {"trade", 0x2122},  {"ensp", 0x2002},   {"emsp", 0x2003},   {"thinsp", 0x2009},
    {"zwnj", 0x200C},   {"zwj", 0x200D},    {"lrm", 0x200E},    {"rlm", 0x200F},
    {"OElig", 0x152},   {"oelig", 0x153},   {"Scaron", 0x160},  {"scaron", 0x161},
    {"Yuml", 0x178},    {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"minus", 0x2212},  {"rarr", 0x2192},
    {"larr", 0x2190},   {"harr", 0x2194},   {"check", 0x2713},  {"numero", 0x2116},
};

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_alpha(c) || is_digit(c);
}

static bool is_hex(char c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static long lookup_entity(const char *name, size_t len)
{
    for (size_t i = 0; i < 96; i++)
        if (strlen(latin1_names[i]) == len && memcmp(latin1_names[i], name, len) == 0)
            return (long)(0xA0 + i);
    for (size_t i = 0; i < sizeof other_entities / sizeof other_entities[0]; i++)
        if (strlen(other_entities[i].name) == len && memcmp(other_entities[i].name, name, len) == 0)
            return (long)other_entities[i].cp;
    return -1;
}

static hv_status append_reference(hv_text_buffer *buf, unsigned long cp)
{
    /* pages use &#128;..&#159; for Windows-1252's quotes and dashes; the
     * five bytes it leaves undefined come out as 0, like &#0; */
    if (cp >= 0x80 && cp <= 0x9F) cp = hv_cp1252_code_point((unsigned char)cp);
    if (cp == 0) cp = 0xFFFD;
    if (cp == 0xAD) return HV_OK; /* soft hyphen: invisible, and it would split words */
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') cp = ' ';
    return hv_text_buffer_append_code_point(buf, cp);
}

size_t hv_html_decode_entity(const char *s, size_t len, hv_text_buffer *buf)
{
    if (len < 3 || s[0] != '&') return 0;
    size_t i = 1;
    if (s[i] == '#') {
        i++;
        bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
        if (hex) i++;
        size_t start = i;
        unsigned long cp = 0;
        while (i < len && (hex ? is_hex(s[i]) : is_digit(s[i]))) {
            unsigned d =
                is_digit(s[i]) ? (unsigned)(s[i] - '0') : (unsigned)((s[i] | 0x20) - 'a' + 10);
            if (cp <= 0x10FFFF) cp = cp * (hex ? 16 : 10) + d;
            i++;
        }
        if (i == start) return 0;
        if (i < len && s[i] == ';') i++;
        if (append_reference(buf, cp) != HV_OK) return 0;
        return i;
    }
    size_t start = i;
    while (i < len && i - start < 32 && is_alnum(s[i]))
        i++;
    if (i == start) return 0;
    long cp = lookup_entity(s + start, i - start);
    if (cp < 0) return 0;
    if (i < len && s[i] == ';') {
        i++;
    } else {
        /* Without ';' only the old forms browsers still accept. */
        static const char *const legacy[] = {"amp", "lt", "gt", "quot", "nbsp"};
        bool ok = false;
        for (size_t k = 0; k < 5; k++)
            if (strlen(legacy[k]) == i - start && memcmp(legacy[k], s + start, i - start) == 0)
                ok = true;
        if (!ok) return 0;
    }
    if (append_reference(buf, (unsigned long)cp) != HV_OK) return 0;
    return i;
}

typedef struct {
    const char *s;
    size_t n;
    size_t i;
    hv_block_list *out;
    hv_text_buffer para;
    hv_text_buffer title;
    hv_text_buffer first_h1;
    int heading_level; /* 0 outside a heading */
    bool seen_h1;
    size_t no_quote_after[2]; /* no '"' / '\'' at or after this offset */
} scanner;

/* Finds needle in s[from..n); n when absent. */
static size_t find(const scanner *sc, size_t from, const char *needle)
{
    if (from >= sc->n) return sc->n;
    const char *p = memmem(sc->s + from, sc->n - from, needle, strlen(needle));
    return p ? (size_t)(p - sc->s) : sc->n;
}

/* Offset of the '<' of the closing tag </name, or n. */
static size_t find_end_tag(const scanner *sc, size_t from, const char *name)
{
    size_t name_len = strlen(name);
    size_t i = from;
    while (i < sc->n) {
        const char *p = memchr(sc->s + i, '<', sc->n - i);
        if (!p) return sc->n;
        size_t at = (size_t)(p - sc->s);
        if (at + 2 + name_len <= sc->n && sc->s[at + 1] == '/' &&
            strncasecmp(sc->s + at + 2, name, name_len) == 0 &&
            (at + 2 + name_len == sc->n || !is_alnum(sc->s[at + 2 + name_len])))
            return at;
        i = at + 1;
    }
    return sc->n;
}

static size_t find_quote(scanner *sc, size_t from, char q)
{
    int k = q == '"' ? 0 : 1;
    if (from >= sc->no_quote_after[k]) return sc->n;
    const char *p = memchr(sc->s + from, q, sc->n - from);
    if (!p) {
        /* Remember, so that many unbalanced quotes stay linear. */
        sc->no_quote_after[k] = from;
        return sc->n;
    }
    return (size_t)(p - sc->s);
}

/* From just after a tag name to just past its '>' (or n), stepping over
 * quoted attribute values so a '>' inside them does not end the tag. */
static size_t skip_attributes(scanner *sc, size_t i)
{
    while (i < sc->n) {
        char c = sc->s[i];
        if (c == '>') return i + 1;
        if (c == '=') {
            i++;
            while (i < sc->n && is_space(sc->s[i]))
                i++;
            if (i < sc->n && (sc->s[i] == '"' || sc->s[i] == '\'')) {
                size_t close = find_quote(sc, i + 1, sc->s[i]);
                /* An unclosed quote does not swallow the page: the tag
                 * then ends at the next '>'. */
                if (close < sc->n)
                    i = close + 1;
                else
                    i++;
            }
            continue;
        }
        i++;
    }
    return sc->n;
}

static bool name_in(const char *name, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(name, *set) == 0) return true;
    return false;
}

static const char *const skipped_elements[] = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "textarea", "object", NULL,
};

static const char *const block_elements[] = {
    "address",    "article", "aside",   "blockquote", "body",   "br",     "caption", "center",
    "dd",         "details", "dialog",  "dir",        "div",    "dl",     "dt",      "fieldset",
    "figcaption", "figure",  "footer",  "form",       "header", "hgroup", "hr",      "html",
    "legend",     "li",      "main",    "menu",       "nav",    "ol",     "option",  "p",
    "pre",        "section", "summary", "table",      "tbody",  "tfoot",  "thead",   "tr",
    "ul",         "head",    "select",  "button",     NULL,
};

/* Elements that end an unclosed heading: a heading never holds these. */
static const char *const heading_breakers[] = {
    "p", "div", "ul", "ol", "li", "table", "section", "article", "main", "body", "form", NULL,
};

/* Inline elements whose neighbours are separate words. */
static const char *const spacing_elements[] = {
    "td", "th", "img", "input", NULL,
};

static hv_status flush(scanner *sc)
{
    hv_status st = HV_OK;
    if (sc->heading_level) {
        if (sc->heading_level == 1 && !sc->seen_h1) {
            sc->seen_h1 = true;
            st = hv_text_buffer_append(&sc->first_h1, sc->para.data ? sc->para.data : "",
                                       sc->para.len);
        }
        if (st == HV_OK)
            st = hv_block_list_add(sc->out,
                                   sc->heading_level <= 3 ? HV_BLOCK_HEADING : HV_BLOCK_PARAGRAPH,
                                   sc->para.data, sc->para.len);
        sc->heading_level = 0;
    } else if (sc->para.len) {
        st = hv_block_list_add(sc->out, HV_BLOCK_PARAGRAPH, sc->para.data, sc->para.len);
    }
    hv_text_buffer_clear(&sc->para);
    return st;
}

/* Appends decoded text s[from..to) to buf. */
static hv_status append_text(const scanner *sc, size_t from, size_t to, hv_text_buffer *buf)
{
    size_t i = from;
    while (i < to) {
        const char *amp = memchr(sc->s + i, '&', to - i);
        size_t run_end = amp ? (size_t)(amp - sc->s) : to;
        hv_status st = hv_text_buffer_append(buf, sc->s + i, run_end - i);
        if (st != HV_OK) return st;
        i = run_end;
        if (i >= to) break;
        size_t used = hv_html_decode_entity(sc->s + i, to - i, buf);
        if (used == 0) {
            st = hv_text_buffer_append_char(buf, '&');
            if (st != HV_OK) return st;
            used = 1;
        }
        i += used;
    }
    return HV_OK;
}

static hv_status handle_tag(scanner *sc, const char *name, bool closing, size_t after_tag)
{
    hv_status st = HV_OK;
    sc->i = after_tag;
    if (!closing && name_in(name, skipped_elements)) {
        size_t end = find_end_tag(sc, after_tag, name);
        sc->i = end < sc->n ? skip_attributes(sc, end + 2) : sc->n;
        return HV_OK;
    }
    if (!closing && strcmp(name, "title") == 0) {
        size_t end = find_end_tag(sc, after_tag, "title");
        hv_text_buffer_clear(&sc->title);
        st = append_text(sc, after_tag, end, &sc->title);
        sc->i = end < sc->n ? skip_attributes(sc, end + 2) : sc->n;
        return st;
    }
    bool heading = name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
    if (heading) {
        if (!closing) {
            st = flush(sc);
            sc->heading_level = name[1] - '0';
        } else if (sc->heading_level) {
            st = flush(sc);
        }
        return st;
    }
    if (sc->heading_level) {
        if (!closing && name_in(name, heading_breakers)) return flush(sc);
        if (name_in(name, block_elements) || name_in(name, spacing_elements))
            return hv_text_buffer_append_char(&sc->para, ' ');
        return HV_OK;
    }
    if (name_in(name, block_elements)) return flush(sc);
    if (name_in(name, spacing_elements)) return hv_text_buffer_append_char(&sc->para, ' ');
    return HV_OK;
}

static hv_status scan(scanner *sc)
{
    hv_status st = HV_OK;
    while (st == HV_OK && sc->i < sc->n) {
        size_t i = sc->i;
        const char *lt = memchr(sc->s + i, '<', sc->n - i);
        size_t text_end = lt ? (size_t)(lt - sc->s) : sc->n;
        if (text_end > i) {
            st = append_text(sc, i, text_end, &sc->para);
            sc->i = text_end;
            continue;
        }
        /* sc->s[i] == '<' */
        const char *s = sc->s;
        size_t n = sc->n;
        if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
            size_t end = find(sc, i + 4, "-->");
            sc->i = end < n ? end + 3 : n;
        } else if (i + 8 < n && memcmp(s + i, "<![CDATA[", 9) == 0) {
            size_t end = find(sc, i + 9, "]]>");
            sc->i = end < n ? end + 3 : n;
        } else if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
            const char *gt = memchr(s + i, '>', n - i);
            sc->i = gt ? (size_t)(gt - s) + 1 : n;
        } else {
            bool closing = i + 1 < n && s[i + 1] == '/';
            size_t j = i + 1 + (closing ? 1 : 0);
            if (j >= n || !is_alpha(s[j])) {
                /* A '<' that opens no tag is text ("a < b", "<3"). */
                st = hv_text_buffer_append_char(&sc->para, '<');
                sc->i = i + 1;
                continue;
            }
            char name[16];
            size_t k = 0;
            while (j < n && (is_alnum(s[j]) || s[j] == '-' || s[j] == ':')) {
                if (k < sizeof name - 1) name[k++] = (char)(s[j] | 0x20);
                j++;
            }
            name[k] = '\0';
            size_t after = skip_attributes(sc, j);
            st = handle_tag(sc, name, closing, after);
        }
    }
    if (st == HV_OK) st = flush(sc);
    return st;
}

hv_status hv_html_to_blocks(const char *html, size_t len, hv_block_list *out)
{
    scanner sc = {.s = html, .n = len, .out = out};
    sc.no_quote_after[0] = sc.no_quote_after[1] = SIZE_MAX;
    hv_status st = scan(&sc);
    if (st == HV_OK && sc.title.len) st = hv_block_list_set_title(out, sc.title.data, sc.title.len);
    if (st == HV_OK && !out->title && sc.first_h1.len)
        st = hv_block_list_set_title(out, sc.first_h1.data, sc.first_h1.len);
    hv_text_buffer_free(&sc.para);
    hv_text_buffer_free(&sc.title);
    hv_text_buffer_free(&sc.first_h1);
    return st;
}
