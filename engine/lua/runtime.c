/* burden.core.runtime: version strings, the run's seed, a monotonic clock, and the
 * error wrapper of the public API (options.wrap). */
#include "runtime.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#include <dirent.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_version.h>
#include <lauxlib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "host.h"

#ifndef BURDEN_VERSION
#define BURDEN_VERSION "0.0.0"
#endif

#define SEED_KEY "burden.seed"
#define STDLIB_KEY "burden.stdlib_dir"
#define DATA_KEY "burden.data_dir"

static void set_optional_string(lua_State *L, const char *key, const char *value)
{
    if (value)
        lua_pushstring(L, value);
    else
        lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, key);
}

/*
 * os.setlocale, except that LC_NUMERIC stays "C": Lua's tostring, string.format
 * and tonumber follow the C library's locale, and a decimal comma would corrupt
 * every number written to a CSV, JSON, SVG or report. Other categories change as
 * asked; asking for a numeric locale other than "C" is an error, not ignored.
 */
static int os_setlocale_numeric_c(lua_State *L)
{
    static const int cats[] = {LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME};
    static const char *const names[] = {"all",     "collate", "ctype", "monetary",
                                        "numeric", "time",    NULL};
    const char *l = luaL_optstring(L, 1, NULL);
    int op = luaL_checkoption(L, 2, "all", names);
    if (l && cats[op] == LC_NUMERIC && strcmp(l, "C") != 0 && strcmp(l, "POSIX") != 0)
        return luaL_error(L, "os.setlocale: burden keeps the numeric locale \"C\" (numbers are "
                             "read and written with a decimal point); cannot set it to '%s'",
                          l);
    const char *r = setlocale(cats[op], l);
    if (!r) {
        luaL_pushfail(L);
        return 1;
    }
    lua_pushstring(L, r); /* copied before setlocale runs again */
    if (l && cats[op] == LC_ALL)
        setlocale(LC_NUMERIC, "C");
    return 1;
}

void bn_runtime_configure(lua_State *L, const struct bn_options *opts)
{
    if (lua_getglobal(L, "os") == LUA_TTABLE) {
        lua_pushcfunction(L, os_setlocale_numeric_c);
        lua_setfield(L, -2, "setlocale");
    }
    lua_pop(L, 1);
    lua_pushinteger(L, opts->seed);
    lua_setfield(L, LUA_REGISTRYINDEX, SEED_KEY);
    set_optional_string(L, STDLIB_KEY, opts->stdlib_dir);
    set_optional_string(L, DATA_KEY, opts->data_dir);
}

static const char stop_key = 's'; /* its address is the registry key of the stop flag */

void bn_runtime_set_stop(lua_State *L, bn_stop_flag *flag)
{
    lua_pushlightuserdata(L, (void *)flag);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &stop_key);
}

const bn_stop_flag *bn_runtime_stop(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &stop_key);
    const bn_stop_flag *flag = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return flag;
}

int bn_runtime_interrupted(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &stop_key);
    bn_stop_flag *flag = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (flag)
        *flag = BN_STOP_RAISED; /* the program's hook, still pending, stays quiet */
    lua_pushliteral(L, "interrupted!"); /* no position: the stdlib line would mean nothing */
    return lua_error(L);
}

static int runtime_seed(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, SEED_KEY);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushinteger(L, 1);
    }
    return 1;
}

static int runtime_stdlib_dir(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, STDLIB_KEY);
    return 1;
}

static int runtime_data_dir(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, DATA_KEY);
    return 1;
}

/* Reads a whole file into a Lua string, or pushes nil and a message. */
static int push_file(lua_State *L, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        luaL_pushfail(L);
        lua_pushfstring(L, "cannot open %s: %s", path, strerror(errno));
        return 2;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        luaL_addlstring(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        luaL_pushfail(L);
        lua_pushfstring(L, "cannot read %s", path);
        return 2;
    }
    luaL_pushresult(&b);
    lua_pushstring(L, path);
    return 2;
}

/*
 * resource(name) -> text, where: a curated data file such as "data/hardware.csv".
 * With --data DIR the file DIR/hardware.csv on disk is read instead of the copy
 * embedded at build time; `where` is the path to name in error messages.
 */
static int runtime_resource(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, DATA_KEY);
    const char *dir = lua_tostring(L, -1);
    if (dir && strncmp(name, "data/", 5) == 0) {
        const char *path = lua_pushfstring(L, "%s/%s", dir, name + 5);
        return push_file(L, path);
    }
    for (size_t i = 0; bn_resources[i].name; i++) {
        if (strcmp(bn_resources[i].name, name) == 0) {
            lua_pushlstring(L, bn_resources[i].data, bn_resources[i].size);
            lua_pushstring(L, name);
            return 2;
        }
    }
    luaL_pushfail(L);
    lua_pushfstring(L, "no embedded data file '%s'", name);
    return 2;
}

/* Names of the embedded data files, sorted as the build listed them. */
static int runtime_resources(lua_State *L)
{
    lua_newtable(L);
    for (size_t i = 0; bn_resources[i].name; i++) {
        lua_pushstring(L, bn_resources[i].name);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* Seconds from an arbitrary origin, for timing inside benchmarks. */
static int runtime_clock(lua_State *L)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec * 1e-9);
    return 1;
}

static int runtime_isatty(lua_State *L)
{
    lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in a directory (without "." and ".."), or nil and a message. */
static int runtime_listdir(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    DIR *d = opendir(path);
    if (!d) {
        luaL_pushfail(L);
        lua_pushfstring(L, "cannot open directory %s", path);
        return 2;
    }
    size_t n = 0, cap = 0;
    char **names = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            char **grown = realloc(names, ncap * sizeof *names);
            if (!grown)
                break;
            names = grown;
            cap = ncap;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    if (n > 1) /* an empty directory leaves names NULL: qsort(NULL, 0, ...) is undefined */
        qsort(names, n, sizeof *names, compare_names);
    /* Only an out-of-memory error below could leak the names; nothing else raises. */
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, names[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return 1;
}

static int runtime_versions(lua_State *L)
{
    char pcre[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, pcre);
    lua_createtable(L, 0, 4);
    lua_pushliteral(L, BURDEN_VERSION);
    lua_setfield(L, -2, "burden");
    lua_pushliteral(L, LUA_VERSION_MAJOR "." LUA_VERSION_MINOR "." LUA_VERSION_RELEASE);
    lua_setfield(L, -2, "lua");
    lua_pushstring(L, gsl_version);
    lua_setfield(L, -2, "gsl");
    lua_pushstring(L, pcre);
    lua_setfield(L, -2, "pcre2");
    return 1;
}

/*
 * options.wrap as a C closure: wrapper(dir, root, unknown, declared, fraction) returns
 * wrap(fn [, spec]), which returns fn wrapped so that its errors read as raised at the
 * caller's line. A C closure costs no Lua frame, no table.pack/unpack per call, and is
 * looked through by tools/crossings.lua like any C function. The rules are
 * burden.options' (options.lua documents them):
 *  - a string message "<stdlib file>:N: text" whose text is not a Lua runtime error
 *    ("attempt to ...") is re-raised as "text" at the first frame outside the stdlib;
 *  - a string message without a position on its first line likewise;
 *  - anything else (a position in the user's code, a runtime error in the stdlib, a
 *    table, nil, a number) is re-raised unchanged.
 * The stdlib is where its chunks say: sources "@<dir>..." or exactly "@<root>". Upvalues
 * of wrap: 1 dir, 2 root, 3 options.unknown, 4 the specs options.declare gave, by function,
 * 5 options.fraction; of a wrapped function: 1 dir, 2 root, 3 fn (and more with a spec:
 * checked_call).
 */
static int in_stdlib(lua_State *L, const char *path, size_t len)
{
    size_t dlen, rlen;
    const char *dir = lua_tolstring(L, lua_upvalueindex(1), &dlen);
    const char *root = lua_tolstring(L, lua_upvalueindex(2), &rlen);
    return (len >= dlen && memcmp(path, dir, dlen) == 0) ||
           (len == rlen && memcmp(path, root, rlen) == 0);
}

/* Index of the first ":<digits>: " in s (the end of a "file:line: " position), or -1;
 * *rest is the index just after it. Lua's "^(.-):%d+: " finds the same one. */
static ptrdiff_t find_position(const char *s, size_t len, size_t *rest)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != ':')
            continue;
        size_t j = i + 1;
        while (j < len && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j > i + 1 && j + 1 < len && s[j] == ':' && s[j + 1] == ' ') {
            *rest = j + 2;
            return (ptrdiff_t)i;
        }
    }
    return -1;
}

static int contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, needle, n) == 0)
            return 1;
    return 0;
}

/* Raises msg (s, len) at the first Lua frame outside the stdlib, as options.raise does
 * (and as far down the stack), or without a position when there is none. */
static int raise_at_caller(lua_State *L, const char *s, size_t len)
{
    lua_Debug ar;
    for (int level = 1; level <= 198 && lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "S", &ar);
        if (strcmp(ar.what, "C") == 0)
            continue;
        if (ar.source[0] == '@' && in_stdlib(L, ar.source + 1, ar.srclen - 1))
            continue;
        luaL_where(L, level);
        lua_pushlstring(L, s, len);
        lua_concat(L, 2);
        return lua_error(L);
    }
    lua_pushlstring(L, s, len);
    return lua_error(L);
}

/* After fn returned or raised (also after a yield inside it): its results, or the
 * error rewritten. The error object is on top of the stack. */
static int wrapped_done(lua_State *L, int status, lua_KContext ctx)
{
    (void)ctx;
    if (status == LUA_OK || status == LUA_YIELD)
        return lua_gettop(L);
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len, rest;
        const char *s = lua_tolstring(L, -1, &len);
        ptrdiff_t pos = find_position(s, len, &rest);
        if (pos >= 0 && in_stdlib(L, s, (size_t)pos) &&
            !contains(s + rest, len - rest, "attempt to "))
            return raise_at_caller(L, s + rest, len - rest);
        if (pos < 0 || memchr(s, '\n', (size_t)pos) != NULL)
            return raise_at_caller(L, s, len);
    }
    return lua_error(L);
}

static int wrapped_call(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_insert(L, 1);
    return wrapped_done(L, lua_pcallk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, 0, wrapped_done), 0);
}

/*
 * A wrapped function with an options check (wrap(fn, spec)): before fn runs, its argument
 * spec.level, if any, must be nil or a number strictly between 0 and 1 (else
 * options.fraction words the error); then its argument spec.arg is checked as
 * options.check checks it: nil passes; anything else but a table raises "bad argument #N
 * to 'NAME' (table of options expected, got T)" (unless spec.keys_only: the function
 * words that error itself); a key not in spec.options raises options.unknown's message.
 * The Lua functions are called only to raise, so the words and the suggestions live in
 * one place; every error is at the caller's line, as options.raise would put it.
 * Upvalues: 1 dir, 2 root, 3 fn, 4 unknown, 5 name, 6 the set of allowed keys (built once,
 * at wrap time, and given to unknown as its list; nil: no options argument), 7 the stack
 * index of the argument, 8 its number in messages, 9 keys_only, 10 fraction, 11 the stack
 * index of the level (0: none).
 */
static int checked_call(lua_State *L)
{
    int lidx = (int)lua_tointeger(L, lua_upvalueindex(11));
    if (lidx > 0 && !lua_isnoneornil(L, lidx)) {
        int isnum = 0;
        lua_Number v = lua_type(L, lidx) == LUA_TNUMBER ? lua_tonumberx(L, lidx, &isnum) : 0;
        if (!(isnum && v > 0 && v < 1)) {
            lua_pushvalue(L, lua_upvalueindex(10));
            lua_pushvalue(L, lua_upvalueindex(5));
            lua_pushliteral(L, "level");
            lua_pushvalue(L, lidx);
            lua_call(L, 3, 0); /* raises */
        }
    }
    int idx = (int)lua_tointeger(L, lua_upvalueindex(7));
    int type = lua_isnil(L, lua_upvalueindex(6)) ? LUA_TNIL : lua_type(L, idx);
    if (type == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, idx) != 0) {
            lua_pop(L, 1); /* the value */
            lua_pushvalue(L, -1);
            if (lua_rawget(L, lua_upvalueindex(6)) != LUA_TNIL) {
                lua_pop(L, 1);
                continue;
            }
            lua_settop(L, lua_gettop(L) - 2);
            lua_pushvalue(L, lua_upvalueindex(4));
            lua_pushvalue(L, lua_upvalueindex(5));
            lua_pushvalue(L, idx);
            lua_pushvalue(L, lua_upvalueindex(6));
            lua_call(L, 3, 1);
            size_t len;
            const char *msg = lua_tolstring(L, -1, &len);
            if (msg == NULL) /* cannot happen: unknown sees the same keys */
                return luaL_error(L, "options.wrap: no message for an unknown key");
            return raise_at_caller(L, msg, len);
        }
    } else if (type != LUA_TNIL && type != LUA_TNONE && !lua_toboolean(L, lua_upvalueindex(9))) {
        const char *msg = lua_pushfstring(L,
            "bad argument #%d to '%s' (table of options expected, got %s)",
            (int)lua_tointeger(L, lua_upvalueindex(8)), lua_tostring(L, lua_upvalueindex(5)),
            luaL_typename(L, idx));
        return raise_at_caller(L, msg, strlen(msg));
    }
    return wrapped_call(L);
}

static const char *const SPEC_KEYS[] = {"name", "options", "arg", "method", "keys_only",
                                        "level", NULL};

/* spec[key] (spec at index 2) as an argument number from 1 to 100, def when nil, or -1. */
static lua_Integer arg_number(lua_State *L, const char *key, lua_Integer def)
{
    lua_Integer n = def;
    if (lua_getfield(L, 2, key) != LUA_TNIL) {
        int isint = 0;
        n = lua_type(L, -1) == LUA_TNUMBER ? lua_tointegerx(L, -1, &isint) : 0;
        if (!isint || n < 1 || n > 100)
            n = -1;
    }
    lua_pop(L, 1);
    return n;
}

/* Raises "options.wrap: <what>" at the line that wraps (a bug in the stdlib). */
static int bad_spec(lua_State *L, const char *what)
{
    return luaL_error(L, "options.wrap: %s", what);
}

/* The closure of wrap(fn, spec), spec at index 2 (see checked_call). */
static int wrap_checked(lua_State *L)
{
    if (!lua_istable(L, 2))
        return bad_spec(L, "spec must be a table { name =, options = [, arg =, method =, "
                           "keys_only =, level =] }");
    lua_pushnil(L);
    while (lua_next(L, 2) != 0) {
        lua_pop(L, 1);
        int known = 0;
        if (lua_type(L, -1) == LUA_TSTRING)
            for (int i = 0; SPEC_KEYS[i] && !known; i++)
                known = strcmp(lua_tostring(L, -1), SPEC_KEYS[i]) == 0;
        if (!known)
            return luaL_error(L, "options.wrap: unknown spec key '%s'",
                              luaL_tolstring(L, -1, NULL));
    }
    if (lua_getfield(L, 2, "name") != LUA_TSTRING)
        return bad_spec(L, "spec.name must be a string");
    lua_Integer arg = arg_number(L, "arg", 1), level = arg_number(L, "level", 0);
    if (arg < 0)
        return bad_spec(L, "spec.arg must be an integer from 1 to 100");
    if (level < 0)
        return bad_spec(L, "spec.level must be an integer from 1 to 100");
    int opttype = lua_getfield(L, 2, "options");
    if (opttype != LUA_TTABLE && !(opttype == LUA_TNIL && level > 0))
        return bad_spec(L, "spec.options must be a table (an array of names or a set)");
    int method = lua_getfield(L, 2, "method") != LUA_TNIL;
    if (method && !lua_isboolean(L, -1))
        return bad_spec(L, "spec.method must be a boolean");
    method = lua_toboolean(L, -1);
    lua_pop(L, 1);
    int keys_only = lua_getfield(L, 2, "keys_only") != LUA_TNIL;
    if (keys_only && !lua_isboolean(L, -1))
        return bad_spec(L, "spec.keys_only must be a boolean");
    keys_only = lua_toboolean(L, -1);
    lua_pop(L, 1);
    /* stack: fn, spec, name, options; the set: the names of an array, the keys of a set */
    lua_newtable(L);
    lua_pushnil(L);
    while (opttype == LUA_TTABLE && lua_next(L, 4) != 0) {
        if (lua_isinteger(L, -2)) {
            lua_pushboolean(L, 1);
            lua_rawset(L, 5);
        } else {
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            lua_pushboolean(L, 1);
            lua_rawset(L, 5);
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1)); /* dir */
    lua_pushvalue(L, lua_upvalueindex(2)); /* root */
    lua_pushvalue(L, 1);                   /* fn */
    lua_pushvalue(L, lua_upvalueindex(3)); /* unknown */
    lua_pushvalue(L, 3);                   /* name */
    if (opttype == LUA_TTABLE)
        lua_pushvalue(L, 5); /* set */
    else
        lua_pushnil(L);
    lua_pushinteger(L, arg + (method ? 1 : 0));
    lua_pushinteger(L, arg);
    lua_pushboolean(L, keys_only);
    lua_pushvalue(L, lua_upvalueindex(5)); /* fraction */
    lua_pushinteger(L, level > 0 ? level + (method ? 1 : 0) : 0);
    lua_pushcclosure(L, checked_call, 11);
    return 1;
}

static int runtime_wrap(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 2);
    if (lua_isnil(L, 2)) { /* the spec declared for fn (options.declare), if any */
        lua_pushvalue(L, 1);
        lua_rawget(L, lua_upvalueindex(4));
        lua_replace(L, 2);
    }
    if (!lua_isnil(L, 2))
        return wrap_checked(L);
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_rotate(L, 1, 2); /* dir, root, fn */
    lua_pushcclosure(L, wrapped_call, 3);
    return 1;
}

static int runtime_wrapper(lua_State *L)
{
    luaL_checkstring(L, 1);
    luaL_checkstring(L, 2);
    luaL_checktype(L, 3, LUA_TFUNCTION);
    luaL_checktype(L, 4, LUA_TTABLE);
    luaL_checktype(L, 5, LUA_TFUNCTION);
    lua_settop(L, 5);
    lua_pushcclosure(L, runtime_wrap, 5);
    return 1;
}

static const luaL_Reg runtime_funcs[] = {
    {"seed", runtime_seed},         {"stdlib_dir", runtime_stdlib_dir},
    {"clock", runtime_clock},       {"isatty", runtime_isatty},
    {"versions", runtime_versions}, {"listdir", runtime_listdir},
    {"data_dir", runtime_data_dir}, {"resource", runtime_resource},
    {"resources", runtime_resources}, {"wrapper", runtime_wrapper},
    {NULL, NULL},
};

int luaopen_burden_core_runtime(lua_State *L)
{
    luaL_newlib(L, runtime_funcs);
    lua_pushliteral(L, BURDEN_VERSION);
    lua_setfield(L, -2, "version");
    return 1;
}
