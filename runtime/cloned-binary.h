/* CVE-2019-5736: the processes that enter a container must not be the
 * runtime's binary on disk, or a container can reach it through
 * /proc/PID/exe and overwrite it.  The runtime re-executes itself from a
 * sealed memfd copy before it sets up a container. */
#ifndef CTRUN_RUNTIME_CLONED_BINARY_H
#define CTRUN_RUNTIME_CLONED_BINARY_H

#include <stdbool.h>

#include "spec/error.h"

/* True when /proc/self/exe is already a sealed, read-only memfd. */
bool cloned_binary_active(void);

/* Returns 0 when already running from the sealed copy; otherwise copies
 * /proc/self/exe into a sealed memfd and re-executes it with the same argv
 * and environment (it does not return then).  Negative with err on failure.
 * Call it first thing in main() for the commands that enter a container
 * (create, run, exec), before any fd is opened or thread started. */
int cloned_binary_ensure(char *const argv[], ctrun_error **err);

#endif
