/*
 * csvread: reading delimited text into typed columns (over libcsv).
 *
 * bn_csv_read_file / bn_csv_read_text parse RFC 4180 text (quoted fields,
 * quoted newlines, CRLF, a UTF-8 BOM, blank lines) into a bn_csv_table whose
 * columns are numbers (doubles + missing mask), booleans (0/1 doubles) or
 * strings (one pooled buffer + offsets per column). Types are inferred per
 * column unless forced. Input is read line by line in bounded memory: a line
 * or record longer than max_line is an error, not an allocation.
 *
 * Errors name the source and the line: "path:LINE: message".
 * The caller owns the table and frees it with bn_csv_table_free; a binding may
 * take any column array (setting the pointer to NULL) before freeing.
 */
#ifndef BURDEN_CORE_CSVREAD_H
#define BURDEN_CORE_CSVREAD_H

#include <stddef.h>

#include "error.h"
#include "numparse.h"

enum bn_coltype {
    BN_COL_AUTO = 0, /* inferred (only in options) */
    BN_COL_BOOLEAN,
    BN_COL_INTEGER,
    BN_COL_NUMBER,
    BN_COL_STRING,
};

/* "boolean", "integer", "number", "string" (or "auto"). */
const char *bn_coltype_name(enum bn_coltype t);
/* The type named s, or -1. */
int bn_coltype_parse(const char *s);

#define BN_CSV_MAX_LINE_DEFAULT ((size_t)16 << 20)

typedef struct bn_csv_options {
    char sep;                 /* field separator, ',' */
    char quote;               /* quote character, '"' */
    int header;               /* first record holds the names (1) */
    const char *const *na;    /* missing-value tokens; NULL: the defaults below */
    size_t nna;
    const char *comment;      /* lines starting with this prefix are skipped; NULL: none */
    size_t skip;              /* physical lines skipped before anything else */
    const char *const *select; /* keep only these columns (in file order); NULL: all */
    size_t nselect;
    const char *const *type_names; /* forced types, by column name */
    const enum bn_coltype *type_values;
    size_t ntypes;
    char thousands;           /* thousands separator inside numbers, 0: none */
    int ragged_pad;           /* pad short records with missing values instead of failing */
    int dedupe;               /* rename duplicate names (x, x_2, x_3) instead of failing */
    int utf8_replace;         /* replace invalid UTF-8 by U+FFFD instead of failing */
    size_t max_line;          /* longest line or record in bytes; 0: the default */
} bn_csv_options;

/* The default missing-value tokens (NULL-terminated). */
extern const char *const bn_csv_default_na[];

void bn_csv_options_init(bn_csv_options *opt);

typedef struct bn_csv_column {
    char *name;
    enum bn_coltype type;
    double *num;            /* BOOLEAN, INTEGER, NUMBER: nrow values (NAN when missing) */
    unsigned char *missing; /* nrow flags, 1 = missing */
    char *pool;             /* STRING: the texts, back to back (not NUL-terminated) */
    size_t *offset;         /* STRING: nrow + 1 offsets into pool */
    /* reader state */
    size_t pool_len, pool_cap;
    int forced;             /* type given by the caller */
    int needs_text;         /* demoted to string: refilled by a second pass */
    size_t source_index;    /* field position in the file */
} bn_csv_column;

typedef struct bn_csv_table {
    size_t nrow, ncol;
    bn_csv_column *cols;
    size_t cap; /* allocated rows */
    /* name comparisons made while checking the header (linear in the columns; tests check it) */
    size_t name_compares;
    /* data lines read many at a time (csvread.c's fast_block; tests check it) */
    size_t block_lines;
} bn_csv_table;

/*
 * Reads path. On success *out is a new table. A file that cannot be opened
 * gives BN_EIO ("cannot open PATH: reason"); malformed input gives BN_EINVAL
 * with "PATH:LINE: message".
 */
enum bn_status bn_csv_read_file(const char *path, const bn_csv_options *opt,
                                bn_csv_table **out, bn_error *err);

/* The same on text in memory; name is the path used in messages. */
enum bn_status bn_csv_read_text(const char *text, size_t len, const char *name,
                                const bn_csv_options *opt, bn_csv_table **out, bn_error *err);

void bn_csv_table_free(bn_csv_table *t);

#endif
