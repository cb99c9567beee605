#include "file_walk.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper trees than this are almost certainly a mistake (or a bind-mount
 * loop); stop rather than exhaust the stack. */
#define MAX_DEPTH 64

static hv_status add_file(hv_file_list *list, const char *path, const char *doc,
                          const struct stat *st)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        hv_found_file *files = realloc(list->files, cap * sizeof *files);
        if (!files) return HV_ERR_NOMEM;
        list->files = files;
        list->cap = cap;
    }
    hv_found_file *f = &list->files[list->count];
    f->path = strdup(path);
    f->doc = strdup(doc);
    if (!f->path || !f->doc) {
        free(f->path);
        free(f->doc);
        return HV_ERR_NOMEM;
    }
    f->size = st->st_size;
    f->mtime = st->st_mtim;
    list->count++;
    return HV_OK;
}

static hv_status walk_dir(const char *dir, const char *rel, int depth, hv_file_list *list)
{
    if (depth > MAX_DEPTH) return HV_OK;
    DIR *d = opendir(dir);
    if (!d) {
        list->unreadable_dirs++;
        return HV_OK;
    }
    hv_status status = HV_OK;
    struct dirent *e;
    while (status == HV_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path = NULL, *doc = NULL;
        if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) {
            status = HV_ERR_NOMEM;
            break;
        }
        if (asprintf(&doc, "%s%s%s", rel, *rel ? "/" : "", e->d_name) < 0) {
            free(path);
            status = HV_ERR_NOMEM;
            break;
        }
        struct stat st, target;
        if (lstat(path, &st) == 0) {
            /* the target's own stat: a link to a folder must not read as one */
            if (S_ISLNK(st.st_mode)) {
                if (stat(path, &target) == 0 && S_ISREG(target.st_mode))
                    status = add_file(list, path, doc, &target);
            } else if (S_ISDIR(st.st_mode)) {
                status = walk_dir(path, doc, depth + 1, list);
            } else if (S_ISREG(st.st_mode)) {
                status = add_file(list, path, doc, &st);
            }
        }
        free(path);
        free(doc);
    }
    closedir(d);
    return status;
}

static int by_doc(const void *a, const void *b)
{
    return strcmp(((const hv_found_file *)a)->doc, ((const hv_found_file *)b)->doc);
}

hv_status hv_file_walk(const char *root, hv_file_list *list)
{
    struct stat st;
    if (stat(root, &st) != 0) return errno == ENOENT ? HV_ERR_NOT_FOUND : HV_ERR_IO;
    size_t first = list->count;
    hv_status status;
    if (S_ISDIR(st.st_mode)) {
        size_t n = strlen(root);
        char *trimmed = strndup(root, n);
        if (!trimmed) return HV_ERR_NOMEM;
        while (n > 1 && trimmed[n - 1] == '/')
            trimmed[--n] = '\0';
        status = walk_dir(trimmed, "", 0, list);
        free(trimmed);
    } else if (S_ISREG(st.st_mode)) {
        char *copy = strdup(root);
        if (!copy) return HV_ERR_NOMEM;
        status = add_file(list, root, basename(copy), &st);
        free(copy);
    } else {
        return HV_ERR_UNSUPPORTED;
    }
    qsort(list->files + first, list->count - first, sizeof *list->files, by_doc);
    return status;
}

void hv_file_list_free(hv_file_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->files[i].path);
        free(list->files[i].doc);
    }
    free(list->files);
    memset(list, 0, sizeof *list);
}
