/*
 * burden.core.regex: compiled PCRE2 patterns for stdlib/burden/re.lua.
 *
 * compile(pattern [, flags]) -> a burden.regex userdata (its __gc frees the
 * pattern); rx:exec(subject, init, options) -> nil, or for the whole match and
 * each group its 1-based start and inclusive end (false, false when a group is
 * unset); rx:ncaptures(); rx:names() -> { name = group }.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "regex.h"

#define REGEX_TYPE "burden.regex"

typedef struct lregex {
    bn_regex *re;
} lregex;

static lregex *check_regex(lua_State *L)
{
    lregex *r = luaL_checkudata(L, 1, REGEX_TYPE);
    if (!r->re)
        luaL_error(L, "regex already released");
    return r;
}

static int regex_gc(lua_State *L)
{
    lregex *r = luaL_checkudata(L, 1, REGEX_TYPE);
    bn_regex_free(r->re);
    r->re = NULL;
    return 0;
}

static int regex_compile(lua_State *L)
{
    size_t len;
    const char *pattern = luaL_checklstring(L, 1, &len);
    const char *letters = luaL_optstring(L, 2, "");
    int flags = bn_regex_flags(letters);
    if (flags < 0)
        return luaL_argerror(L, 2, "flags: letters among i, m, s, x, U expected");
    lregex *r = lua_newuserdatauv(L, sizeof *r, 1);
    r->re = NULL; /* safe to collect before the pattern exists */
    luaL_setmetatable(L, REGEX_TYPE);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    bn_error err;
    bn_error_clear(&err);
    if (bn_regex_compile(pattern, len, flags, &r->re, &err) != BN_OK) {
        lua_pushfstring(L, "re.compile: %s", err.msg);
        return lua_error(L);
    }
    return 1;
}

static int regex_exec(lua_State *L)
{
    lregex *r = check_regex(L);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    lua_Integer init = luaL_optinteger(L, 3, 1);
    lua_Integer options = luaL_optinteger(L, 4, 0);
    luaL_argcheck(L, init >= 1, 3, "start must be >= 1");
    if ((size_t)(init - 1) > len) {
        lua_pushnil(L);
        return 1;
    }
    size_t ncap = bn_regex_ncaptures(r->re);
    size_t *ov = lua_newuserdatauv(L, 2 * (ncap + 1) * sizeof *ov, 0);
    bn_error err;
    bn_error_clear(&err);
    int rc = bn_regex_exec(r->re, s, len, (size_t)(init - 1), (int)options, ov, &err);
    if (rc < 0) {
        lua_pushfstring(L, "re: %s", err.msg);
        return lua_error(L);
    }
    if (rc == 0) {
        lua_pushnil(L);
        return 1;
    }
    luaL_checkstack(L, (int)(2 * (ncap + 1)), "too many captures");
    for (size_t g = 0; g <= ncap; g++) {
        if (ov[2 * g] == BN_RE_UNSET) {
            lua_pushboolean(L, 0);
            lua_pushboolean(L, 0);
        } else {
            lua_pushinteger(L, (lua_Integer)ov[2 * g] + 1);
            lua_pushinteger(L, (lua_Integer)ov[2 * g + 1]);
        }
    }
    return (int)(2 * (ncap + 1));
}

static int regex_ncaptures(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)bn_regex_ncaptures(check_regex(L)->re));
    return 1;
}

static int regex_names(lua_State *L)
{
    lregex *r = check_regex(L);
    size_t n = bn_regex_name_count(r->re);
    lua_createtable(L, 0, (int)n);
    for (size_t i = 0; i < n; i++) {
        size_t group;
        const char *name = bn_regex_name(r->re, i, &group);
        lua_pushinteger(L, (lua_Integer)group);
        lua_setfield(L, -2, name);
    }
    return 1;
}

static int regex_tostring(lua_State *L)
{
    luaL_checkudata(L, 1, REGEX_TYPE);
    lua_getiuservalue(L, 1, 1);
    lua_pushfstring(L, "regex(%s)", lua_tostring(L, -1));
    return 1;
}

static const luaL_Reg regex_methods[] = {
    {"exec", regex_exec},
    {"ncaptures", regex_ncaptures},
    {"names", regex_names},
    {NULL, NULL},
};

static const luaL_Reg regex_funcs[] = {
    {"compile", regex_compile},
    {NULL, NULL},
};

int luaopen_burden_core_regex(lua_State *L)
{
    if (luaL_newmetatable(L, REGEX_TYPE)) {
        lua_pushcfunction(L, regex_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, regex_tostring);
        lua_setfield(L, -2, "__tostring");
        luaL_newlib(L, regex_methods);
        lua_setfield(L, -2, "__index");
    }
    lua_pop(L, 1);
    luaL_newlib(L, regex_funcs);
    lua_pushinteger(L, BN_RE_NOTEMPTY_ATSTART);
    lua_setfield(L, -2, "NOTEMPTY_ATSTART");
    lua_pushinteger(L, BN_RE_ANCHORED);
    lua_setfield(L, -2, "ANCHORED");
    return 1;
}
