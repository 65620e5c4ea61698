/* burden.core.fsys: file-system helpers the stdlib needs and plain Lua lacks. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "atomicfile.h"
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

/*
 * write_atomic(path, text | {chunks}) -> true, or nil and "cannot write PATH: reason".
 * A temporary beside the target (unique to this process), synced, then renamed.
 */
static int fsys_write_atomic(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    int chunks = lua_istable(L, 2);
    lua_Integer n = 1;
    if (chunks) {
        n = luaL_len(L, 2);
        for (lua_Integer i = 1; i <= n; i++) { /* check everything before creating a file */
            if (lua_rawgeti(L, 2, i) != LUA_TSTRING)
                return luaL_error(L, "bad argument #2 to 'write_atomic' (string expected at "
                                     "index %I)",
                                  i);
            lua_pop(L, 1);
        }
    } else {
        luaL_checktype(L, 2, LUA_TSTRING);
    }
    bn_atomic out;
    bn_error err;
    bn_error_clear(&err);
    if (bn_atomic_open(&out, path, &err) != BN_OK) {
        luaL_pushfail(L);
        lua_pushstring(L, err.msg);
        return 2;
    }
    /* nothing below raises: the strings are checked and stay on the stack or in the table */
    for (lua_Integer i = 1; i <= n; i++) {
        size_t len;
        const char *s;
        if (chunks) {
            lua_rawgeti(L, 2, i);
            s = lua_tolstring(L, -1, &len);
        } else {
            s = lua_tolstring(L, 2, &len);
        }
        size_t wrote = fwrite(s, 1, len, out.fp);
        if (chunks)
            lua_pop(L, 1);
        if (wrote != len)
            break;
    }
    if (bn_atomic_commit(&out, &err) != BN_OK) {
        luaL_pushfail(L);
        lua_pushstring(L, err.msg);
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

static const luaL_Reg fsys_funcs[] = {
    {"write_atomic", fsys_write_atomic},
    {"sha256", fsys_sha256}, {"sha256_file", fsys_sha256_file},
    {"mkdir", fsys_mkdir},   {"isdir", fsys_isdir},
    {NULL, NULL},
};

int luaopen_burden_core_fsys(lua_State *L)
{
    luaL_newlib(L, fsys_funcs);
    return 1;
}
