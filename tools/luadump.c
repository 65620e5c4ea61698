/*
 * luadump: the build's precompiler for the embedded standard library.
 *
 *   luadump OUTDIR FILE.lua...
 *
 * Compiles each FILE.lua with the chunk name "@FILE" (as embed names it, so tracebacks
 * and error messages are the same as from source) and writes its Lua bytecode, with
 * debug information (line numbers, local names), to OUTDIR/FILE.lua. Loading bytecode
 * skips the parser, which was most of the start-up time with every module loaded.
 * It links the same liblua as burden, so the bytecode format matches.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lua.h>

static void die(const char *what, const char *arg)
{
    fprintf(stderr, "luadump: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

static int write_chunk(lua_State *L, const void *p, size_t n, void *ud)
{
    (void)L;
    return fwrite(p, 1, n, ud) == n ? 0 : 1;
}

/* mkdir -p of the directory part of path */
static void make_dirs(char *path)
{
    for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            die("cannot create directory", path);
        *s = '/';
    }
}

static char *read_all(const char *path, size_t *size)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        die("cannot open", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (!buf || ferror(in))
        die("cannot read", path);
    fclose(in);
    *size = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        die("usage: luadump OUTDIR FILE.lua...", NULL);
    lua_State *L = luaL_newstate();
    if (!L)
        die("out of memory", NULL);
    for (int i = 2; i < argc; i++) {
        size_t size;
        char *src = read_all(argv[i], &size);
        char chunkname[4096], out[4096], tmp[4200];
        snprintf(chunkname, sizeof chunkname, "@%s", argv[i]);
        if (luaL_loadbufferx(L, src, size, chunkname, "t") != LUA_OK)
            die(lua_tostring(L, -1), NULL);
        free(src);
        snprintf(out, sizeof out, "%s/%s", argv[1], argv[i]);
        make_dirs(out);
        snprintf(tmp, sizeof tmp, "%s.tmp", out);
        FILE *f = fopen(tmp, "wb");
        if (!f)
            die("cannot write", tmp);
        if (lua_dump(L, write_chunk, f, 0) != 0 || fclose(f) != 0)
            die("cannot write", tmp);
        if (rename(tmp, out) != 0)
            die("cannot rename", tmp);
        lua_pop(L, 1);
    }
    lua_close(L);
    return 0;
}
