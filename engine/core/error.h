/*
 * error: the status convention of every core kernel.
 *
 * Kernels never print or exit. They return BN_OK or an error code and, on
 * error, fill a caller-owned bn_error with a readable message. The bindings
 * turn that message into a Lua error or a `nil, message` return.
 */
#ifndef BURDEN_CORE_ERROR_H
#define BURDEN_CORE_ERROR_H

#include <stddef.h>

enum bn_status {
    BN_OK = 0,
    BN_EINVAL,   /* bad argument or input */
    BN_ENOMEM,   /* allocation failed */
    BN_EIO,      /* file could not be read or written */
    BN_ERANGE,   /* overflow, or a value outside its domain */
    BN_ENUMERIC, /* numerical failure: singular matrix, no convergence */
    BN_EINTR,    /* stopped by the user (Ctrl-C); see interrupt.h */
};

#define BN_ERROR_MAX 512

typedef struct bn_error {
    enum bn_status status;
    char msg[BN_ERROR_MAX];
} bn_error;

/* Sets status and a printf-style message; returns the status for `return bn_fail(...)`. */
enum bn_status bn_fail(bn_error *err, enum bn_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears an error record. */
void bn_error_clear(bn_error *err);

#endif
