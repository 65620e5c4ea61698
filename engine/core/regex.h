/*
 * regex: compiled PCRE2 patterns (8-bit, UTF-8 mode).
 *
 * A bn_regex owns its pcre2 code and match data; bn_regex_free releases both.
 * Matching never allocates. Subjects may hold invalid UTF-8: such bytes simply
 * never match (PCRE2_MATCH_INVALID_UTF).
 */
#ifndef BURDEN_CORE_REGEX_H
#define BURDEN_CORE_REGEX_H

#include <stddef.h>

#include "error.h"

enum {
    BN_RE_CASELESS = 1 << 0,  /* i */
    BN_RE_MULTILINE = 1 << 1, /* m: ^ and $ at line ends */
    BN_RE_DOTALL = 1 << 2,    /* s: . matches a newline */
    BN_RE_EXTENDED = 1 << 3,  /* x: whitespace and # comments ignored */
    BN_RE_UNGREEDY = 1 << 4,  /* U */
};

/* Match-time options. */
enum {
    BN_RE_NOTEMPTY_ATSTART = 1 << 0, /* no empty match at the start offset */
    BN_RE_ANCHORED = 1 << 1,         /* match only at the start offset */
};

#define BN_RE_UNSET ((size_t)-1)

typedef struct bn_regex bn_regex;

/* Parses flag letters ("imsxU") into BN_RE_* bits; returns -1 on an unknown letter. */
int bn_regex_flags(const char *letters);

/*
 * Compiles pattern[0..len). On a syntax error: BN_EINVAL with
 * "PCRE2 message at offset N in pattern 'PATTERN'".
 */
enum bn_status bn_regex_compile(const char *pattern, size_t len, int flags, bn_regex **out,
                                bn_error *err);

void bn_regex_free(bn_regex *re);

/* Number of capture groups (not counting the whole match). */
size_t bn_regex_ncaptures(const bn_regex *re);

/* Number of named groups; bn_regex_name gives the i-th name and its group number. */
size_t bn_regex_name_count(const bn_regex *re);
const char *bn_regex_name(const bn_regex *re, size_t i, size_t *group);

/*
 * Searches subject[0..len) from byte offset start. Returns 1 and fills
 * ovec[0 .. 2*(ncaptures+1)) with byte offsets [begin, end) per group
 * (BN_RE_UNSET for a group that did not take part), 0 when there is no match,
 * or -1 with err set (e.g. the match limit was reached).
 */
int bn_regex_exec(bn_regex *re, const char *subject, size_t len, size_t start, int options,
                  size_t *ovec, bn_error *err);

#endif
