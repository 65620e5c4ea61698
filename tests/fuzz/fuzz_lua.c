/* libFuzzer harness: the Lua API. Each input is a Lua snippet run in a fresh
 * burden state (the embedded stdlib and every binding), in a sandbox:
 *   - the snippet's environment holds `burden` and the pure parts of Lua
 *     (string, math, table, utf8, coroutine, pcall, collectgarbage, ...); no
 *     require, load, io, os or debug;
 *   - everything that touches files (io.*, os.*, the CSV file reader and writer,
 *     mkdir, listdir) raises, so no input can read or write the disk;
 *   - at most LIMIT_INSTRUCTIONS Lua instructions and LIMIT_BYTES of Lua memory per
 *     input, and a watchdog that stops long C loops (bootstrap, multi-start)
 *     through the same flag Ctrl-C sets.
 * Lua errors are expected outcomes; only ASan/UBSan reports and crashes count. */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "boot.h"
#include "runtime.h"

#define LIMIT_INSTRUCTIONS 2000000L
#define LIMIT_BYTES ((long)256 << 20)
#define WATCHDOG_SECONDS 2
/* Seconds an input may run after the watchdog set the flag before it counts as a
 * hang: a C loop that never polls the flag. Kept well under libFuzzer's -timeout,
 * which this harness disables by owning SIGALRM. */
#define GRACE_SECONDS 10

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bn_stop_flag stop = 0;
static long instructions = 0;

typedef struct limit {
    lua_Alloc f;
    void *ud;
    long used;
} limit;

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    limit *l = ud;
    size_t old = ptr ? osize : 0;
    if (nsize > old && l->used + (long)(nsize - old) > LIMIT_BYTES)
        return NULL; /* Lua raises "not enough memory" */
    void *p = l->f(l->ud, ptr, osize, nsize);
    if (p || nsize == 0)
        l->used += (long)nsize - (long)old;
    return p;
}

/* limited() -> whether the input is over its instruction or time limit. */
static int limited(lua_State *L)
{
    lua_pushboolean(L, stop || instructions > LIMIT_INSTRUCTIONS);
    return 1;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    instructions += 1000;
    if (stop || instructions > LIMIT_INSTRUCTIONS)
        luaL_error(L, "fuzz: instruction or time limit");
}

static volatile sig_atomic_t alarms = 0;

/* First alarm: ask the running kernel to stop, as Ctrl-C would. Then one alarm a
 * second; an input still running GRACE_SECONDS later ignores the flag, and aborting
 * makes libFuzzer save it as a crash instead of hanging the run. */
static void on_alarm(int sig)
{
    (void)sig;
    stop = 1;
    if (++alarms > GRACE_SECONDS) {
        static const char msg[] = "fuzz_lua: input ignored the interrupt flag: a C loop "
                                  "that does not poll it\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        abort();
    }
}

/* Builds the sandbox and returns run(source) on the stack. */
static const char setup[] =
    /* submodules load on first use through the real require; they see the denials */
    "local limited = ...\n"
    "local burden = require 'burden'\n"
    "local vector = require 'burden.core.vector'\n"
    "local function deny() error('fuzz sandbox: no file access', 2) end\n"
    "for _, k in ipairs{ 'open', 'lines', 'popen', 'input', 'output', 'read', 'write', 'close',\n"
    "  'tmpfile' } do io[k] = deny end\n"
    "for _, k in ipairs{ 'remove', 'rename', 'execute', 'exit', 'tmpname', 'getenv' } do os[k] = deny end\n"
    "local sink = {}\n"
    "setmetatable(sink, { __index = function() return function() return sink end end })\n"
    "io.stderr, io.stdout = sink, sink\n"
    "print = function() end\n"
    "local fsys = require 'burden.core.fsys'\n"
    "for k in pairs(fsys) do if k ~= 'sha256' then fsys[k] = deny end end\n"
    "local frame = require 'burden.core.frame'\n"
    "frame.read_csv, frame.write_csv = deny, deny\n"
    "local runtime = require 'burden.core.runtime'\n"
    "runtime.listdir = deny\n"
    /* Lua's own pattern matcher takes time of order n^k on a subject of n bytes with
     * k quantifiers (".-.-.-.-x"), inside one C call that no hook or flag reaches. It
     * is not burden's code: calls from outside the stdlib get at most 256 bytes and 2
     * quantifiers. */
    "local getinfo, gsub = debug.getinfo, string.gsub\n"
    "local function too_slow(s, p)\n"
    "  if type(s) ~= 'string' or type(p) ~= 'string' then return false end\n"
    "  if #s <= 256 and select(2, gsub(p, '[-*+?]', '')) <= 2 then return false end\n"
    /* not a stdlib caller: the snippet, or a tail call that hid it */
    "  return getinfo(3, 'S').source:sub(1, 8) ~= '@stdlib/'\n"
    "end\n"
    "for _, k in ipairs{ 'find', 'match', 'gmatch', 'gsub' } do\n"
    "  local f = string[k]\n"
    "  string[k] = function(s, p, ...)\n"
    "    if too_slow(s, p) then error('fuzz sandbox: pattern too slow to match', 2) end\n"
    "    return f(s, p, ...)\n"
    "  end\n"
    "end\n"
    "local env = { burden = burden, vector = vector }\n"
    "for _, k in ipairs{ 'assert', 'error', 'ipairs', 'next', 'pairs', 'pcall', 'rawequal',\n"
    "  'rawget', 'rawlen', 'rawset', 'select', 'setmetatable', 'getmetatable', 'tonumber',\n"
    "  'tostring', 'type', 'xpcall', 'collectgarbage', 'string', 'math', 'table', 'utf8',\n"
    "  'coroutine' } do env[k] = _G[k] end\n"
    /* The limit error is raised by the count hook wherever the input is; a snippet's
     * own pcall (or coroutine.resume) that caught it would let a loop of protected
     * calls run forever, so they raise it again once the limit is reached. */
    "local real_pcall, real_xpcall, real_resume = pcall, xpcall, coroutine.resume\n"
    "local function again(...)\n"
    "  if limited() then error('fuzz: instruction or time limit', 0) end\n"
    "  return ...\n"
    "end\n"
    "env.pcall = function(...) return again(real_pcall(...)) end\n"
    "env.xpcall = function(...) return again(real_xpcall(...)) end\n"
    "local co = {}\n"
    "for k, v in pairs(coroutine) do co[k] = v end\n"
    "co.resume = function(...) return again(real_resume(...)) end\n"
    "env.coroutine = co\n"
    "env._G = env\n"
    "return function(src)\n"
    "  local f = load(src, '=fuzz', 't', env)\n"
    "  if f then pcall(f) end\n"
    "end\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int installed = 0;
    if (!installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);
        installed = 1;
    }
    struct bn_options opts = {NULL, NULL, NULL, 1};
    lua_State *L = bn_boot(&opts);
    if (!L)
        return 0;
    limit lim;
    lim.f = lua_getallocf(L, &lim.ud);
    lim.used = 0;
    bn_runtime_set_stop(L, &stop);
    stop = 0;
    alarms = 0;
    instructions = 0;
    if (luaL_loadbufferx(L, setup, sizeof setup - 1, "=fuzz_setup", "t") != LUA_OK ||
        (lua_pushcfunction(L, limited), lua_pcall(L, 1, 1, 0)) != LUA_OK) {
        /* the sandbox itself must build: a failure here is a bug */
        lua_close(L);
        abort();
    }
    lua_setallocf(L, limited_alloc, &lim);
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1000);
    struct itimerval tv = {{1, 0}, {WATCHDOG_SECONDS, 0}};
    setitimer(ITIMER_REAL, &tv, NULL);
    lua_pushlstring(L, (const char *)data, size);
    lua_pcall(L, 1, 0, 0); /* run(src): errors inside are expected outcomes */
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    lua_sethook(L, NULL, 0, 0);
    lua_close(L);
    return 0;
}
