/* An open, locked container: what every operation but create starts from. */
#ifndef CTRUN_RUNTIME_HANDLE_H
#define CTRUN_RUNTIME_HANDLE_H

#include <stdbool.h>

#include "runtime/cgroup.h"
#include "runtime/container.h"
#include "runtime/state.h"

/* The runtime-spec version of the state documents we write. */
#define CONTAINER_OCI_VERSION "1.2.0"

struct handle {
  int root_fd, dir_fd;
  struct container_record *rec;
};

const char *handle_state_root(const struct container_context *ctx);
/* Validates the id, opens and locks the container's directory, reads its
 * record.  ENOENT: "container <id> does not exist". */
int handle_open(const struct container_context *ctx, const char *id, bool exclusive,
                struct handle *ret, ctrun_error **err);
/* For readers (state, list, pid, wait): no lock, so that a hook may run
 * `ctrun state` while create or start holds the container's lock. */
int handle_open_unlocked(const struct container_context *ctx, const char *id, struct handle *ret,
                         ctrun_error **err);
void handle_close(struct handle *h);
/* The config saved at create. */
int handle_config(const struct handle *h, spec_config **ret, ctrun_error **err);
/* The container's cgroup from the record; *ret NULL when there is none. */
int handle_cgroup(const struct container_context *ctx, const struct container_record *rec,
                  struct cgroup_manager **ret_mgr, struct cgroup **ret, ctrun_error **err);
/* The state JSON (runc's shape) with the given status, for hooks and `state`. */
int record_state_json(const struct container_record *r, const char *status, char **ret,
                      ctrun_error **err);
/* Opens a pidfd for the record's pid and checks it is still the same
 * process (start time), so that a reused pid is never signalled. */
int record_pidfd(const struct container_record *r, int *ret, ctrun_error **err);
/* Hands the seccomp listener *notify_fd (when >= 0) of process pid to
 * linux.seccomp.listenerPath with the state (status as given), as runc
 * does, and closes it. */
int record_send_seccomp_listener(const struct container_record *r, const spec_seccomp *s,
                                 const char *status, pid_t pid, int *notify_fd,
                                 ctrun_error **err);

#endif
