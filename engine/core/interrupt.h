/*
 * interrupt: how a long kernel learns that the user pressed Ctrl-C.
 *
 * The program's SIGINT handler (engine/main.c) sets a flag it owns. A kernel
 * that can run for long takes a pointer to that flag (NULL: never stopped),
 * polls it between units of work (a resample, an iteration) and returns
 * BN_EINTR, freeing what it allocated. The core installs no handler and keeps
 * no global state.
 */
#ifndef BURDEN_CORE_INTERRUPT_H
#define BURDEN_CORE_INTERRUPT_H

#include <signal.h>

typedef volatile sig_atomic_t bn_stop_flag;

/* The value a binding stores once it has raised the interrupt error, so the
 * program's pending interrupt hook does not raise it a second time. */
#define BN_STOP_RAISED 2

static inline int bn_stopped(const bn_stop_flag *stop)
{
    return stop != NULL && *stop != 0;
}

#endif
