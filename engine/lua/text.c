/*
 * burden.core.text: the text primitives of engine/core, bound once for the
 * stdlib (burden.format, burden.report, burden.suggest, frames).
 *
 * number(x [, as_float]) -> the shortest text that reads back as x (numfmt);
 *   a Lua integer is written exactly, whatever its size
 * csv_field(s [, sep]) -> s as one CSV field, quoted when needed (csvwrite)
 * csv_eol -> "\r\n", the end of every CSV line burden writes
 * edit_distance(a, b) -> the Levenshtein distance between two byte strings (editdist)
 */
#include <lauxlib.h>
#include <lua.h>

#include "csvwrite.h"
#include "editdist.h"
#include "numfmt.h"

static int text_number(lua_State *L)
{
    int as_float = lua_toboolean(L, 2);
    if (lua_isinteger(L, 1)) {
        lua_pushfstring(L, as_float ? "%I.0" : "%I", lua_tointeger(L, 1));
        return 1;
    }
    char buf[BN_NUMFMT_MAX];
    size_t n = bn_format_number(luaL_checknumber(L, 1), as_float, buf);
    lua_pushlstring(L, buf, n);
    return 1;
}

static int text_csv_field(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    size_t nsep;
    const char *sep = luaL_optlstring(L, 2, ",", &nsep);
    if (nsep != 1)
        return luaL_argerror(L, 2, "one character expected");
    size_t need = bn_csv_field(s, n, sep[0], NULL);
    if (need == n) { /* no quotes: the string itself */
        lua_settop(L, 1);
        return 1;
    }
    luaL_Buffer b;
    char *out = luaL_buffinitsize(L, &b, need);
    luaL_pushresultsize(&b, bn_csv_field(s, n, sep[0], out));
    return 1;
}

static int text_edit_distance(lua_State *L)
{
    size_t na, nb;
    const char *a = luaL_checklstring(L, 1, &na);
    const char *b = luaL_checklstring(L, 2, &nb);
    size_t d = bn_edit_distance(a, na, b, nb);
    if (d == (size_t)-1)
        return luaL_error(L, "edit_distance: not enough memory");
    lua_pushinteger(L, (lua_Integer)d);
    return 1;
}

static const luaL_Reg text_funcs[] = {
    {"number", text_number},
    {"csv_field", text_csv_field},
    {"edit_distance", text_edit_distance},
    {NULL, NULL},
};

int luaopen_burden_core_text(lua_State *L)
{
    luaL_newlib(L, text_funcs);
    lua_pushliteral(L, BN_CSV_EOL);
    lua_setfield(L, -2, "csv_eol");
    return 1;
}
