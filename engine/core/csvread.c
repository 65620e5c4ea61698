#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "editdist.h"
#include "utf8.h"

/* libcsv's parser state between records (ROW_NOT_BEGUN in libcsv.c). */
#define LIBCSV_ROW_NOT_BEGUN 0

const char *const bn_csv_default_na[] = {"",     "NA",   "N/A",  "n/a",  "NaN", "nan",
                                         "NULL", "null", "None", "#N/A", NULL};

static const char *const coltype_names[] = {"auto", "boolean", "integer", "number", "string"};

const char *bn_coltype_name(enum bn_coltype t)
{
    return (unsigned)t < 5 ? coltype_names[t] : "?";
}

int bn_coltype_parse(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(s, coltype_names[i]) == 0)
            return i;
    return -1;
}

void bn_csv_options_init(bn_csv_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->sep = ',';
    opt->quote = '"';
    opt->header = 1;
}

/* ---- line source: a file read in chunks, or text in memory ---------------------------- */

typedef struct source {
    FILE *fp;
    const char *text; /* memory source */
    size_t len, pos;
    char *buf; /* file source */
    size_t buf_len, buf_pos, buf_cap;
    size_t size; /* file source: its size when known */
    int eof;
    int eol_known;
    char eol; /* '\n', or '\r' for old Mac files with no LF at all */
} source;

/* Lines end with LF, unless the first mebibyte has no LF but has a CR. */
static void detect_eol(source *src, const char *p, size_t n)
{
    if (n > ((size_t)1 << 20))
        n = (size_t)1 << 20;
    src->eol = (!memchr(p, '\n', n) && memchr(p, '\r', n)) ? '\r' : '\n';
    src->eol_known = 1;
}

/* Returns 1 with the next line (with its end), 0 at the end, -1 when a line exceeds max. */
static int next_line(source *src, size_t max, const char **line, size_t *n)
{
    if (!src->fp) {
        if (src->pos >= src->len)
            return 0;
        const char *p = src->text + src->pos;
        size_t left = src->len - src->pos;
        if (!src->eol_known)
            detect_eol(src, p, left);
        const char *nl = memchr(p, src->eol, left > max + 1 ? max + 1 : left);
        size_t k = nl ? (size_t)(nl - p) + 1 : left;
        if (!nl && left > max)
            return -1;
        *line = p;
        *n = k;
        src->pos += k;
        return 1;
    }
    for (;;) {
        char *p = src->buf ? src->buf + src->buf_pos : NULL; /* NULL + 0 is undefined */
        size_t left = src->buf_len - src->buf_pos;
        if (left && !src->eol_known)
            detect_eol(src, p, left);
        char *nl = left ? memchr(p, src->eol, left) : NULL;
        if (nl) {
            /* the same limit as for text: at most max bytes before the line end */
            if ((size_t)(nl - p) > max)
                return -1;
            *line = p;
            *n = (size_t)(nl - p) + 1;
            src->buf_pos += *n;
            return 1;
        }
        if (left > max)
            return -1;
        if (src->eof) {
            if (left == 0)
                return 0;
            *line = p;
            *n = left;
            src->buf_pos += left;
            return 1;
        }
        if (src->buf_pos > 0) {
            memmove(src->buf, p, left);
            src->buf_len = left;
            src->buf_pos = 0;
        }
        if (src->buf_len == src->buf_cap) {
            size_t cap = src->buf_cap ? src->buf_cap * 2 : (size_t)1 << 20;
            char *nb = realloc(src->buf, cap);
            if (!nb)
                return -2;
            src->buf = nb;
            src->buf_cap = cap;
        }
        size_t got = fread(src->buf + src->buf_len, 1, src->buf_cap - src->buf_len, src->fp);
        src->buf_len += got;
        if (got == 0) {
            if (ferror(src->fp))
                return -3;
            src->eof = 1;
        }
    }
}

/* The bytes read but not yet taken as lines, and taking k of them (whole lines). */
static const char *buffered(const source *src)
{
    if (src->fp)
        return src->buf ? src->buf + src->buf_pos : NULL; /* NULL + 0 is undefined */
    return src->text ? src->text + src->pos : NULL;
}

static size_t buffered_len(const source *src)
{
    return src->fp ? src->buf_len - src->buf_pos : src->len - src->pos;
}

static void consume(source *src, size_t k)
{
    if (src->fp)
        src->buf_pos += k;
    else
        src->pos += k;
}

/* ---- the reader ----------------------------------------------------------------------- */

typedef struct reader {
    const bn_csv_options *opt;
    const char *name;
    bn_error *err;
    bn_csv_table *t;
    int pass; /* 1; 2 refills the columns demoted to strings */
    int any_demoted;
    const char *const *na;
    size_t *na_len;
    size_t nna, na_maxlen;
    size_t max_line;
    /* position */
    size_t line;        /* physical line being parsed */
    size_t record_line; /* line where the current record began */
    size_t field_line;  /* line where the current field began */
    size_t field;       /* index of the next field in the record */
    size_t row;         /* index of the current data row */
    int in_header;      /* the current record is the first one */
    /* the first record, kept until its end */
    char **first;
    size_t *first_len;
    size_t nfirst, first_cap;
    /* field position -> column index, or -1 */
    long *map;
    size_t nfields;
    int failed;
    /* the plain-number fast path (fast_plain_line) is exact for these options */
    int fast_numbers;
    /* fast_block: separator and LF positions of one block (BLOCK_BYTES entries) */
    uint32_t *idx;
    /* bytes of the whole input (0: unknown) and before the first data row: row estimate */
    size_t size_hint, data_start, offset;
} reader;

static void vfail(reader *r, enum bn_status st, size_t line, size_t field, const char *fmt,
                  va_list ap)
{
    char msg[BN_ERROR_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (!r->failed) {
        if (line && field)
            bn_fail(r->err, st, "%s:%zu:%zu: %s", r->name, line, field, msg);
        else if (line)
            bn_fail(r->err, st, "%s:%zu: %s", r->name, line, msg);
        else
            bn_fail(r->err, st, "%s: %s", r->name, msg);
    }
    r->failed = 1;
}

static int fail(reader *r, enum bn_status st, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(reader *r, enum bn_status st, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(r, st, line, 0, fmt, ap);
    va_end(ap);
    return -1;
}

/* "PATH:LINE:FIELD: message": field is the column's position in the record, from 1. */
static int fail_at(reader *r, enum bn_status st, size_t line, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail_at(reader *r, enum bn_status st, size_t line, size_t field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(r, st, line, field, fmt, ap);
    va_end(ap);
    return -1;
}

static int oom(reader *r)
{
    return fail(r, BN_ENOMEM, 0, "out of memory");
}

/* A short, printable excerpt of a field for messages. */
static void excerpt(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < cap; i++)
        out[k++] = (s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
    if (n > k && k + 4 <= cap) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

/*
 * A large column array asks for transparent huge pages: filling it then takes a page
 * fault per 2 MiB instead of per 4 KiB, which was a third of the reading time on a
 * virtual machine (where a fault is expensive). Only a hint: nothing depends on it.
 */
static void advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (bytes < 2 * huge)
        return;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t e = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

/*
 * Resizes a column array from old_bytes to bytes, as realloc does. The first time an
 * array reaches a mebibyte, it moves to a 2 MiB boundary and a whole number of 2 MiB
 * pages, all of them huge-page candidates: advise_huge alone leaves the unaligned head
 * and tail of every array (a few MiB across the columns) to 4 KiB faults, about 5,000
 * of them for the 100 MB benchmark file, and those faults, not the zeroing, were most
 * of the kernel's share of the reading time. Later growth reallocates in place.
 */
#define HUGE_PAGE ((size_t)2 << 20)

static void *resize_column(void *old, size_t old_bytes, size_t bytes)
{
    if (bytes < HUGE_PAGE / 2 || old_bytes >= HUGE_PAGE / 2) {
        void *p = realloc(old, bytes);
        if (p)
            advise_huge(p, bytes);
        return p;
    }
    size_t whole = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void *p = aligned_alloc(HUGE_PAGE, whole);
    if (!p)
        return NULL;
#ifdef MADV_HUGEPAGE
    /* before the copy: a page touched first would be a 4 KiB one */
    (void)madvise(p, whole, MADV_HUGEPAGE);
#endif
    if (old)
        memcpy(p, old, old_bytes < bytes ? old_bytes : bytes);
    free(old);
    return p;
}

/*
 * Gives every column room for cap rows exactly. When memory runs out, a quiet call
 * returns -1 and leaves the table usable at its old capacity (an array already grown
 * stays larger); otherwise it fails with "out of memory".
 */
static int reserve_rows(reader *r, size_t cap, int quiet)
{
    bn_csv_table *t = r->t;
    for (size_t c = 0; c < t->ncol; c++) {
        bn_csv_column *col = &t->cols[c];
        unsigned char *m = resize_column(col->missing, col->missing ? t->cap : 0, cap);
        if (!m)
            return quiet ? -1 : oom(r);
        col->missing = m;
        if (col->num) {
            double *d = resize_column(col->num, t->cap * sizeof *d, cap * sizeof *d);
            if (!d)
                return quiet ? -1 : oom(r);
            col->num = d;
        }
        if (col->offset) {
            size_t *o = realloc(col->offset, (cap + 1) * sizeof *o);
            if (!o)
                return quiet ? -1 : oom(r);
            col->offset = o;
        }
    }
    t->cap = cap;
    return 0;
}

static int grow_rows(reader *r, size_t need)
{
    bn_csv_table *t = r->t;
    if (need <= t->cap)
        return 0;
    /* small first, then doubling: a wide file with few rows costs little per column */
    size_t cap = t->cap ? t->cap * 2 : 16;
    while (cap < need)
        cap *= 2;
    return reserve_rows(r, cap, 0);
}

/*
 * After the first rows, the columns are sized once for the whole input, from its size
 * and the bytes per row so far (an eighth more, then doubling if short): the arrays are
 * not copied again and again as they grow. Only a guess: if it cannot be had (first
 * rows much shorter than the rest), the columns keep growing by doubling.
 */
#define ESTIMATE_AFTER_ROWS 64

static void reserve_estimate(reader *r)
{
    size_t used = r->offset - r->data_start;
    if (!r->size_hint || r->size_hint <= r->offset || used == 0)
        return;
    double rows = (double)r->row * (double)(r->size_hint - r->data_start) / (double)used;
    rows *= 1.125;
    if (!(rows < (double)((size_t)1 << 40)))
        return;
    size_t cap = (size_t)rows + ESTIMATE_AFTER_ROWS;
    if (cap > r->t->cap)
        (void)reserve_rows(r, cap, 1);
}

/* Gives a column numeric storage, rows before `row` missing. */
static int start_numeric(reader *r, bn_csv_column *col, size_t row)
{
    col->num = resize_column(NULL, 0, (r->t->cap ? r->t->cap : 1) * sizeof *col->num);
    if (!col->num)
        return oom(r);
    for (size_t i = 0; i < row; i++)
        col->num[i] = NAN;
    return 0;
}

/* Gives a column string storage, rows before `row` empty (and marked missing). */
static int start_text(reader *r, bn_csv_column *col, size_t row)
{
    free(col->num);
    col->num = NULL;
    col->offset = malloc((r->t->cap + 1) * sizeof *col->offset);
    if (!col->offset)
        return oom(r);
    for (size_t i = 0; i <= row; i++)
        col->offset[i] = 0;
    col->pool_len = 0;
    col->type = BN_COL_STRING;
    return 0;
}

static int append_text(reader *r, bn_csv_column *col, size_t row, const char *s, size_t n)
{
    if (col->pool_len + n > col->pool_cap) {
        size_t cap = col->pool_cap ? col->pool_cap : 64;
        while (cap < col->pool_len + n)
            cap *= 2;
        char *p = realloc(col->pool, cap);
        if (!p)
            return oom(r);
        col->pool = p;
        col->pool_cap = cap;
    }
    if (n) /* an empty first cell: the pool may still be NULL, and NULL + 0 is undefined */
        memcpy(col->pool + col->pool_len, s, n);
    col->pool_len += n;
    col->offset[row + 1] = col->pool_len;
    col->missing[row] = 0;
    return 0;
}

static void set_missing(bn_csv_column *col, size_t row)
{
    col->missing[row] = 1;
    if (col->num)
        col->num[row] = NAN;
    if (col->offset)
        col->offset[row + 1] = col->pool_len;
}

static int is_na(const reader *r, const char *s, size_t n)
{
    if (n > r->na_maxlen)
        return 0;
    for (size_t i = 0; i < r->nna; i++)
        if (r->na_len[i] == n && memcmp(r->na[i], s, n) == 0)
            return 1;
    return 0;
}

/* r->field has already moved past the field being stored: it is the 1-based position. */
static int cannot_read(reader *r, bn_csv_column *col, const char *s, size_t n, const char *what)
{
    char ex[64];
    excerpt(s, n, ex, sizeof ex);
    return fail_at(r, BN_EINVAL, r->field_line, r->field, "column '%s': cannot read '%s' as %s",
                   col->name, ex, what);
}

/* A cell that reads as a number only by a stretch: never stored as a guess. */
static int bad_number(reader *r, bn_csv_column *col, const char *s, size_t n, enum bn_num why)
{
    char ex[64];
    excerpt(s, n, ex, sizeof ex);
    if (why == BN_NUM_OVERFLOW)
        return fail_at(r, BN_EINVAL, r->field_line, r->field,
                       "column '%s': '%s' is too large for a number (beyond 1.8e308; write "
                       "Inf for an infinite value)",
                       col->name, ex);
    return fail_at(r, BN_EINVAL, r->field_line, r->field,
                   "column '%s': '%s' does not group digits by three with thousands = '%c' "
                   "(types = {%s = \"string\"} keeps it as text)",
                   col->name, ex, r->opt->thousands, col->name);
}

/* A column that held numbers or booleans meets text: it becomes a string column. */
static int demote(reader *r, bn_csv_column *col, size_t row)
{
    col->needs_text = 1;
    r->any_demoted = 1;
    return start_text(r, col, row);
}

static int store(reader *r, bn_csv_column *col, const char *s, size_t n)
{
    size_t row = r->row;
    if (is_na(r, s, n)) {
        set_missing(col, row);
        return 0;
    }
    if (col->type == BN_COL_STRING)
        return append_text(r, col, row, s, n);

    double x;
    int flag;
    enum bn_num got = bn_parse_number(s, n, r->opt->thousands, &x, &flag);
    if (got < 0)
        return bad_number(r, col, s, n, got);
    if (got == BN_NUM_OK) {
        if (col->forced) {
            if (col->type == BN_COL_INTEGER && !flag)
                return cannot_read(r, col, s, n, "an integer");
            if (col->type == BN_COL_BOOLEAN && !(flag && (x == 0 || x == 1)))
                return cannot_read(r, col, s, n, "a boolean");
        } else if (col->type == BN_COL_AUTO) {
            if (start_numeric(r, col, row))
                return -1;
            col->type = flag ? BN_COL_INTEGER : BN_COL_NUMBER;
        } else if (col->type == BN_COL_BOOLEAN) {
            if (demote(r, col, row))
                return -1;
            return append_text(r, col, row, s, n);
        } else if (col->type == BN_COL_INTEGER && !flag) {
            col->type = BN_COL_NUMBER;
        }
        col->num[row] = x;
        col->missing[row] = 0;
        return 0;
    }
    if (bn_parse_boolean(s, n, &flag)) {
        if (col->forced) {
            if (col->type != BN_COL_BOOLEAN)
                return cannot_read(r, col, s, n,
                                   col->type == BN_COL_INTEGER ? "an integer" : "a number");
        } else if (col->type == BN_COL_AUTO) {
            if (start_numeric(r, col, row))
                return -1;
            col->type = BN_COL_BOOLEAN;
        } else if (col->type != BN_COL_BOOLEAN) {
            if (demote(r, col, row))
                return -1;
            return append_text(r, col, row, s, n);
        }
        col->num[row] = flag;
        col->missing[row] = 0;
        return 0;
    }
    if (col->forced)
        return cannot_read(r, col, s, n,
                           col->type == BN_COL_INTEGER   ? "an integer"
                           : col->type == BN_COL_BOOLEAN ? "a boolean"
                                                         : "a number");
    if (col->type == BN_COL_AUTO) {
        if (start_text(r, col, row))
            return -1;
    } else if (demote(r, col, row)) {
        return -1;
    }
    return append_text(r, col, row, s, n);
}

static void free_first(reader *r)
{
    for (size_t i = 0; i < r->nfirst; i++)
        free(r->first[i]);
    r->nfirst = 0;
}

/* The up to three names closest to `want`, as "'a', 'b', 'c'". */
static void closest_names(char **names, size_t n, const char *want, char *out, size_t cap)
{
    size_t best[3] = {0, 0, 0}, dist[3] = {(size_t)-1, (size_t)-1, (size_t)-1};
    for (size_t i = 0; i < n; i++) {
        size_t d = bn_edit_distance(names[i], strlen(names[i]), want, strlen(want));
        for (int k = 0; k < 3; k++) {
            if (d < dist[k]) {
                for (int m = 2; m > k; m--) {
                    dist[m] = dist[m - 1];
                    best[m] = best[m - 1];
                }
                dist[k] = d;
                best[k] = i;
                break;
            }
        }
    }
    size_t k = 0;
    out[0] = '\0';
    for (int j = 0; j < 3 && dist[j] != (size_t)-1; j++) {
        int w = snprintf(out + k, cap - k, "%s'%s'", j ? ", " : "", names[best[j]]);
        if (w < 0 || (size_t)w >= cap - k)
            break;
        k += (size_t)w;
    }
}

/*
 * Names -> field positions: open addressing over a power-of-two table, so that a
 * header of 100,000 names is checked in linear time. Keys are borrowed.
 */
typedef struct name_set {
    const char **key;
    size_t *val;
    size_t mask;
    size_t *compares; /* counts name comparisons (bn_csv_table.name_compares) */
} name_set;

static int set_init(name_set *h, size_t n, size_t *compares)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    h->key = calloc(cap, sizeof *h->key);
    h->val = malloc(cap * sizeof *h->val);
    h->mask = cap - 1;
    h->compares = compares;
    return h->key && h->val ? 0 : -1;
}

static void set_free(name_set *h)
{
    free(h->key);
    free(h->val);
}

static size_t hash_name(const char *s)
{
    uint64_t x = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        x = (x ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)(x ^ (x >> 32));
}

/* The slot holding want, or the empty slot where it would go. */
static size_t set_slot(const name_set *h, const char *want)
{
    size_t i = hash_name(want) & h->mask;
    while (h->key[i]) {
        ++*h->compares;
        if (strcmp(h->key[i], want) == 0)
            break;
        i = (i + 1) & h->mask;
    }
    return i;
}

static long set_find(const name_set *h, const char *want)
{
    size_t i = set_slot(h, want);
    return h->key[i] ? (long)h->val[i] : -1;
}

/* Adds name unless present (the table holds at most half its slots). */
static void set_add(name_set *h, const char *name, size_t val)
{
    size_t i = set_slot(h, name);
    if (!h->key[i]) {
        h->key[i] = name;
        h->val[i] = val;
    }
}

/* After the first record: names, duplicates, select, forced types, the field map. */
static int setup_columns(reader *r)
{
    const bn_csv_options *opt = r->opt;
    bn_csv_table *t = r->t;
    size_t nf = r->nfirst;
    char **names = calloc(nf ? nf : 1, sizeof *names);
    size_t *next_suffix = malloc((nf ? nf : 1) * sizeof *next_suffix);
    name_set given = {0}, all = {0};
    int rc = -1;
    if (!names || !next_suffix || set_init(&given, nf, &t->name_compares) ||
        set_init(&all, nf, &t->name_compares)) {
        oom(r);
        goto done;
    }
    /* the names written in the header, so that no automatic name takes one */
    for (size_t j = 0; j < nf && opt->header; j++) {
        if (r->first_len[j] == 0)
            continue;
        if (memchr(r->first[j], '\0', r->first_len[j])) {
            fail(r, BN_EINVAL, r->record_line, "column %zu: NUL byte in the name", j + 1);
            goto done;
        }
        set_add(&given, r->first[j], j);
    }
    for (size_t j = 0; j < nf; j++) {
        int written = opt->header && r->first_len[j] > 0;
        size_t len = written ? r->first_len[j] : (size_t)snprintf(NULL, 0, "V%zu", j + 1);
        names[j] = malloc(len + 32);
        if (!names[j]) {
            oom(r);
            goto done;
        }
        if (written)
            memcpy(names[j], r->first[j], len + 1);
        else
            snprintf(names[j], len + 1, "V%zu", j + 1);
        next_suffix[j] = 2;
        long prev = set_find(&all, names[j]);
        /* an empty name's automatic V<n> steps aside for a name the header gives */
        int clash = prev >= 0 || (!written && opt->header && set_find(&given, names[j]) >= 0);
        if (clash) {
            if (written && !opt->dedupe) {
                fail(r, BN_EINVAL, r->record_line,
                     "duplicate column name '%s' (columns %ld and %zu; dedupe = true renames)",
                     names[j], prev + 1, j + 1);
                goto done;
            }
            /* x, x_2, x_3 ...: the next suffix is remembered per name, so k duplicates cost k */
            size_t *k = prev >= 0 ? &next_suffix[prev] : &next_suffix[j];
            for (;; ++*k) {
                snprintf(names[j] + len, 32, "_%zu", *k);
                if (set_find(&all, names[j]) < 0 && set_find(&given, names[j]) < 0)
                    break;
            }
            ++*k;
        }
        set_add(&all, names[j], j);
    }
    /* which fields become columns, in which order */
    size_t ncol = opt->select ? opt->nselect : nf;
    r->map = malloc((nf ? nf : 1) * sizeof *r->map);
    t->cols = calloc(ncol ? ncol : 1, sizeof *t->cols);
    if (!r->map || !t->cols) {
        oom(r);
        goto done;
    }
    for (size_t j = 0; j < nf; j++)
        r->map[j] = opt->select ? -1 : (long)j;
    for (size_t c = 0; c < ncol; c++) {
        long j = (long)c;
        if (opt->select) {
            j = set_find(&all, opt->select[c]);
            if (j < 0) {
                char near[256];
                closest_names(names, nf, opt->select[c], near, sizeof near);
                fail(r, BN_EINVAL, 0, "select: unknown column '%s' (closest: %s)", opt->select[c],
                     near);
                goto done;
            }
            if (r->map[j] >= 0) {
                fail(r, BN_EINVAL, 0, "select: column '%s' named twice", opt->select[c]);
                goto done;
            }
            r->map[j] = (long)c;
        }
        t->cols[c].name = strdup(names[j]);
        if (!t->cols[c].name) {
            oom(r);
            goto done;
        }
        t->cols[c].source_index = (size_t)j;
        t->ncol = c + 1;
    }
    for (size_t k = 0; k < opt->ntypes; k++) {
        long j = set_find(&all, opt->type_names[k]);
        if (j < 0) {
            /* a forced type may name a column left out by select, but not one absent */
            char **kept = calloc(t->ncol ? t->ncol : 1, sizeof *kept);
            char near[256] = "";
            if (kept) {
                for (size_t c = 0; c < t->ncol; c++)
                    kept[c] = t->cols[c].name;
                closest_names(kept, t->ncol, opt->type_names[k], near, sizeof near);
                free(kept);
            }
            fail(r, BN_EINVAL, 0, "types: unknown column '%s' (closest: %s)", opt->type_names[k],
                 near);
            goto done;
        }
        if (r->map[j] < 0)
            continue;
        bn_csv_column *col = &t->cols[r->map[j]];
        if (opt->type_values[k] != BN_COL_AUTO) {
            col->type = opt->type_values[k];
            col->forced = 1;
        }
    }
    r->nfields = nf;
    if (grow_rows(r, 1))
        goto done;
    for (size_t c = 0; c < t->ncol; c++) {
        bn_csv_column *col = &t->cols[c];
        if (col->type == BN_COL_STRING) {
            col->type = BN_COL_AUTO;
            if (start_text(r, col, 0))
                goto done;
        } else if (col->type != BN_COL_AUTO && start_numeric(r, col, 0)) {
            goto done;
        }
    }
    rc = 0;
done:
    for (size_t j = 0; names && j < nf; j++)
        free(names[j]);
    free(names);
    free(next_suffix);
    set_free(&given);
    set_free(&all);
    return rc;
}

/* Pass 2 reads only the columns demoted to strings. */
static void remap_for_text(reader *r)
{
    bn_csv_table *t = r->t;
    for (size_t j = 0; j < r->nfields; j++)
        r->map[j] = -1;
    for (size_t c = 0; c < t->ncol; c++) {
        bn_csv_column *col = &t->cols[c];
        if (col->needs_text) {
            r->map[col->source_index] = (long)c;
            col->pool_len = 0;
            col->offset[0] = 0;
        }
    }
}

static void end_record(reader *r, size_t got);

static void on_field(void *s, size_t n, void *data)
{
    reader *r = data;
    if (r->failed)
        return;
    size_t j = r->field++;
    if (r->in_header) {
        if (r->nfirst == r->first_cap) {
            size_t cap = r->first_cap ? r->first_cap * 2 : 64;
            char **f = realloc(r->first, cap * sizeof *f);
            if (f)
                r->first = f;
            size_t *l = realloc(r->first_len, cap * sizeof *l);
            if (l)
                r->first_len = l;
            if (!f || !l) {
                oom(r);
                return;
            }
            r->first_cap = cap;
        }
        char *copy = malloc(n + 1);
        if (!copy) {
            oom(r);
            return;
        }
        memcpy(copy, s, n);
        copy[n] = '\0';
        r->first[r->nfirst] = copy;
        r->first_len[r->nfirst++] = n;
    } else if (j < r->nfields && r->map[j] >= 0) {
        if (r->pass == 2 && r->row >= r->t->nrow) {
            fail(r, BN_EIO, r->line, "the file changed while it was read");
            return;
        }
        if (r->pass == 1 && grow_rows(r, r->row + 1))
            return;
        store(r, &r->t->cols[r->map[j]], s, n);
    }
    r->field_line = r->line;
}

static void end_record(reader *r, size_t got)
{
    bn_csv_table *t = r->t;
    if (got != r->nfields) {
        if (got < r->nfields && r->opt->ragged_pad) {
            if (grow_rows(r, r->row + 1))
                return;
            for (size_t j = got; j < r->nfields; j++)
                if (r->map[j] >= 0)
                    set_missing(&t->cols[r->map[j]], r->row);
        } else {
            fail(r, BN_EINVAL, r->record_line, "expected %zu fields, got %zu%s", r->nfields, got,
                 got < r->nfields ? " (ragged = \"pad\" fills short rows)" : "");
            return;
        }
    }
    r->row++;
    if (r->pass == 1) {
        t->nrow = r->row;
        if (r->row == ESTIMATE_AFTER_ROWS)
            reserve_estimate(r);
    }
}

static void on_record(int c, void *data)
{
    reader *r = data;
    (void)c;
    if (r->failed)
        return;
    size_t got = r->field;
    r->field = 0;
    r->field_line = r->line + 1;
    if (!r->in_header) {
        end_record(r, got);
        return;
    }
    r->in_header = 0;
    r->data_start = r->offset;
    if (r->pass == 1) {
        if (setup_columns(r))
            return;
    } else {
        remap_for_text(r);
    }
    if (!r->opt->header) {
        /* no header: the first record is data */
        r->field_line = r->record_line;
        for (size_t j = 0; j < r->nfirst && !r->failed; j++)
            on_field(r->first[j], r->first_len[j], r);
        if (!r->failed) {
            r->field = 0;
            end_record(r, r->nfirst);
        }
        r->field_line = r->line + 1;
    }
    free_first(r);
}

/*
 * Only LF ends a record; a CR is trimmed at the ends of unquoted fields (so CRLF
 * works) but kept inside one (Epoch's chips.csv has a bare CR inside a name).
 * Spaces and tabs belong to the field, as RFC 4180 says.
 */
static int is_cr(unsigned char c)
{
    return c == '\r';
}

static int is_lf(unsigned char c)
{
    return c == '\n';
}

static int is_never(unsigned char c)
{
    (void)c;
    return 0;
}

/* The end of the line s[0..n) without its '\n', or NULL when it holds only CRs. */
static const char *plain_line_end(const char *s, size_t n)
{
    const char *end = s + n;
    if (end > s && end[-1] == '\n')
        end--;
    const char *q = s;
    while (q < end && *q == '\r')
        q++;
    return q == end ? NULL : end;
}

/* Delivers the field at *field (up to the next separator or end, CRs trimmed at both
 * ends) through on_field and moves *field past its separator; 0 at the line's last
 * field or after a failure. */
static int plain_field(reader *r, const char **field, const char *end, char sep)
{
    const char *stop = memchr(*field, sep, (size_t)(end - *field));
    const char *a = *field, *b = stop ? stop : end;
    while (a < b && *a == '\r')
        a++;
    while (b > a && b[-1] == '\r')
        b--;
    on_field((void *)a, (size_t)(b - a), r);
    if (!stop || r->failed)
        return 0;
    *field = stop + 1;
    return 1;
}

/*
 * A line with no quote character, starting between records, is one record (or
 * a blank line): split at separators, trim CRs at field ends, and deliver the
 * fields through the same callbacks. Equivalent to libcsv, about twice as fast.
 */
static void split_plain_line(reader *r, const char *s, size_t n, char sep)
{
    const char *end = plain_line_end(s, n);
    if (!end)
        return; /* blank line: libcsv ignores it */
    const char *field = s;
    while (plain_field(r, &field, end, sep))
        ;
    on_record('\n', r);
}

/* The column of the reader's current field when its numbers may be read in place (a
 * number column, or an integer column whose type was inferred), else NULL. */
static inline bn_csv_column *fast_number_column(reader *r)
{
    size_t j = r->field;
    bn_csv_column *col = j < r->nfields && r->map[j] >= 0 ? &r->t->cols[r->map[j]] : NULL;
    if (col && (col->type == BN_COL_NUMBER || (col->type == BN_COL_INTEGER && !col->forced)))
        return col;
    return NULL;
}

/* Stores a number read in place and moves to the next field: a non-integer makes an
 * integer column a number column. */
static inline void store_fast_number(reader *r, bn_csv_column *col, size_t row, double x,
                                     int is_int)
{
    if (!is_int)
        col->type = BN_COL_NUMBER;
    col->num[row] = x;
    col->missing[row] = 0;
    r->field++;
    r->field_line = r->line;
}

/*
 * split_plain_line for the data rows of pass 1, with the numbers of numeric columns
 * read in place: a field that starts with a number followed by the separator (or CRs
 * and the line end) is stored directly; any other field goes through on_field as in
 * split_plain_line. Only used when that is exact (setup_fast_numbers): no thousands
 * separator, no number-like missing-value token, a separator that is not part of numbers.
 * Numbers are scanned with s[0..limit) readable, limit >= s + n: past the line end only
 * when the line ends with its LF, which no number crosses.
 */
static void fast_plain_line(reader *r, const char *s, size_t n, char sep, const char *limit)
{
    const char *end = plain_line_end(s, n);
    if (!end)
        return; /* blank line: libcsv ignores it */
    if (grow_rows(r, r->row + 1))
        return;
    size_t row = r->row;
    const char *field = s;
    for (;;) {
        bn_csv_column *col = fast_number_column(r);
        if (col) {
            double x;
            int is_int;
            const char *e = bn_scan_number_fast(field, limit, &x, &is_int);
            if (e && !isinf(x)) {
                const char *after = e;
                while (after < end && *after == '\r')
                    after++;
                if (after == end || *after == sep) {
                    store_fast_number(r, col, row, x, is_int);
                    if (after == end)
                        break;
                    field = after + 1;
                    continue;
                }
            }
        }
        if (!plain_field(r, &field, end, sep))
            break;
    }
    on_record('\n', r);
}

/*
 * Many plain lines at once. A block of whole lines without quotes or non-ASCII bytes
 * (so each line would take the split_plain_line / fast_plain_line path) is indexed first:
 * the positions of every separator and LF, 16 bytes at a time. Each field's bounds are
 * then known before it is parsed, so reading one number does not wait for the end of
 * the one before (the scan of a line was one long chain of dependent loads), and the
 * per-line passes (finding the LF, the quote test, the UTF-8 test) become one. Fields
 * are delivered exactly as fast_plain_line delivers them.
 */
#define BLOCK_BYTES ((size_t)16 << 10)

/*
 * The positions in s[0..n) of every sep and LF, into idx (n entries at most); returns
 * their number. *bad is the position of the first quote or byte >= 0x80 (n when none),
 * and only positions before it are listed.
 */
static size_t index_block(const char *s, size_t n, char sep, char quote, uint32_t *idx,
                          size_t *bad)
{
    size_t k = 0, i = 0;
    *bad = n;
#ifdef __SSE2__
    const __m128i vs = _mm_set1_epi8(sep), vn = _mm_set1_epi8('\n'), vq = _mm_set1_epi8(quote);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        /* the top bit: a byte >= 0x80, or a quote */
        unsigned odd = (unsigned)_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, vq)));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, vs), _mm_cmpeq_epi8(v, vn)));
        if (odd) {
            unsigned at = (unsigned)__builtin_ctz(odd);
            m &= (1u << at) - 1;
            *bad = i + at;
        }
        for (; m; m &= m - 1)
            idx[k++] = (uint32_t)(i + (unsigned)__builtin_ctz(m));
        if (odd)
            return k;
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)quote || c >= 0x80) {
            *bad = i;
            return k;
        }
        if (c == (unsigned char)sep || c == '\n')
            idx[k++] = (uint32_t)i;
    }
    return k;
}

/* Delivers s[a..b) through on_field with CRs trimmed at both ends, as plain_field does. */
static void deliver_field(reader *r, const char *a, const char *b)
{
    while (a < b && *a == '\r')
        a++;
    while (b > a && b[-1] == '\r')
        b--;
    on_field((void *)a, (size_t)(b - a), r);
}

/*
 * Reads the whole lines at the start of s[0..n) (up to BLOCK_BYTES, and before the first
 * quote or non-ASCII byte) as fast_plain_line would, line by line with the same counts;
 * s[0..limit) is readable. Returns the bytes consumed (0: the first line must take the
 * general path). *offset counts the bytes read, as parse_source does.
 */
static size_t fast_block(reader *r, const char *s, size_t n, const char *limit, size_t *offset)
{
    char sep = r->opt->sep;
    if (n > BLOCK_BYTES)
        n = BLOCK_BYTES;
    if (n == 0)
        return 0;
    if (!r->idx && !(r->idx = malloc(BLOCK_BYTES * sizeof *r->idx))) {
        oom(r);
        return 0;
    }
    /* the index first: where the first line has a quote, it stops there, so a file of
     * quoted lines costs a line's bytes per line here, not a block's */
    size_t bad;
    size_t nidx = index_block(s, n, sep, r->opt->quote, r->idx, &bad);
    const char *last = bad ? memrchr(s, '\n', bad) : NULL;
    if (!last)
        return 0;
    n = (size_t)(last - s) + 1;
    bn_csv_table *t = r->t;
    const uint32_t *idx = r->idx;
    size_t e = 0; /* the next index entry */
    const char *ls = s;
    while (ls < s + n && e < nidx) {
        r->line++;
        r->record_line = r->field_line = r->line;
        if (*ls == '\r' || *ls == '\n' || grow_rows(r, r->row + 1)) {
            /* a blank line (or no memory): the line as a whole, the usual way */
            while (s[idx[e]] != '\n')
                e++;
            const char *nl = s + idx[e++];
            *offset += (size_t)(nl + 1 - ls);
            r->offset = *offset;
            if (!r->failed)
                fast_plain_line(r, ls, (size_t)(nl + 1 - ls), sep, nl + 1);
            if (r->failed)
                return (size_t)(nl + 1 - s);
            ls = nl + 1;
            continue;
        }
        size_t row = r->row;
        const char *a = ls, *b;
        for (;; a = b + 1) {
            b = s + idx[e++];
            bn_csv_column *col = fast_number_column(r);
            if (col) {
                double x;
                int is_int;
                const char *after = bn_scan_number_fast(a, limit, &x, &is_int);
                if (after && !isinf(x)) {
                    while (after < b && *after == '\r')
                        after++;
                    if (after == b) {
                        store_fast_number(r, col, row, x, is_int);
                        if (*b == '\n')
                            break;
                        continue;
                    }
                }
            }
            deliver_field(r, a, b);
            if (*b == '\n' || r->failed)
                break;
        }
        /* on a failure, b may be a separator: the line is abandoned anyway */
        *offset += (size_t)(b + 1 - ls);
        r->offset = *offset;
        if (!r->failed)
            on_record('\n', r);
        if (r->failed)
            return (size_t)(b + 1 - s);
        t->block_lines++;
        ls = b + 1;
    }
    return (size_t)(ls - s);
}

/* Whether fast_plain_line reads numbers exactly as store would with these options. */
static int setup_fast_numbers(const reader *r)
{
    const bn_csv_options *opt = r->opt;
    if (opt->thousands || strchr("0123456789+-.eE", opt->sep))
        return 0;
    /* a missing-value token such as "-999" must be seen before the number */
    for (size_t i = 0; i < r->nna; i++) {
        const char *na = r->na[i];
        if (strchr("0123456789+-.", na[0]) && na[0])
            return 0;
    }
    return 1;
}

/*
 * The 1-based position of the field holding byte `at` of a line: separators
 * outside quotes, counted from the fields already done in this record (a line
 * that continues a record starts inside a quoted field).
 */
static size_t field_at(const reader *r, const char *s, size_t at, int in_quotes)
{
    size_t field = r->field + 1;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == r->opt->quote)
            in_quotes = !in_quotes;
        else if (s[i] == r->opt->sep && !in_quotes)
            field++;
    }
    return field;
}

static int parse_source(reader *r, source *src)
{
    const bn_csv_options *opt = r->opt;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return oom(r);
    csv_set_delim(&p, (unsigned char)opt->sep);
    csv_set_quote(&p, (unsigned char)opt->quote);
    csv_set_space_func(&p, is_cr);
    csv_set_term_func(&p, is_lf);

    char *scratch = NULL;
    size_t scratch_cap = 0;
    size_t offset = 0, record_bytes = 0;
    size_t comment_len = opt->comment ? strlen(opt->comment) : 0;
    r->line = 0;
    r->field = 0;
    r->row = 0;
    r->in_header = 1;
    /* fast_block: only where every line it takes would go through fast_plain_line */
    int blocks = r->fast_numbers && r->pass == 1 && !comment_len && r->max_line >= BLOCK_BYTES;
    for (;;) {
        const char *s;
        size_t n;
        if (blocks && !r->in_header && p.pstate == LIBCSV_ROW_NOT_BEGUN && src->eol == '\n') {
            size_t used;
            while ((used = fast_block(r, buffered(src), buffered_len(src),
                                      buffered(src) + buffered_len(src), &offset)) > 0)
                consume(src, used);
            if (r->failed)
                break;
        }
        int got = next_line(src, r->max_line, &s, &n);
        if (got == 0)
            break;
        if (got == -1) {
            fail(r, BN_EINVAL, r->line + 1, "line longer than %zu bytes (max_line)", r->max_line);
            break;
        }
        if (got < -1) {
            if (got == -2)
                oom(r);
            else
                fail(r, BN_EIO, r->line + 1, "read error: %s", strerror(errno));
            break;
        }
        if (r->line == 0 && src->eol == '\r') {
            /* a CR-only file: CR ends records and is never part of a field's edges */
            csv_set_term_func(&p, is_cr);
            csv_set_space_func(&p, is_never);
        }
        r->line++;
        size_t line_offset = offset;
        offset += n;
        r->offset = offset;
        if (r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
            line_offset += 3;
        }
        if (r->line <= opt->skip)
            continue;
        if (p.pstate == LIBCSV_ROW_NOT_BEGUN) {
            if (comment_len && n >= comment_len && memcmp(s, opt->comment, comment_len) == 0)
                continue;
            r->record_line = r->field_line = r->line;
            record_bytes = 0;
        }
        size_t valid = bn_utf8_valid_prefix(s, n);
        if (valid < n) {
            if (!opt->utf8_replace) {
                size_t field = field_at(r, s, valid, p.pstate != LIBCSV_ROW_NOT_BEGUN);
                fail_at(r, BN_EINVAL, r->line, field,
                        "invalid UTF-8 at byte offset %zu (utf8 = \"replace\" substitutes "
                        "U+FFFD)",
                        line_offset + valid);
                break;
            }
            if (3 * n > scratch_cap) {
                char *sc = realloc(scratch, 3 * n);
                if (!sc) {
                    oom(r);
                    break;
                }
                scratch = sc;
                scratch_cap = 3 * n;
            }
            n = bn_utf8_repair(s, n, scratch);
            s = scratch;
        }
        if (p.pstate == LIBCSV_ROW_NOT_BEGUN && !memchr(s, opt->quote, n)) {
            /* fast path: a whole record without quotes, split exactly as libcsv would */
            if (r->fast_numbers && r->pass == 1 && !r->in_header)
                fast_plain_line(r, s, n, opt->sep, s + n);
            else
                split_plain_line(r, s, n, opt->sep);
        } else if (csv_parse(&p, s, n, on_field, on_record, r) != n && !r->failed) {
            if (csv_error(&p) == CSV_EPARSE)
                /* the fields before the bad one have been delivered */
                fail_at(r, BN_EINVAL, r->line, r->field + 1,
                        "malformed quoted field (a quote inside an unquoted field, or text "
                        "after a closing quote)");
            else
                oom(r);
        }
        if (r->failed)
            break;
        if (p.pstate != LIBCSV_ROW_NOT_BEGUN) {
            record_bytes += n;
            if (record_bytes > r->max_line) {
                fail(r, BN_EINVAL, r->record_line, "record longer than %zu bytes (max_line)",
                     r->max_line);
                break;
            }
        }
    }
    if (!r->failed && csv_fini(&p, on_field, on_record, r) != 0 && !r->failed)
        fail(r, BN_EINVAL, r->field_line, "unterminated quoted field (the input ends at line %zu)",
             r->line);
    if (!r->failed && r->in_header && opt->header)
        fail(r, BN_EINVAL, 0, "empty file: expected a header line");
    csv_free(&p);
    free(scratch);
    free_first(r);
    return r->failed ? -1 : 0;
}

void bn_csv_table_free(bn_csv_table *t)
{
    if (!t)
        return;
    for (size_t c = 0; c < t->ncol; c++) {
        bn_csv_column *col = &t->cols[c];
        free(col->name);
        free(col->num);
        free(col->missing);
        free(col->pool);
        free(col->offset);
    }
    free(t->cols);
    free(t);
}

/* Columns that never saw a value are numbers, all missing. */
static int finish_columns(reader *r)
{
    bn_csv_table *t = r->t;
    for (size_t c = 0; c < t->ncol; c++) {
        bn_csv_column *col = &t->cols[c];
        if (col->type == BN_COL_AUTO) {
            if (start_numeric(r, col, t->nrow))
                return -1;
            col->type = BN_COL_NUMBER;
            for (size_t i = 0; i < t->nrow; i++)
                col->missing[i] = 1;
        }
    }
    return 0;
}

static enum bn_status read_any(source *src, const char *name,
                               const bn_csv_options *user_opt, bn_csv_table **out, bn_error *err)
{
    bn_csv_options defaults;
    if (!user_opt) {
        bn_csv_options_init(&defaults);
        user_opt = &defaults;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.opt = user_opt;
    r.name = name;
    r.err = err;
    r.pass = 1;
    r.max_line = user_opt->max_line ? user_opt->max_line : BN_CSV_MAX_LINE_DEFAULT;
    if (user_opt->na) {
        r.na = user_opt->na;
        r.nna = user_opt->nna;
    } else {
        r.na = bn_csv_default_na;
        while (bn_csv_default_na[r.nna])
            r.nna++;
    }
    r.na_len = malloc((r.nna ? r.nna : 1) * sizeof *r.na_len);
    if (!r.na_len) {
        bn_fail(err, BN_ENOMEM, "%s: out of memory", name);
        return BN_ENOMEM;
    }
    for (size_t i = 0; i < r.nna; i++) {
        r.na_len[i] = strlen(r.na[i]);
        if (r.na_len[i] > r.na_maxlen)
            r.na_maxlen = r.na_len[i];
    }
    if (user_opt->sep == user_opt->quote || user_opt->sep == '\n' || user_opt->sep == '\r' ||
        user_opt->quote == '\n' || user_opt->quote == '\r') {
        free(r.na_len);
        bn_fail(err, BN_EINVAL, "%s: separator and quote must differ and not be a newline", name);
        return BN_EINVAL;
    }
    r.fast_numbers = setup_fast_numbers(&r);
    r.size_hint = src->fp ? src->size : src->len;
    r.t = calloc(1, sizeof *r.t);
    if (!r.t) {
        free(r.na_len);
        bn_fail(err, BN_ENOMEM, "%s: out of memory", name);
        return BN_ENOMEM;
    }
    int rc = parse_source(&r, src);
    if (rc == 0 && r.any_demoted) {
        /* second pass: the full text of columns that turned out to be strings */
        if (src->fp) {
            if (fseek(src->fp, 0, SEEK_SET) != 0) {
                fail(&r, BN_EIO, 0, "cannot re-read: %s", strerror(errno));
                rc = -1;
            }
            clearerr(src->fp);
            src->eof = 0;
            src->buf_len = src->buf_pos = 0;
        } else {
            src->pos = 0;
        }
        if (rc == 0) {
            size_t rows = r.t->nrow;
            r.pass = 2;
            rc = parse_source(&r, src);
            if (rc == 0 && r.row != rows)
                rc = fail(&r, BN_EIO, 0, "the file changed while it was read");
        }
    }
    if (rc == 0)
        rc = finish_columns(&r);
    free(r.first);
    free(r.first_len);
    free(r.map);
    free(r.idx);
    free(r.na_len);
    if (rc != 0) {
        bn_csv_table_free(r.t);
        return err ? err->status : BN_EINVAL;
    }
    *out = r.t;
    return BN_OK;
}

/* Reads all of f into *text (malloc'd, *len bytes): 0, or an errno value. */
static int slurp(FILE *f, char **text, size_t *len)
{
    size_t cap = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : (size_t)1 << 16;
            char *nb = ncap > cap ? realloc(buf, ncap) : NULL;
            if (!nb) {
                *text = buf;
                return ENOMEM;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            *text = buf;
            *len = n;
            return ferror(f) ? (errno ? errno : EIO) : 0;
        }
    }
}

enum bn_status bn_csv_read_file(const char *path, const bn_csv_options *opt, bn_csv_table **out,
                                bn_error *err)
{
    source src;
    memset(&src, 0, sizeof src);
    src.fp = fopen(path, "rb");
    if (!src.fp)
        return bn_fail(err, BN_EIO, "cannot open %s: %s", path, strerror(errno));
    struct stat st_buf;
    if (fstat(fileno(src.fp), &st_buf) != 0) {
        int e = errno;
        fclose(src.fp);
        return bn_fail(err, BN_EIO, "cannot read %s: %s", path, strerror(e));
    }
    if (S_ISDIR(st_buf.st_mode)) {
        fclose(src.fp);
        return bn_fail(err, BN_EIO, "cannot read %s: it is a directory", path);
    }
    if (!S_ISREG(st_buf.st_mode)) {
        /*
         * A pipe, a terminal or /dev/stdin cannot be read twice, and a column demoted
         * to text needs a second pass: read it once, into memory.
         */
        char *text = NULL;
        size_t len = 0;
        int e = slurp(src.fp, &text, &len);
        fclose(src.fp);
        if (e) {
            free(text);
            if (e == ENOMEM)
                return bn_fail(err, BN_ENOMEM, "%s: out of memory", path);
            return bn_fail(err, BN_EIO, "cannot read %s: %s", path, strerror(e));
        }
        enum bn_status st = bn_csv_read_text(text ? text : "", len, path, opt, out, err);
        free(text);
        return st;
    }
    src.size = (size_t)st_buf.st_size;
    enum bn_status st = read_any(&src, path, opt, out, err);
    fclose(src.fp);
    free(src.buf);
    return st;
}

enum bn_status bn_csv_read_text(const char *text, size_t len, const char *name,
                                const bn_csv_options *opt, bn_csv_table **out, bn_error *err)
{
    source src;
    memset(&src, 0, sizeof src);
    src.text = text;
    src.len = len;
    return read_any(&src, name ? name : "(text)", opt, out, err);
}
