#include "boot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua/runtime.h"
#include "pool.h"

/* Under AddressSanitizer the state keeps libc's allocator, so that ASan checks every
 * block Lua uses (the pool would hide a use after free inside its region). */
#if defined(__SANITIZE_ADDRESS__)
#define USE_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define USE_POOL 0
#endif
#endif
#ifndef USE_POOL
#define USE_POOL 1
#endif

/* Address space the pool reserves (pages become resident only as blocks are used). */
#define POOL_RESERVE ((size_t)1 << 32)

/* The state's allocator: blocks from a bn_pool (engine/core/pool.h), which makes their
 * pages resident a chunk at a time. The state's main block was allocated through libc
 * by luaL_newstate; lua_close frees it last, and the pool goes with it. */
static void use_pool(lua_State *L)
{
    if (!USE_POOL)
        return;
    struct bn_pool *pool = bn_pool_new(POOL_RESERVE);
    if (!pool)
        return; /* libc serves every block, as luaL_newstate set up */
    bn_pool_delete_after(pool, lua_getextraspace(L)); /* the start of the block holding L */
    lua_setallocf(L, bn_pool_alloc, pool);
}

/* package.preload loader for an embedded module: upvalue 1 is the index into bn_modules. */
static int load_embedded(lua_State *L)
{
    const struct bn_module *m = &bn_modules[lua_tointeger(L, lua_upvalueindex(1))];
    /* the build embeds bytecode (tools/luadump.c); a source module still loads as text */
    const char *mode = m->size > 0 && m->source[0] == LUA_SIGNATURE[0] ? "b" : "t";
    if (luaL_loadbufferx(L, m->source, m->size, m->chunkname, mode) != LUA_OK)
        return lua_error(L);
    lua_pushstring(L, m->name);
    lua_call(L, 1, 1);
    return 1;
}

/*
 * Searcher for --stdlib DIR: DIR/a/b.lua or DIR/a/b/init.lua for module "a.b".
 * It runs before package.preload so that the files on disk win.
 */
static int search_stdlib_dir(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const char *dir = lua_tostring(L, lua_upvalueindex(1));
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "searchpath");
    lua_pushstring(L, name);
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dir, dir);
    lua_call(L, 2, 2);
    if (lua_isnil(L, -2)) {
        lua_pushfstring(L, "no file in --stdlib %s", dir);
        return 1;
    }
    const char *path = lua_tostring(L, -2);
    if (luaL_loadfilex(L, path, "t") != LUA_OK)
        return lua_error(L);
    lua_pushstring(L, path);
    return 2;
}

static void register_preload(lua_State *L)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    for (size_t i = 0; bn_bindings[i].name; i++) {
        lua_pushcfunction(L, bn_bindings[i].open);
        lua_setfield(L, -2, bn_bindings[i].name);
    }
    for (size_t i = 0; bn_modules[i].name; i++) {
        lua_pushinteger(L, (lua_Integer)i);
        lua_pushcclosure(L, load_embedded, 1);
        lua_setfield(L, -2, bn_modules[i].name);
    }
    lua_pop(L, 1);
}

/* Search order: --stdlib DIR, preload (embedded), then the script directory's Lua files. */
static void set_searchers(lua_State *L, const struct bn_options *opts)
{
    lua_getglobal(L, "package");
    const char *dir = opts->script_dir ? opts->script_dir : ".";
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dir, dir);
    lua_setfield(L, -2, "path");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "cpath");

    lua_getfield(L, -1, "searchers");
    /* Drop the C searchers (3 and 4): burden never loads native modules from disk. */
    lua_pushnil(L);
    lua_rawseti(L, -2, 4);
    lua_pushnil(L);
    lua_rawseti(L, -2, 3);
    if (opts->stdlib_dir) {
        lua_getglobal(L, "table");
        lua_getfield(L, -1, "insert");
        lua_pushvalue(L, -3);
        lua_pushinteger(L, 1);
        lua_pushstring(L, opts->stdlib_dir);
        lua_pushcclosure(L, search_stdlib_dir, 1);
        lua_call(L, 3, 0);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

static void seed_random(lua_State *L, lua_Integer seed)
{
    lua_getglobal(L, "math");
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, seed);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
}

static int boot_protected(lua_State *L)
{
    const struct bn_options *opts = lua_touserdata(L, 1);
    luaL_openlibs(L);
    bn_runtime_configure(L, opts);
    register_preload(L);
    set_searchers(L, opts);
    seed_random(L, opts->seed);
    return 0;
}

lua_State *bn_boot(const struct bn_options *opts)
{
    /* GSL's default handler aborts the process; every GSL status is checked instead. */
    gsl_set_error_handler_off();
    lua_State *L = luaL_newstate();
    if (!L)
        return NULL;
    use_pool(L);
    lua_pushcfunction(L, boot_protected);
    lua_pushlightuserdata(L, (void *)opts);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        fprintf(stderr, "burden: cannot start: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return NULL;
    }
    return L;
}
