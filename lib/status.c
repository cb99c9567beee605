#include "status.h"

static const char *const status_names[HV_STATUS_COUNT] = {
    [HV_OK] = "success",
    [HV_ERR_NOMEM] = "out of memory",
    [HV_ERR_IO] = "input/output error",
    [HV_ERR_INVALID_ARGUMENT] = "invalid argument",
    [HV_ERR_NOT_FOUND] = "not found",
    [HV_ERR_UNSUPPORTED] = "unsupported file type",
    [HV_ERR_BINARY] = "binary file (contains NUL bytes)",
    [HV_ERR_TOO_LARGE] = "too large",
    [HV_ERR_CORRUPT] = "corrupt data",
    [HV_ERR_LOCKED] = "index is locked by another indexer",
    [HV_ERR_DATABASE] = "index database error",
    [HV_ERR_ANALYSIS_MISMATCH] = "index was built with a different analysis pipeline",
    [HV_ERR_QUERY] = "query cannot run",
    [HV_ERR_MODIFIED] = "index was modified while reading",
    [HV_ERR_INTERNAL] = "internal error",
};

const char *hv_status_to_string(hv_status status)
{
    if ((unsigned)status >= HV_STATUS_COUNT || !status_names[status]) return "unknown status";
    return status_names[status];
}
