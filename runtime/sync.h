/* The parent <-> init protocol over a SOCK_SEQPACKET pair: one message per
 * packet, fixed size, so that the child sends and receives without
 * allocating.
 *
 *   child                              parent
 *   setns (joins)
 *   [fork mode] SYNC_STAGE1   ->       writes timens_offsets
 *               <- SYNC_GO1
 *               fork, SYNC_PID(pid) -> reaps the intermediate
 *                                      uid/gid maps, cgroup, oom_score_adj,
 *                                      prestart/createRuntime hooks
 *               <- SYNC_GO
 *   mounts ... seccomp
 *   SYNC_READY (or SYNC_ERROR at any step) ->
 *   blocks on exec.fifo until start */
#ifndef CTRUN_RUNTIME_SYNC_H
#define CTRUN_RUNTIME_SYNC_H

#include "runtime/sigsafe.h"

enum sync_type {
  SYNC_STAGE1 = 1,
  SYNC_GO1,
  SYNC_PID,
  SYNC_GO,
  SYNC_READY,
  SYNC_ERROR,
};

struct sync_msg {
  int type;
  int pid;
  int exit_code; /* with SYNC_ERROR: 127 not found, 126 not executable */
  struct child_error err;
};

#endif
