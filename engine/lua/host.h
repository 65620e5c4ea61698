/*
 * host: what the program that embeds the bindings (engine/boot.c, engine/main.c) hands
 * them: the run's options and the data files embedded at build time. The bindings
 * read these declarations; the program above defines them, so no binding includes a
 * header of engine/ (the layers are in doc/architecture.md).
 */
#ifndef BURDEN_LUA_HOST_H
#define BURDEN_LUA_HOST_H

#include <stddef.h>

#include <lua.h>

/* A curated data file embedded in the binary, e.g. "data/hardware.csv". */
struct bn_resource {
    const char *name;
    const char *data;
    size_t size;
};

/* Defined in the generated stdlib table (tools/embed.c); ends with a NULL name. */
extern const struct bn_resource bn_resources[];

struct bn_options {
    const char *stdlib_dir; /* NULL: use the embedded stdlib */
    const char *data_dir;   /* NULL: use the embedded data files */
    const char *script_dir; /* directory searched for the script's own modules */
    lua_Integer seed;
};

#endif
