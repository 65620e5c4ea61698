#include "error.h"

#include <stdarg.h>
#include <stdio.h>

enum bn_status bn_fail(bn_error *err, enum bn_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void bn_error_clear(bn_error *err)
{
    if (err) {
        err->status = BN_OK;
        err->msg[0] = '\0';
    }
}
