/* Scratch folders for the unit tests that touch the file system. */
#ifndef HV_TEST_DIRS_H
#define HV_TEST_DIRS_H

#include <stdio.h>
#include <stdlib.h>

/* Removes the folder at path and all it holds; 0 on success. */
static inline int remove_tree(const char *path)
{
    char cmd[512];
    if (snprintf(cmd, sizeof cmd, "rm -rf '%s'", path) >= (int)sizeof cmd) return -1;
    return system(cmd) == 0 ? 0 : -1;
}

#endif
