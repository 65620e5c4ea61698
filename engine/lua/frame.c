/*
 * burden.core.frame: the CSV binding of frames (stdlib/burden/data): reading a
 * file or a text into columns (burden.column, column.h), writing columns to a
 * file, and the number text of CSV cells (parse_number; numbers are written by
 * engine/core/numfmt.c, bound as burden.core.text).
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "column.h"
#include "csvread.h"
#include "csvwrite.h"

#define GUARD_TYPE "burden.csvtable"

static void *xmalloc(lua_State *L, size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p)
        luaL_error(L, "out of memory");
    return p;
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
        bn_column *col = bn_column_test(L, -2);
        if (!col)
            return luaL_error(L, "bad argument #3 to 'write_csv' (column expected at %I)",
                              (lua_Integer)c + 1);
        if (c > 0 && col->n != nrow)
            return luaL_error(L, "write_csv: columns of different lengths");
        nrow = col->n;
        memset(&cols[c], 0, sizeof cols[c]);
        cols[c].type = col->kind;
        if (col->kind == BN_COL_NUMBER && type && strcmp(type, "integer") == 0)
            cols[c].type = BN_COL_INTEGER;
        cols[c].num = col->data;
        cols[c].missing = col->missing;
        cols[c].pool = col->pool;
        cols[c].offset = col->offset;
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
/* p resized down to bytes > 0, or p itself when realloc cannot (it stays valid). */
static void *shrink(void *p, size_t bytes)
{
    void *q = realloc(p, bytes);
    return q ? q : p;
}

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
        if ((col->type == BN_COL_NUMBER || col->type == BN_COL_INTEGER) &&
            !(t->nrow && col->num && col->missing)) {
            bn_vector_push(L, t->nrow); /* no rows: a column of its own, nothing to take */
            free(col->num);
            col->num = NULL;
        } else if (col->type == BN_COL_NUMBER || col->type == BN_COL_INTEGER) {
            /* take the reader's arrays instead of copying them (a copy zeroed and wrote
             * the whole column again: about half of reading a large numeric file);
             * shrink them from the capacity the file size suggested to nrow */
            bn_vector *v = bn_column_push_heap(L, BN_COL_NUMBER);
            v->n = t->nrow;
            v->data = shrink(col->num, t->nrow * sizeof(double));
            v->missing = shrink(col->missing, t->nrow);
            col->num = NULL;
            col->missing = NULL;
        } else {
            bn_column *out = bn_column_push_heap(L, col->type);
            out->n = t->nrow;
            /* move the arrays: nothing can raise between taking and clearing them */
            out->missing = col->missing;
            out->data = col->num;
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

/* ---- rows of a frame (stdlib/burden/data: a table { _names, _cols, _types, _nrow }) ---- */

/* Pushes row i (1-based, in range) of the frame at index 1: a table keyed by column name,
 * missing values absent, integer columns read as Lua integers. Done in C because where,
 * mutate and f[i] build one per row. */
static void push_row(lua_State *L, lua_Integer i)
{
    lua_getfield(L, 1, "_names");
    lua_getfield(L, 1, "_cols");
    lua_getfield(L, 1, "_types");
    int names = lua_absindex(L, -3), cols = names + 1, types = names + 2;
    lua_Integer ncol = (lua_Integer)lua_rawlen(L, names);
    lua_createtable(L, 0, (int)(ncol < 64 ? ncol : 64));
    int row = lua_gettop(L);
    for (lua_Integer j = 1; j <= ncol; j++) {
        lua_rawgeti(L, names, j); /* name */
        lua_pushvalue(L, -1);
        lua_rawget(L, types);
        const char *t = lua_tostring(L, -1);
        int integer = t != NULL && strcmp(t, "integer") == 0;
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawget(L, cols); /* name, column */
        bn_column *c = bn_column_test(L, -1);
        if (c) {
            bn_column_push_value(L, c, (size_t)(i - 1), integer);
        } else {
            /* not a column object: index it as Lua would */
            lua_geti(L, -1, i);
            lua_Integer k;
            if (integer && lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1) &&
                lua_numbertointeger(lua_tonumber(L, -1), &k)) {
                lua_pop(L, 1);
                lua_pushinteger(L, k);
            }
        }
        lua_remove(L, -2); /* name, value */
        if (lua_isnil(L, -1))
            lua_pop(L, 2);
        else
            lua_rawset(L, row);
    }
    lua_replace(L, names);
    lua_settop(L, names);
}

/* row(frame, i) -> the row table (Frame:row). */
static int frame_row(lua_State *L)
{
    if (!lua_isinteger(L, 2)) {
        const char *got = lua_type(L, 2) == LUA_TNUMBER ? "float" : luaL_typename(L, 2);
        return luaL_error(L, "bad argument #1 to 'row' (integer expected, got %s)", got);
    }
    lua_Integer i = lua_tointeger(L, 2);
    lua_getfield(L, 1, "_nrow");
    lua_Integer n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (i < 1 || i > n)
        return luaL_error(L, "row: index %I out of range 1..%I", i, n);
    push_row(L, i);
    return 1;
}

/* next(frame, i) -> i + 1, row i + 1; nothing after the last row (rows' iterator). */
static int frame_next(lua_State *L)
{
    lua_Integer i = luaL_checkinteger(L, 2) + 1;
    lua_getfield(L, 1, "_nrow");
    lua_Integer n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (i > n)
        return 0;
    lua_pushinteger(L, i);
    push_row(L, i);
    return 2;
}

/* rows(frame) -> next, frame, 0: `for i, r in f:rows()` walks the rows without a call
 * into Lua per row. */
static int frame_rows(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushcfunction(L, frame_next);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

/* A frame's __index (upvalue 1: the methods table): an integer key is a row (nil outside
 * 1..nrow), any other key a method. In C: every method call on a frame goes through it. */
static int frame_index(lua_State *L)
{
    if (lua_isinteger(L, 2)) {
        lua_Integer i = lua_tointeger(L, 2);
        lua_pushliteral(L, "_nrow");
        lua_rawget(L, 1);
        lua_Integer n = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (i < 1 || i > n) {
            lua_pushnil(L);
            return 1;
        }
        push_row(L, i);
        return 1;
    }
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    return 1;
}

/* index(methods) -> the __index function of frames whose methods are in `methods`. */
static int frame_make_index(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_pushcclosure(L, frame_index, 1);
    return 1;
}

static const luaL_Reg frame_funcs[] = {
    {"row", frame_row},
    {"rows", frame_rows},
    {"index", frame_make_index},
    {"read_csv", frame_read_csv},
    {"read_csv_text", frame_read_csv_text},
    {"default_na", frame_default_na},
    {"write_csv", frame_write_csv},
    {"parse_number", frame_parse_number},
    {NULL, NULL},
};

int luaopen_burden_core_frame(lua_State *L)
{
    if (luaL_newmetatable(L, GUARD_TYPE)) {
        lua_pushcfunction(L, guard_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    luaL_newlib(L, frame_funcs);
    return 1;
}
