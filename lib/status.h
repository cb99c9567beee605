/* Status codes returned by every fallible Haven function.
 *
 * Results come back through out-parameters; the return value only says
 * whether the call worked.  hv_status_to_string() returns a static string
 * that the caller must not free. */
#ifndef HV_STATUS_H
#define HV_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HV_OK = 0,
    HV_ERR_NOMEM,             /* allocation failed */
    HV_ERR_IO,                /* a file could not be read or written */
    HV_ERR_INVALID_ARGUMENT,  /* the caller passed something unusable */
    HV_ERR_NOT_FOUND,         /* file, index or passage does not exist */
    HV_ERR_UNSUPPORTED,       /* file type we do not index */
    HV_ERR_BINARY,            /* file holds NUL bytes: not text */
    HV_ERR_TOO_LARGE,         /* over a configured size limit */
    HV_ERR_CORRUPT,           /* stored data or compressed input is damaged */
    HV_ERR_LOCKED,            /* another indexer holds the index lock */
    HV_ERR_DATABASE,          /* any other error reported by Xapian */
    HV_ERR_ANALYSIS_MISMATCH, /* index built with a different analysis pipeline */
    HV_ERR_QUERY,             /* the query cannot run */
    HV_ERR_MODIFIED,          /* index changed under a reader; reopen and retry */
    HV_ERR_INTERNAL,          /* an unexpected exception or bug */
    HV_STATUS_COUNT
} hv_status;

/* Static, never NULL, never to be freed. */
const char *hv_status_to_string(hv_status status);

#ifdef __cplusplus
}
#endif

#endif
