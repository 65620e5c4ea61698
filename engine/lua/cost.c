/*
 * burden.core.cost: thin binding of engine/core/cost (the stdlib's burden.cost
 * builds parameter tables from presets and calls these).
 *
 *   eval(params, headline)                      -> outputs (absent ones are nil)
 *   montecarlo(params, headline, uncertain, draws, seed, level, threads [, sample])
 *       -> { output = {n, mean, median, lo, hi} } [, vector of the sampled output's draws]
 *   sample(spec, n, seed)                       -> vector of draws (spec.param optional)
 *   normal_quantile(p)                          -> z
 *   doubling_years(oom_per_year), year_affordable(usd_now, budget, year0, oom_per_year)
 *   decompose(peak1, chips1, time1, peak2, chips2, time2) -> speed, chips, time, total
 *   params(), outputs()                         -> arrays of names
 *
 * `params` maps parameter names (see params()) to numbers; `headline` is
 * "cloud" or "amortized"; a spec is { param = name, dist = "uniform" |
 * "loguniform" | "normal" | "lognormal" | "triangular", a, b [, c] }.
 */
#include <math.h>
#include <string.h>

#include <lauxlib.h>

#include "column.h"
#include "cost.h"
#include "runtime.h"

static void read_params(lua_State *L, int idx, double *p)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    for (int i = 0; i < BN_COST_NPARAM; i++) {
        p[i] = NAN;
        int t = lua_getfield(L, idx, bn_cost_param_name(i));
        if (t == LUA_TNUMBER) {
            p[i] = lua_tonumber(L, -1);
        } else if (t != LUA_TNIL) {
            lua_pushfstring(L, "params.%s must be a number, got %s", bn_cost_param_name(i),
                            luaL_typename(L, -1));
            luaL_argerror(L, idx, lua_tostring(L, -1));
        }
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING || bn_cost_param_index(lua_tostring(L, -1)) < 0) {
            lua_pushfstring(L, "unknown parameter '%s'", luaL_tolstring(L, -1, NULL));
            luaL_argerror(L, idx, lua_tostring(L, -1));
        }
    }
}

static enum bn_cost_headline check_headline(lua_State *L, int idx)
{
    static const char *const names[] = {"cloud", "amortized", NULL};
    return (enum bn_cost_headline)luaL_checkoption(L, idx, "cloud", names);
}

static void push_outputs(lua_State *L, const double *out)
{
    lua_createtable(L, 0, BN_COST_NOUT);
    for (int k = 0; k < BN_COST_NOUT; k++) {
        if (isnan(out[k]))
            continue;
        lua_pushnumber(L, out[k]);
        lua_setfield(L, -2, bn_cost_output_name(k));
    }
}

static int cost_eval(lua_State *L)
{
    double p[BN_COST_NPARAM], out[BN_COST_NOUT];
    read_params(L, 1, p);
    enum bn_cost_headline h = check_headline(L, 2);
    bn_error err;
    if (bn_cost_eval(p, h, out, &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    push_outputs(L, out);
    return 1;
}

static double field_number(lua_State *L, int idx, const char *key, int required, int arg)
{
    int t = lua_getfield(L, idx, key);
    double v = NAN;
    if (t == LUA_TNUMBER)
        v = lua_tonumber(L, -1);
    else if (t != LUA_TNIL || required) {
        lua_pushfstring(L, "field '%s' must be a number", key);
        luaL_argerror(L, arg, lua_tostring(L, -1));
    }
    lua_pop(L, 1);
    return v;
}

/* Reads a spec table at idx (a member of argument `arg`) into u; `param` may be absent
 * (-1) when optional. */
static void read_spec(lua_State *L, int idx, int arg, int param_optional, bn_cost_uncertain *u)
{
    static const char *const dists[] = {"uniform", "loguniform", "normal", "lognormal",
                                        "triangular", NULL};
    static const enum bn_cost_dist codes[] = {BN_DIST_UNIFORM, BN_DIST_LOGUNIFORM, BN_DIST_NORMAL,
                                              BN_DIST_LOGNORMAL, BN_DIST_TRIANGULAR};
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx))
        luaL_argerror(L, arg, "distribution tables expected");
    lua_getfield(L, idx, "param");
    const char *name = lua_tostring(L, -1);
    int param = name ? bn_cost_param_index(name) : -1;
    if (param < 0 && !(param_optional && !name)) {
        lua_pushfstring(L, "unknown parameter '%s'", name ? name : "nil");
        luaL_argerror(L, arg, lua_tostring(L, -1));
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "dist");
    const char *dist = lua_tostring(L, -1);
    int code = -1;
    for (int i = 0; dist && dists[i]; i++)
        if (strcmp(dist, dists[i]) == 0)
            code = i;
    if (code < 0) {
        lua_pushfstring(L, "unknown distribution '%s' (uniform, loguniform, normal, lognormal, "
                           "triangular)", dist ? dist : "nil");
        luaL_argerror(L, arg, lua_tostring(L, -1));
    }
    lua_pop(L, 1);
    u->param = param;
    u->dist = codes[code];
    u->a = field_number(L, idx, "a", 1, arg);
    u->b = field_number(L, idx, "b", 1, arg);
    u->c = field_number(L, idx, "c", u->dist == BN_DIST_TRIANGULAR, arg);
}

static int cost_montecarlo(lua_State *L)
{
    double p[BN_COST_NPARAM];
    bn_cost_uncertain u[BN_COST_NPARAM];
    read_params(L, 1, p);
    enum bn_cost_headline h = check_headline(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_Integer nu = luaL_len(L, 3);
    luaL_argcheck(L, nu <= BN_COST_NPARAM, 3, "too many uncertain parameters");
    for (lua_Integer i = 1; i <= nu; i++) {
        lua_geti(L, 3, i);
        read_spec(L, -1, 3, 0, &u[i - 1]);
        lua_pop(L, 1);
    }
    lua_Integer draws = luaL_checkinteger(L, 4);
    luaL_argcheck(L, draws >= 2 && draws <= 100000000, 4, "draws must be between 2 and 1e8");
    lua_Integer seed = luaL_checkinteger(L, 5);
    double level = luaL_checknumber(L, 6);
    int threads = (int)luaL_optinteger(L, 7, 2);
    int sample_output = -1;
    if (!lua_isnoneornil(L, 8)) {
        const char *name = luaL_checkstring(L, 8);
        for (int k = 0; k < BN_COST_NOUT; k++)
            if (strcmp(name, bn_cost_output_name(k)) == 0)
                sample_output = k;
        luaL_argcheck(L, sample_output >= 0, 8, "unknown output");
    }
    /* the sample vector is Lua-owned, so nothing leaks if a later push raises */
    bn_vector *samples = sample_output >= 0 ? bn_vector_push(L, (size_t)draws) : NULL;
    bn_cost_summary s[BN_COST_NOUT];
    bn_error err;
    enum bn_status st = bn_cost_montecarlo(p, h, u, (size_t)nu, (size_t)draws, (uint64_t)seed,
                                           level, threads, s, sample_output,
                                           samples ? samples->data : NULL, bn_runtime_stop(L),
                                           &err);
    if (st == BN_EINTR)
        return bn_runtime_interrupted(L);
    if (st != BN_OK)
        return luaL_error(L, "%s", err.msg);
    if (samples)
        for (size_t i = 0; i < samples->n; i++)
            samples->missing[i] = isnan(samples->data[i]);
    lua_createtable(L, 0, BN_COST_NOUT);
    for (int k = 0; k < BN_COST_NOUT; k++) {
        if (s[k].n == 0)
            continue;
        lua_createtable(L, 0, 5);
        lua_pushinteger(L, (lua_Integer)s[k].n);
        lua_setfield(L, -2, "n");
        lua_pushnumber(L, s[k].mean);
        lua_setfield(L, -2, "mean");
        lua_pushnumber(L, s[k].median);
        lua_setfield(L, -2, "median");
        lua_pushnumber(L, s[k].lo);
        lua_setfield(L, -2, "lo");
        lua_pushnumber(L, s[k].hi);
        lua_setfield(L, -2, "hi");
        lua_setfield(L, -2, bn_cost_output_name(k));
    }
    if (samples) {
        lua_insert(L, -2); /* summary, then the samples */
        return 2;
    }
    return 1;
}

static int cost_sample(lua_State *L)
{
    bn_cost_uncertain u;
    read_spec(L, 1, 1, 1, &u);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 1 && n <= 100000000, 2, "n must be between 1 and 1e8");
    lua_Integer seed = luaL_checkinteger(L, 3);
    bn_vector *v = bn_vector_push(L, (size_t)n);
    bn_error err;
    if (bn_cost_sample(&u, (size_t)n, (uint64_t)seed, v->data, &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    return 1;
}

static int cost_normal_quantile(lua_State *L)
{
    double p = luaL_checknumber(L, 1);
    luaL_argcheck(L, p > 0 && p < 1, 1, "probability in (0, 1) expected");
    lua_pushnumber(L, bn_cost_normal_quantile(p));
    return 1;
}

static int cost_doubling_years(lua_State *L)
{
    lua_pushnumber(L, bn_cost_doubling_years(luaL_checknumber(L, 1)));
    return 1;
}

static int cost_year_affordable(lua_State *L)
{
    lua_pushnumber(L, bn_cost_year_affordable(luaL_checknumber(L, 1), luaL_checknumber(L, 2),
                                              luaL_checknumber(L, 3), luaL_checknumber(L, 4)));
    return 1;
}

static int cost_decompose(lua_State *L)
{
    double f[4];
    bn_error err;
    if (bn_cost_decompose(luaL_checknumber(L, 1), luaL_checknumber(L, 2), luaL_checknumber(L, 3),
                          luaL_checknumber(L, 4), luaL_checknumber(L, 5), luaL_checknumber(L, 6),
                          f, &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    for (int i = 0; i < 4; i++)
        lua_pushnumber(L, f[i]);
    return 4;
}

static int cost_params(lua_State *L)
{
    lua_createtable(L, BN_COST_NPARAM, 0);
    for (int i = 0; i < BN_COST_NPARAM; i++) {
        lua_pushstring(L, bn_cost_param_name(i));
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static int cost_outputs(lua_State *L)
{
    lua_createtable(L, BN_COST_NOUT, 0);
    for (int i = 0; i < BN_COST_NOUT; i++) {
        lua_pushstring(L, bn_cost_output_name(i));
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static const luaL_Reg cost_funcs[] = {
    {"eval", cost_eval},
    {"montecarlo", cost_montecarlo},
    {"sample", cost_sample},
    {"normal_quantile", cost_normal_quantile},
    {"doubling_years", cost_doubling_years},
    {"year_affordable", cost_year_affordable},
    {"decompose", cost_decompose},
    {"params", cost_params},
    {"outputs", cost_outputs},
    {NULL, NULL},
};

int luaopen_burden_core_cost(lua_State *L)
{
    luaL_newlib(L, cost_funcs);
    lua_pushnumber(L, BN_COST_KG_PER_LB);
    lua_setfield(L, -2, "KG_PER_LB");
    return 1;
}
