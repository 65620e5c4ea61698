/*
 * burden.core.lm: binding of the linear-model kernels (engine/core/lm.h,
 * lmboot.h). The public API is stdlib/burden/fit/init.lua.
 *
 *   fit(y, cols, opts)          -> { coef, cov (flat, p*p), aliased, rank, n_used, rss, tss,
 *                                    sum_w, sum_log_w, condition, solver }
 *   diagnostics(y, cols, opts, fit) -> fitted, residuals, leverage, cooks (Lua arrays)
 *   pt_upper(t, df), qt(p, df), pf_upper(f, d1, d2), qnorm(p), pnorm(x)
 *   boot_indices(seed, b, n)    -> the case indices of resample b (1-based)
 *   boot(spec)                  -> the fast path of burden.fit.bootstrap
 *
 * y and each column are burden.vectors or arrays of numbers; opts.intercept
 * prepends a column of ones; opts.weights is a vector/array or nil.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lm.h"
#include "vector.h"

#define MAX_COLS 4096

typedef struct design {
    bn_lm_input in;
    const double *colptr[MAX_COLS + 1];
    int intercept;
} design;

/* Reads y (arg iy), the column array (arg ic) and opts (arg io) into d; converted
 * arrays stay on the stack until the caller returns. */
static void read_design(lua_State *L, int iy, int ic, int io, design *d, enum bn_lm_solver *solver)
{
    int pushed;
    bn_vector *y = bn_vector_from_arg(L, iy, &pushed);
    luaL_checktype(L, ic, LUA_TTABLE);
    d->intercept = 0;
    if (lua_istable(L, io)) {
        lua_getfield(L, io, "intercept");
        d->intercept = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    size_t ncol = (size_t)luaL_len(L, ic);
    if (ncol + (size_t)d->intercept > MAX_COLS)
        luaL_argerror(L, ic, "too many columns");
    luaL_checkstack(L, 2 * (int)ncol + 20, "too many columns");
    size_t p = 0;
    if (d->intercept)
        d->colptr[p++] = NULL;
    for (size_t j = 1; j <= ncol; j++) {
        lua_rawgeti(L, ic, (lua_Integer)j);
        int idx = lua_gettop(L);
        bn_vector *c = bn_vector_from_arg(L, idx, &pushed);
        if (c->n != y->n)
            luaL_error(L, "column %d has %d values, the response %d", (int)j, (int)c->n, (int)y->n);
        d->colptr[p++] = c->data; /* the vector stays referenced on the stack */
    }
    d->in.n = y->n;
    d->in.p = p;
    d->in.cols = d->colptr;
    d->in.y = y->data;
    d->in.w = NULL;
    if (solver)
        *solver = BN_LM_QR;
    if (lua_istable(L, io)) {
        lua_getfield(L, io, "weights");
        if (!lua_isnil(L, -1)) {
            bn_vector *w = bn_vector_from_arg(L, lua_gettop(L), &pushed);
            if (w->n != y->n)
                luaL_error(L, "weights have %d values, the response %d", (int)w->n, (int)y->n);
            d->in.w = w->data;
        }
        lua_getfield(L, io, "solver");
        const char *s = lua_tostring(L, -1);
        if (s && strcmp(s, "svd") != 0 && strcmp(s, "qr") != 0)
            luaL_error(L, "solver must be 'qr' or 'svd', got '%s'", s);
        if (solver && s && strcmp(s, "svd") == 0)
            *solver = BN_LM_SVD;
        lua_pop(L, 1);
    }
}

static void push_array(lua_State *L, const double *x, size_t n)
{
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushnumber(L, x[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void set_number(lua_State *L, const char *k, double v)
{
    lua_pushnumber(L, v);
    lua_setfield(L, -2, k);
}

/* fit(y, cols, opts) */
static int lm_fit(lua_State *L)
{
    design d;
    enum bn_lm_solver solver;
    read_design(L, 1, 2, 3, &d, &solver);
    size_t p = d.in.p;
    /* outputs in a userdata, so a Lua error cannot leak them */
    unsigned char *buf = lua_newuserdatauv(L, p * (p + 1) * sizeof(double) + p, 0);
    bn_lm_result r;
    r.coef = (double *)(void *)buf;
    r.cov = r.coef + p;
    r.aliased = buf + p * (p + 1) * sizeof(double);
    bn_error err;
    bn_error_clear(&err);
    if (bn_lm_fit(&d.in, solver, d.intercept, &r, &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    lua_createtable(L, 0, 12);
    push_array(L, r.coef, p);
    lua_setfield(L, -2, "coef");
    push_array(L, r.cov, p * p);
    lua_setfield(L, -2, "cov");
    lua_createtable(L, (int)p, 0);
    for (size_t j = 0; j < p; j++) {
        lua_pushboolean(L, r.aliased[j]);
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_setfield(L, -2, "aliased");
    set_number(L, "rank", (double)r.rank);
    set_number(L, "n_used", (double)r.n_used);
    set_number(L, "rss", r.rss);
    set_number(L, "tss", r.tss);
    set_number(L, "sum_w", r.sum_w);
    set_number(L, "sum_log_w", r.sum_log_w);
    set_number(L, "condition", r.condition);
    lua_pushstring(L, solver == BN_LM_SVD ? "svd" : "qr");
    lua_setfield(L, -2, "solver");
    return 1;
}

/* Reads the fit table at idx (from lm_fit) into r, buffers in a new userdata. */
static void read_fit(lua_State *L, int idx, size_t p, bn_lm_result *r)
{
    unsigned char *buf = lua_newuserdatauv(L, p * (p + 1) * sizeof(double) + p, 0);
    r->coef = (double *)(void *)buf;
    r->cov = r->coef + p;
    r->aliased = buf + p * (p + 1) * sizeof(double);
    lua_getfield(L, idx, "coef");
    lua_getfield(L, idx, "cov");
    lua_getfield(L, idx, "aliased");
    for (size_t j = 0; j < p; j++) {
        lua_rawgeti(L, -3, (lua_Integer)j + 1);
        r->coef[j] = lua_tonumber(L, -1);
        lua_pop(L, 1);
        lua_rawgeti(L, -1, (lua_Integer)j + 1);
        r->aliased[j] = (unsigned char)lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    for (size_t j = 0; j < p * p; j++) {
        lua_rawgeti(L, -2, (lua_Integer)j + 1);
        r->cov[j] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 3);
    lua_getfield(L, idx, "rss");
    r->rss = lua_tonumber(L, -1);
    lua_getfield(L, idx, "rank");
    r->rank = (size_t)lua_tointeger(L, -1);
    lua_getfield(L, idx, "n_used");
    r->n_used = (size_t)lua_tointeger(L, -1);
    lua_pop(L, 3);
}

/* diagnostics(y, cols, opts, fit) -> fitted, residuals, leverage, cooks */
static int lm_diagnostics(lua_State *L)
{
    design d;
    read_design(L, 1, 2, 3, &d, NULL);
    luaL_checktype(L, 4, LUA_TTABLE);
    bn_lm_result r;
    read_fit(L, 4, d.in.p, &r);
    size_t n = d.in.n;
    double *out = lua_newuserdatauv(L, (4 * n + 1) * sizeof(double), 0);
    bn_lm_diagnostics(&d.in, &r, out, out + n, out + 2 * n, out + 3 * n);
    for (int k = 0; k < 4; k++)
        push_array(L, out + (size_t)k * n, n);
    return 4;
}

static int lm_pt_upper(lua_State *L)
{
    lua_pushnumber(L, bn_lm_pt_upper(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
    return 1;
}

static int lm_qt(lua_State *L)
{
    lua_pushnumber(L, bn_lm_qt(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
    return 1;
}

static int lm_pf_upper(lua_State *L)
{
    lua_pushnumber(L, bn_lm_pf_upper(luaL_checknumber(L, 1), luaL_checknumber(L, 2),
                                     luaL_checknumber(L, 3)));
    return 1;
}

static int lm_qnorm(lua_State *L)
{
    lua_pushnumber(L, bn_lm_qnorm(luaL_checknumber(L, 1)));
    return 1;
}

static int lm_pnorm(lua_State *L)
{
    lua_pushnumber(L, bn_lm_pnorm(luaL_checknumber(L, 1)));
    return 1;
}

static const luaL_Reg lm_funcs[] = {
    {"fit", lm_fit},
    {"diagnostics", lm_diagnostics},
    {"pt_upper", lm_pt_upper},
    {"qt", lm_qt},
    {"pf_upper", lm_pf_upper},
    {"qnorm", lm_qnorm},
    {"pnorm", lm_pnorm},
    {NULL, NULL},
};

int luaopen_burden_core_lm(lua_State *L)
{
    luaL_newlib(L, lm_funcs);
    return 1;
}
