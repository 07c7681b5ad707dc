/**
 * @file ctrun/ctrun.h
 * @brief libctrun, the public C ABI of the ctrun OCI runtime (libctrun.so.1).
 *
 * Include this header and link with `pkg-config --cflags --libs libctrun`.
 * Conventions of every function:
 *  - names are ctrun_<noun>_<verb>; handles are opaque;
 *  - inputs first, outputs (ret_*) next, written only on success, and
 *    `ctrun_error **err` last (NULL when the caller wants no details);
 *  - 0 on success, a negative errno on failure;
 *  - options structs start with `unsigned int version`; initialize them
 *    with their CTRUN_*_OPTIONS_INIT macro;
 *  - the library never prints, exits or aborts; it has no global mutable
 *    state; logs go to the context's callback.
 * See libctrun(3).
 */
#ifndef CTRUN_CTRUN_H
#define CTRUN_CTRUN_H

#include <ctrun/common.h>
#include <ctrun/error.h>
#include <ctrun/context.h>
#include <ctrun/config.h>
#include <ctrun/process.h>
#include <ctrun/state.h>
#include <ctrun/stats.h>
#include <ctrun/container.h>

#endif
