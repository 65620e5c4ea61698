/*
 * column: the one column type of frames, fits and every other binding.
 *
 * A burden.column is one Lua userdata holding n values of one kind and an
 * n-byte missing-value mask:
 *   number   n doubles (a missing value holds NAN). C code calls a number
 *            column a vector (bn_vector); the fitting bindings read it in place.
 *   string   the texts back to back in a pool, with n + 1 offsets
 *   boolean  n doubles, 0 or 1
 * The arrays are inline in the userdata block (columns built by bindings), or
 * malloc'd arrays taken over from the CSV reader, which __gc frees.
 *
 * From Lua: #c, c[i] (nil when missing or out of range), tostring(c),
 * c:totable(), c:nmissing(), c:copy() (a new column with the same values).
 * A number column its maker owns takes writes, c[i] = x (nil marks missing);
 * string and boolean columns never do.
 *
 * A view (burden.core.column.view(c, name [, integer])) shares c's arrays
 * without copying, keeps c alive through a user value and refuses writes with
 * a message naming the column: frames hand their columns out as views, so a
 * script cannot change a column that other frames share. Bindings read views
 * exactly like columns (zero copy); none writes into a column it was given.
 */
#ifndef BURDEN_LUA_COLUMN_H
#define BURDEN_LUA_COLUMN_H

#include <stddef.h>

#include <lua.h>

#include "csvread.h" /* enum bn_coltype */

#define BN_COLUMN_TYPE "burden.column"

enum bn_column_access {
    BN_COLUMN_OWN = 0,         /* the maker's column: a number column takes writes */
    BN_COLUMN_VIEW = 1,        /* a read-only view of another column's arrays */
    BN_COLUMN_VIEW_INTEGER = 2 /* a view of a number column that reads Lua integers */
};

typedef struct bn_column {
    size_t n;
    double *data;           /* numbers and booleans (0/1): n values, NAN when missing;
                               NULL for strings */
    unsigned char *missing; /* n flags: 1 = missing */
    char *pool;             /* strings: the texts back to back (not NUL-terminated) */
    size_t *offset;         /* strings: n + 1 offsets into pool */
    enum bn_coltype kind;   /* BN_COL_NUMBER, BN_COL_STRING or BN_COL_BOOLEAN */
    int access;             /* enum bn_column_access */
    int heap;               /* the arrays are malloc'd and owned: __gc frees them */
} bn_column;

/* A number column, as the numeric bindings (fits, cost, nls) see it. */
typedef bn_column bn_vector;

/* Pushes a new number column of n zeros (none missing) and returns it. Raises when the
 * size overflows ("vector of N elements is too large"). */
bn_vector *bn_vector_push(lua_State *L, size_t n);

/* Pushes a new column of kind (BN_COL_NUMBER, BN_COL_STRING, BN_COL_BOOLEAN) with room
 * for n rows and, for strings, pool_bytes of text; every array is zeroed, offsets are
 * for the caller to fill. Raises when the size overflows. */
bn_column *bn_column_push(lua_State *L, enum bn_coltype kind, size_t n, size_t pool_bytes);

/* Pushes an empty column of kind (n = 0, no arrays) whose arrays __gc will free: the CSV
 * binding moves the reader's malloc'd arrays into it (and sets n) once it is on the
 * stack, so nothing can leak if pushing it raises. */
bn_column *bn_column_push_heap(lua_State *L, enum bn_coltype kind);

/* Pushes a scratch userdata for n elements of elem bytes (at least 1 byte) and returns
 * it; raises "<what>: <n> values are too many" when the size overflows. */
void *bn_new_array(lua_State *L, size_t n, size_t elem, const char *what);

/* Pushes row i (0-based) of c: nil when missing or out of range; a number with an
 * integer value reads as a Lua integer when integer is set (or c is an integer view). */
void bn_column_push_value(lua_State *L, const bn_column *c, size_t i, int integer);

/* The column at idx (any kind), or NULL. */
bn_column *bn_column_test(lua_State *L, int idx);

/* The number column at idx, or NULL (also for a string or boolean column). */
bn_vector *bn_vector_test(lua_State *L, int idx);

/*
 * Accepts a number column or a Lua array of numbers (nil holes are not allowed in a
 * sequence; use a column for missing values). For an array a new column is pushed
 * onto the stack (and returned); for a column nothing is pushed. Raises
 * "bad argument #idx to 'f' (numbers expected, got ...)" otherwise, naming the
 * position of a non-number.
 */
bn_vector *bn_vector_from_arg(lua_State *L, int idx, int *pushed);

#endif
