/* burden.core.fsys: file-system helpers the stdlib needs and plain Lua lacks. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "sha256.h"

/* sha256(text) -> 64 hex digits */
static int fsys_sha256(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    bn_sha256 h;
    char hex[65];
    bn_sha256_init(&h);
    bn_sha256_update(&h, s, n);
    bn_sha256_final_hex(&h, hex);
    lua_pushstring(L, hex);
    return 1;
}

/* sha256_file(path) -> hex digits, or nil and a message */
static int fsys_sha256_file(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    FILE *f = fopen(path, "rb");
    if (!f) {
        luaL_pushfail(L);
        lua_pushfstring(L, "cannot open %s: %s", path, strerror(errno));
        return 2;
    }
    bn_sha256 h;
    char buf[65536], hex[65];
    size_t n;
    bn_sha256_init(&h);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        bn_sha256_update(&h, buf, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        luaL_pushfail(L);
        lua_pushfstring(L, "cannot read %s", path);
        return 2;
    }
    bn_sha256_final_hex(&h, hex);
    lua_pushstring(L, hex);
    return 1;
}

/* mkdir(path) -> true (also when it already exists as a directory), or nil and a message */
static int fsys_mkdir(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    struct stat st;
    if (mkdir(path, 0777) == 0 || (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        lua_pushboolean(L, 1);
        return 1;
    }
    luaL_pushfail(L);
    lua_pushfstring(L, "cannot create directory %s: %s", path, strerror(errno));
    return 2;
}

static int fsys_isdir(lua_State *L)
{
    struct stat st;
    lua_pushboolean(L, stat(luaL_checkstring(L, 1), &st) == 0 && S_ISDIR(st.st_mode));
    return 1;
}

static const luaL_Reg fsys_funcs[] = {
    {"sha256", fsys_sha256}, {"sha256_file", fsys_sha256_file},
    {"mkdir", fsys_mkdir},   {"isdir", fsys_isdir},
    {NULL, NULL},
};

int luaopen_burden_core_fsys(lua_State *L)
{
    luaL_newlib(L, fsys_funcs);
    return 1;
}
