/* Running one phase of OCI hooks. */
#ifndef CTRUN_RUNTIME_HOOKS_H
#define CTRUN_RUNTIME_HOOKS_H

#include <stdbool.h>
#include <sys/types.h>

#include "runtime/container.h"
#include "spec/error.h"
#include "spec/model.h"

/* Runs the hooks of a phase in order, each with state_json on stdin.
 * ns_pid > 0: the hooks run in that process's mount, uts, ipc, net and
 * cgroup namespaces (paths are container paths); 0: in the runtime's.
 * warn_only: a failing hook is logged as a warning and the rest still run;
 * otherwise the first failure stops the phase and is returned. */
int hooks_run(const struct container_context *ctx, const spec_hook_list *list, const char *phase,
              const char *state_json, pid_t ns_pid, bool warn_only, ctrun_error **err);

#endif
