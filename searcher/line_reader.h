/* Reading query lines of any length without letting one line eat memory. */
#ifndef HV_LINE_READER_H
#define HV_LINE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Lines longer than this are cut; the rest of the line is read and dropped. */
#define HV_LINE_MAX_BYTES (4u << 20)

typedef struct {
    char *buf;
    size_t len, cap;
    bool cut; /* the last line was longer than HV_LINE_MAX_BYTES */
} hv_line_reader;

/* Reads the next line (without its \n or \r\n) into r->buf[0..r->len).
 * NUL bytes are kept.  Returns false at end of input with no line. */
bool hv_line_read(hv_line_reader *r, FILE *in);
void hv_line_reader_free(hv_line_reader *r);

#endif
