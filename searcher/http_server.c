#include "http_server.h"

#include "answer_cache.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http_api.h"
#include "http_metrics.h"
#include "http_response.h"
#include "http_static.h"
#include "search.h"

enum { EXIT_FATAL = 2 };

/* Hardening limits.  The per-IP limit stays well above what one browser
 * opens (about 6) so that tests and proxies on 127.0.0.1 are not refused. */
#define CONNECTION_LIMIT 256
#define PER_IP_CONNECTION_LIMIT 64
#define CONNECTION_TIMEOUT_S 15
#define CONNECTION_MEMORY_LIMIT (64 * 1024)
#define MAX_POST_BODY (16 * 1024)
/* A chunked body that overflows the cap is read and dropped up to here,
 * then the connection is cut. */
#define MAX_DISCARDED_BODY (1024 * 1024)
/* How long a stop waits for requests in flight. */
#define DRAIN_TIMEOUT_MS 10000

/* What each worker thread keeps: its own index reader and stemmers, and
 * the answers it gave recently. */
typedef struct {
    hv_searcher *searcher;
    hv_answer_cache *cache;
} worker;

typedef struct {
    const hv_http_options *options;
    char *web_real;
    hv_http_metrics *metrics;
    pthread_key_t searcher_key;
    /* Searchers are created once per worker thread; the lock guards only
     * this list, taken when a thread opens its searcher, never per request. */
    pthread_mutex_t registry_lock;
    worker **workers;
    size_t n_workers, cap_workers;
    double started;
    atomic_int in_flight;
    atomic_bool stopping;
} server;

/* One request, from its request line to its completion. */
typedef struct {
    double start;
    hv_http_endpoint endpoint;
    unsigned status; /* 0 until an answer is queued */
    bool nul_in_uri;
    bool headers_seen;
    bool wants_body; /* POST /api/search */
    bool body_too_large;
    char *body;
    size_t body_len, discarded;
} request;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- per-thread state ---- */

static void worker_free(worker *w)
{
    if (!w) return;
    hv_searcher_free(w->searcher);
    hv_answer_cache_free(w->cache);
    free(w);
}

static worker *thread_worker(server *sv)
{
    worker *w = pthread_getspecific(sv->searcher_key);
    if (w) return w;
    w = calloc(1, sizeof *w);
    char *errmsg = NULL;
    if (!w || hv_searcher_open(sv->options->db_dir, &w->searcher, &errmsg) != HV_OK) {
        free(errmsg);
        free(w);
        return NULL;
    }
    /* without a cache, answers are simply not kept */
    if (!sv->options->no_answer_cache) w->cache = hv_answer_cache_new();
    bool kept = false;
    pthread_mutex_lock(&sv->registry_lock);
    if (sv->n_workers == sv->cap_workers) {
        size_t cap = sv->cap_workers ? sv->cap_workers * 2 : 8;
        worker **grown = realloc(sv->workers, cap * sizeof *grown);
        if (grown) {
            sv->workers = grown;
            sv->cap_workers = cap;
        }
    }
    if (sv->n_workers < sv->cap_workers) {
        sv->workers[sv->n_workers++] = w;
        kept = true;
    }
    pthread_mutex_unlock(&sv->registry_lock);
    if (!kept || pthread_setspecific(sv->searcher_key, w) != 0) {
        if (!kept) worker_free(w);
        return NULL;
    }
    return w;
}

static void free_searchers(server *sv)
{
    for (size_t i = 0; i < sv->n_workers; i++)
        worker_free(sv->workers[i]);
    free(sv->workers);
    sv->workers = NULL;
    sv->n_workers = sv->cap_workers = 0;
}

/* ---- request bookkeeping ---- */

/* Called with the raw request target before libmicrohttpd decodes it: the
 * one place a %00 can still be seen (decoding would cut the path there).
 * The URI is only scanned, never stored or logged. */
static void *on_request_start(void *cls, const char *uri, struct MHD_Connection *connection)
{
    (void)connection;
    server *sv = cls;
    request *rq = calloc(1, sizeof *rq);
    if (!rq) return NULL;
    rq->start = now_s();
    rq->endpoint = HV_ENDPOINT_OTHER;
    rq->nul_in_uri = uri && strstr(uri, "%00") != NULL;
    atomic_fetch_add(&sv->in_flight, 1);
    return rq;
}

static void on_request_done(void *cls, struct MHD_Connection *connection, void **req_cls,
                            enum MHD_RequestTerminationCode toe)
{
    (void)connection;
    (void)toe;
    server *sv = cls;
    request *rq = *req_cls;
    if (!rq) return;
    if (rq->status)
        hv_http_metrics_record(sv->metrics, rq->endpoint, rq->status, now_s() - rq->start);
    free(rq->body);
    free(rq);
    *req_cls = NULL;
    atomic_fetch_sub(&sv->in_flight, 1);
}

/* ---- dispatch ---- */

typedef struct {
    server *sv;
    struct MHD_Connection *connection;
    request *rq;
    hv_http_extra extra;
} exchange;

static enum MHD_Result send_json(exchange *ex, unsigned status, char *body, size_t len)
{
    ex->rq->status = body ? status : 500;
    return hv_http_queue_json(ex->connection, status, body, len, &ex->extra);
}

static enum MHD_Result send_error(exchange *ex, unsigned status, const char *message)
{
    ex->rq->status = status;
    return hv_http_queue_error(ex->connection, status, message, &ex->extra);
}

static enum MHD_Result send_not_allowed(exchange *ex, const char *allow)
{
    ex->extra.allow = allow;
    return send_error(ex, 405, "method not allowed");
}

static const char *lookup_param(void *userdata, const char *name, size_t *len)
{
    const char *value = NULL;
    if (MHD_lookup_connection_value_n(userdata, MHD_GET_ARGUMENT_KIND, name, strlen(name), &value,
                                      len) != MHD_YES)
        return NULL;
    if (!value) { /* "?q" without '=' */
        *len = 0;
        return "";
    }
    return value;
}

static enum MHD_Result check_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_len, const char *value, size_t value_len)
{
    (void)kind;
    bool *ok = cls;
    if (!hv_api_text_ok(key, key_len) || (value && !hv_api_text_ok(value, value_len))) {
        *ok = false;
        return MHD_NO;
    }
    return MHD_YES;
}

static enum MHD_Result answer_api(exchange *ex, hv_http_endpoint endpoint, bool post)
{
    hv_api_request req = {.endpoint = endpoint,
                          .post = post,
                          .body = ex->rq->body ? ex->rq->body : "",
                          .body_len = ex->rq->body_len,
                          .param = lookup_param,
                          .param_userdata = ex->connection};
    hv_api_answer answer;
    worker *w = thread_worker(ex->sv);
    hv_api_handle(w ? w->searcher : NULL, w ? w->cache : NULL, now_s() - ex->sv->started, &req,
                  &answer);
    return send_json(ex, answer.status, answer.body, answer.body_len);
}

static enum MHD_Result answer_metrics(exchange *ex)
{
    char *text;
    size_t len;
    if (hv_http_metrics_render(ex->sv->metrics, now_s() - ex->sv->started, &text, &len) != HV_OK)
        return send_error(ex, 500, "out of memory");
    struct MHD_Response *r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "text/plain; version=0.0.4; charset=utf-8") != MHD_YES ||
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    ex->rq->status = 200;
    return hv_http_queue(ex->connection, 200, r, &ex->extra);
}

static enum MHD_Result answer_static(exchange *ex, const char *url)
{
    hv_static_answer answer;
    hv_static_serve(ex->sv->web_real, ex->connection, url, &answer);
    if (!answer.response)
        return send_error(ex, answer.status,
                          answer.status == 400   ? "bad path"
                          : answer.status == 404 ? "not found"
                                                 : "cannot read the file");
    ex->rq->status = answer.status;
    return hv_http_queue(ex->connection, answer.status, answer.response, &ex->extra);
}

static enum MHD_Result answer_preflight(exchange *ex)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    if (MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, POST") != MHD_YES ||
        MHD_add_response_header(r, "Access-Control-Allow-Headers", "Content-Type") != MHD_YES ||
        MHD_add_response_header(r, "Access-Control-Max-Age", "600") != MHD_YES ||
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    ex->rq->status = 204;
    return hv_http_queue(ex->connection, 204, r, &ex->extra);
}

static hv_http_endpoint api_endpoint(const char *url)
{
    if (strcmp(url, "/api/search") == 0) return HV_ENDPOINT_SEARCH;
    if (strcmp(url, "/api/suggest") == 0) return HV_ENDPOINT_SUGGEST;
    if (strcmp(url, "/api/passage") == 0) return HV_ENDPOINT_PASSAGE;
    if (strcmp(url, "/api/health") == 0) return HV_ENDPOINT_HEALTH;
    return HV_ENDPOINT_OTHER;
}

static bool is_method(const char *method, const char *name)
{
    return strcmp(method, name) == 0;
}

/* Content-Length over the cap is refused before the body is read. */
static bool body_announced_too_large(exchange *ex)
{
    const char *length = MHD_lookup_connection_value(ex->connection, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!length) return false;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(length, &end, 10);
    return errno || end == length || n > MAX_POST_BODY;
}

/* Keeps the body of POST /api/search up to the cap; any other body (or the
 * rest of one over the cap) is read and dropped, up to a bound. */
static enum MHD_Result take_body(request *rq, const char *data, size_t *size)
{
    size_t n = *size;
    *size = 0;
    if (rq->wants_body && !rq->body_too_large && rq->body_len + n > MAX_POST_BODY) {
        rq->body_too_large = true;
        rq->discarded = rq->body_len;
        free(rq->body);
        rq->body = NULL;
        rq->body_len = 0;
    }
    if (!rq->wants_body || rq->body_too_large) {
        rq->discarded += n;
        return rq->discarded > MAX_DISCARDED_BODY ? MHD_NO : MHD_YES;
    }
    if (!rq->body) {
        rq->body = malloc(MAX_POST_BODY + 1);
        if (!rq->body) return MHD_NO;
    }
    memcpy(rq->body + rq->body_len, data, n);
    rq->body_len += n;
    rq->body[rq->body_len] = '\0';
    return MHD_YES;
}

static void set_cors(exchange *ex)
{
    const char *allowed = ex->sv->options->cors_origin;
    if (!allowed || !*allowed) return;
    ex->extra.cors_varies = true;
    const char *origin =
        MHD_lookup_connection_value(ex->connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN);
    if (origin && strcmp(origin, allowed) == 0) ex->extra.cors_origin = allowed;
}

static hv_http_endpoint classify(const char *url, bool api)
{
    if (api) return api_endpoint(url);
    return strcmp(url, "/metrics") == 0 ? HV_ENDPOINT_METRICS : HV_ENDPOINT_STATIC;
}

/* Called once when the headers are in, once per piece of body, and once
 * more at the end.  Answers go out only from the last call: answering
 * from the first makes libmicrohttpd 0.9.75 close the connection (and,
 * with a body pending, refuse the answer). */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    (void)version;
    server *sv = cls;
    request *rq = *req_cls;
    if (!rq) return MHD_NO;
    exchange ex = {.sv = sv, .connection = connection, .rq = rq};
    ex.extra.close = atomic_load(&sv->stopping);
    bool api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0;
    if (api) set_cors(&ex);

    if (!rq->headers_seen) {
        rq->headers_seen = true;
        rq->endpoint = classify(url, api);
        rq->wants_body = rq->endpoint == HV_ENDPOINT_SEARCH && is_method(method, "POST");
        if (rq->wants_body && body_announced_too_large(&ex))
            return send_error(&ex, 413, "the body is larger than 16 KiB");
        return MHD_YES;
    }
    if (*upload_data_size) return take_body(rq, upload_data, upload_data_size);

    if (rq->nul_in_uri) return send_error(&ex, 400, "the URL holds a NUL byte");
    bool args_ok = true;
    MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, check_argument, &args_ok);
    if (!args_ok) return send_error(&ex, 400, "URL parameters must be UTF-8 without NUL bytes");

    bool get = is_method(method, "GET") || is_method(method, "HEAD");
    if (api) {
        if (rq->endpoint == HV_ENDPOINT_OTHER) return send_error(&ex, 404, "no such API endpoint");
        if (is_method(method, "OPTIONS") && ex.extra.cors_origin) return answer_preflight(&ex);
        if (rq->wants_body) {
            if (rq->body_too_large) return send_error(&ex, 413, "the body is larger than 16 KiB");
            return answer_api(&ex, HV_ENDPOINT_SEARCH, true);
        }
        if (!get)
            return send_not_allowed(&ex, rq->endpoint == HV_ENDPOINT_SEARCH ? "GET, HEAD, POST"
                                                                            : "GET, HEAD");
        return answer_api(&ex, rq->endpoint, false);
    }
    if (!get) return send_not_allowed(&ex, "GET, HEAD");
    if (rq->endpoint == HV_ENDPOINT_METRICS) return answer_metrics(&ex);
    return answer_static(&ex, url);
}

/* ---- startup and shutdown ---- */

typedef union {
    struct sockaddr sa;
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
} socket_address;

static bool parse_address(const char *text, unsigned port, socket_address *out, bool *ipv6)
{
    memset(out, 0, sizeof *out);
    *ipv6 = false;
    if (inet_pton(AF_INET, text, &out->v4.sin_addr) == 1) {
        out->v4.sin_family = AF_INET;
        out->v4.sin_port = htons((uint16_t)port);
        return true;
    }
    if (inet_pton(AF_INET6, text, &out->v6.sin6_addr) == 1) {
        out->v6.sin6_family = AF_INET6;
        out->v6.sin6_port = htons((uint16_t)port);
        *ipv6 = true;
        return true;
    }
    return false;
}

static int check_index(const char *db_dir)
{
    hv_searcher *s;
    char *errmsg = NULL;
    hv_status st = hv_searcher_open(db_dir, &s, &errmsg);
    if (st != HV_OK) {
        fprintf(stderr, "haven-search: %s\n", errmsg ? errmsg : hv_status_to_string(st));
        free(errmsg);
        return -1;
    }
    hv_searcher_free(s);
    return 0;
}

static char *real_web_dir(const char *web_dir)
{
    char *real = realpath(web_dir, NULL);
    struct stat sb;
    if (!real || stat(real, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "haven-search: the web directory %s is not there\n", web_dir);
        free(real);
        return NULL;
    }
    return real;
}

static struct MHD_Daemon *start_daemon(server *sv, const socket_address *addr, bool ipv6)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_AUTO;
    if (ipv6) flags |= MHD_USE_IPv6;
    unsigned threads = sv->options->threads ? sv->options->threads : 1;
    return MHD_start_daemon(flags, (uint16_t)sv->options->port, NULL, NULL, on_request, sv,
                            MHD_OPTION_SOCK_ADDR, &addr->sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_CONNECTION_LIMIT,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
                            MHD_OPTION_URI_LOG_CALLBACK, on_request_start, sv,
                            MHD_OPTION_NOTIFY_COMPLETED, on_request_done, sv,
                            MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1, MHD_OPTION_END);
}

/* Requests already being answered get to finish, within a bound. */
static void drain(server *sv)
{
    for (int waited = 0; waited < DRAIN_TIMEOUT_MS && atomic_load(&sv->in_flight) > 0; waited += 10)
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
}

static int serve(server *sv, const socket_address *addr, bool ipv6)
{
    /* Blocked before the workers start so they inherit the mask and only
     * sigwait below ever sees these signals. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *daemon = start_daemon(sv, addr, ipv6);
    if (!daemon) {
        fprintf(stderr, "haven-search: cannot listen on %s%s%s:%u: %s\n", ipv6 ? "[" : "",
                sv->options->address, ipv6 ? "]" : "", sv->options->port, strerror(errno));
        return EXIT_FATAL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info && info->port ? info->port : sv->options->port;
    printf("listening on http://%s%s%s:%u/\n", ipv6 ? "[" : "", sv->options->address,
           ipv6 ? "]" : "", port);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop_signals, &sig) != 0) {
    }
    atomic_store(&sv->stopping, true);
    MHD_socket listener = MHD_quiesce_daemon(daemon);
    drain(sv);
    MHD_stop_daemon(daemon);
    if (listener != MHD_INVALID_SOCKET) close(listener);
    return 0;
}

int hv_http_serve(const hv_http_options *options)
{
    const char *address = options->address && *options->address ? options->address : "127.0.0.1";
    hv_http_options opts = *options;
    opts.address = address;
    socket_address addr;
    bool ipv6;
    if (!parse_address(address, options->port, &addr, &ipv6)) {
        fprintf(stderr, "haven-search: %s is not a numeric IPv4 or IPv6 address\n", address);
        return EXIT_FATAL;
    }
    if (check_index(options->db_dir) != 0) return EXIT_FATAL;

    server sv = {.options = &opts, .started = now_s()};
    sv.web_real = real_web_dir(options->web_dir ? options->web_dir : "web");
    if (!sv.web_real) return EXIT_FATAL;
    int rc = EXIT_FATAL;
    if (hv_http_metrics_new(&sv.metrics) == HV_OK &&
        pthread_key_create(&sv.searcher_key, NULL) == 0) {
        pthread_mutex_init(&sv.registry_lock, NULL);
        rc = serve(&sv, &addr, ipv6);
        free_searchers(&sv);
        pthread_mutex_destroy(&sv.registry_lock);
        pthread_key_delete(sv.searcher_key);
    } else {
        fputs("haven-search: out of memory\n", stderr);
    }
    hv_http_metrics_free(sv.metrics);
    free(sv.web_real);
    return rc;
}
