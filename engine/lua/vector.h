/*
 * vector: the numeric column shared by frames, fits and every other binding.
 *
 * A burden.vector is one Lua userdata holding n doubles and an n-byte
 * missing-value mask, inline (no separate allocation, no __gc). Frames hand
 * their numeric columns to the fitting code as vectors without copying.
 * From Lua: #v, v[i] (nil when missing), v[i] = x (nil marks missing),
 * v:totable(), v:copy(), tostring(v).
 *
 * A view (vector.view(v, name [, integer])) shares v's arrays without copying,
 * keeps v alive through a user value and refuses writes: frames hand their
 * columns out as views, so a script cannot change a column that other frames
 * share. Bindings read views exactly like vectors (zero copy); none writes
 * into a vector it was given.
 */
#ifndef BURDEN_LUA_VECTOR_H
#define BURDEN_LUA_VECTOR_H

#include <stddef.h>

#include <lua.h>

#define BN_VECTOR_TYPE "burden.vector"

enum bn_vector_view { BN_VECTOR_OWN = 0, BN_VECTOR_VIEW = 1, BN_VECTOR_VIEW_INTEGER = 2 };

typedef struct bn_vector {
    size_t n;
    double *data;           /* n values; a missing value holds NAN */
    unsigned char *missing; /* n flags: 1 = missing */
    int view;               /* a read-only view of another vector's arrays (a frame's
                               column): writes raise; an integer view reads integers */
} bn_vector;

/* Pushes a new vector of n zeros (none missing) and returns it. Raises when the size
 * overflows. */
bn_vector *bn_vector_push(lua_State *L, size_t n);

/* Pushes a scratch userdata for n elements of elem bytes (at least 1 byte) and returns
 * it; raises "<what>: <n> values are too many" when the size overflows. */
void *bn_new_array(lua_State *L, size_t n, size_t elem, const char *what);

/* The vector at idx, or raises a type error naming the argument. */
bn_vector *bn_vector_check(lua_State *L, int idx);

/* The vector at idx, or NULL. */
bn_vector *bn_vector_test(lua_State *L, int idx);

/*
 * Accepts a vector or a Lua array of numbers (nil holes are not allowed in a
 * sequence; use a vector for missing values). For an array a new vector is
 * pushed onto the stack (and returned); for a vector nothing is pushed.
 * Raises "bad argument #idx to 'f' (numbers expected, got ...)" otherwise,
 * naming the position of a non-number.
 */
bn_vector *bn_vector_from_arg(lua_State *L, int idx, int *pushed);

#endif
