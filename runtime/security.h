/* Capabilities, no_new_privs and seccomp: the last things the child does
 * before exec.  Planned in the parent (the BPF program is compiled there),
 * applied in the child with raw syscalls. */
#ifndef CTRUN_RUNTIME_SECURITY_H
#define CTRUN_RUNTIME_SECURITY_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/sigsafe.h"
#include "spec/error.h"
#include "spec/model.h"
#include "spec/spec.h"

struct caps_plan {
  uint64_t bounding, effective, inheritable, permitted, ambient;
  bool present; /* process.capabilities given; otherwise caps are left alone */
  int last_cap; /* the kernel's highest capability, read by the parent */
};

int caps_plan_init(const spec_capabilities *caps, struct caps_plan *ret, ctrun_error **err);
/* Child: drops the bounding set, sets the three capset sets and the ambient
 * set.  Called after setuid with PR_SET_KEEPCAPS. */
int caps_apply_child(const struct caps_plan *p, struct child_error *e);

struct seccomp_plan;

/* Parent: compiles linux.seccomp to a BPF program.  Unknown syscall names are
 * skipped with a warning; unknown actions, arches or operators are errors.
 * *ret is NULL when there is no seccomp section. */
int seccomp_plan_new(const spec_seccomp *s, spec_warn_fn warn, void *userdata,
                     struct seccomp_plan **ret, ctrun_error **err);
void seccomp_plan_free(struct seccomp_plan *p);
bool seccomp_plan_uses_notify(const struct seccomp_plan *p);
/* Child: loads the program (with its flags); *ret_notify_fd gets the
 * listener fd when the profile uses SCMP_ACT_NOTIFY, else -1.
 * The kernel takes a filter only from a task with no_new_privs or
 * CAP_SYS_ADMIN: with process.noNewPrivileges set the core sets it and
 * loads the filter last (just before execve); without it the core must load
 * the filter BEFORE caps_apply_child drops CAP_SYS_ADMIN (as runc does). */
int seccomp_load_child(const struct seccomp_plan *p, int *ret_notify_fd, struct child_error *e);

/* Parent: hands the listener fd to the agent at linux.seccomp.listenerPath,
 * as runc does: one message on a unix stream socket carrying the fd
 * (SCM_RIGHTS) and the JSON
 *   {"ociVersion":..,"fds":["seccompFd"],"pid":..,"metadata":..,"state":{..}}
 * state_json is the container's state document (as `ctrun state` prints it);
 * metadata is linux.seccomp.listenerMetadata (may be NULL).  The caller
 * keeps notify_fd. */
int seccomp_notify_send(const char *listener_path, int notify_fd, int pid,
                        const char *metadata, const char *state_json, ctrun_error **err);

#endif
