/* Starting the container's init (see sync.h for the protocol). */
#ifndef CTRUN_RUNTIME_SPAWN_H
#define CTRUN_RUNTIME_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "runtime/plan.h"

struct spawn_result {
  pid_t pid;         /* the init, as seen from the runtime */
  int pidfd;         /* of the init */
  bool direct_child; /* our child: not forked by an intermediate, or
                      * forked as our child (exec, CLONE_PARENT) */
  int notify_fd;     /* seccomp listener, or -1 (closed by spawn_kill) */
};

/* Called with the init's pid once its namespaces exist and its id maps are
 * written, before it may go on: cgroup, oom_score_adj, hooks.  With the
 * plan's go_after_ready, called once the process is ready instead, and the
 * process waits for it before it execs. */
typedef int (*spawn_before_go_fn)(pid_t pid, void *userdata, ctrun_error **err);

/* Clones the init and runs the protocol until the init reports ready
 * (waiting on exec.fifo).  *ret is set as soon as the init exists, even
 * when an error follows, so that the caller can kill it.  *ret_exit_code
 * gets 127/126 when the executable was not found / not executable. */
int spawn_init(struct container_plan *p, spawn_before_go_fn before_go, void *userdata,
               struct spawn_result *ret, int *ret_exit_code, ctrun_error **err);

/* SIGKILLs the init (through its pidfd) and reaps it when it is our child. */
void spawn_kill(struct spawn_result *s);
int spawn_write_maps(pid_t pid, const struct container_plan *p, ctrun_error **err);

#endif
