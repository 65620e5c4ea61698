/* burden.core.vector: numeric columns with a missing-value mask (see vector.h). */
#include "vector.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#include <lauxlib.h>

#include "checked.h"
#include "numfmt.h"

/* Layout: header, then n doubles, then n mask bytes, all in one userdata block. */
bn_vector *bn_vector_push(lua_State *L, size_t n)
{
    size_t bytes = 0;
    if (!bn_size_array(n, sizeof(double) + 1, sizeof(bn_vector), &bytes))
        luaL_error(L, "vector of %I elements is too large", (lua_Integer)n);
    bn_vector *v = lua_newuserdatauv(L, bytes, 0);
    v->n = n;
    v->view = BN_VECTOR_OWN;
    v->data = (double *)(void *)(v + 1);
    v->missing = (unsigned char *)(v->data + n);
    memset(v->data, 0, n * sizeof(double));
    memset(v->missing, 0, n);
    luaL_setmetatable(L, BN_VECTOR_TYPE);
    return v;
}

void *bn_new_array(lua_State *L, size_t n, size_t elem, const char *what)
{
    size_t bytes = 0;
    if (!bn_size_array(n, elem, 1, &bytes))
        luaL_error(L, "%s: %I values are too many", what, (lua_Integer)n);
    return lua_newuserdatauv(L, bytes, 0);
}

bn_vector *bn_vector_check(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, BN_VECTOR_TYPE);
}

bn_vector *bn_vector_test(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, BN_VECTOR_TYPE);
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

static size_t check_index(lua_State *L, bn_vector *v, int arg)
{
    lua_Integer i = luaL_checkinteger(L, arg);
    if (i < 1 || (size_t)i > v->n)
        luaL_error(L, "vector index %I out of range 1..%I", i, (lua_Integer)v->n);
    return (size_t)(i - 1);
}

static int vector_index(lua_State *L)
{
    bn_vector *v = bn_vector_check(L, 1);
    if (lua_type(L, 2) != LUA_TNUMBER) {
        /* methods */
        luaL_getmetafield(L, 1, "__methods");
        lua_pushvalue(L, 2);
        lua_rawget(L, -2);
        return 1;
    }
    lua_Integer i = lua_tointeger(L, 2);
    if (i < 1 || (size_t)i > v->n || v->missing[i - 1]) {
        lua_pushnil(L);
    } else {
        double x = v->data[i - 1];
        lua_Integer k;
        if (v->view == BN_VECTOR_VIEW_INTEGER && lua_numbertointeger(x, &k))
            lua_pushinteger(L, k);
        else
            lua_pushnumber(L, x);
    }
    return 1;
}

/* Raises "column 'a' is read-only ..." for a view (its name is user value 2). */
static void check_writable(lua_State *L, bn_vector *v)
{
    if (v->view == BN_VECTOR_OWN)
        return;
    lua_getiuservalue(L, 1, 2);
    const char *name = lua_tostring(L, -1);
    luaL_error(L, "column '%s' is read-only; use f:mutate or copy it (v:copy())",
               name ? name : "?");
}

static int vector_newindex(lua_State *L)
{
    bn_vector *v = bn_vector_check(L, 1);
    check_writable(L, v);
    size_t i = check_index(L, v, 2);
    if (lua_isnil(L, 3)) {
        v->data[i] = NAN;
        v->missing[i] = 1;
    } else {
        v->data[i] = luaL_checknumber(L, 3);
        v->missing[i] = 0;
    }
    return 0;
}

static int vector_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)bn_vector_check(L, 1)->n);
    return 1;
}

static int vector_tostring(lua_State *L)
{
    bn_vector *v = bn_vector_check(L, 1);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "vector(");
    size_t shown = v->n < 8 ? v->n : 8;
    for (size_t i = 0; i < shown; i++) {
        char num[BN_NUMFMT_MAX];
        if (i)
            luaL_addstring(&b, ", ");
        if (v->missing[i]) {
            luaL_addstring(&b, "NA");
        } else {
            bn_format_number(v->data[i], 0, num);
            luaL_addstring(&b, num);
        }
    }
    if (shown < v->n)
        luaL_addstring(&b, ", ...");
    lua_pushfstring(L, ") [%I]", (lua_Integer)v->n);
    luaL_addvalue(&b);
    luaL_pushresult(&b);
    return 1;
}

static int vector_totable(lua_State *L)
{
    bn_vector *v = bn_vector_check(L, 1);
    lua_createtable(L, v->n <= INT_MAX ? (int)v->n : 0, 0);
    for (size_t i = 0; i < v->n; i++) {
        lua_Integer k;
        if (v->missing[i])
            continue; /* leaves a hole: nil */
        if (v->view == BN_VECTOR_VIEW_INTEGER && lua_numbertointeger(v->data[i], &k))
            lua_pushinteger(L, k);
        else
            lua_pushnumber(L, v->data[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int vector_nmissing(lua_State *L)
{
    bn_vector *v = bn_vector_check(L, 1);
    lua_Integer k = 0;
    for (size_t i = 0; i < v->n; i++)
        k += v->missing[i];
    lua_pushinteger(L, k);
    return 1;
}

/* vector.new(n) -> n zeros; vector.new(array) -> a copy of an array of numbers. */
static int vector_new(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TNUMBER) {
        lua_Integer n = luaL_checkinteger(L, 1);
        luaL_argcheck(L, n >= 0, 1, "size must be non-negative");
        bn_vector_push(L, (size_t)n);
        return 1;
    }
    int pushed;
    bn_vector *v = bn_vector_from_arg(L, 1, &pushed);
    if (!pushed) { /* a vector: copy it */
        bn_vector *c = bn_vector_push(L, v->n);
        memcpy(c->data, v->data, v->n * sizeof(double));
        memcpy(c->missing, v->missing, v->n);
    }
    return 1;
}

/* v:copy() -> a new writable vector with the same values. */
static int vector_copy(lua_State *L)
{
    bn_vector *v = bn_vector_check(L, 1);
    bn_vector *c = bn_vector_push(L, v->n);
    if (v->n) {
        memcpy(c->data, v->data, v->n * sizeof(double));
        memcpy(c->missing, v->missing, v->n);
    }
    return 1;
}

/* view(v, name [, integer]) -> a read-only view of v named `name` (for messages);
 * integer: reads give Lua integers. */
static int vector_view(lua_State *L)
{
    bn_vector *src = bn_vector_check(L, 1);
    luaL_checkstring(L, 2);
    int integer = lua_toboolean(L, 3);
    bn_vector *v = lua_newuserdatauv(L, sizeof *v, 2);
    v->n = src->n;
    v->data = src->data;
    v->missing = src->missing;
    v->view = integer ? BN_VECTOR_VIEW_INTEGER : BN_VECTOR_VIEW;
    luaL_setmetatable(L, BN_VECTOR_TYPE);
    lua_pushvalue(L, 1); /* keeps the arrays alive */
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, 2);
    return 1;
}

/* is_view(v) -> true for a read-only view. */
static int vector_is_view(lua_State *L)
{
    bn_vector *v = bn_vector_test(L, 1);
    lua_pushboolean(L, v && v->view != BN_VECTOR_OWN);
    return 1;
}

static int vector_is(lua_State *L)
{
    lua_pushboolean(L, bn_vector_test(L, 1) != NULL);
    return 1;
}

static const luaL_Reg vector_meta[] = {
    {"__index", vector_index},
    {"__newindex", vector_newindex},
    {"__len", vector_len},
    {"__tostring", vector_tostring},
    {NULL, NULL},
};

static const luaL_Reg vector_methods[] = {
    {"totable", vector_totable},
    {"nmissing", vector_nmissing},
    {"copy", vector_copy},
    {NULL, NULL},
};

static const luaL_Reg vector_funcs[] = {
    {"new", vector_new},
    {"is", vector_is},
    {"view", vector_view},
    {"is_view", vector_is_view},
    {NULL, NULL},
};

int luaopen_burden_core_vector(lua_State *L)
{
    if (luaL_newmetatable(L, BN_VECTOR_TYPE)) {
        luaL_setfuncs(L, vector_meta, 0);
        luaL_newlib(L, vector_methods);
        lua_setfield(L, -2, "__methods");
    }
    lua_pop(L, 1);
    luaL_newlib(L, vector_funcs);
    return 1;
}
