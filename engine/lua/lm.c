/*
 * burden.core.lm: binding of the linear-model kernels (engine/core/lm.h,
 * lmboot.h). The public API is stdlib/burden/fit/init.lua.
 *
 *   fit(y, cols, opts)          -> { coef, cov (flat, p*p), aliased, rank, n_used, rss, tss,
 *                                    sum_w, sum_log_w, condition, solver }
 *   diagnostics(y, cols, opts, fit) -> fitted, residuals, leverage, cooks (Lua arrays)
 *   cluster_cov(y, cols, opts, fit, groups) -> cov (flat, p*p, CR1), clusters used;
 *                               groups: one cluster number (1..G) per row
 *   pt_upper(t, df), qt(p, df), pf_upper(f, d1, d2), qnorm(p), pnorm(x)
 *   fieller(a, b, y0, vaa, vab, vbb, t2) -> shape, lo, hi, clamped (bn_lm_fieller)
 *   boot_indices(seed, b, n [, count]) -> the case indices of resample b (1-based), or
 *                                  the first count of them
 *   boot(spec)                  -> the fast path of burden.fit.bootstrap
 *
 * y and each column are burden.vectors or arrays of numbers; opts.intercept
 * prepends a column of ones; opts.weights is a vector/array or nil.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "checked.h"
#include "column.h"
#include "lm.h"
#include "lmboot.h"
#include "rng.h"
#include "robust.h"
#include "runtime.h"

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

/* The count at the top of the stack (maxiter, threads): nil gives dflt, otherwise a whole
 * number in 0..max, checked before any cast (a double beyond the range is undefined). */
static lua_Integer top_count(lua_State *L, const char *name, lua_Integer max, lua_Integer dflt)
{
    if (lua_isnil(L, -1))
        return dflt;
    lua_Integer k = 0;
    int ok = lua_type(L, -1) == LUA_TNUMBER && lua_numbertointeger(floor(lua_tonumber(L, -1)), &k) &&
             (double)k == lua_tonumber(L, -1) && k >= 0 && k <= max;
    if (!ok)
        luaL_error(L, "'%s' must be a whole number in 0..%I, got %s", name, max,
                   luaL_tolstring(L, -1, NULL));
    return k;
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
    unsigned char *buf = lua_newuserdatauv(L, (p * (2 * p + 2)) * sizeof(double) + p, 0);
    bn_lm_result r;
    r.coef = (double *)(void *)buf;
    r.cov = r.coef + p;
    r.rfac = r.cov + p * p;
    r.scale = r.rfac + p * p;
    r.aliased = buf + p * (2 * p + 2) * sizeof(double);
    bn_error err;
    bn_error_clear(&err);
    if (bn_lm_fit(&d.in, solver, d.intercept, &r, &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    lua_createtable(L, 0, 12);
    push_array(L, r.coef, p);
    lua_setfield(L, -2, "coef");
    push_array(L, r.cov, p * p);
    lua_setfield(L, -2, "cov");
    push_array(L, r.rfac, r.rank * r.rank);
    lua_setfield(L, -2, "rfac");
    push_array(L, r.scale, p);
    lua_setfield(L, -2, "scale");
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
    unsigned char *buf = lua_newuserdatauv(L, (p * (2 * p + 2)) * sizeof(double) + p, 0);
    r->coef = (double *)(void *)buf;
    r->cov = r->coef + p;
    r->rfac = r->cov + p * p;
    r->scale = r->rfac + p * p;
    r->aliased = buf + p * (2 * p + 2) * sizeof(double);
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
    lua_getfield(L, idx, "rank");
    size_t k = (size_t)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (k > p)
        luaL_error(L, "diagnostics: bad fit table");
    lua_getfield(L, idx, "rfac");
    lua_getfield(L, idx, "scale");
    for (size_t j = 0; j < k * k; j++) {
        lua_rawgeti(L, -2, (lua_Integer)j + 1);
        r->rfac[j] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    for (size_t j = 0; j < p; j++) {
        lua_rawgeti(L, -1, (lua_Integer)j + 1);
        r->scale[j] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
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

/* Reads arg idx, an array of n cluster numbers (integers 1..n), into 0-based ids in
 * a new userdata; *ng receives the largest number. */
static size_t *read_groups(lua_State *L, int idx, size_t n, size_t *ng)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    if ((size_t)luaL_len(L, idx) != n)
        luaL_error(L, "cluster: %d cluster numbers for %d rows", (int)luaL_len(L, idx), (int)n);
    size_t *g = lua_newuserdatauv(L, (n + 1) * sizeof *g, 0);
    *ng = 0;
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        int isnum;
        lua_Integer v = lua_tointegerx(L, -1, &isnum);
        lua_pop(L, 1);
        if (!isnum || v < 1)
            luaL_error(L, "cluster: row %d has no cluster number (integer >= 1 expected)", (int)i + 1);
        /* numbers are dense (1..G, G <= n): a larger one would size the per-cluster
         * arrays, and a huge one would wrap their size */
        if ((lua_Unsigned)v > n)
            luaL_error(L, "cluster: row %d has cluster number %I, more than the %I rows", (int)i + 1,
                       v, (lua_Integer)n);
        g[i] = (size_t)(v - 1);
        if ((size_t)v > *ng)
            *ng = (size_t)v;
    }
    return g;
}

/* cluster_cov(y, cols, opts, fit, groups) -> cov (flat p*p), clusters used */
static int lm_cluster_cov(lua_State *L)
{
    design d;
    read_design(L, 1, 2, 3, &d, NULL);
    luaL_checktype(L, 4, LUA_TTABLE);
    bn_lm_result r;
    read_fit(L, 4, d.in.p, &r);
    size_t ng;
    size_t *g = read_groups(L, 5, d.in.n, &ng);
    size_t p = d.in.p, used = 0;
    double *cov = lua_newuserdatauv(L, (p * p + 1) * sizeof *cov, 0);
    bn_error err;
    bn_error_clear(&err);
    if (bn_lm_cluster_cov(&d.in, &r, g, ng, cov, &used, &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    push_array(L, cov, p * p);
    lua_pushinteger(L, (lua_Integer)used);
    return 2;
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

/* fieller(a, b, y0, vaa, vab, vbb, t2) -> shape ("interval", "complement", "all"), lo,
 * hi, clamped (engine/core/lm.h, bn_lm_fieller) */
static int lm_fieller(lua_State *L)
{
    double v[7];
    for (int i = 0; i < 7; i++)
        v[i] = luaL_checknumber(L, i + 1);
    double lo, hi;
    int clamped;
    enum bn_fieller shape = bn_lm_fieller(v[0], v[1], v[2], v[3], v[4], v[5], v[6], &lo, &hi, &clamped);
    static const char *const names[] = {"interval", "complement", "all"};
    lua_pushstring(L, names[shape]);
    lua_pushnumber(L, lo);
    lua_pushnumber(L, hi);
    lua_pushboolean(L, clamped);
    return 4;
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

/* robust(y, cols, opts{intercept, method, tune, maxiter}) -> { coef, cov, weights, residuals, ... } */
static int lm_robust(lua_State *L)
{
    design d;
    read_design(L, 1, 2, 3, &d, NULL);
    const char *method = "bisquare";
    double tune = 0;
    lua_Integer maxiter = 0;
    if (lua_istable(L, 3)) {
        lua_getfield(L, 3, "method");
        if (!lua_isnil(L, -1))
            method = luaL_checkstring(L, -1);
        lua_getfield(L, 3, "tune");
        tune = luaL_optnumber(L, -1, 0);
        lua_getfield(L, 3, "maxiter");
        maxiter = top_count(L, "maxiter", 1000000000, 0);
        /* method stays referenced by opts */
        lua_pop(L, 3);
    }
    size_t n = d.in.n, p = d.in.p;
    double *buf = lua_newuserdatauv(L, (p * (p + 1) + 2 * n + 1) * sizeof *buf, 0);
    bn_robust_result r;
    r.coef = buf;
    r.cov = buf + p;
    r.weights = buf + p * (p + 1);
    r.resid = r.weights + n;
    bn_error err;
    bn_error_clear(&err);
    if (bn_robust_fit(&d.in, method, tune, maxiter > 0 ? (size_t)maxiter : 0, &r, &err) != BN_OK)
        return luaL_error(L, "%s", err.msg);
    lua_createtable(L, 0, 14);
    push_array(L, r.coef, p);
    lua_setfield(L, -2, "coef");
    push_array(L, r.cov, p * p);
    lua_setfield(L, -2, "cov");
    push_array(L, r.weights, n);
    lua_setfield(L, -2, "weights");
    push_array(L, r.resid, n);
    lua_setfield(L, -2, "residuals");
    set_number(L, "sigma", r.sigma);
    set_number(L, "sigma_mad", r.sigma_mad);
    set_number(L, "r2", r.r2);
    set_number(L, "adj_r2", r.adj_r2);
    set_number(L, "rmse", r.rmse);
    set_number(L, "sse", r.sse);
    set_number(L, "dof", r.dof);
    lua_pushinteger(L, (lua_Integer)r.iterations);
    lua_setfield(L, -2, "iterations");
    lua_pushboolean(L, r.converged);
    lua_setfield(L, -2, "converged");
    return 1;
}

static uint64_t check_seed(lua_State *L, int idx)
{
    lua_Integer s = luaL_checkinteger(L, idx);
    return (uint64_t)s;
}

/* boot_indices(seed, b, n [, count]) -> array of the first count (default n) row numbers
 * (1-based, in 1..n) of resample b (1-based) */
static int lm_boot_indices(lua_State *L)
{
    uint64_t seed = check_seed(L, 1);
    lua_Integer b = luaL_checkinteger(L, 2);
    lua_Integer n = luaL_checkinteger(L, 3);
    luaL_argcheck(L, b >= 1, 2, "resample number >= 1 expected");
    luaL_argcheck(L, n >= 0 && n <= INT_MAX, 3, "row count in 0..2^31-1 expected");
    lua_Integer count = luaL_optinteger(L, 4, n);
    luaL_argcheck(L, count >= 0 && count <= n, 4, "count in 0..n expected");
    size_t *idx = bn_new_array(L, (size_t)count, sizeof *idx, "boot_indices");
    bn_rng r;
    bn_rng_seed(&r, seed, (uint64_t)(b - 1));
    bn_rng_indices(&r, (size_t)n, (size_t)count, idx); /* as bn_boot_indices, cut short */
    lua_createtable(L, (int)count, 0);
    for (lua_Integer i = 0; i < count; i++) {
        lua_pushinteger(L, (lua_Integer)idx[i] + 1);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* boot_permutation(seed, n) -> a random permutation of 1..n (Fisher-Yates on stream 0) */
static int lm_boot_permutation(lua_State *L)
{
    uint64_t seed = check_seed(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 0 && n <= INT_MAX, 2, "row count in 0..2^31-1 expected");
    size_t *draw = bn_new_array(L, (size_t)n, sizeof *draw, "boot_permutation");
    lua_Integer *perm = bn_new_array(L, (size_t)n, sizeof *perm, "boot_permutation");
    /* draw[i] comes from the stream of "resample 0" scaled to [0, n - i) */
    bn_boot_indices(seed ^ 0x5bd1e995u, 0, (size_t)n, draw);
    for (lua_Integer i = 0; i < n; i++)
        perm[i] = i + 1;
    for (lua_Integer i = n - 1; i > 0; i--) {
        lua_Integer j = (lua_Integer)(draw[i] % (size_t)(i + 1));
        lua_Integer t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_pushinteger(L, perm[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* boot(y, cols, opts, spec) -> values (B*width array), width
 * spec: { B, seed, threads, stat = "coef"|"inverse", target, residual = bool,
 *         fitted, resid (arrays, for residual), first = 1 (number of
 *         the first resample, to run B resamples in pieces),
 *         cluster = array of cluster numbers 1..G per row (resample clusters) } */
static int lm_boot(lua_State *L)
{
    design d;
    read_design(L, 1, 2, 3, &d, NULL);
    luaL_checktype(L, 4, LUA_TTABLE);
    bn_boot_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.in = &d.in;
    lua_getfield(L, 4, "B");
    lua_Integer B = luaL_checkinteger(L, -1);
    luaL_argcheck(L, B >= 1, 4, "B >= 1 expected");
    spec.B = (size_t)B;
    lua_getfield(L, 4, "seed");
    spec.seed = (uint64_t)luaL_checkinteger(L, -1);
    lua_getfield(L, 4, "threads");
    spec.threads = (int)top_count(L, "threads", 1024, 0);
    lua_getfield(L, 4, "stat");
    const char *stat = luaL_optstring(L, -1, "coef");
    if (strcmp(stat, "inverse") == 0)
        spec.stat = BN_BOOT_INVERSE;
    else if (strcmp(stat, "coef") != 0)
        return luaL_argerror(L, 4, "stat must be 'coef' or 'inverse'");
    lua_getfield(L, 4, "target");
    spec.target = luaL_optnumber(L, -1, 0);
    lua_getfield(L, 4, "residual");
    spec.residual = lua_toboolean(L, -1);
    lua_getfield(L, 4, "first");
    lua_Integer first = luaL_optinteger(L, -1, 1);
    luaL_argcheck(L, first >= 1, 4, "first >= 1 expected");
    spec.first = (uint64_t)(first - 1);
    lua_pop(L, 7);
    if (spec.residual) {
        int pushed;
        lua_getfield(L, 4, "fitted");
        bn_vector *f = bn_vector_from_arg(L, lua_gettop(L), &pushed);
        lua_getfield(L, 4, "resid");
        bn_vector *r = bn_vector_from_arg(L, lua_gettop(L), &pushed);
        if (f->n != d.in.n || r->n != d.in.n)
            return luaL_error(L, "boot: fitted and resid need %d values", (int)d.in.n);
        spec.fitted = f->data;
        spec.resid = r->data;
    }
    lua_getfield(L, 4, "cluster");
    if (!lua_isnil(L, -1)) {
        /* cluster numbers (1..G) per row -> rows grouped by cluster, in row order */
        size_t n = d.in.n, G;
        size_t *g = read_groups(L, lua_gettop(L), n, &G);
        size_t *start = lua_newuserdatauv(L, (G + 2) * sizeof *start, 0);
        size_t *rows = lua_newuserdatauv(L, (n + 1) * sizeof *rows, 0);
        memset(start, 0, (G + 2) * sizeof *start);
        for (size_t i = 0; i < n; i++)
            start[g[i] + 1]++;
        for (size_t c = 0; c < G; c++) {
            if (start[c + 1] == 0)
                return luaL_error(L, "boot: cluster %d has no rows", (int)c + 1);
            start[c + 1] += start[c];
        }
        size_t *fill = lua_newuserdatauv(L, (G + 1) * sizeof *fill, 0);
        memcpy(fill, start, (G + 1) * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            rows[fill[g[i]]++] = i;
        spec.n_clusters = G;
        spec.cl_start = start;
        spec.cl_rows = rows;
    }
    size_t width = bn_boot_width(&spec);
    size_t nout;
    /* the values come back as one Lua array, which holds at most INT_MAX of them */
    if (!bn_size_mul(spec.B, width, &nout) || nout > INT_MAX)
        return luaL_error(L, "bootstrap: B = %I is too large (%I values per resample, at most "
                             "%d values in all)", B, (lua_Integer)width, INT_MAX);
    double *out = bn_new_array(L, nout, sizeof *out, "bootstrap");
    spec.stop = bn_runtime_stop(L);
    bn_error err;
    bn_error_clear(&err);
    enum bn_status st = bn_boot_run(&spec, out, &err);
    if (st == BN_EINTR)
        return bn_runtime_interrupted(L);
    if (st != BN_OK)
        return luaL_error(L, "%s", err.msg);
    push_array(L, out, spec.B * width);
    lua_pushinteger(L, (lua_Integer)width);
    return 2;
}

static const luaL_Reg lm_funcs[] = {
    {"fit", lm_fit},
    {"diagnostics", lm_diagnostics},
    {"cluster_cov", lm_cluster_cov},
    {"pt_upper", lm_pt_upper},
    {"qt", lm_qt},
    {"fieller", lm_fieller},
    {"pf_upper", lm_pf_upper},
    {"qnorm", lm_qnorm},
    {"pnorm", lm_pnorm},
    {"boot", lm_boot},
    {"robust", lm_robust},
    {"boot_indices", lm_boot_indices},
    {"boot_permutation", lm_boot_permutation},
    {NULL, NULL},
};

int luaopen_burden_core_lm(lua_State *L)
{
    luaL_newlib(L, lm_funcs);
    return 1;
}
