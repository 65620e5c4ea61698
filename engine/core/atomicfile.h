/*
 * atomicfile: writing a file so that readers see the old content or the new,
 * never a mix, and a crash or a kill leaves nothing half-written in its place.
 *
 * bn_atomic_open creates the temporary PATH.tmp-PID-K beside the target with
 * O_EXCL (two processes, or two writes in one process, never share one), after
 * removing the temporaries that processes no longer running left for the same
 * target. bn_atomic_commit flushes and fsyncs the data, closes, renames over
 * the target and fsyncs the directory. bn_atomic_abort closes and removes the
 * temporary. Messages name the target, never the temporary.
 *
 * The caller writes through a->fp between open and commit or abort; after
 * either, the struct holds nothing to free.
 */
#ifndef BURDEN_CORE_ATOMICFILE_H
#define BURDEN_CORE_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

typedef struct bn_atomic {
    FILE *fp;             /* the temporary, open for writing */
    char *path;           /* the target */
    char *tmp;            /* the temporary's name */
    size_t stale_removed; /* temporaries of dead processes removed by open */
} bn_atomic;

/* BN_EIO "cannot write PATH: reason" when the temporary cannot be created. */
enum bn_status bn_atomic_open(bn_atomic *a, const char *path, bn_error *err);

/*
 * Commits what was written: BN_OK, or BN_EIO "cannot write PATH: reason" (the
 * temporary removed, the target as it was). Also fails when a->fp has an error.
 */
enum bn_status bn_atomic_commit(bn_atomic *a, bn_error *err);

/* Gives up: closes and removes the temporary; the target stays as it was. */
void bn_atomic_abort(bn_atomic *a);

/*
 * Removes the temporaries PATH.tmp-PID[-K] whose process is no longer running
 * (kill(PID, 0) fails with ESRCH). Returns how many were removed.
 */
size_t bn_atomic_remove_stale(const char *path);

#endif
