/*
 * burden: the command line. Modelled on Lua's own `lua`: parse the arguments,
 * build the state, run everything in protected mode, report errors in one
 * place, and exit 0 (success), 1 (script error) or 2 (usage error).
 */
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

/* Line editing and history at the interactive prompt, as Lua's own `lua` does with
 * readline: libedit (BSD licence) provides the same readline()/add_history() API. It is
 * loaded when the prompt first reads from a terminal (dlopen), not linked: with its
 * dependencies it is four libraries every script would otherwise load at start-up. */
#include <editline/readline.h>
#define LIBEDIT_SONAME "libedit.so.2"

#include "boot.h"
#include "runtime.h"

#define EXIT_SCRIPT 1
#define EXIT_USAGE 2
#define DEFAULT_SEED 1

static const char *const progname = "burden";

static void print_usage(FILE *to)
{
    fprintf(to,
            "usage: %s [options] [script [args]]\n"
            "Available options are:\n"
            "  -e code       execute string 'code'\n"
            "  -l mod        require library 'mod' into global 'mod'\n"
            "  -l g=mod      require library 'mod' into global 'g'\n"
            "  -i            enter interactive mode after running the script\n"
            "  -             execute stdin and stop handling options\n"
            "  --            stop handling options\n"
            "  --seed N      seed for every random generator (default %d)\n"
            "  --stdlib DIR  load stdlib modules from DIR instead of the embedded copy\n"
            "  --data DIR    read curated data files from DIR instead of the embedded copy\n"
            "  -v, --version show version information\n"
            "  -h, --help    show this help\n",
            progname, DEFAULT_SEED);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    print_usage(stderr);
    return EXIT_USAGE;
}

/* Message handler: turns any error object into a string and adds a traceback. */
static int msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1; /* an object that says what it is: no traceback */
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

static void report(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    if (msg == NULL)
        msg = "(error object is not a string)";
    fprintf(stderr, "%s: %s\n", progname, msg);
    fflush(stderr);
    lua_pop(L, 1);
}

static lua_State *running_state = NULL;

/* Set by Ctrl-C; long C kernels poll it (engine/core/interrupt.h), since the Lua hook
 * below only fires once control is back in Lua. */
static bn_stop_flag interrupted = 0;

static void stop_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lua_sethook(L, NULL, 0, 0);
    if (interrupted == BN_STOP_RAISED)
        return; /* a C kernel saw the flag and its binding raised already */
    luaL_error(L, "interrupted!");
}

/* Ctrl-C in the middle of a long script raises a Lua error instead of killing the process. */
static void on_sigint(int sig)
{
    signal(sig, SIG_DFL);
    interrupted = 1;
    if (running_state)
        lua_sethook(running_state, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

/* Calls the function below `nargs` arguments with the message handler. */
static int docall(lua_State *L, int nargs, int nres)
{
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, msghandler);
    lua_insert(L, base);
    running_state = L;
    interrupted = 0;
    signal(SIGINT, on_sigint);
    int status = lua_pcall(L, nargs, nres, base);
    signal(SIGINT, SIG_DFL);
    lua_remove(L, base);
    return status;
}

static int dochunk(lua_State *L, int status)
{
    if (status == LUA_OK)
        status = docall(L, 0, 0);
    if (status != LUA_OK)
        report(L);
    return status;
}

static int dostring(lua_State *L, const char *code, const char *name)
{
    return dochunk(L, luaL_loadbufferx(L, code, strlen(code), name, "t"));
}

static int dolibrary(lua_State *L, const char *spec)
{
    /* "-l g=mod" stores module mod in global g, as lua 5.4 does */
    const char *eq = strchr(spec, '=');
    const char *modname = eq ? eq + 1 : spec;
    lua_getglobal(L, "require");
    lua_pushstring(L, modname);
    int status = docall(L, 1, 1);
    if (status != LUA_OK) {
        report(L);
        return status;
    }
    if (eq)
        lua_pushlstring(L, spec, (size_t)(eq - spec));
    else
        lua_pushstring(L, modname);
    lua_insert(L, -2);
    lua_setglobal(L, lua_tostring(L, -2));
    lua_pop(L, 1);
    return LUA_OK;
}

/* The global `arg`: script at index 0, its arguments at 1.., interpreter options below 0. */
static void create_arg_table(lua_State *L, char **argv, int argc, int script)
{
    int narg = argc - script - 1;
    lua_createtable(L, narg > 0 ? narg : 0, script + 1);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - script);
    }
    lua_setglobal(L, "arg");
}

static int pushargs(lua_State *L)
{
    if (lua_getglobal(L, "arg") != LUA_TTABLE)
        luaL_error(L, "'arg' is not a table");
    int n = (int)luaL_len(L, -1);
    luaL_checkstack(L, n + 3, "too many arguments to script");
    for (int i = 1; i <= n; i++)
        lua_rawgeti(L, -i, i);
    lua_remove(L, -n - 1);
    return n;
}

static int doscript(lua_State *L, const char *path)
{
    const char *fname = strcmp(path, "-") == 0 ? NULL : path;
    int status = luaL_loadfilex(L, fname, "t");
    if (status == LUA_OK) {
        int n = pushargs(L);
        status = docall(L, n, LUA_MULTRET);
    }
    if (status != LUA_OK)
        report(L);
    return status;
}

/* ---- interactive mode -------------------------------------------------------------- */

static int incomplete(lua_State *L, int status)
{
    static const char eof_mark[] = "<eof>";
    size_t len;
    if (status != LUA_ERRSYNTAX)
        return 0;
    const char *msg = lua_tolstring(L, -1, &len);
    if (len >= sizeof eof_mark - 1 && strcmp(msg + len - (sizeof eof_mark - 1), eof_mark) == 0) {
        lua_pop(L, 1);
        return 1;
    }
    return 0;
}

static __typeof__(&readline) edit_readline;
static __typeof__(&add_history) edit_add_history;

/* 1 when libedit is loaded; without it (a warning, once) the prompt reads plain lines. */
static int edit_load(void)
{
    static int state; /* 0: not tried yet, 1: loaded, -1: unavailable */
    if (state == 0) {
        void *h = dlopen(LIBEDIT_SONAME, RTLD_NOW | RTLD_LOCAL);
        if (h) {
            *(void **)&edit_readline = dlsym(h, "readline");
            *(void **)&edit_add_history = dlsym(h, "add_history");
        }
        state = edit_readline && edit_add_history ? 1 : -1;
        if (state < 0)
            fprintf(stderr, "%s: warning: no line editing (cannot load %s: %s)\n", progname,
                    LIBEDIT_SONAME, h ? "readline or add_history missing" : dlerror());
    }
    return state > 0;
}

/* Reads one line without its newline and pushes it; 0 at end of input. On a
 * terminal, libedit's readline() edits the line (arrows, history); otherwise the
 * plain stdio path keeps piped input byte-for-byte as before. */
static int read_line(lua_State *L, const char *prompt)
{
    if (isatty(STDIN_FILENO) && edit_load()) {
        fflush(stdout);
        char *line = edit_readline(prompt);
        if (line == NULL)
            return 0;
        lua_pushstring(L, line);
        free(line);
        return 1;
    }
    char buf[4096];
    fputs(prompt, stdout);
    fflush(stdout);
    if (fgets(buf, sizeof buf, stdin) == NULL)
        return 0;
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    lua_pushlstring(L, buf, n);
    return 1;
}

/* Adds a complete statement (its lines joined) to the history, as lua.c does. */
static void save_line(const char *line)
{
    if (isatty(STDIN_FILENO) && line[0] != '\0' && edit_load())
        edit_add_history(line);
}

/* Compiles one statement, reading continuation lines while it is incomplete.
 * An expression is tried first as "return <line>" so its value is printed. */
static int load_statement(lua_State *L)
{
    if (!read_line(L, "> "))
        return -1;
    const char *line = lua_tostring(L, -1);
    const char *ret = lua_pushfstring(L, "return %s;", line);
    if (luaL_loadbufferx(L, ret, strlen(ret), "=stdin", "t") == LUA_OK) {
        save_line(line);
        lua_remove(L, -2); /* the "return" text */
        lua_remove(L, -2); /* the line */
        return LUA_OK;
    }
    lua_pop(L, 2);
    for (;;) {
        size_t len;
        const char *code = lua_tolstring(L, -1, &len);
        int status = luaL_loadbufferx(L, code, len, "=stdin", "t");
        if (!incomplete(L, status)) {
            save_line(code);
            lua_remove(L, -2);
            return status;
        }
        if (!read_line(L, ">> "))
            return status;
        lua_pushliteral(L, "\n");
        lua_insert(L, -2);
        lua_concat(L, 3);
    }
}

static void print_results(lua_State *L)
{
    int n = lua_gettop(L);
    if (n == 0)
        return;
    luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
    lua_getglobal(L, "print");
    lua_insert(L, 1);
    if (lua_pcall(L, n, 0, 0) != LUA_OK)
        report(L);
}

static void interactive(lua_State *L)
{
    int status;
    lua_settop(L, 0);
    while ((status = load_statement(L)) != -1) {
        if (status == LUA_OK)
            status = docall(L, 0, LUA_MULTRET);
        if (status == LUA_OK)
            print_results(L);
        else
            report(L);
        lua_settop(L, 0);
    }
    fputs("\n", stdout);
}

/* ---- arguments ---------------------------------------------------------------------- */

struct cli {
    int script;       /* index of the script in argv, 0 if none */
    int interactive;  /* -i */
    int has_exec;     /* -e or -l seen */
    int version;      /* -v */
    struct bn_options boot;
};

static int parse_seed(const char *text, lua_Integer *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end != '\0')
        return 0;
    *out = (lua_Integer)v;
    return 1;
}

/* Returns -1 when the arguments are fine, otherwise the exit status. */
static int parse_args(int argc, char **argv, struct cli *cli)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-')
            break;
        if (strcmp(a, "-") == 0)
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_usage(stdout);
            return 0;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--version") == 0) {
            cli->version = 1;
        } else if (strcmp(a, "-i") == 0) {
            cli->interactive = 1;
        } else if (strcmp(a, "-e") == 0 || strcmp(a, "-l") == 0) {
            if (i + 1 >= argc)
                return usage_error("'%s' needs an argument", a);
            cli->has_exec = 1;
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (i + 1 >= argc)
                return usage_error("'%s' needs an argument", a);
            if (!parse_seed(argv[++i], &cli->boot.seed))
                return usage_error("--seed expects an integer, got '%s'", argv[i]);
        } else if (strcmp(a, "--stdlib") == 0 || strcmp(a, "--data") == 0) {
            struct stat st;
            if (i + 1 >= argc)
                return usage_error("'%s' needs an argument", a);
            const char *dir = argv[++i];
            if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
                fprintf(stderr, "%s: %s: '%s' is not a directory\n", progname, a, dir);
                return EXIT_USAGE;
            }
            if (a[2] == 's')
                cli->boot.stdlib_dir = dir;
            else
                cli->boot.data_dir = dir;
        } else {
            return usage_error("unrecognized option '%s'", a);
        }
    }
    cli->script = i < argc ? i : 0;
    return -1;
}

/* Runs -e and -l in the order given. */
static int run_exec_options(lua_State *L, int argc, char **argv, int script)
{
    int last = script ? script : argc;
    for (int i = 1; i < last; i++) {
        if (strcmp(argv[i], "--seed") == 0 || strcmp(argv[i], "--stdlib") == 0 ||
            strcmp(argv[i], "--data") == 0) {
            i++;
        } else if (strcmp(argv[i], "-e") == 0) {
            if (dostring(L, argv[++i], "=(command line)") != LUA_OK)
                return 0;
        } else if (strcmp(argv[i], "-l") == 0) {
            if (dolibrary(L, argv[++i]) != LUA_OK)
                return 0;
        }
    }
    return 1;
}

static char *dirname_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static void print_version(lua_State *L)
{
    lua_getglobal(L, "require");
    lua_pushliteral(L, "burden.core.runtime");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "versions");
    lua_call(L, 0, 1);
    lua_getfield(L, -1, "burden");
    lua_getfield(L, -2, "lua");
    lua_getfield(L, -3, "gsl");
    lua_getfield(L, -4, "pcre2");
    printf("burden %s (Lua %s, GSL %s, PCRE2 %s)\n", lua_tostring(L, -4), lua_tostring(L, -3),
           lua_tostring(L, -2), lua_tostring(L, -1));
    lua_pop(L, 6);
}

/*
 * Everything after the state is built runs here, inside one protected call, as in
 * lua.c's pmain: an error anywhere (a script that sets `arg` to nil, a failed require
 * in print_version, memory running out) is reported, never a "PANIC" abort.
 * Arguments: argc, argv and the parsed struct cli; returns whether all went well.
 */
static int pmain(lua_State *L)
{
    int argc = (int)lua_tointeger(L, 1);
    char **argv = lua_touserdata(L, 2);
    const struct cli *cli = lua_touserdata(L, 3);
    lua_settop(L, 0);
    create_arg_table(L, argv, argc, cli->script ? cli->script : argc);
    bn_runtime_set_stop(L, &interrupted);

    int ok = 1;
    if (cli->version)
        print_version(L);
    ok = run_exec_options(L, argc, argv, cli->script);
    if (ok && cli->script)
        ok = doscript(L, argv[cli->script]) == LUA_OK;
    if (ok && cli->interactive)
        interactive(L);
    else if (ok && !cli->script && !cli->has_exec && !cli->version) {
        if (isatty(STDIN_FILENO)) {
            print_version(L);
            interactive(L);
        } else {
            ok = doscript(L, "-") == LUA_OK;
        }
    }
    lua_pushboolean(L, ok);
    return 1;
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    cli.boot.seed = DEFAULT_SEED;
    int rc = parse_args(argc, argv, &cli);
    if (rc >= 0)
        return rc;

    char *script_dir = NULL;
    if (cli.script && strcmp(argv[cli.script], "-") != 0) {
        script_dir = dirname_of(argv[cli.script]);
        cli.boot.script_dir = script_dir;
    }
    lua_State *L = bn_boot(&cli.boot); /* builds the state under its own protected call */
    if (!L) {
        free(script_dir);
        return EXIT_SCRIPT;
    }
    lua_pushcfunction(L, pmain);
    lua_pushinteger(L, argc);
    lua_pushlightuserdata(L, argv);
    lua_pushlightuserdata(L, &cli);
    int status = lua_pcall(L, 3, 1, 0);
    int ok = status == LUA_OK && lua_toboolean(L, -1);
    if (status != LUA_OK)
        report(L);
    lua_close(L);
    free(script_dir);
    return ok ? EXIT_SUCCESS : EXIT_SCRIPT;
}
