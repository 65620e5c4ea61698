/*
 * csvwrite: the one CSV field writer (frames, report tables and every other CSV
 * burden writes), and writing typed columns as RFC 4180 CSV atomically
 * (atomicfile: a temporary beside the target, synced, then renamed). Numbers
 * are written by numfmt. Lines end in CRLF, as RFC 4180 says.
 *
 * The caller owns every array; nothing is kept after the call.
 */
#ifndef BURDEN_CORE_CSVWRITE_H
#define BURDEN_CORE_CSVWRITE_H

#include <stddef.h>

#include "csvread.h"
#include "error.h"

typedef struct bn_csv_outcol {
    enum bn_coltype type;         /* BOOLEAN, INTEGER, NUMBER or STRING */
    const double *num;            /* numbers and booleans (0/1) */
    const unsigned char *missing; /* nrow flags */
    const char *pool;             /* strings: texts back to back */
    const size_t *offset;         /* strings: nrow + 1 offsets */
} bn_csv_outcol;

/* The end of every line of CSV burden writes. */
#define BN_CSV_EOL "\r\n"

/*
 * One field as CSV text: s (n bytes) itself, or quoted, with each quote doubled,
 * when it holds the separator, a quote, CR or LF, or starts or ends with a space
 * or tab (so that no reader trims it). Writes into out (at least 2 * n + 2
 * bytes) unless out is NULL, and returns the length either way.
 */
size_t bn_csv_field(const char *s, size_t n, char sep, char *out);

/*
 * Writes the header and nrow rows to path: fields by bn_csv_field, numbers by
 * bn_format_number (".0" on integral values of NUMBER columns), booleans as
 * true/false, missing values empty. BN_EIO with "cannot write PATH: reason"
 * when the file cannot be written, BN_ENOMEM when memory runs out.
 */
enum bn_status bn_csv_write(const char *path, const char *const *names,
                            const bn_csv_outcol *cols, size_t ncol, size_t nrow, char sep,
                            bn_error *err);

#endif
