/* runtime: facts about this burden process (version, seed, stdlib source) for Lua. */
#ifndef BURDEN_LUA_RUNTIME_H
#define BURDEN_LUA_RUNTIME_H

#include <lua.h>

struct bn_options;

/* Records the run's seed, --stdlib and --data directories (NULL: embedded) in the registry. */
void bn_runtime_configure(lua_State *L, const struct bn_options *opts);

#endif
