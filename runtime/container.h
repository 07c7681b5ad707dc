/* The container lifecycle as library calls: create, start, run, state, list,
 * kill, delete, wait.  Internal API (ctrun_-free names); the public ABI wraps
 * it later.  Nothing here prints or exits: messages go to the context's log
 * callback and failures come back as ctrun_error. */
#ifndef CTRUN_RUNTIME_CONTAINER_H
#define CTRUN_RUNTIME_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "spec/error.h"
#include "spec/model.h"

enum container_log_level {
  CONTAINER_LOG_ERROR,
  CONTAINER_LOG_WARNING,
  CONTAINER_LOG_INFO,
  CONTAINER_LOG_DEBUG,
};

typedef void (*container_log_fn)(enum container_log_level level, const char *message,
                                 void *userdata);

#define CONTAINER_DEFAULT_STATE_ROOT "/run/ctrun"

/* flags of a context */
#define CONTAINER_CTX_SYSTEMD_CGROUP 1u /* cgroupsPath is slice:prefix:name */

struct container_context {
  const char *state_root; /* NULL: CONTAINER_DEFAULT_STATE_ROOT */
  container_log_fn log;   /* NULL drops messages */
  void *log_userdata;
  unsigned flags;
};

struct container_create_options {
  const char *bundle;         /* NULL: the current directory */
  const char *pid_file;       /* NULL: none */
  const char *console_socket; /* AF_UNIX path receiving the pty master */
  bool no_pivot;
  bool no_new_keyring;
  unsigned preserve_fds; /* fds 3 .. 3+n-1 are passed to the container */
};

/* Creates the container and leaves its init waiting for start. */
int container_create(const struct container_context *ctx, const char *id,
                     const struct container_create_options *opts, ctrun_error **err);
/* What create knows of the container it made, so that its caller (run, the
 * library's handle) need not read the state back. */
struct container_created {
  pid_t pid;         /* the init */
  char created[64];  /* the creation time of the record (RFC 3339) */
};
/* container_create, filling *ret (may be NULL) on success. */
int container_create_ex(const struct container_context *ctx, const char *id,
                        const struct container_create_options *opts,
                        struct container_created *ret, ctrun_error **err);
/* Lets a created container's process exec; runs startContainer and
 * poststart hooks. */
int container_start(const struct container_context *ctx, const char *id, ctrun_error **err);
/* create + start.  With detach false it waits for the init (the caller must
 * be its parent or a child subreaper), deletes the container and sets
 * *ret_exit_code to its exit code (128+N for signal N). */
int container_run(const struct container_context *ctx, const char *id,
                  const struct container_create_options *opts, bool detach,
                  int *ret_exit_code, ctrun_error **err);
/* The state as `state` prints it (runc's fields), status computed now. */
int container_state(const struct container_context *ctx, const char *id, spec_state **ret,
                    ctrun_error **err);
/* Every container under the state root, sorted by id. */
int container_list(const struct container_context *ctx, spec_state ***ret, size_t *ret_n,
                   ctrun_error **err);
void container_state_list_free(spec_state **list, size_t n);
/* Signals the init (all: every process of the container's cgroup).  Only a
 * created, running or paused container can be signalled. */
int container_kill(const struct container_context *ctx, const char *id, int sig, bool all,
                   ctrun_error **err);
/* Removes a stopped container (force: kills a created/running one first),
 * runs the poststop hooks, destroys the cgroup and the state. */
int container_delete(const struct container_context *ctx, const char *id, bool force,
                     ctrun_error **err);
/* Waits until the init exits and returns its exit code (128+N for signal N),
 * or -1 in *ret_exit_code when the status cannot be collected (not our
 * child). */
int container_wait(const struct container_context *ctx, const char *id, int *ret_exit_code,
                   ctrun_error **err);

/* The init's pid, or 0 when stopped/unknown; for signal forwarding. */
int container_pid(const struct container_context *ctx, const char *id, pid_t *ret,
                  ctrun_error **err);

#endif
