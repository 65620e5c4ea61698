/*
 * burden.core.nls: binding of the nonlinear kernels (engine/core/nls.c,
 * nlexpr.c, multistart.c). Private: the public API is stdlib/burden/fit/nls.lua,
 * which validates the user's arguments and hands this module normalised specs.
 *
 *   fit(spec)        -> result table
 *   eval(prog, cols, p) -> array of model values (a compiled formula)
 *   multistart(spec) -> { params = {{...}, ...}, obj = {...}, stop = {...}, iters = {...} }
 *   is_numbers(t), numbers(fname, values, name) -> the argument checks of the data
 *                    columns (burden.fit.nlargs), looping over the values here
 *
 * Lua model functions are called from inside GSL's callbacks through lua_pcall
 * (never letting an error longjmp over GSL's frames). The error value, with
 * its traceback, is parked in a stack slot; the kernel frees its memory and
 * returns; only then is the error raised again.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "column.h"
#include "multistart.h"
#include "nlexpr.h"
#include "nls.h"
#include "runtime.h"

#define BN_MAX_ITER 1e9    /* iterations per fit or start */
#define BN_MAX_THREADS 1024
#define MAX_PROGS 65 /* the model and up to 64 partial derivatives */

/* ---- spec helpers (raising is fine here: no C memory is owned yet) ---------------- */

static int field(lua_State *L, int spec, const char *name, int type, int required)
{
    int t = lua_getfield(L, spec, name);
    if (t == LUA_TNIL && !required) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != type) {
        const char *msg = lua_pushfstring(L, "field '%s': %s expected, got %s", name,
                                          lua_typename(L, type), luaL_typename(L, -1));
        return luaL_argerror(L, spec, msg);
    }
    return 1; /* the value stays on the stack */
}

static double num_field(lua_State *L, int spec, const char *name, double dflt)
{
    if (!field(L, spec, name, LUA_TNUMBER, 0))
        return dflt;
    double v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return v;
}

/* A count (maxiter, threads) from spec.name: a whole number in 0..max, or dflt when absent.
 * Checked before the cast: converting a double beyond the integer's range is undefined. */
static size_t count_field(lua_State *L, int spec, const char *name, double max, size_t dflt)
{
    if (!field(L, spec, name, LUA_TNUMBER, 0))
        return dflt;
    double v = lua_tonumber(L, -1);
    if (!(v >= 0 && v <= max && v == floor(v))) {
        const char *msg = lua_pushfstring(L, "field '%s': a whole number in 0..%I expected, got %s",
                                          name, (lua_Integer)max, luaL_tolstring(L, -1, NULL));
        luaL_argerror(L, spec, msg);
    }
    lua_pop(L, 1);
    return (size_t)v;
}

/* A vector (or array, converted) of exactly n values (n = 0: any length) from spec.name,
 * left on the stack; NULL when absent and optional. */
static bn_vector *vec_field(lua_State *L, int spec, const char *name, size_t n, int required)
{
    int t = lua_getfield(L, spec, name);
    if (t == LUA_TNIL && !required) {
        lua_pop(L, 1);
        return NULL;
    }
    int pushed;
    bn_vector *v = bn_vector_from_arg(L, -1, &pushed);
    if (pushed)
        lua_remove(L, -2);
    if (n && v->n != n) {
        const char *msg = lua_pushfstring(L, "field '%s': %I values expected, got %I", name,
                                          (lua_Integer)n, (lua_Integer)v->n);
        luaL_argerror(L, spec, msg);
    }
    return v;
}

/* A compiled program {code = {...}, consts = {...}} at idx; arrays are left on the stack. */
static void get_prog(lua_State *L, int idx, bn_expr *e, size_t nvars, size_t np)
{
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 8, "compiled formula");
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "code");
    luaL_checktype(L, -1, LUA_TTABLE);
    size_t nc = (size_t)luaL_len(L, -1);
    int *code = lua_newuserdatauv(L, nc * sizeof(int) + 1, 0);
    for (size_t i = 0; i < nc; i++) {
        lua_rawgeti(L, -2, (lua_Integer)i + 1);
        code[i] = (int)luaL_checkinteger(L, -1);
        lua_pop(L, 1);
    }
    lua_remove(L, -2);
    bn_vector *k = vec_field(L, idx, "consts", 0, 1);
    e->code = code;
    e->ncode = nc;
    e->consts = k->data;
    e->nconsts = k->n;
    bn_error err;
    if (bn_expr_check(e, nvars, np, &err) != BN_OK)
        luaL_error(L, "%s", err.msg);
}

/* ---- model callbacks ---------------------------------------------------------------- */

typedef struct model_ctx {
    lua_State *L;
    size_t n, np;
    /* compiled formula */
    bn_expr prog[MAX_PROGS]; /* prog[0] the model, prog[1 + j] d/dp_j */
    int has_jac_prog;
    const double *cols[64];
    const double *y;
    /* Lua functions: stack indices (0 when absent) */
    int fn, jacfn, msgh, errslot;
    /* for the protected call */
    const double *p;
    double *out;
    int want_jac;
} model_ctx;

static enum bn_status prog_eval(void *vctx, const double *p, double *out, bn_error *err)
{
    model_ctx *c = vctx;
    for (size_t i = 0; i < c->n; i++)
        out[i] = bn_expr_eval(&c->prog[0], c->cols, i, p);
    return BN_OK;
}

static enum bn_status prog_jac(void *vctx, const double *p, double *out, bn_error *err)
{
    model_ctx *c = vctx;
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = 0; j < c->np; j++)
            out[i * c->np + j] = bn_expr_eval(&c->prog[1 + j], c->cols, i, p);
    return BN_OK;
}

static enum bn_status prog_resid_ext(void *vctx, const double *p, double *out, bn_error *err)
{
    model_ctx *c = vctx;
    for (size_t i = 0; i < c->n; i++)
        out[i] = (double)(bn_expr_eval_ld(&c->prog[0], c->cols, i, p) - (long double)c->y[i]);
    return BN_OK;
}

/* Runs protected, as call_model(ctx, fn): calls fn(p), copies the returned array into c->out. */
static int call_model(lua_State *L)
{
    model_ctx *c = lua_touserdata(L, 1);
    size_t want = c->want_jac ? c->n * c->np : c->n;
    lua_pushvalue(L, 2);
    lua_createtable(L, (int)c->np, 0);
    for (size_t j = 0; j < c->np; j++) {
        lua_pushnumber(L, c->p[j]);
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_call(L, 1, 1);
    const char *what = c->want_jac ? "jacobian" : "model";
    bn_vector *v = bn_vector_test(L, -1);
    if (v) {
        if (v->n != want)
            return luaL_error(L, "%s function returned %I values, %I expected", what,
                              (lua_Integer)v->n, (lua_Integer)want);
        memcpy(c->out, v->data, want * sizeof(double));
        return 0;
    }
    if (!lua_istable(L, -1))
        return luaL_error(L, "%s function returned %s (array of numbers expected)", what,
                          luaL_typename(L, -1));
    if ((size_t)luaL_len(L, -1) != want)
        return luaL_error(L, "%s function returned %I values, %I expected", what,
                          (lua_Integer)luaL_len(L, -1), (lua_Integer)want);
    for (size_t i = 0; i < want; i++) {
        int isnum;
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        c->out[i] = lua_tonumberx(L, -1, &isnum);
        if (!isnum)
            return luaL_error(L, "%s function returned %s at position %I (number expected)",
                              what, luaL_typename(L, -1), (lua_Integer)i + 1);
        lua_pop(L, 1);
    }
    return 0;
}

static enum bn_status lua_model_call(model_ctx *c, const double *p, double *out, int jac,
                                     bn_error *err)
{
    lua_State *L = c->L;
    c->p = p;
    c->out = out;
    c->want_jac = jac;
    /* No push allocates; the binding reserved the stack space beforehand. */
    lua_pushcfunction(L, call_model);
    lua_pushlightuserdata(L, c);
    lua_pushvalue(L, jac ? c->jacfn : c->fn);
    if (lua_pcall(L, 2, 0, c->msgh) != LUA_OK) {
        lua_replace(L, c->errslot);
        return bn_fail(err, BN_EINVAL, "%s function raised an error", jac ? "jacobian" : "model");
    }
    return BN_OK;
}

static enum bn_status fn_eval(void *vctx, const double *p, double *out, bn_error *err)
{
    return lua_model_call(vctx, p, out, 0, err);
}

static enum bn_status fn_jac(void *vctx, const double *p, double *out, bn_error *err)
{
    return lua_model_call(vctx, p, out, 1, err);
}

static int msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* ---- fit ---------------------------------------------------------------------------- */

static int nls_fit(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    model_ctx *c = lua_newuserdatauv(L, sizeof *c, 0); /* 2 */
    memset(c, 0, sizeof *c);
    c->L = L;

    bn_vector *start = vec_field(L, 1, "start", 0, 1);
    size_t np = start->n;
    bn_vector *y = vec_field(L, 1, "y", 0, 1);
    size_t n = y->n;
    c->n = n;
    c->np = np;
    bn_vector *wts = vec_field(L, 1, "weights", n, 0);
    bn_vector *lower = vec_field(L, 1, "lower", np, 0);
    bn_vector *upper = vec_field(L, 1, "upper", np, 0);
    if (np + 1 > MAX_PROGS)
        return luaL_argerror(L, 1, "too many parameters (at most 64)");

    bn_nls_model model = { .n = n, .np = np, .ctx = c };
    if (field(L, 1, "prog", LUA_TTABLE, 0)) {
        int prog = lua_gettop(L);
        field(L, 1, "cols", LUA_TTABLE, 1);
        int cols = lua_gettop(L);
        size_t nvars = (size_t)luaL_len(L, cols);
        if (nvars > 64)
            return luaL_argerror(L, 1, "too many data columns (at most 64)");
        for (size_t v = 0; v < nvars; v++) {
            luaL_checkstack(L, 4, "data columns");
            lua_rawgeti(L, cols, (lua_Integer)v + 1);
            int pushed;
            bn_vector *col = bn_vector_from_arg(L, -1, &pushed);
            if (col->n != n)
                return luaL_error(L, "data column %I has %I values, %I expected",
                                  (lua_Integer)v + 1, (lua_Integer)col->n, (lua_Integer)n);
            c->cols[v] = col->data; /* kept alive on the stack */
        }
        get_prog(L, prog, &c->prog[0], nvars, np);
        model.eval = prog_eval;
        model.resid_ext = prog_resid_ext;
        c->y = y->data;
        if (field(L, 1, "jacprogs", LUA_TTABLE, 0)) {
            int jp = lua_gettop(L);
            if ((size_t)luaL_len(L, jp) != np)
                return luaL_argerror(L, 1, "field 'jacprogs': one program per parameter expected");
            for (size_t j = 0; j < np; j++) {
                lua_rawgeti(L, jp, (lua_Integer)j + 1);
                get_prog(L, -1, &c->prog[1 + j], nvars, np);
            }
            model.jac = prog_jac;
        }
    } else {
        field(L, 1, "fn", LUA_TFUNCTION, 1);
        c->fn = lua_gettop(L);
        if (field(L, 1, "jacfn", LUA_TFUNCTION, 0)) {
            c->jacfn = lua_gettop(L);
            model.jac = fn_jac;
        }
        model.eval = fn_eval;
        lua_pushcfunction(L, msghandler);
        c->msgh = lua_gettop(L);
        lua_pushnil(L);
        c->errslot = lua_gettop(L);
    }

    bn_nls_options opt = {
        .y = y->data,
        .weights = wts ? wts->data : NULL,
        .lower = lower ? lower->data : NULL,
        .upper = upper ? upper->data : NULL,
        .maxiter = count_field(L, 1, "maxiter", BN_MAX_ITER, 0),
        .xtol = num_field(L, 1, "xtol", 0),
        .gtol = num_field(L, 1, "gtol", 0),
        .ftol = num_field(L, 1, "ftol", 0),
        .stop = bn_runtime_stop(L),
    };
    lua_getfield(L, 1, "accel");
    opt.accel = lua_toboolean(L, -1);
    lua_pop(L, 1);

    /* Outputs live in a userdata so a later raise cannot leak them. */
    double *out = lua_newuserdatauv(L, (2 * np + np * np + n) * sizeof(double) + 1, 0);
    bn_nls_result res = { .coef = out, .se = out + np, .vcov = out + 2 * np,
                          .fitted = out + 2 * np + np * np };
    luaL_checkstack(L, 20, "nls fit");
    bn_error err;
    bn_error_clear(&err);
    enum bn_status st = bn_nls_fit(&model, start->data, &opt, &res, &err);
    if (st == BN_EINTR)
        return bn_runtime_interrupted(L);
    if (st != BN_OK) {
        if (c->errslot && !lua_isnil(L, c->errslot)) {
            lua_pushvalue(L, c->errslot);
            return lua_error(L);
        }
        return luaL_error(L, "%s", err.msg);
    }

    lua_createtable(L, 0, 16);
    const struct { const char *name; double *v; size_t len; } arrays[] = {
        { "coef", res.coef, np }, { "se", res.se, np }, { "fitted", res.fitted, n },
    };
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++) {
        lua_createtable(L, (int)arrays[a].len, 0);
        for (size_t i = 0; i < arrays[a].len; i++) {
            lua_pushnumber(L, arrays[a].v[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_setfield(L, -2, arrays[a].name);
    }
    lua_createtable(L, (int)np, 0);
    for (size_t j = 0; j < np; j++) {
        lua_createtable(L, (int)np, 0);
        for (size_t k = 0; k < np; k++) {
            lua_pushnumber(L, res.vcov[j * np + k]);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_setfield(L, -2, "vcov");
    lua_pushnumber(L, res.rss);
    lua_setfield(L, -2, "rss");
    lua_pushnumber(L, res.sigma);
    lua_setfield(L, -2, "sigma");
    lua_pushinteger(L, (lua_Integer)res.df);
    lua_setfield(L, -2, "df");
    lua_pushinteger(L, (lua_Integer)res.iterations);
    lua_setfield(L, -2, "iterations");
    lua_pushinteger(L, (lua_Integer)res.nevalf);
    lua_setfield(L, -2, "nevalf");
    lua_pushinteger(L, (lua_Integer)res.nevaldf);
    lua_setfield(L, -2, "nevaldf");
    lua_pushboolean(L, res.converged);
    lua_setfield(L, -2, "converged");
    lua_pushstring(L, res.reason);
    lua_setfield(L, -2, "reason");
    lua_pushinteger(L, res.gsl_status);
    lua_setfield(L, -2, "gsl_status");
    lua_pushnumber(L, res.rcond);
    lua_setfield(L, -2, "rcond");
    lua_pushinteger(L, (lua_Integer)res.polish_steps);
    lua_setfield(L, -2, "polish_steps");
    return 1;
}

/* eval(prog, cols, p) -> array of values of a compiled formula */
static int nls_eval(lua_State *L)
{
    luaL_checktype(L, 2, LUA_TTABLE);
    int pushed;
    bn_vector *p = bn_vector_from_arg(L, 3, &pushed);
    const double *cols[64];
    size_t nvars = (size_t)luaL_len(L, 2);
    if (nvars > 64)
        return luaL_argerror(L, 2, "too many data columns (at most 64)");
    size_t n = 1;
    for (size_t v = 0; v < nvars; v++) {
        luaL_checkstack(L, 4, "data columns");
        lua_rawgeti(L, 2, (lua_Integer)v + 1);
        bn_vector *col = bn_vector_from_arg(L, -1, &pushed);
        if (v == 0)
            n = col->n;
        else if (col->n != n)
            return luaL_argerror(L, 2, "data columns of different lengths");
        cols[v] = col->data;
    }
    bn_expr e;
    get_prog(L, 1, &e, nvars, p->n);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushnumber(L, bn_expr_eval(&e, cols, i, p->data));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ---- multistart ----------------------------------------------------------------------- */

static int nls_multistart(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    bn_vector *logy = vec_field(L, 1, "logy", 0, 1);
    size_t n = logy->n;
    field(L, 1, "logx", LUA_TTABLE, 1);
    int lx = lua_gettop(L);
    size_t k = (size_t)luaL_len(L, lx);
    if (k < 1 || k > 8)
        return luaL_argerror(L, 1, "field 'logx': 1 to 8 columns expected");
    size_t np = 2 * k + 1;
    double *logx = lua_newuserdatauv(L, k * n * sizeof(double) + 1, 0);
    for (size_t j = 0; j < k; j++) {
        lua_rawgeti(L, lx, (lua_Integer)j + 1);
        int pushed;
        bn_vector *col = bn_vector_from_arg(L, -1, &pushed);
        if (col->n != n)
            return luaL_argerror(L, 1, "field 'logx': columns of different lengths");
        memcpy(logx + j * n, col->data, n * sizeof(double));
        lua_settop(L, lx + 1);
    }
    bn_vector *starts = vec_field(L, 1, "starts", 0, 1);
    if (starts->n % np != 0)
        return luaL_argerror(L, 1, "field 'starts': a multiple of the parameter count expected");
    size_t ns = starts->n / np;
    bn_ms_problem pb = { .n = n, .k = k, .logx = logx, .logy = logy->data,
                         .delta = num_field(L, 1, "delta", 1e-3) };
    bn_ms_options opt = {
        .maxiter = count_field(L, 1, "maxiter", BN_MAX_ITER, 0),
        .gtol = num_field(L, 1, "gtol", 0),
        .ftol = num_field(L, 1, "ftol", 0),
        .step = num_field(L, 1, "step", 0),
        .linetol = num_field(L, 1, "linetol", 0),
        .threads = (unsigned)count_field(L, 1, "threads", BN_MAX_THREADS, 0),
    };
    size_t bytes = ns * (np + 1) * sizeof(double) + ns * sizeof(size_t) + ns * sizeof(int) + 1;
    double *params = lua_newuserdatauv(L, bytes, 0);
    double *obj = params + ns * np;
    size_t *iters = (size_t *)(void *)(obj + ns);
    int *stop = (int *)(void *)(iters + ns);
    bn_error err;
    bn_error_clear(&err);
    opt.stop = bn_runtime_stop(L);
    enum bn_status st = bn_ms_run(&pb, starts->data, ns, &opt, params, obj, stop, iters, &err);
    if (st == BN_EINTR)
        return bn_runtime_interrupted(L);
    if (st != BN_OK)
        return luaL_error(L, "%s", err.msg);

    static const char *const stops[] = { "gradient", "no progress", "iteration limit", "failed",
                                         "small decrease" };
    lua_createtable(L, 0, 4);
    lua_createtable(L, (int)ns, 0);
    for (size_t s = 0; s < ns; s++) {
        lua_createtable(L, (int)np, 0);
        for (size_t j = 0; j < np; j++) {
            lua_pushnumber(L, params[s * np + j]);
            lua_rawseti(L, -2, (lua_Integer)j + 1);
        }
        lua_rawseti(L, -2, (lua_Integer)s + 1);
    }
    lua_setfield(L, -2, "params");
    lua_createtable(L, (int)ns, 0);
    for (size_t s = 0; s < ns; s++) {
        lua_pushnumber(L, obj[s]);
        lua_rawseti(L, -2, (lua_Integer)s + 1);
    }
    lua_setfield(L, -2, "obj");
    lua_createtable(L, (int)ns, 0);
    for (size_t s = 0; s < ns; s++) {
        lua_pushstring(L, stops[stop[s]]);
        lua_rawseti(L, -2, (lua_Integer)s + 1);
    }
    lua_setfield(L, -2, "stop");
    lua_createtable(L, (int)ns, 0);
    for (size_t s = 0; s < ns; s++) {
        lua_pushinteger(L, (lua_Integer)iters[s]);
        lua_rawseti(L, -2, (lua_Integer)s + 1);
    }
    lua_setfield(L, -2, "iters");
    return 1;
}

/* objective(spec, p [, want_grad]) -> value [, gradient]: the multistart objective at p */
static int nls_objective(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    int pushed;
    bn_vector *p = bn_vector_from_arg(L, 2, &pushed);
    bn_vector *logy = vec_field(L, 1, "logy", 0, 1);
    size_t n = logy->n;
    field(L, 1, "logx", LUA_TTABLE, 1);
    int lx = lua_gettop(L);
    size_t k = (size_t)luaL_len(L, lx);
    if (k < 1 || k > 8 || p->n != 2 * k + 1)
        return luaL_argerror(L, 2, "2k + 1 parameters expected for k predictors");
    double *logx = lua_newuserdatauv(L, k * n * sizeof(double) + 1, 0);
    for (size_t j = 0; j < k; j++) {
        lua_rawgeti(L, lx, (lua_Integer)j + 1);
        bn_vector *col = bn_vector_from_arg(L, -1, &pushed);
        if (col->n != n)
            return luaL_argerror(L, 1, "field 'logx': columns of different lengths");
        memcpy(logx + j * n, col->data, n * sizeof(double));
        lua_pop(L, 1 + pushed);
    }
    double grad[17];
    bn_ms_problem pb = { .n = n, .k = k, .logx = logx, .logy = logy->data,
                         .delta = num_field(L, 1, "delta", 1e-3) };
    lua_pushnumber(L, bn_ms_objective(&pb, p->data, grad));
    lua_createtable(L, (int)p->n, 0);
    for (size_t j = 0; j < p->n; j++) {
        lua_pushnumber(L, grad[j]);
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    return 2;
}

/* ---- the data columns of a fit (stdlib/burden/fit/nlargs.lua) ------------------------ */

/* Pushes value i (1-based) of the array or column at idx, as Lua indexing would. */
static void push_item(lua_State *L, int idx, const bn_column *c, lua_Integer i)
{
    if (c)
        bn_column_push_value(L, c, (size_t)(i - 1), 0);
    else
        lua_geti(L, idx, i);
}

/* is_numbers(t) -> true when t is a non-empty table whose items 1..#t are all numbers. */
static int nls_is_numbers(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TTABLE) {
        lua_pushboolean(L, 0);
        return 1;
    }
    lua_Integer n = luaL_len(L, 1);
    int ok = n > 0;
    for (lua_Integer i = 1; ok && i <= n; i++) {
        lua_geti(L, 1, i);
        ok = lua_type(L, -1) == LUA_TNUMBER;
        lua_pop(L, 1);
    }
    lua_pushboolean(L, ok);
    return 1;
}

/* numbers(fname, values, name) -> a new Lua array of values[1..#values] (an array or a
 * column), each a finite number; raises "<fname>: column '<name>' has a missing value at
 * row 3" (and the like, without a position) otherwise. The fits check their data columns
 * with it once per fit: the loop over the rows is here rather than in Lua. */
static int nls_numbers(lua_State *L)
{
    const char *fname = luaL_tolstring(L, 1, NULL);
    const char *name = luaL_tolstring(L, 3, NULL);
    int tv = lua_type(L, 2);
    if (tv != LUA_TTABLE && tv != LUA_TUSERDATA) {
        lua_pushfstring(L, "%s: column '%s' must be an array of numbers, got %s", fname, name,
                        lua_typename(L, tv));
        return lua_error(L);
    }
    const bn_column *c = bn_column_test(L, 2);
    lua_Integer n = c ? (lua_Integer)c->n : luaL_len(L, 2);
    lua_createtable(L, n > 0 && n < INT_MAX ? (int)n : 0, 0);
    int out = lua_gettop(L);
    for (lua_Integer i = 1; i <= n; i++) {
        push_item(L, 2, c, i);
        int t = lua_type(L, -1);
        if (t == LUA_TNIL) {
            lua_pushfstring(L, "%s: column '%s' has a missing value at row %I", fname, name, i);
            return lua_error(L);
        }
        if (t != LUA_TNUMBER) {
            lua_pushfstring(L, "%s: column '%s' has a %s at row %I (number expected)", fname,
                            name, lua_typename(L, t), i);
            return lua_error(L);
        }
        if (!lua_isinteger(L, -1)) {
            double v = lua_tonumber(L, -1);
            if (!isfinite(v)) {
                lua_pushfstring(L, "%s: column '%s' has a non-finite value (%s) at row %I", fname,
                                name, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf", i);
                return lua_error(L);
            }
        }
        lua_rawseti(L, out, i);
    }
    return 1;
}

static const luaL_Reg nls_funcs[] = {
    { "is_numbers", nls_is_numbers },
    { "numbers", nls_numbers },
    { "fit", nls_fit },
    { "eval", nls_eval },
    { "multistart", nls_multistart },
    { "objective", nls_objective },
    { NULL, NULL },
};

int luaopen_burden_core_nls(lua_State *L)
{
    luaL_newlib(L, nls_funcs);
    return 1;
}
