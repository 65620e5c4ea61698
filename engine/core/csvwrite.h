/*
 * csvwrite: writing typed columns as RFC 4180 CSV, atomically (atomicfile: a
 * temporary beside the target, synced, then renamed), and the number format
 * shared by the CSV and JSON writers (the same in every locale).
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

#define BN_NUMBER_TEXT_MAX 40

/*
 * The shortest text (at most 17 significant digits) that reads back as x,
 * with ".0" added to an integral value when as_float is set so that it reads
 * back as a number rather than an integer; "NaN", "Inf", "-Inf" otherwise.
 * Returns the length.
 */
size_t bn_format_number(double x, int as_float, char *buf);

/*
 * Writes the header and nrow rows to path. Fields holding the separator, a
 * quote, CR or LF, or leading/trailing spaces are quoted; missing values are
 * empty. BN_EIO with "cannot write PATH: reason" when the file cannot be written.
 */
enum bn_status bn_csv_write(const char *path, const char *const *names,
                            const bn_csv_outcol *cols, size_t ncol, size_t nrow, char sep,
                            bn_error *err);

#endif
