/* haven-search: ranked search over a Haven index, from the command line,
 * from stdin, or as an HTTP daemon. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/compound.h"
#include "../lib/language.h"
#include "../lib/number.h"
#include "http_server.h"
#include "line_reader.h"
#include "response_json.h"
#include "response_text.h"
#include "search.h"

enum { EXIT_QUERY_FAILED = 1, EXIT_FATAL = 2 };

typedef struct {
    const char *db_dir;
    bool json, from_stdin;
    unsigned limit, offset;
    hv_lang lang;
    const char *http;
    const char *web_dir;
    unsigned threads;
    const char *cors_origin;
    unsigned disabled;
    bool explain;
    bool no_answer_cache;
} cli_options;

static void usage(FILE *out)
{
    fputs("usage: haven-search --db DIR [options] QUERY...\n"
          "       haven-search --db DIR [options] --stdin     (one query per line)\n"
          "       haven-search --db DIR --http [ADDR:]PORT    (HTTP daemon and web page)\n"
          "\n"
          "  --json            one JSON object per query, on one line\n"
          "  --limit N         hits per query (default 10, at most 100)\n"
          "  --offset N        skip the first N hits\n"
          "  --lang nl|en|ru   only passages in this language\n"
          "  --port N          the same as --http 127.0.0.1:N (0: any free port)\n"
          "  --web DIR         static files for --http (default: web/ beside the program)\n"
          "  --threads N       HTTP worker threads (default 2)\n"
          "  --cors-origin O   allow the web origin O to call the API (default: none)\n"
          "  --explain         say why each passage matched\n"
          "  --no-answer-cache with --http: answer repeated searches afresh\n"
          "  --disable F,...   switch features off: thesaurus, dictionary, proximity, spelling,\n"
          "                    compounds (query side), coverage, answer-kind\n"
          "\n"
          "Query syntax: words (ranked, not all required), \"a phrase\", -word,\n"
          "OR, AND, word* (prefix), lang:nl.\n",
          out);
}

static int parse_uint(const char *arg, const char *what, unsigned max, unsigned *out)
{
    unsigned long v;
    if (hv_parse_count(arg, strlen(arg), max, &v)) {
        *out = (unsigned)v;
        return 0;
    }
    fprintf(stderr, "haven-search: %s must be a number from 0 to %u, not '%s'\n", what, max, arg);
    return -1;
}

/* Runs one query and prints its answer; false when the query failed. */
static bool answer(hv_searcher *s, const cli_options *opt, const char *query, size_t len, bool tty)
{
    hv_snippet_style style = {.max_chars = HV_SNIPPET_CHARS,
                              .mark_open = opt->json ? "<mark>" : (tty ? "\033[1;33m" : ""),
                              .mark_close = opt->json ? "</mark>" : (tty ? "\033[0m" : ""),
                              .html_escape = opt->json};
    hv_search_request req = {.query = query,
                             .query_len = len,
                             .offset = opt->offset,
                             .limit = opt->limit,
                             .lang = opt->lang,
                             .style = &style,
                             .disabled = opt->disabled,
                             .explain = opt->explain};
    hv_search_response resp;
    hv_status st = hv_searcher_search(s, &req, &resp);
    if (opt->json) {
        char *json = NULL;
        if (hv_response_to_json(&resp, &json) == HV_OK) {
            fputs(json, stdout);
            fputc('\n', stdout);
        } else {
            fputs("{\"error\":\"out of memory\",\"hits\":[]}\n", stdout);
        }
        free(json);
    } else {
        hv_response_print_text(&resp, tty, stdout);
    }
    fflush(stdout);
    bool ok = st == HV_OK && !resp.error;
    hv_search_response_free(&resp);
    return ok;
}

static int run_stdin(hv_searcher *s, const cli_options *opt)
{
    hv_line_reader line = {0};
    bool first = true;
    while (hv_line_read(&line, stdin)) {
        if (!opt->json && !first) fputs("\n", stdout);
        first = false;
        answer(s, opt, line.buf, line.len, false);
    }
    hv_line_reader_free(&line);
    return 0;
}

static int run_query(hv_searcher *s, const cli_options *opt, int argc, char **argv)
{
    size_t len = 0;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *query = malloc(len + 1);
    if (!query) return EXIT_FATAL;
    char *p = query;
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        memcpy(p, argv[i], n);
        p += n;
        if (i + 1 < argc) *p++ = ' ';
    }
    *p = '\0';
    bool ok = answer(s, opt, query, (size_t)(p - query), isatty(STDOUT_FILENO));
    free(query);
    return ok ? 0 : EXIT_QUERY_FAILED;
}

static int parse_http(const char *arg, hv_http_options *http)
{
    static char address[64];
    const char *colon = strrchr(arg, ':');
    const char *port = arg;
    http->address = "127.0.0.1";
    if (colon) {
        size_t n = (size_t)(colon - arg);
        if (n >= sizeof address) return -1;
        memcpy(address, arg, n);
        address[n] = '\0';
        if (n >= 2 && address[0] == '[' && address[n - 1] == ']') {
            memmove(address, address + 1, n - 2);
            address[n - 2] = '\0';
        }
        if (*address) http->address = address;
        port = colon + 1;
    }
    return parse_uint(port, "the HTTP port", 65535, &http->port);
}

static char *default_web_dir(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return strdup("web");
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    const char *candidates[] = {"/../web", "/../share/haven/web"};
    for (size_t i = 0; i < 2; i++) {
        char *dir;
        if (asprintf(&dir, "%s%s", exe, candidates[i]) < 0) return NULL;
        char index_html[4200];
        snprintf(index_html, sizeof index_html, "%s/index.html", dir);
        if (access(index_html, R_OK) == 0) return dir;
        free(dir);
    }
    return strdup("web");
}

int main(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"json", no_argument, NULL, 'j'},
                                            {"limit", required_argument, NULL, 'l'},
                                            {"offset", required_argument, NULL, 'o'},
                                            {"lang", required_argument, NULL, 'L'},
                                            {"stdin", no_argument, NULL, 's'},
                                            {"http", required_argument, NULL, 'H'},
                                            {"web", required_argument, NULL, 'w'},
                                            {"threads", required_argument, NULL, 't'},
                                            {"cors-origin", required_argument, NULL, 'c'},
                                            {"disable", required_argument, NULL, 'D'},
                                            {"explain", no_argument, NULL, 'E'},
                                            {"no-answer-cache", no_argument, NULL, 'N'},
                                            {"port", required_argument, NULL, 'p'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    cli_options opt = {.limit = 10, .threads = 2};
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            opt.db_dir = optarg;
            break;
        case 'j':
            opt.json = true;
            break;
        case 'l':
            if (parse_uint(optarg, "--limit", HV_SEARCH_MAX_LIMIT, &opt.limit)) return EXIT_FATAL;
            break;
        case 'o':
            if (parse_uint(optarg, "--offset", 1000000, &opt.offset)) return EXIT_FATAL;
            break;
        case 'L':
            opt.lang = hv_lang_from_code(optarg);
            if (opt.lang == HV_LANG_UNKNOWN) {
                fprintf(stderr, "haven-search: --lang must be nl, en or ru, not '%s'\n", optarg);
                return EXIT_FATAL;
            }
            break;
        case 's':
            opt.from_stdin = true;
            break;
        case 'H':
            opt.http = optarg;
            break;
        case 'p':
            opt.http = optarg; /* a bare port: the default address */
            break;
        case 'w':
            opt.web_dir = optarg;
            break;
        case 't':
            if (parse_uint(optarg, "--threads", 64, &opt.threads) || opt.threads == 0) {
                fputs("haven-search: --threads must be 1 to 64\n", stderr);
                return EXIT_FATAL;
            }
            break;
        case 'c':
            opt.cors_origin = optarg;
            break;
        case 'E':
            opt.explain = true;
            break;
        case 'N':
            opt.no_answer_cache = true;
            break;
        case 'D':
            if (!hv_features_parse(optarg, &opt.disabled)) {
                fprintf(stderr,
                        "haven-search: --disable takes thesaurus, dictionary, proximity, spelling, "
                        "compounds, not '%s'\n",
                        optarg);
                return EXIT_FATAL;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return EXIT_FATAL;
        }
    }
    if (!opt.db_dir) {
        fputs("haven-search: --db DIR is required\n", stderr);
        usage(stderr);
        return EXIT_FATAL;
    }
    if (opt.http) {
        hv_http_options http = {.db_dir = opt.db_dir,
                                .threads = opt.threads,
                                .cors_origin = opt.cors_origin,
                                .no_answer_cache = opt.no_answer_cache};
        if (parse_http(opt.http, &http)) {
            fprintf(stderr, "haven-search: --http takes [ADDR:]PORT, not '%s'\n", opt.http);
            return EXIT_FATAL;
        }
        char *web = opt.web_dir ? strdup(opt.web_dir) : default_web_dir();
        http.web_dir = web;
        /* read the compound word list now, not during someone's first query */
        hv_compounds_default();
        int rc = hv_http_serve(&http);
        free(web);
        return rc;
    }
    bool from_stdin = opt.from_stdin || (optind >= argc && !isatty(STDIN_FILENO));
    if (!from_stdin && optind >= argc) {
        fputs("haven-search: give a QUERY, or --stdin\n", stderr);
        usage(stderr);
        return EXIT_FATAL;
    }

    hv_searcher *searcher;
    char *errmsg = NULL;
    hv_status st = hv_searcher_open(opt.db_dir, &searcher, &errmsg);
    if (st != HV_OK) {
        fprintf(stderr, "haven-search: %s\n", errmsg ? errmsg : hv_status_to_string(st));
        free(errmsg);
        return EXIT_FATAL;
    }
    /* a stream of queries pays for the compound word list once, up front,
     * not inside whichever query first needs it */
    if (from_stdin) hv_compounds_default();
    int rc = from_stdin ? run_stdin(searcher, &opt)
                        : run_query(searcher, &opt, argc - optind, argv + optind);
    hv_searcher_free(searcher);
    return rc;
}
