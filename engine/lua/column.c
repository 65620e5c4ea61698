/*
 * burden.core.column: the one column userdata (see column.h) and the column
 * primitives the frame API (stdlib/burden/data) is built on: building columns
 * from Lua arrays, views, gathering rows (take), joining (concat) and sorting
 * (order). burden.core.vector is its number-column part: new, is, view, is_view.
 */
#include "column.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "checked.h"
#include "numfmt.h"
#include "order.h"

static void set_metatable(lua_State *L);

/* ---- making columns ------------------------------------------------------------------- */

/* Layout of an inline column: the header, then n doubles (numbers, booleans), n + 1
 * offsets (strings), n mask bytes, the text pool (strings), all in one userdata block:
 * no separate allocation, nothing for __gc to free. */
bn_column *bn_column_push(lua_State *L, enum bn_coltype kind, size_t n, size_t pool_bytes)
{
    int strings = kind == BN_COL_STRING;
    size_t noff = 0, bytes = sizeof(bn_column);
    int ok = (!strings || bn_size_add(n, 1, &noff)) &&
             bn_size_array(strings ? 0 : n, sizeof(double), bytes, &bytes) &&
             bn_size_array(noff, sizeof(size_t), bytes, &bytes) && bn_size_add(bytes, n, &bytes) &&
             bn_size_add(bytes, pool_bytes, &bytes);
    if (!ok) {
        if (kind == BN_COL_NUMBER)
            luaL_error(L, "vector of %I elements is too large", (lua_Integer)n);
        luaL_error(L, "column of %I rows is too large", (lua_Integer)n);
    }
    bn_column *c = lua_newuserdatauv(L, bytes, 0);
    memset(c, 0, bytes);
    unsigned char *p = (unsigned char *)(void *)(c + 1);
    c->n = n;
    c->kind = kind;
    c->access = BN_COLUMN_OWN;
    if (!strings) {
        c->data = (double *)(void *)p;
        p += n * sizeof(double);
    } else {
        c->offset = (size_t *)(void *)p;
        p += noff * sizeof(size_t);
    }
    c->missing = p;
    p += n;
    if (strings)
        c->pool = (char *)p;
    set_metatable(L);
    return c;
}

bn_vector *bn_vector_push(lua_State *L, size_t n)
{
    return bn_column_push(L, BN_COL_NUMBER, n, 0);
}

bn_column *bn_column_push_heap(lua_State *L, enum bn_coltype kind)
{
    bn_column *c = lua_newuserdatauv(L, sizeof *c, 0);
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->access = BN_COLUMN_OWN;
    c->heap = 1;
    set_metatable(L);
    return c;
}

void *bn_new_array(lua_State *L, size_t n, size_t elem, const char *what)
{
    size_t bytes = 0;
    if (!bn_size_array(n, elem, 1, &bytes))
        luaL_error(L, "%s: %I values are too many", what, (lua_Integer)n);
    return lua_newuserdatauv(L, bytes, 0);
}

bn_column *bn_column_test(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, BN_COLUMN_TYPE);
}

bn_vector *bn_vector_test(lua_State *L, int idx)
{
    bn_column *c = bn_column_test(L, idx);
    return c && c->kind == BN_COL_NUMBER ? c : NULL;
}

static bn_column *column_check(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, BN_COLUMN_TYPE);
}

bn_vector *bn_vector_from_arg(lua_State *L, int idx, int *pushed)
{
    bn_vector *v = bn_vector_test(L, idx);
    *pushed = 0;
    if (v)
        return v;
    if (!lua_istable(L, idx))
        luaL_typeerror(L, idx, "vector or array of numbers");
    idx = lua_absindex(L, idx);
    size_t n = (size_t)luaL_len(L, idx);
    v = bn_vector_push(L, n);
    for (size_t i = 0; i < n; i++) {
        int isnum;
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        double x = lua_tonumberx(L, -1, &isnum);
        if (!isnum) {
            const char *msg = lua_pushfstring(L, "numbers expected, got %s at index %I",
                                              luaL_typename(L, -1), (lua_Integer)i + 1);
            luaL_argerror(L, idx, msg);
        }
        v->data[i] = x;
        lua_pop(L, 1);
    }
    *pushed = 1;
    return v;
}

/* Bytes of text in row i (0-based) of a string column. */
static size_t text_len(const bn_column *c, size_t i)
{
    return c->offset[i + 1] - c->offset[i];
}

/* ---- metamethods and methods ---------------------------------------------------------- */

static int column_gc(lua_State *L)
{
    bn_column *c = column_check(L, 1);
    if (c->heap) {
        free(c->data);
        free(c->missing);
        free(c->pool);
        free(c->offset);
        memset(c, 0, sizeof *c);
        c->heap = 1;
    }
    return 0;
}

void bn_column_push_value(lua_State *L, const bn_column *c, size_t i, int integer)
{
    lua_Integer k;
    if (i >= c->n || c->missing[i])
        lua_pushnil(L);
    else if (c->kind == BN_COL_BOOLEAN)
        lua_pushboolean(L, c->data[i] != 0);
    else if (c->kind == BN_COL_STRING)
        lua_pushlstring(L, c->pool + c->offset[i], text_len(c, i));
    else if ((integer || c->access == BN_COLUMN_VIEW_INTEGER) &&
             lua_numbertointeger(c->data[i], &k))
        lua_pushinteger(L, k);
    else
        lua_pushnumber(L, c->data[i]);
}

/* Pushes row i (0-based) of c: nil when missing or out of range. */
static void push_value(lua_State *L, const bn_column *c, size_t i)
{
    bn_column_push_value(L, c, i, 0);
}

static int column_index(lua_State *L)
{
    bn_column *c = column_check(L, 1);
    if (lua_type(L, 2) != LUA_TNUMBER) {
        /* methods */
        luaL_getmetafield(L, 1, "__methods");
        lua_pushvalue(L, 2);
        lua_rawget(L, -2);
        return 1;
    }
    lua_Integer i = lua_tointeger(L, 2);
    if (i < 1 || (size_t)i > c->n)
        lua_pushnil(L);
    else
        push_value(L, c, (size_t)i - 1);
    return 1;
}

/* Raises for a write into a view (naming the column: its name is user value 2) or into
 * a string or boolean column. */
static void check_writable(lua_State *L, bn_column *c)
{
    const char *kind = bn_coltype_name(c->kind);
    if (c->access != BN_COLUMN_OWN) {
        lua_getiuservalue(L, 1, 2);
        const char *name = lua_tostring(L, -1);
        if (c->kind == BN_COL_NUMBER)
            luaL_error(L, "column '%s' is read-only; use f:mutate or copy it (v:copy())",
                       name ? name : "?");
        luaL_error(L, "column '%s' is read-only; %s columns cannot be changed in place "
                      "(use f:mutate)", name ? name : "?", kind);
    }
    if (c->kind != BN_COL_NUMBER)
        luaL_error(L, "%s columns are read-only (build a new column instead)", kind);
}

static int column_newindex(lua_State *L)
{
    bn_column *c = column_check(L, 1);
    check_writable(L, c);
    lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 1 || (size_t)i > c->n)
        luaL_error(L, "vector index %I out of range 1..%I", i, (lua_Integer)c->n);
    if (lua_isnil(L, 3)) {
        c->data[i - 1] = NAN;
        c->missing[i - 1] = 1;
    } else {
        c->data[i - 1] = luaL_checknumber(L, 3);
        c->missing[i - 1] = 0;
    }
    return 0;
}

static int column_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)column_check(L, 1)->n);
    return 1;
}

static int column_tostring(lua_State *L)
{
    bn_column *c = column_check(L, 1);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, c->kind == BN_COL_NUMBER    ? "vector("
                       : c->kind == BN_COL_BOOLEAN ? "booleans("
                                                   : "strings(");
    size_t shown = c->n < 8 ? c->n : 8;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            luaL_addstring(&b, ", ");
        if (c->missing[i]) {
            luaL_addstring(&b, "NA");
        } else if (c->kind == BN_COL_NUMBER) {
            char num[BN_NUMFMT_MAX];
            bn_format_number(c->data[i], 0, num);
            luaL_addstring(&b, num);
        } else if (c->kind == BN_COL_BOOLEAN) {
            luaL_addstring(&b, c->data[i] != 0 ? "true" : "false");
        } else {
            size_t len = text_len(c, i);
            luaL_addchar(&b, '"');
            luaL_addlstring(&b, c->pool + c->offset[i], len > 40 ? 40 : len);
            if (len > 40)
                luaL_addstring(&b, "...");
            luaL_addchar(&b, '"');
        }
    }
    if (shown < c->n)
        luaL_addstring(&b, ", ...");
    lua_pushfstring(L, ") [%I]", (lua_Integer)c->n);
    luaL_addvalue(&b);
    luaL_pushresult(&b);
    return 1;
}

static int column_totable(lua_State *L)
{
    bn_column *c = column_check(L, 1);
    lua_createtable(L, c->n <= INT_MAX ? (int)c->n : 0, 0);
    for (size_t i = 0; i < c->n; i++) {
        if (c->missing[i])
            continue; /* leaves a hole: nil */
        push_value(L, c, i);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int column_nmissing(lua_State *L)
{
    bn_column *c = column_check(L, 1);
    lua_Integer k = 0;
    for (size_t i = 0; i < c->n; i++)
        k += c->missing[i];
    lua_pushinteger(L, k);
    return 1;
}

/* Pushes a new column holding rows ix[0..n) of c (1-based; 0 gives a missing value). */
static bn_column *gather(lua_State *L, const bn_column *c, const size_t *ix, size_t n)
{
    size_t bytes = 0;
    if (c->kind == BN_COL_STRING)
        for (size_t i = 0; i < n; i++)
            if (ix[i])
                bytes += text_len(c, ix[i] - 1);
    bn_column *out = bn_column_push(L, c->kind, n, bytes);
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = ix[i];
        out->missing[i] = k == 0 || c->missing[k - 1];
        if (c->kind != BN_COL_STRING) {
            out->data[i] = k ? c->data[k - 1] : NAN;
        } else {
            if (k) {
                size_t len = text_len(c, k - 1);
                memcpy(out->pool + pos, c->pool + c->offset[k - 1], len);
                pos += len;
            }
            out->offset[i + 1] = pos;
        }
    }
    return out;
}

/* Pushes a new column (its maker's: a number column takes writes) with c's values. */
static bn_column *copy_column(lua_State *L, const bn_column *c)
{
    size_t bytes = c->kind == BN_COL_STRING ? c->offset[c->n] : 0;
    bn_column *out = bn_column_push(L, c->kind, c->n, bytes);
    if (c->n == 0)
        return out;
    memcpy(out->missing, c->missing, c->n);
    if (c->kind == BN_COL_STRING) {
        memcpy(out->offset, c->offset, (c->n + 1) * sizeof *c->offset);
        if (bytes)
            memcpy(out->pool, c->pool, bytes);
    } else {
        memcpy(out->data, c->data, c->n * sizeof *c->data);
    }
    return out;
}

/* c:copy() -> a new column with the same values (a number column takes writes). */
static int column_copy(lua_State *L)
{
    copy_column(L, column_check(L, 1));
    return 1;
}

static const luaL_Reg column_meta[] = {
    {"__index", column_index},
    {"__newindex", column_newindex},
    {"__len", column_len},
    {"__tostring", column_tostring},
    {"__gc", column_gc},
    {NULL, NULL},
};

static const luaL_Reg column_methods[] = {
    {"totable", column_totable},
    {"nmissing", column_nmissing},
    {"copy", column_copy},
    {NULL, NULL},
};

/* Sets the column metatable on the userdata on top (creating it on first use, so any
 * binding can make columns without loading this module first). */
static void set_metatable(lua_State *L)
{
    if (luaL_newmetatable(L, BN_COLUMN_TYPE)) {
        luaL_setfuncs(L, column_meta, 0);
        luaL_newlib(L, column_methods);
        lua_setfield(L, -2, "__methods");
    }
    lua_setmetatable(L, -2);
}

/* ---- the module: building columns from Lua -------------------------------------------- */

/* new(n) -> n zeros; new(array) -> a copy of an array of numbers; new(column) -> a copy
 * of a number column. */
static int column_new(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TNUMBER) {
        lua_Integer n = luaL_checkinteger(L, 1);
        luaL_argcheck(L, n >= 0, 1, "size must be non-negative");
        bn_vector_push(L, (size_t)n);
        return 1;
    }
    int pushed;
    bn_vector *v = bn_vector_from_arg(L, 1, &pushed);
    if (!pushed)
        copy_column(L, v);
    return 1;
}

/* strings(array [, n]): a string column; nil entries are missing. */
static int column_strings(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_optinteger(L, 2, luaL_len(L, 1));
    luaL_argcheck(L, n >= 0 && n <= INT_MAX, 2, "length in 0..2^31-1 expected");
    size_t bytes = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        int t = lua_rawgeti(L, 1, i);
        if (t == LUA_TSTRING || t == LUA_TNUMBER) {
            size_t len;
            lua_tolstring(L, -1, &len);
            bytes += len;
        } else if (t != LUA_TNIL) {
            return luaL_error(L, "bad argument #1 to 'strings' (strings expected, got %s at "
                                 "index %I)",
                              luaL_typename(L, -1), i);
        }
        lua_pop(L, 1);
    }
    bn_column *c = bn_column_push(L, BN_COL_STRING, (size_t)n, bytes);
    size_t pos = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        size_t len = 0;
        const char *s = NULL;
        lua_rawgeti(L, 1, i);
        if (!lua_isnil(L, -1))
            s = lua_tolstring(L, -1, &len); /* numbers were counted in their string form */
        c->missing[i - 1] = s == NULL;
        if (s)
            memcpy(c->pool + pos, s, len);
        pos += len;
        c->offset[i] = pos;
        lua_pop(L, 1);
    }
    return 1;
}

/* booleans(array [, n]): a boolean column; nil entries are missing. */
static int column_booleans(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_optinteger(L, 2, luaL_len(L, 1));
    luaL_argcheck(L, n >= 0 && n <= INT_MAX, 2, "length in 0..2^31-1 expected");
    bn_column *c = bn_column_push(L, BN_COL_BOOLEAN, (size_t)n, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        int t = lua_rawgeti(L, 1, i);
        if (t != LUA_TNIL && t != LUA_TBOOLEAN)
            return luaL_error(L, "bad argument #1 to 'booleans' (booleans expected, got %s at "
                                 "index %I)",
                              luaL_typename(L, -1), i);
        c->missing[i - 1] = t == LUA_TNIL;
        c->data[i - 1] = t == LUA_TNIL ? NAN : lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    return 1;
}

/* kind(x): "number", "string" or "boolean" for a column, else nil. */
static int column_kind(lua_State *L)
{
    bn_column *c = bn_column_test(L, 1);
    if (c)
        lua_pushstring(L, bn_coltype_name(c->kind));
    else
        lua_pushnil(L);
    return 1;
}

/* is(x [, kind]) -> true for a column (of that kind: "number", "string", "boolean"). */
static int column_is(lua_State *L)
{
    bn_column *c = bn_column_test(L, 1);
    const char *kind = luaL_optstring(L, 2, NULL);
    lua_pushboolean(L, c && (!kind || strcmp(kind, bn_coltype_name(c->kind)) == 0));
    return 1;
}

/* view(c, name [, integer]) -> a read-only view of c named `name` (for messages);
 * integer: a number column's reads give Lua integers. */
static int column_view(lua_State *L)
{
    bn_column *src = column_check(L, 1);
    luaL_checkstring(L, 2);
    int integer = lua_toboolean(L, 3) && src->kind == BN_COL_NUMBER;
    bn_column *v = lua_newuserdatauv(L, sizeof *v, 2);
    *v = *src;
    v->heap = 0; /* the arrays stay src's */
    v->access = integer ? BN_COLUMN_VIEW_INTEGER : BN_COLUMN_VIEW;
    set_metatable(L);
    lua_pushvalue(L, 1); /* keeps the arrays alive */
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, 2);
    return 1;
}

/* is_view(x) -> true for a read-only view. */
static int column_is_view(lua_State *L)
{
    bn_column *c = bn_column_test(L, 1);
    lua_pushboolean(L, c && c->access != BN_COLUMN_OWN);
    return 1;
}

/* ---- rows: take, concat, order -------------------------------------------------------- */

/* Reads the row indices of take(): 1-based; 0 (or false) gives a missing value. */
static size_t *read_indices(lua_State *L, int idx, size_t n, size_t limit)
{
    size_t *ix = bn_new_array(L, n, sizeof *ix, "take");
    bn_vector *v = bn_vector_test(L, idx);
    for (size_t i = 0; i < n; i++) {
        lua_Integer k;
        if (v) {
            double x = v->missing[i] ? 0 : v->data[i];
            /* range first: casting 1e300 or NaN to an integer is undefined */
            if (!(x >= 0 && x <= (double)limit && x == floor(x)))
                luaL_error(L, "bad argument #2 to 'take' (row %f out of range 1..%I)", x,
                           (lua_Integer)limit);
            k = (lua_Integer)x;
        } else {
            int t = lua_rawgeti(L, idx, (lua_Integer)i + 1);
            k = t == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
            if (t != LUA_TNUMBER && t != LUA_TBOOLEAN && t != LUA_TNIL)
                luaL_error(L, "bad argument #2 to 'take' (row indices expected)");
            lua_pop(L, 1);
        }
        if (k < 0 || (size_t)k > limit)
            luaL_error(L, "bad argument #2 to 'take' (row %I out of range 1..%I)", k,
                       (lua_Integer)limit);
        ix[i] = (size_t)k; /* 0: missing */
    }
    return ix;
}

/* take(col, indices [, n]): a new column of the same kind with the rows listed. */
static int column_take(lua_State *L)
{
    bn_column *c = column_check(L, 1);
    size_t n;
    bn_vector *iv = bn_vector_test(L, 2);
    if (iv) {
        n = iv->n;
    } else {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_Integer k = luaL_optinteger(L, 3, luaL_len(L, 2));
        luaL_argcheck(L, k >= 0 && k <= INT_MAX, 3, "row count in 0..2^31-1 expected");
        n = (size_t)k;
    }
    gather(L, c, read_indices(L, 2, n, c->n), n);
    return 1;
}

/* concat(a, b): the rows of a then b, same kind. */
static int column_concat(lua_State *L)
{
    bn_column *a = column_check(L, 1), *b = column_check(L, 2);
    if (a->kind != b->kind)
        return luaL_error(L, "concat: cannot join a %s column with a %s column",
                          bn_coltype_name(a->kind), bn_coltype_name(b->kind));
    size_t n = a->n + b->n;
    size_t abytes = a->kind == BN_COL_STRING ? a->offset[a->n] : 0;
    size_t bbytes = b->kind == BN_COL_STRING ? b->offset[b->n] : 0;
    bn_column *out = bn_column_push(L, a->kind, n, abytes + bbytes);
    if (a->n)
        memcpy(out->missing, a->missing, a->n);
    if (b->n)
        memcpy(out->missing + a->n, b->missing, b->n);
    if (a->kind != BN_COL_STRING) {
        if (a->n)
            memcpy(out->data, a->data, a->n * sizeof(double));
        if (b->n)
            memcpy(out->data + a->n, b->data, b->n * sizeof(double));
    } else {
        if (abytes)
            memcpy(out->pool, a->pool, abytes);
        if (bbytes)
            memcpy(out->pool + abytes, b->pool, bbytes);
        for (size_t i = 0; i <= a->n; i++)
            out->offset[i] = a->offset[i];
        for (size_t i = 1; i <= b->n; i++)
            out->offset[a->n + i] = abytes + b->offset[i];
    }
    return 1;
}

/* order(columns, desc) -> number column of 1-based row indices in stable sorted order. */
static int column_order(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    size_t nkeys = (size_t)luaL_len(L, 1);
    bn_sort_key *keys = bn_new_array(L, nkeys, sizeof *keys, "order");
    size_t n = 0;
    for (size_t k = 0; k < nkeys; k++) {
        lua_rawgeti(L, 1, (lua_Integer)k + 1);
        bn_column *col = bn_column_test(L, -1);
        if (!col)
            return luaL_error(L, "bad argument #1 to 'order' (column expected at %I)",
                              (lua_Integer)k + 1);
        if (k > 0 && col->n != n)
            return luaL_error(L, "order: columns of different lengths");
        n = col->n;
        memset(&keys[k], 0, sizeof keys[k]);
        keys[k].type = col->kind;
        keys[k].num = col->data;
        keys[k].missing = col->missing;
        keys[k].pool = col->pool;
        keys[k].offset = col->offset;
        lua_pop(L, 1); /* the keys table keeps the column alive */
        lua_rawgeti(L, 2, (lua_Integer)k + 1);
        keys[k].desc = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    size_t *perm = bn_new_array(L, n, sizeof *perm, "order");
    bn_error err;
    bn_error_clear(&err);
    bn_order(keys, nkeys, n, perm, &err);
    bn_vector *out = bn_vector_push(L, n);
    for (size_t i = 0; i < n; i++)
        out->data[i] = (double)(perm[i] + 1);
    return 1;
}

static const luaL_Reg column_funcs[] = {
    {"new", column_new},
    {"strings", column_strings},
    {"booleans", column_booleans},
    {"kind", column_kind},
    {"is", column_is},
    {"view", column_view},
    {"is_view", column_is_view},
    {"take", column_take},
    {"concat", column_concat},
    {"order", column_order},
    {NULL, NULL},
};

int luaopen_burden_core_column(lua_State *L)
{
    luaL_newlib(L, column_funcs);
    return 1;
}

/* vector.is(x) -> true for a number column. */
static int vector_is(lua_State *L)
{
    lua_pushboolean(L, bn_vector_test(L, 1) != NULL);
    return 1;
}

static const luaL_Reg vector_funcs[] = {
    {"new", column_new},
    {"is", vector_is},
    {"view", column_view},
    {"is_view", column_is_view},
    {NULL, NULL},
};

/* burden.core.vector: the number columns' part of this module, under the name the fits,
 * the cost kernels and the tests use (the Makefile registers it beside "column"). */
int luaopen_burden_core_vector(lua_State *L)
{
    luaL_newlib(L, vector_funcs);
    return 1;
}
