/*
 * burden.core.flops: thin binding of engine/core/flops.
 *
 * Each layer function takes the layer's name for messages (op), the user's
 * argument table and the input shape (a list of integers), reads the fields
 * it needs (an integer field accepts an integral float; anything else is an
 * error naming the layer and the argument), calls the core and returns
 * { macs =, flops =, params =, output = {...} }. The public API is
 * stdlib/burden/flops/ (layers.lua, net.lua, training.lua).
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "flops.h"
#include "column.h"

/* ---- reading arguments ---------------------------------------------------------------- */

/* Like luaL_error without the position prefix: the Lua side adds the context
 * (the API function's name, or the net and layer path). */
static int raise(lua_State *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    return lua_error(L);
}

/* Raises "op: key must be what (got value)" with the value on top of the stack. */
static int bad_value(lua_State *L, const char *op, const char *key, const char *what)
{
    const char *got = luaL_tolstring(L, -1, NULL);
    return raise(L, "%s: %s must be %s (got %s)", op, key, what, got);
}

/* The integer on top of the stack (an integral float is accepted), or raises. */
static int64_t top_int(lua_State *L, const char *op, const char *key)
{
    int isint = 0;
    lua_Integer v = 0;
    if (lua_type(L, -1) == LUA_TNUMBER)
        v = lua_tointegerx(L, -1, &isint);
    if (!isint)
        bad_value(L, op, key, "an integer");
    return (int64_t)v;
}

static int64_t field_int(lua_State *L, int t, const char *op, const char *key, int64_t def)
{
    int64_t v = def;
    if (lua_getfield(L, t, key) != LUA_TNIL)
        v = top_int(L, op, key);
    lua_pop(L, 1);
    return v;
}

/* An integer for every dimension, or a list of nd integers. */
static void field_ints(lua_State *L, int t, const char *op, const char *key, int nd,
                       int64_t *out, int64_t def)
{
    int type = lua_getfield(L, t, key);
    if (type == LUA_TNIL) {
        for (int i = 0; i < nd; i++)
            out[i] = def;
    } else if (type == LUA_TTABLE) {
        lua_Integer len = luaL_len(L, -1);
        if (len != nd)
            raise(L, "%s: %s must be an integer or a list of %d integers (got a list of %d)",
                       op, key, nd, (int)len);
        for (int i = 0; i < nd; i++) {
            lua_geti(L, -1, i + 1);
            out[i] = top_int(L, op, key);
            lua_pop(L, 1);
        }
    } else {
        out[0] = top_int(L, op, key);
        for (int i = 1; i < nd; i++)
            out[i] = out[0];
    }
    lua_pop(L, 1);
}

static int field_bool(lua_State *L, int t, const char *op, const char *key, int def)
{
    int type = lua_getfield(L, t, key), v = def;
    if (type == LUA_TBOOLEAN)
        v = lua_toboolean(L, -1);
    else if (type != LUA_TNIL)
        bad_value(L, op, key, "a boolean");
    lua_pop(L, 1);
    return v;
}

static void check_args(lua_State *L, int t, const char *op)
{
    if (!lua_istable(L, t))
        raise(L, "%s: arguments must be a table (got %s)", op, luaL_typename(L, t));
}

/* The input shape: a list of at most BN_FLOPS_MAX_DIMS integers. */
static void check_shape(lua_State *L, int idx, const char *op, bn_flops_shape *shape)
{
    if (!lua_istable(L, idx))
        raise(L, "%s: input must be a list of integers (got %s)", op,
                   luaL_typename(L, idx));
    lua_Integer n = luaL_len(L, idx);
    if (n > BN_FLOPS_MAX_DIMS)
        raise(L, "%s: input has %d dimensions, at most %d are supported", op, (int)n,
                   BN_FLOPS_MAX_DIMS);
    shape->n = (int)n;
    for (int i = 0; i < shape->n; i++) {
        lua_geti(L, idx, i + 1);
        shape->d[i] = top_int(L, op, "input");
        lua_pop(L, 1);
    }
}

static void push_shape(lua_State *L, const bn_flops_shape *shape)
{
    lua_createtable(L, shape->n, 0);
    for (int i = 0; i < shape->n; i++) {
        lua_pushinteger(L, (lua_Integer)shape->d[i]);
        lua_rawseti(L, -2, i + 1);
    }
}

/* Pushes { macs, flops, params, output } or raises the core's message. */
static int push_count(lua_State *L, enum bn_status st, const bn_flops_count *c,
                      const bn_error *err)
{
    if (st != BN_OK)
        return raise(L, "%s", err->msg);
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, (lua_Integer)c->macs);
    lua_setfield(L, -2, "macs");
    lua_pushinteger(L, (lua_Integer)c->flops);
    lua_setfield(L, -2, "flops");
    lua_pushinteger(L, (lua_Integer)c->params);
    lua_setfield(L, -2, "params");
    push_shape(L, &c->out);
    lua_setfield(L, -2, "output");
    return 1;
}

static int check_nd(lua_State *L, int idx)
{
    lua_Integer nd = luaL_checkinteger(L, idx);
    luaL_argcheck(L, nd >= 1 && nd <= 3, idx, "1, 2 or 3 spatial dimensions expected");
    return (int)nd;
}

/* ---- layers ------------------------------------------------------------------------------ */

/* linear(op, args, input): in_features (default: from input), out_features, bias, tied */
static int flops_linear(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    check_args(L, 2, op);
    bn_flops_shape in;
    check_shape(L, 3, op, &in);
    int64_t in_f = field_int(L, 2, op, "in_features", 0);
    int64_t out_f = field_int(L, 2, op, "out_features", 0);
    int bias = field_bool(L, 2, op, "bias", 1), tied = field_bool(L, 2, op, "tied", 0);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_linear(op, in_f, out_f, bias, tied, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* conv(op, nd, transposed, args, input): in_ch, out_ch, kernel, stride, padding
 * (integers, lists, or "same"/"valid"), dilation, groups, bias, output_padding */
static int flops_conv(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    bn_flops_conv_spec s;
    memset(&s, 0, sizeof s);
    s.nd = check_nd(L, 2);
    s.transposed = lua_toboolean(L, 3);
    check_args(L, 4, op);
    bn_flops_shape in;
    check_shape(L, 5, op, &in);
    s.in_ch = field_int(L, 4, op, "in_ch", 0);
    s.out_ch = field_int(L, 4, op, "out_ch", 0);
    s.groups = field_int(L, 4, op, "groups", 1);
    s.bias = field_bool(L, 4, op, "bias", 1);
    if (lua_getfield(L, 4, "kernel") == LUA_TNIL)
        raise(L, "%s: kernel is required", op);
    lua_pop(L, 1);
    field_ints(L, 4, op, "kernel", s.nd, s.kernel, 1);
    field_ints(L, 4, op, "stride", s.nd, s.stride, 1);
    field_ints(L, 4, op, "dilation", s.nd, s.dilation, 1);
    field_ints(L, 4, op, "output_padding", s.nd, s.output_padding, 0);
    if (lua_getfield(L, 4, "padding") == LUA_TSTRING) {
        const char *mode = lua_tostring(L, -1);
        if (strcmp(mode, "same") == 0)
            s.same = 1;
        else if (strcmp(mode, "valid") != 0)
            bad_value(L, op, "padding", "an integer, a list, \"same\" or \"valid\"");
        lua_pop(L, 1);
    } else {
        lua_pop(L, 1);
        field_ints(L, 4, op, "padding", s.nd, s.padding, 0);
    }
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_conv(op, &s, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

static enum bn_flops_pool_kind check_pool_kind(lua_State *L, int idx)
{
    static const char *const kinds[] = {"max", "avg", NULL};
    return luaL_checkoption(L, idx, NULL, kinds) == 0 ? BN_FLOPS_POOL_MAX : BN_FLOPS_POOL_AVG;
}

/* pool(op, nd, "max"|"avg", args, input): kernel, stride (default kernel),
 * padding, dilation, ceil_mode */
static int flops_pool(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    bn_flops_pool_spec s;
    memset(&s, 0, sizeof s);
    s.nd = check_nd(L, 2);
    s.kind = check_pool_kind(L, 3);
    check_args(L, 4, op);
    bn_flops_shape in;
    check_shape(L, 5, op, &in);
    if (lua_getfield(L, 4, "kernel") == LUA_TNIL)
        raise(L, "%s: kernel is required", op);
    lua_pop(L, 1);
    field_ints(L, 4, op, "kernel", s.nd, s.kernel, 1);
    int has_stride = lua_getfield(L, 4, "stride") != LUA_TNIL;
    lua_pop(L, 1);
    if (has_stride)
        field_ints(L, 4, op, "stride", s.nd, s.stride, 1);
    else
        memcpy(s.stride, s.kernel, sizeof s.stride);
    field_ints(L, 4, op, "padding", s.nd, s.padding, 0);
    field_ints(L, 4, op, "dilation", s.nd, s.dilation, 1);
    s.ceil_mode = field_bool(L, 4, op, "ceil_mode", 0);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_pool(op, &s, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* adaptive_pool(op, nd, "max"|"avg", args, input): output (integer or list) */
static int flops_adaptive_pool(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    int nd = check_nd(L, 2);
    enum bn_flops_pool_kind kind = check_pool_kind(L, 3);
    check_args(L, 4, op);
    bn_flops_shape in;
    check_shape(L, 5, op, &in);
    int64_t size[3];
    if (lua_getfield(L, 4, "output") == LUA_TNIL)
        raise(L, "%s: output is required", op);
    lua_pop(L, 1);
    field_ints(L, 4, op, "output", nd, size, 1);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_adaptive_pool(op, kind, nd, size, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* norm(op, "batchnorm"|"layernorm"|"rmsnorm", args, input): affine */
static int flops_norm(lua_State *L)
{
    static const char *const kinds[] = {"batchnorm", "layernorm", "rmsnorm", NULL};
    const char *op = luaL_checkstring(L, 1);
    int kind = luaL_checkoption(L, 2, NULL, kinds);
    check_args(L, 3, op);
    bn_flops_shape in;
    check_shape(L, 4, op, &in);
    int affine = field_bool(L, 3, op, "affine", 1);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_norm(op, (enum bn_flops_norm_kind)kind, affine, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

static enum bn_flops_act check_activation(lua_State *L, int idx, const char *op)
{
    const char *name = luaL_checkstring(L, idx);
    int act = bn_flops_activation_find(name);
    if (act < 0)
        raise(L, "%s: unknown activation '%s'", op, name);
    return (enum bn_flops_act)act;
}

/* activation(op, name, input) */
static int flops_activation(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    enum bn_flops_act act = check_activation(L, 2, op);
    bn_flops_shape in;
    check_shape(L, 3, op, &in);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_activation(op, act, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* elementwise(op, ops_per_element, input) */
static int flops_elementwise(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    lua_Integer cost = luaL_checkinteger(L, 2);
    bn_flops_shape in;
    check_shape(L, 3, op, &in);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_elementwise(op, (int64_t)cost, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* embedding(op, args, input): num, dim, add */
static int flops_embedding(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    check_args(L, 2, op);
    bn_flops_shape in;
    check_shape(L, 3, op, &in);
    int64_t num = field_int(L, 2, op, "num", 0), dim = field_int(L, 2, op, "dim", 0);
    int add = field_bool(L, 2, op, "add", 0);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_embedding(op, num, dim, add, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* class_token(op, args, input): count (default 1) */
static int flops_class_token(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    check_args(L, 2, op);
    bn_flops_shape in;
    check_shape(L, 3, op, &in);
    int64_t count = field_int(L, 2, op, "count", 1);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_class_token(op, count, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* attention(op, args, input): dim, heads, kv_heads, head_dim, kv_len,
 * causal (false, true = "full", "half"), qkv_proj, out_proj, bias */
static int flops_attention(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    check_args(L, 2, op);
    bn_flops_shape in;
    check_shape(L, 3, op, &in);
    bn_flops_attention_spec s;
    memset(&s, 0, sizeof s);
    s.dim = field_int(L, 2, op, "dim", 0);
    s.heads = field_int(L, 2, op, "heads", 0);
    s.kv_heads = field_int(L, 2, op, "kv_heads", 0);
    s.head_dim = field_int(L, 2, op, "head_dim", 0);
    s.kv_len = field_int(L, 2, op, "kv_len", 0);
    s.qkv_proj = field_bool(L, 2, op, "qkv_proj", 1);
    s.out_proj = field_bool(L, 2, op, "out_proj", 1);
    s.bias = field_bool(L, 2, op, "bias", 1);
    int type = lua_getfield(L, 2, "causal");
    if (type == LUA_TSTRING && strcmp(lua_tostring(L, -1), "half") == 0)
        s.causal_half = 1;
    else if (!(type == LUA_TNIL || type == LUA_TBOOLEAN ||
               (type == LUA_TSTRING && strcmp(lua_tostring(L, -1), "full") == 0)))
        bad_value(L, op, "causal", "false, true, \"full\" or \"half\"");
    lua_pop(L, 1);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_attention(op, &s, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* rnn(op, "lstm"|"gru", args, input): input_size, hidden, layers, bidirectional, bias */
static int flops_rnn(lua_State *L)
{
    static const char *const kinds[] = {"lstm", "gru", NULL};
    const char *op = luaL_checkstring(L, 1);
    bn_flops_rnn_spec s;
    memset(&s, 0, sizeof s);
    s.gru = luaL_checkoption(L, 2, NULL, kinds) == 1;
    check_args(L, 3, op);
    bn_flops_shape in;
    check_shape(L, 4, op, &in);
    s.input_size = field_int(L, 3, op, "input_size", 0);
    s.hidden = field_int(L, 3, op, "hidden", 0);
    s.layers = field_int(L, 3, op, "layers", 1);
    s.bidirectional = field_bool(L, 3, op, "bidirectional", 0);
    s.bias = field_bool(L, 3, op, "bias", 1);
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_rnn(op, &s, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* moe(op, args, input): dim, hidden, experts, active, gated, bias, activation */
static int flops_moe(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    check_args(L, 2, op);
    bn_flops_shape in;
    check_shape(L, 3, op, &in);
    bn_flops_moe_spec s;
    memset(&s, 0, sizeof s);
    s.dim = field_int(L, 2, op, "dim", 0);
    s.hidden = field_int(L, 2, op, "hidden", 0);
    s.experts = field_int(L, 2, op, "experts", 0);
    s.active = field_int(L, 2, op, "active", 0);
    s.gated = field_bool(L, 2, op, "gated", 0);
    s.bias = field_bool(L, 2, op, "bias", 0);
    if (lua_getfield(L, 2, "activation") == LUA_TNIL) {
        s.act = s.gated ? BN_FLOPS_SILU : BN_FLOPS_GELU;
        lua_pop(L, 1);
    } else {
        if (!lua_isstring(L, -1))
            bad_value(L, op, "activation", "an activation name");
        s.act = check_activation(L, lua_gettop(L), op);
        lua_pop(L, 1);
    }
    bn_flops_count c;
    bn_error err;
    enum bn_status st = bn_flops_moe(op, &s, &in, &c, &err);
    return push_count(L, st, &c, &err);
}

/* numel(op, shape): the product of the dimensions */
static int flops_numel(lua_State *L)
{
    const char *op = luaL_checkstring(L, 1);
    bn_flops_shape in;
    check_shape(L, 2, op, &in);
    int64_t n;
    bn_error err;
    if (bn_flops_numel(op, &in, &n, &err) != BN_OK)
        return raise(L, "%s", err.msg);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/* activation_cost(name): FLOPs per element, or nil for an unknown name */
static int flops_activation_cost(lua_State *L)
{
    int act = bn_flops_activation_find(luaL_checkstring(L, 1));
    if (act < 0)
        luaL_pushfail(L);
    else
        lua_pushinteger(L, (lua_Integer)bn_flops_activation_cost((enum bn_flops_act)act));
    return 1;
}

/* activations(): the activation names, in the core's order */
static int flops_activations(lua_State *L)
{
    lua_createtable(L, BN_FLOPS_ACT_COUNT, 0);
    for (int i = 0; i < BN_FLOPS_ACT_COUNT; i++) {
        lua_pushstring(L, bn_flops_activation_name((enum bn_flops_act)i));
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* ---- training compute ------------------------------------------------------------------ */

/* training(forward, examples, epochs, backward_ratio) -> flop */
static int flops_training(lua_State *L)
{
    double flop;
    bn_error err;
    if (bn_flops_training(luaL_checknumber(L, 1), luaL_checknumber(L, 2),
                          luaL_checknumber(L, 3), luaL_checknumber(L, 4), &flop,
                          &err) != BN_OK)
        return raise(L, "%s", err.msg);
    lua_pushnumber(L, flop);
    return 1;
}

/* dense_transformer(params, tokens [, layers, ctx, d_attn]) -> flop, attention term */
static int flops_dense_transformer(lua_State *L)
{
    double flop, attention;
    bn_error err;
    if (bn_flops_dense_transformer(luaL_checknumber(L, 1), luaL_checknumber(L, 2),
                                   luaL_optnumber(L, 3, 0), luaL_optnumber(L, 4, 0),
                                   luaL_optnumber(L, 5, 0), &flop, &attention, &err) != BN_OK)
        return raise(L, "%s", err.msg);
    lua_pushnumber(L, flop);
    lua_pushnumber(L, attention);
    return 2;
}

/* hardware(count, time, unit, peak [, utilization = 1]) -> flop: the hardware burden
 * (bn_flops_hardware, the one place it is computed). count, time and peak are numbers, or
 * vectors (or arrays) of one length: then the result is a vector, missing where an input
 * is, and a bad row returns nil, the message and the row (1-based) instead of raising. */
static int flops_hardware(lua_State *L)
{
    double unit = luaL_checknumber(L, 3), utilization = luaL_optnumber(L, 5, 1);
    bn_error err;
    if (lua_type(L, 1) == LUA_TNUMBER && lua_type(L, 2) == LUA_TNUMBER &&
        lua_type(L, 4) == LUA_TNUMBER) {
        double flop;
        if (bn_flops_hardware(lua_tonumber(L, 1), lua_tonumber(L, 2), unit, lua_tonumber(L, 4),
                              utilization, &flop, &err) != BN_OK)
            return raise(L, "%s", err.msg);
        lua_pushnumber(L, flop);
        return 1;
    }
    int pushed;
    const int args[3] = {1, 2, 4};
    bn_vector *v[3];
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        v[k] = bn_vector_from_arg(L, args[k], &pushed); /* a pushed copy stays on the stack */
        if (k > 0 && v[k]->n != n)
            return raise(L, "hardware: argument #%d has %d values, argument #1 %d", args[k],
                         (int)v[k]->n, (int)n);
        n = v[k]->n;
    }
    bn_vector *out = bn_vector_push(L, n);
    size_t bad = 0;
    if (bn_flops_hardware_n(n, v[0]->data, v[1]->data, unit, v[2]->data, utilization,
                            out->data, &bad, &err) != BN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.msg);
        lua_pushinteger(L, (lua_Integer)bad + 1);
        return 3;
    }
    for (size_t i = 0; i < n; i++)
        out->missing[i] = isnan(out->data[i]) ? 1 : 0;
    return 1;
}

static const luaL_Reg flops_funcs[] = {
    {"linear", flops_linear},
    {"conv", flops_conv},
    {"pool", flops_pool},
    {"adaptive_pool", flops_adaptive_pool},
    {"norm", flops_norm},
    {"activation", flops_activation},
    {"elementwise", flops_elementwise},
    {"embedding", flops_embedding},
    {"class_token", flops_class_token},
    {"attention", flops_attention},
    {"rnn", flops_rnn},
    {"moe", flops_moe},
    {"numel", flops_numel},
    {"activation_cost", flops_activation_cost},
    {"activations", flops_activations},
    {"training", flops_training},
    {"dense_transformer", flops_dense_transformer},
    {"hardware", flops_hardware},
    {NULL, NULL},
};

int luaopen_burden_core_flops(lua_State *L)
{
    luaL_newlib(L, flops_funcs);
    return 1;
}
