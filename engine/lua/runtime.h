/* runtime: facts about this burden process (version, seed, stdlib source) for Lua. */
#ifndef BURDEN_LUA_RUNTIME_H
#define BURDEN_LUA_RUNTIME_H

#include <lua.h>

#include "interrupt.h"

struct bn_options;

/* Records the run's seed, --stdlib and --data directories (NULL: embedded) in the registry. */
void bn_runtime_configure(lua_State *L, const struct bn_options *opts);

/* Records the program's stop flag (set by its SIGINT handler) for the bindings. */
void bn_runtime_set_stop(lua_State *L, bn_stop_flag *flag);

/* The stop flag to hand to long kernels, or NULL when the program set none. */
const bn_stop_flag *bn_runtime_stop(lua_State *L);

/* Raises the usual "interrupted!" error after a kernel returned BN_EINTR, marking
 * the flag BN_STOP_RAISED so the handler's pending hook does not raise again. */
int bn_runtime_interrupted(lua_State *L);

#endif
