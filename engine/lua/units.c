/*
 * burden.core.units: quantity parsing and unit conversion for
 * stdlib/burden/units.lua.
 *
 * parse(text) -> value, kind, base_unit, low, high, is_range, approximate
 *   or nil, message;
 * lookup(unit) -> kind, factor_to_base, base_unit  or nil, message;
 * convert(value, from, to) -> value  or nil, message.
 */
#include <lauxlib.h>
#include <lua.h>

#include "units.h"

static int units_parse(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    bn_quantity q;
    bn_error err;
    bn_error_clear(&err);
    if (bn_units_parse(text, len, &q, &err) != BN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.msg);
        return 2;
    }
    lua_pushnumber(L, q.value);
    lua_pushstring(L, bn_unit_kind_name(q.kind));
    lua_pushstring(L, bn_unit_base(q.kind));
    lua_pushnumber(L, q.low);
    lua_pushnumber(L, q.high);
    lua_pushboolean(L, q.is_range);
    lua_pushboolean(L, q.approximate);
    return 7;
}

static int units_lookup(lua_State *L)
{
    const char *unit = luaL_checkstring(L, 1);
    enum bn_unit_kind kind;
    double factor;
    bn_error err;
    bn_error_clear(&err);
    if (bn_units_lookup(unit, &kind, &factor, &err) != BN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.msg);
        return 2;
    }
    lua_pushstring(L, bn_unit_kind_name(kind));
    lua_pushnumber(L, factor);
    lua_pushstring(L, bn_unit_base(kind));
    return 3;
}

static int units_convert(lua_State *L)
{
    double v = luaL_checknumber(L, 1);
    const char *from = luaL_checkstring(L, 2);
    const char *to = luaL_checkstring(L, 3);
    double out;
    bn_error err;
    bn_error_clear(&err);
    if (bn_units_convert(v, from, to, &out, &err) != BN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.msg);
        return 2;
    }
    lua_pushnumber(L, out);
    return 1;
}

static const luaL_Reg units_funcs[] = {
    {"parse", units_parse},
    {"lookup", units_lookup},
    {"convert", units_convert},
    {NULL, NULL},
};

int luaopen_burden_core_units(lua_State *L)
{
    luaL_newlib(L, units_funcs);
    return 1;
}
