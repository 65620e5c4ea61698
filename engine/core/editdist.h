/*
 * editdist: the one edit distance in burden, behind every "did you mean"
 * message (CSV column names in csvread, and burden.suggest for columns, chips,
 * functions and options).
 */
#ifndef BURDEN_CORE_EDITDIST_H
#define BURDEN_CORE_EDITDIST_H

#include <stddef.h>

/*
 * Levenshtein distance between the bytes a[0..na) and b[0..nb): the fewest
 * insertions, deletions and substitutions of one byte that turn a into b.
 * Bytes, not characters: "é" and "e" are two edits apart in UTF-8. Needs no
 * memory beyond the stack while the shorter string has at most 255 bytes;
 * returns (size_t)-1 when a longer one cannot get its row of memory.
 */
size_t bn_edit_distance(const char *a, size_t na, const char *b, size_t nb);

#endif
