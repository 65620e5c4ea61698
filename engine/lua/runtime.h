/* runtime: facts about this burden process (version, seed, stdlib source) for Lua. */
#ifndef BURDEN_LUA_RUNTIME_H
#define BURDEN_LUA_RUNTIME_H

#include <lua.h>

/* Records the run's seed and --stdlib directory (NULL: embedded) in the registry. */
void bn_runtime_configure(lua_State *L, lua_Integer seed, const char *stdlib_dir);

#endif
