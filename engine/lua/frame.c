/*
 * burden.core.frame: CSV reading into columns, and the column primitives the
 * frame API (stdlib/burden/data/) is built on.
 *
 * Numeric and integer columns are burden.vector. String and boolean columns
 * are burden.column userdata that own malloc'd arrays (freed by __gc), with
 * the same #col / col[i] interface (a missing value reads as nil).
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "checked.h"
#include "csvread.h"
#include "csvwrite.h"
#include "order.h"
#include "vector.h"

#define COLUMN_TYPE "burden.column"
#define GUARD_TYPE "burden.csvtable"

typedef struct column {
    enum bn_coltype kind; /* BN_COL_STRING or BN_COL_BOOLEAN */
    size_t n;
    unsigned char *missing; /* n flags */
    double *num;            /* booleans: 0/1 */
    char *pool;             /* strings: texts back to back */
    size_t *offset;         /* strings: n + 1 offsets */
} column;

/* ---- burden.column -------------------------------------------------------------------- */

/* Pushes an empty column (safe to collect at any point while it is being filled). */
static column *column_push(lua_State *L, enum bn_coltype kind)
{
    column *c = lua_newuserdatauv(L, sizeof *c, 0);
    memset(c, 0, sizeof *c);
    c->kind = kind;
    luaL_setmetatable(L, COLUMN_TYPE);
    return c;
}

static void *xmalloc(lua_State *L, size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p)
        luaL_error(L, "out of memory");
    return p;
}

/* Allocates the arrays of a column of n rows; pool_bytes for strings. */
static void column_alloc(lua_State *L, column *c, size_t n, size_t pool_bytes)
{
    size_t bytes = 0;
    if (!bn_size_array(n, sizeof *c->offset, sizeof *c->offset, &bytes))
        luaL_error(L, "column of %I rows is too large", (lua_Integer)n);
    c->missing = xmalloc(L, n);
    c->n = n;
    if (c->kind == BN_COL_BOOLEAN) {
        c->num = xmalloc(L, n * sizeof *c->num);
    } else {
        c->offset = xmalloc(L, (n + 1) * sizeof *c->offset);
        c->offset[0] = 0;
        c->pool = xmalloc(L, pool_bytes);
    }
}

static int column_gc(lua_State *L)
{
    column *c = luaL_checkudata(L, 1, COLUMN_TYPE);
    free(c->missing);
    free(c->num);
    free(c->pool);
    free(c->offset);
    memset(c, 0, sizeof *c);
    return 0;
}

static column *column_check(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, COLUMN_TYPE);
}

static void column_push_value(lua_State *L, const column *c, size_t i)
{
    if (i >= c->n || c->missing[i])
        lua_pushnil(L);
    else if (c->kind == BN_COL_BOOLEAN)
        lua_pushboolean(L, c->num[i] != 0);
    else
        lua_pushlstring(L, c->pool + c->offset[i], c->offset[i + 1] - c->offset[i]);
}

static int column_index(lua_State *L)
{
    column *c = column_check(L, 1);
    if (lua_type(L, 2) != LUA_TNUMBER) {
        luaL_getmetafield(L, 1, "__methods");
        lua_pushvalue(L, 2);
        lua_rawget(L, -2);
        return 1;
    }
    lua_Integer i = lua_tointeger(L, 2);
    if (i < 1 || (size_t)i > c->n)
        lua_pushnil(L);
    else
        column_push_value(L, c, (size_t)i - 1);
    return 1;
}

static int column_newindex(lua_State *L)
{
    return luaL_error(L, "%s columns are read-only (build a new column instead)",
                      bn_coltype_name(column_check(L, 1)->kind));
}

static int column_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)column_check(L, 1)->n);
    return 1;
}

static int column_tostring(lua_State *L)
{
    column *c = column_check(L, 1);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, c->kind == BN_COL_BOOLEAN ? "booleans(" : "strings(");
    size_t shown = c->n < 8 ? c->n : 8;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            luaL_addstring(&b, ", ");
        if (c->missing[i]) {
            luaL_addstring(&b, "NA");
        } else if (c->kind == BN_COL_BOOLEAN) {
            luaL_addstring(&b, c->num[i] != 0 ? "true" : "false");
        } else {
            size_t len = c->offset[i + 1] - c->offset[i];
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
    column *c = column_check(L, 1);
    lua_createtable(L, (int)c->n, 0);
    for (size_t i = 0; i < c->n; i++) {
        if (c->missing[i])
            continue;
        column_push_value(L, c, i);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int column_nmissing(lua_State *L)
{
    column *c = column_check(L, 1);
    lua_Integer k = 0;
    for (size_t i = 0; i < c->n; i++)
        k += c->missing[i];
    lua_pushinteger(L, k);
    return 1;
}

/* ---- building columns from Lua -------------------------------------------------------- */

/* strings(array, n): a string column; nil entries are missing. */
static int frame_strings(lua_State *L)
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
    column *c = column_push(L, BN_COL_STRING);
    column_alloc(L, c, (size_t)n, bytes);
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

/* booleans(array, n): a boolean column; nil entries are missing. */
static int frame_booleans(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_optinteger(L, 2, luaL_len(L, 1));
    luaL_argcheck(L, n >= 0 && n <= INT_MAX, 2, "length in 0..2^31-1 expected");
    column *c = column_push(L, BN_COL_BOOLEAN);
    column_alloc(L, c, (size_t)n, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        int t = lua_rawgeti(L, 1, i);
        if (t != LUA_TNIL && t != LUA_TBOOLEAN)
            return luaL_error(L, "bad argument #1 to 'booleans' (booleans expected, got %s at "
                                 "index %I)",
                              luaL_typename(L, -1), i);
        c->missing[i - 1] = t == LUA_TNIL;
        c->num[i - 1] = t == LUA_TNIL ? NAN : lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    return 1;
}

/* kind(x): "number" for a vector, "string" or "boolean" for a column, else nil. */
static int frame_kind(lua_State *L)
{
    if (bn_vector_test(L, 1))
        lua_pushliteral(L, "number");
    else if (luaL_testudata(L, 1, COLUMN_TYPE))
        lua_pushstring(L, bn_coltype_name(((column *)lua_touserdata(L, 1))->kind));
    else
        lua_pushnil(L);
    return 1;
}

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
static int frame_take(lua_State *L)
{
    bn_vector *v = bn_vector_test(L, 1);
    column *c = v ? NULL : column_check(L, 1);
    size_t limit = v ? v->n : c->n;
    size_t n;
    if (bn_vector_test(L, 2))
        n = bn_vector_test(L, 2)->n;
    else {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_Integer k = luaL_optinteger(L, 3, luaL_len(L, 2));
        luaL_argcheck(L, k >= 0 && k <= INT_MAX, 3, "row count in 0..2^31-1 expected");
        n = (size_t)k;
    }
    size_t *ix = read_indices(L, 2, n, limit);
    if (v) {
        bn_vector *out = bn_vector_push(L, n);
        for (size_t i = 0; i < n; i++) {
            if (ix[i] == 0) {
                out->data[i] = NAN;
                out->missing[i] = 1;
            } else {
                out->data[i] = v->data[ix[i] - 1];
                out->missing[i] = v->missing[ix[i] - 1];
            }
        }
        return 1;
    }
    size_t bytes = 0;
    if (c->kind == BN_COL_STRING)
        for (size_t i = 0; i < n; i++)
            if (ix[i])
                bytes += c->offset[ix[i]] - c->offset[ix[i] - 1];
    column *out = column_push(L, c->kind);
    column_alloc(L, out, n, bytes);
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = ix[i];
        out->missing[i] = k == 0 || c->missing[k - 1];
        if (c->kind == BN_COL_BOOLEAN) {
            out->num[i] = k ? c->num[k - 1] : NAN;
        } else {
            if (k) {
                size_t len = c->offset[k] - c->offset[k - 1];
                memcpy(out->pool + pos, c->pool + c->offset[k - 1], len);
                pos += len;
            }
            out->offset[i + 1] = pos;
        }
    }
    return 1;
}

/* concat(a, b): the rows of a then b, same kind. */
static int frame_concat(lua_State *L)
{
    bn_vector *va = bn_vector_test(L, 1), *vb = bn_vector_test(L, 2);
    if (va || vb) {
        if (!va || !vb)
            return luaL_error(L, "concat: cannot join a number column with a %s column",
                              luaL_typename(L, va ? 2 : 1));
        bn_vector *out = bn_vector_push(L, va->n + vb->n);
        memcpy(out->data, va->data, va->n * sizeof(double));
        memcpy(out->missing, va->missing, va->n);
        memcpy(out->data + va->n, vb->data, vb->n * sizeof(double));
        memcpy(out->missing + va->n, vb->missing, vb->n);
        return 1;
    }
    column *a = column_check(L, 1), *b = column_check(L, 2);
    if (a->kind != b->kind)
        return luaL_error(L, "concat: cannot join a %s column with a %s column",
                          bn_coltype_name(a->kind), bn_coltype_name(b->kind));
    size_t n = a->n + b->n;
    size_t abytes = a->kind == BN_COL_STRING ? a->offset[a->n] : 0;
    size_t bbytes = b->kind == BN_COL_STRING ? b->offset[b->n] : 0;
    column *out = column_push(L, a->kind);
    column_alloc(L, out, n, abytes + bbytes);
    memcpy(out->missing, a->missing, a->n);
    memcpy(out->missing + a->n, b->missing, b->n);
    if (a->kind == BN_COL_BOOLEAN) {
        memcpy(out->num, a->num, a->n * sizeof(double));
        memcpy(out->num + a->n, b->num, b->n * sizeof(double));
    } else {
        memcpy(out->pool, a->pool, abytes);
        memcpy(out->pool + abytes, b->pool, bbytes);
        for (size_t i = 0; i <= a->n; i++)
            out->offset[i] = a->offset[i];
        for (size_t i = 1; i <= b->n; i++)
            out->offset[a->n + i] = abytes + b->offset[i];
    }
    return 1;
}

/* order(columns, desc) -> vector of 1-based row indices in stable sorted order. */
static int frame_order(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    size_t nkeys = (size_t)luaL_len(L, 1);
    bn_sort_key *keys = lua_newuserdatauv(L, (nkeys ? nkeys : 1) * sizeof *keys, 0);
    size_t n = 0;
    for (size_t k = 0; k < nkeys; k++) {
        lua_rawgeti(L, 1, (lua_Integer)k + 1);
        bn_vector *v = bn_vector_test(L, -1);
        column *col = v ? NULL : luaL_testudata(L, -1, COLUMN_TYPE);
        if (!v && !col)
            return luaL_error(L, "bad argument #1 to 'order' (column expected at %I)",
                              (lua_Integer)k + 1);
        size_t len = v ? v->n : col->n;
        if (k > 0 && len != n)
            return luaL_error(L, "order: columns of different lengths");
        n = len;
        memset(&keys[k], 0, sizeof keys[k]);
        if (v) {
            keys[k].type = BN_COL_NUMBER;
            keys[k].num = v->data;
            keys[k].missing = v->missing;
        } else {
            keys[k].type = col->kind;
            keys[k].num = col->num;
            keys[k].missing = col->missing;
            keys[k].pool = col->pool;
            keys[k].offset = col->offset;
        }
        lua_pop(L, 1); /* the keys table keeps the column alive */
        lua_rawgeti(L, 2, (lua_Integer)k + 1);
        keys[k].desc = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    size_t *perm = lua_newuserdatauv(L, (n ? n : 1) * sizeof *perm, 0);
    bn_error err;
    bn_error_clear(&err);
    bn_order(keys, nkeys, n, perm, &err);
    bn_vector *out = bn_vector_push(L, n);
    for (size_t i = 0; i < n; i++)
        out->data[i] = (double)(perm[i] + 1);
    return 1;
}

/* write_csv(path, names, columns, types, sep) -> true, or nil, message. */
static int frame_write_csv(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    size_t seplen;
    const char *sep = luaL_optlstring(L, 5, ",", &seplen);
    luaL_argcheck(L, seplen == 1, 5, "one character expected");
    size_t ncol = (size_t)luaL_len(L, 2);
    /* the arrays live in userdata: nothing leaks if an argument check raises */
    const char **names = lua_newuserdatauv(L, (ncol ? ncol : 1) * sizeof *names, 0);
    bn_csv_outcol *cols = lua_newuserdatauv(L, (ncol ? ncol : 1) * sizeof *cols, 0);
    size_t nrow = 0;
    for (size_t c = 0; c < ncol; c++) {
        /* only a string already in the table stays alive after the pop: lua_tostring
         * would convert a number into a new string that nothing references */
        if (lua_rawgeti(L, 2, (lua_Integer)c + 1) != LUA_TSTRING)
            return luaL_error(L, "bad argument #2 to 'write_csv' (string expected at index %I, "
                                 "got %s)", (lua_Integer)c + 1, luaL_typename(L, -1));
        names[c] = lua_tostring(L, -1); /* the names table keeps the string alive */
        lua_pop(L, 1);
        lua_rawgeti(L, 3, (lua_Integer)c + 1);
        lua_rawgeti(L, 4, (lua_Integer)c + 1);
        const char *type = lua_tostring(L, -1);
        bn_vector *v = bn_vector_test(L, -2);
        column *col = v ? NULL : luaL_testudata(L, -2, COLUMN_TYPE);
        if (!v && !col)
            return luaL_error(L, "bad argument #3 to 'write_csv' (column expected at %I)",
                              (lua_Integer)c + 1);
        size_t n = v ? v->n : col->n;
        if (c > 0 && n != nrow)
            return luaL_error(L, "write_csv: columns of different lengths");
        nrow = n;
        memset(&cols[c], 0, sizeof cols[c]);
        if (v) {
            cols[c].type = (type && strcmp(type, "integer") == 0) ? BN_COL_INTEGER : BN_COL_NUMBER;
            cols[c].num = v->data;
            cols[c].missing = v->missing;
        } else {
            cols[c].type = col->kind;
            cols[c].num = col->num;
            cols[c].missing = col->missing;
            cols[c].pool = col->pool;
            cols[c].offset = col->offset;
        }
        lua_pop(L, 2); /* the columns table keeps the column alive */
    }
    bn_error err;
    bn_error_clear(&err);
    if (bn_csv_write(path, names, cols, ncol, nrow, sep[0], &err) != BN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.msg);
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* ---- read_csv ------------------------------------------------------------------------- */

static int guard_gc(lua_State *L)
{
    bn_csv_table **pt = luaL_checkudata(L, 1, GUARD_TYPE);
    bn_csv_table_free(*pt);
    *pt = NULL;
    return 0;
}

static char opt_char(lua_State *L, int opts, const char *key, char def)
{
    if (lua_getfield(L, opts, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (!s || len != 1)
        luaL_error(L, "bad option '%s' to 'read_csv' (one character expected)", key);
    lua_pop(L, 1);
    return s[0];
}

/* An array of strings from opts[key], kept alive by a userdata left on the stack. */
static const char **opt_strings(lua_State *L, int opts, const char *key, size_t *count)
{
    if (lua_getfield(L, opts, key) == LUA_TNIL) {
        lua_pop(L, 1);
        *count = 0;
        return NULL;
    }
    if (lua_type(L, -1) == LUA_TSTRING) { /* a single name */
        const char **one = lua_newuserdatauv(L, sizeof *one, 1);
        lua_pushvalue(L, -2);
        lua_setiuservalue(L, -2, 1);
        one[0] = lua_tostring(L, -2);
        lua_remove(L, -2);
        *count = 1;
        return one;
    }
    if (!lua_istable(L, -1))
        luaL_error(L, "bad option '%s' to 'read_csv' (array of strings expected)", key);
    size_t n = (size_t)luaL_len(L, -1);
    const char **arr = lua_newuserdatauv(L, (n ? n : 1) * sizeof *arr, 1);
    lua_pushvalue(L, -2);
    lua_setiuservalue(L, -2, 1); /* the userdata keeps the table (and its strings) alive */
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -2, (lua_Integer)i + 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "bad option '%s' to 'read_csv' (string expected at index %I)", key,
                       (lua_Integer)i + 1);
        arr[i] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    lua_remove(L, -2);
    *count = n;
    return arr;
}

static int opt_bool(lua_State *L, int opts, const char *key, int def)
{
    int t = lua_getfield(L, opts, key);
    int v = t == LUA_TNIL ? def : lua_toboolean(L, -1);
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_error(L, "bad option '%s' to 'read_csv' (boolean expected)", key);
    lua_pop(L, 1);
    return v;
}

static int opt_choice(lua_State *L, int opts, const char *key, const char *a, const char *b)
{
    if (lua_getfield(L, opts, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    const char *s = lua_tostring(L, -1);
    int v = s && strcmp(s, b) == 0;
    if (!s || (strcmp(s, a) != 0 && !v))
        luaL_error(L, "bad option '%s' to 'read_csv' (\"%s\" or \"%s\" expected)", key, a, b);
    lua_pop(L, 1);
    return v;
}

/* Fills opt from the table at index opts (or defaults when none). Leaves anchors on the stack. */
static void read_options(lua_State *L, int opts, bn_csv_options *opt)
{
    bn_csv_options_init(opt);
    if (lua_isnoneornil(L, opts))
        return;
    luaL_checktype(L, opts, LUA_TTABLE);
    opt->sep = opt_char(L, opts, "sep", ',');
    opt->quote = opt_char(L, opts, "quote", '"');
    opt->thousands = opt_char(L, opts, "thousands", 0);
    opt->header = opt_bool(L, opts, "header", 1);
    opt->dedupe = opt_bool(L, opts, "dedupe", 0);
    opt->ragged_pad = opt_choice(L, opts, "ragged", "error", "pad");
    opt->utf8_replace = opt_choice(L, opts, "utf8", "error", "replace");
    opt->na = opt_strings(L, opts, "na", &opt->nna);
    if (opt->na == NULL) {
        /* keep the defaults: NULL means "use bn_csv_default_na" */
    }
    opt->select = opt_strings(L, opts, "select", &opt->nselect);
    if (lua_getfield(L, opts, "comment") != LUA_TNIL) {
        opt->comment = lua_tostring(L, -1);
        if (!opt->comment || !*opt->comment)
            luaL_error(L, "bad option 'comment' to 'read_csv' (non-empty string expected)");
        lua_pushvalue(L, -1); /* stays on the stack as an anchor */
        lua_remove(L, -2);
    } else {
        lua_pop(L, 1);
    }
    if (lua_getfield(L, opts, "skip") != LUA_TNIL) {
        lua_Integer k = lua_tointeger(L, -1);
        if (!lua_isinteger(L, -1) || k < 0)
            luaL_error(L, "bad option 'skip' to 'read_csv' (non-negative integer expected)");
        opt->skip = (size_t)k;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, opts, "max_line") != LUA_TNIL) {
        lua_Integer k = lua_tointeger(L, -1);
        if (!lua_isinteger(L, -1) || k <= 0)
            luaL_error(L, "bad option 'max_line' to 'read_csv' (positive integer expected)");
        opt->max_line = (size_t)k;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, opts, "types") != LUA_TNIL) {
        luaL_checktype(L, -1, LUA_TTABLE);
        int types = lua_gettop(L);
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, types)) {
            n++;
            lua_pop(L, 1);
        }
        const char **names = lua_newuserdatauv(L, (n ? n : 1) * sizeof *names, 1);
        lua_pushvalue(L, types);
        lua_setiuservalue(L, -2, 1);
        enum bn_coltype *values = lua_newuserdatauv(L, (n ? n : 1) * sizeof *values, 0);
        size_t k = 0;
        lua_pushnil(L);
        while (lua_next(L, types)) {
            const char *tn = lua_tostring(L, -1);
            int t = tn ? bn_coltype_parse(tn) : -1;
            if (lua_type(L, -2) != LUA_TSTRING || t < 0)
                luaL_error(L, "bad option 'types' to 'read_csv' (column = \"number\", "
                              "\"integer\", \"boolean\", \"string\" or \"auto\" expected)");
            names[k] = lua_tostring(L, -2);
            values[k++] = (enum bn_coltype)t;
            lua_pop(L, 1);
        }
        opt->type_names = names;
        opt->type_values = values;
        opt->ntypes = n;
    } else {
        lua_pop(L, 1);
    }
}

/*
 * Pushes {names = {...}, types = {...}, columns = {...}, nrow = n} from a table,
 * taking its arrays (the guard at index guard frees whatever is left).
 */
static void push_table(lua_State *L, bn_csv_table *t)
{
    lua_createtable(L, 0, 4);
    lua_createtable(L, (int)t->ncol, 0);
    lua_createtable(L, (int)t->ncol, 0);
    lua_createtable(L, (int)t->ncol, 0);
    for (size_t c = 0; c < t->ncol; c++) {
        bn_csv_column *col = &t->cols[c];
        lua_pushstring(L, col->name);
        lua_rawseti(L, -4, (lua_Integer)c + 1);
        lua_pushstring(L, bn_coltype_name(col->type));
        lua_rawseti(L, -3, (lua_Integer)c + 1);
        if (col->type == BN_COL_NUMBER || col->type == BN_COL_INTEGER) {
            bn_vector *v = bn_vector_push(L, t->nrow);
            if (t->nrow) {
                memcpy(v->data, col->num, t->nrow * sizeof(double));
                memcpy(v->missing, col->missing, t->nrow);
            }
            free(col->num);
            col->num = NULL;
        } else {
            column *out = column_push(L, col->type);
            out->n = t->nrow;
            /* move the arrays: nothing can raise between taking and clearing them */
            out->missing = col->missing;
            out->num = col->num;
            out->pool = col->pool;
            out->offset = col->offset;
            col->missing = NULL;
            col->num = NULL;
            col->pool = NULL;
            col->offset = NULL;
            if (!out->missing)
                out->missing = xmalloc(L, 1);
            if (col->type == BN_COL_STRING && !out->offset) {
                out->offset = xmalloc(L, sizeof *out->offset);
                out->offset[0] = 0;
            }
            if (col->type == BN_COL_STRING && !out->pool)
                out->pool = xmalloc(L, 1); /* no text at all: never a NULL base pointer */
        }
        lua_rawseti(L, -2, (lua_Integer)c + 1);
    }
    lua_setfield(L, -4, "columns");
    lua_setfield(L, -3, "types");
    lua_setfield(L, -2, "names");
    lua_pushinteger(L, (lua_Integer)t->nrow);
    lua_setfield(L, -2, "nrow");
}

static int finish_read(lua_State *L, enum bn_status st, bn_csv_table *t, bn_error *err,
                       int missing_is_nil)
{
    if (st != BN_OK) {
        if (st == BN_EIO && missing_is_nil) {
            lua_pushnil(L);
            lua_pushstring(L, err->msg);
            return 2;
        }
        lua_pushstring(L, err->msg); /* the message already names the file and line */
        return lua_error(L);
    }
    bn_csv_table **guard = lua_newuserdatauv(L, sizeof *guard, 0);
    *guard = t;
    luaL_setmetatable(L, GUARD_TYPE);
    push_table(L, t);
    bn_csv_table_free(t);
    *guard = NULL;
    return 1;
}

/* read_csv(path [, opts]) -> table, or nil, message when the file cannot be opened. */
static int frame_read_csv(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    bn_csv_options opt;
    read_options(L, 2, &opt);
    bn_csv_table *t = NULL;
    bn_error err;
    bn_error_clear(&err);
    enum bn_status st = bn_csv_read_file(path, &opt, &t, &err);
    return finish_read(L, st, t, &err, 1);
}

/* read_csv_text(text [, opts [, name]]) -> table. */
static int frame_read_csv_text(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 3, "(text)");
    bn_csv_options opt;
    read_options(L, 2, &opt);
    bn_csv_table *t = NULL;
    bn_error err;
    bn_error_clear(&err);
    enum bn_status st = bn_csv_read_text(text, len, name, &opt, &t, &err);
    return finish_read(L, st, t, &err, 0);
}

/* default_na() -> the default missing-value tokens. */
static int frame_default_na(lua_State *L)
{
    lua_newtable(L);
    for (int i = 0; bn_csv_default_na[i]; i++) {
        lua_pushstring(L, bn_csv_default_na[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* parse_number(s [, thousands]) -> number, is_integer; or nil. */
static int frame_parse_number(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *th = luaL_optstring(L, 2, "");
    double x;
    int is_int;
    if (bn_parse_number(s, len, th[0], &x, &is_int) != BN_NUM_OK) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushnumber(L, x);
    lua_pushboolean(L, is_int);
    return 2;
}

static const luaL_Reg column_meta[] = {
    {"__index", column_index},
    {"__newindex", column_newindex},
    {"__len", column_len},
    {"__tostring", column_tostring},
    {"__gc", column_gc},
    {"__close", column_gc},
    {NULL, NULL},
};

static const luaL_Reg column_methods[] = {
    {"totable", column_totable},
    {"nmissing", column_nmissing},
    {NULL, NULL},
};

static const luaL_Reg frame_funcs[] = {
    {"read_csv", frame_read_csv},
    {"read_csv_text", frame_read_csv_text},
    {"default_na", frame_default_na},
    {"strings", frame_strings},
    {"booleans", frame_booleans},
    {"kind", frame_kind},
    {"take", frame_take},
    {"concat", frame_concat},
    {"write_csv", frame_write_csv},
    {"order", frame_order},
    {"parse_number", frame_parse_number},
    {NULL, NULL},
};

int luaopen_burden_core_frame(lua_State *L)
{
    lua_getglobal(L, "require");
    lua_pushliteral(L, "burden.core.vector"); /* the vector metatable must exist */
    lua_call(L, 1, 0);
    if (luaL_newmetatable(L, COLUMN_TYPE)) {
        luaL_setfuncs(L, column_meta, 0);
        luaL_newlib(L, column_methods);
        lua_setfield(L, -2, "__methods");
    }
    lua_pop(L, 1);
    if (luaL_newmetatable(L, GUARD_TYPE)) {
        lua_pushcfunction(L, guard_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    luaL_newlib(L, frame_funcs);
    return 1;
}
