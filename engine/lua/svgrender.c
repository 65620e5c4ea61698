/* burden.core.svgrender: SVG text to a PDF or PNG file (engine/core/svgrender). */
#include <string.h>

#include <lauxlib.h>

#include "svgrender.h"

/* render(svg, path, "pdf"|"png", scale) -> width, height (points or pixels), or raises */
static int svgrender_render(lua_State *L)
{
    size_t len;
    const char *svg = luaL_checklstring(L, 1, &len);
    const char *path = luaL_checkstring(L, 2);
    static const char *const formats[] = {"pdf", "png", NULL};
    int which = luaL_checkoption(L, 3, NULL, formats);
    double scale = luaL_optnumber(L, 4, 1.0);
    double w = 0, h = 0;
    bn_error err;
    bn_error_clear(&err);
    if (bn_svg_render(svg, len, path, which == 0 ? BN_SVG_PDF : BN_SVG_PNG, scale, &w, &h,
                      &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    lua_pushnumber(L, w);
    lua_pushnumber(L, h);
    return 2;
}

static const luaL_Reg svgrender_funcs[] = {
    {"render", svgrender_render},
    {NULL, NULL},
};

int luaopen_burden_core_svgrender(lua_State *L)
{
    luaL_newlib(L, svgrender_funcs);
    return 1;
}
