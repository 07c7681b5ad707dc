/* CVE-2019-5736: the processes that enter a container must not be the
 * runtime's binary on disk, or a container can reach it through
 * /proc/PID/exe and overwrite it.  The runtime re-executes itself from a
 * copy that cannot be written (a private read-only overlay of the binary,
 * else a sealed memfd copy) before it sets up a container. */
#ifndef CTRUN_RUNTIME_CLONED_BINARY_H
#define CTRUN_RUNTIME_CLONED_BINARY_H

#include <stdbool.h>

#include "spec/error.h"

/* True when /proc/self/exe is already such a copy. */
bool cloned_binary_active(void);

/* Returns 0 when already running from the copy; otherwise makes one and
 * re-executes it with the same argv and environment (it does not return
 * then).  scratch_dir: an existing directory that does not contain the
 * binary's (the state root), the overlay's second layer; NULL or unusable:
 * the memfd copy.  Negative with err on failure.  Call it first thing in
 * main() for the commands that enter a container (create, run, exec),
 * before any fd is opened or thread started. */
int cloned_binary_ensure(char *const argv[], const char *scratch_dir, ctrun_error **err);

#endif
