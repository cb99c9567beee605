/* The HTTP daemon: search API and the web page, with libmicrohttpd. */
#ifndef HV_HTTP_SERVER_H
#define HV_HTTP_SERVER_H

#include <stdbool.h>

typedef struct {
    const char *db_dir;
    const char *address;     /* numeric IPv4/IPv6 address to bind; "127.0.0.1" by default */
    unsigned port;           /* 0: pick a free port (printed on stdout) */
    const char *web_dir;     /* static files served under / */
    unsigned threads;        /* worker threads, each with its own index reader */
    const char *cors_origin; /* allowed cross-origin caller, or NULL for none */
    bool no_answer_cache;    /* answer every search afresh (for measuring) */
} hv_http_options;

/* Serves until SIGINT or SIGTERM, then finishes requests in flight.  Prints
 * "listening on http://ADDR:PORT/" on stdout once ready.  Returns the
 * process exit status. */
int hv_http_serve(const hv_http_options *options);

#endif
