/* Finding the files under the paths given to the indexer. */
#ifndef HV_FILE_WALK_H
#define HV_FILE_WALK_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "../lib/status.h"

typedef struct {
    char *path; /* as opened: the root joined with the relative part */
    char *doc;  /* relative to the root (a file given directly: its name) */
    off_t size;
    struct timespec mtime;
} hv_found_file;

typedef struct {
    hv_found_file *files;
    size_t count, cap;
    size_t unreadable_dirs; /* directories that could not be listed */
} hv_file_list;

/* Appends the regular files under root (recursively; symbolic links to
 * directories are not followed, so a loop cannot trap the walk), or root
 * itself when it is a file, sorted by doc.  HV_ERR_NOT_FOUND when root does
 * not exist.  Hidden files and folders (".name") are skipped. */
hv_status hv_file_walk(const char *root, hv_file_list *list);
void hv_file_list_free(hv_file_list *list);

#endif
