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
  int console_socket_fd;      /* or a connected AF_UNIX socket for it; 0: none
                               * (fd 0 is stdin, never a console socket) */
  bool no_pivot;
  bool no_new_keyring;
  unsigned preserve_fds; /* fds 3 .. 3+n-1 are passed to the container */
  const int *stdio;      /* NULL, or the caller's fds that become the init's 0, 1, 2 */
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

struct container_exec_options {
  const char *console_socket; /* with process.terminal */
  int console_socket_fd;      /* as in container_create_options */
  const char *pid_file;       /* NULL: none */
  unsigned preserve_fds;      /* fds 3 .. 3+n-1 are passed to the process */
  const int *stdio;           /* NULL, or the caller's fds that become its 0, 1, 2 */
  bool ignore_paused;         /* exec into a paused container (it starts frozen) */
};

/* Runs proc in a created, running (or, with ignore_paused, paused)
 * container: the process enters all the container's namespaces and its
 * cgroup, with the container's seccomp profile and proc's capabilities,
 * user, rlimits and no_new_privs.  It is the caller's child: *ret_pidfd
 * (O_CLOEXEC, owned by the caller) becomes readable when it exits, and
 * container_exec_wait collects its status.  On failure *ret_exit_code is
 * 127 when the executable was not found, 126 when it cannot be executed,
 * else 255. */
int container_exec(const struct container_context *ctx, const char *id, const spec_process *proc,
                   const struct container_exec_options *opts, pid_t *ret_pid, int *ret_pidfd,
                   int *ret_exit_code, ctrun_error **err);
/* Reaps an exec'd process: its exit code, 128+N for signal N. */
int container_exec_wait(int pidfd, int *ret_exit_code, ctrun_error **err);

/* runc exec's flags, applied over the container's own process (as runc
 * does): args replace, env entries replace or append, caps are added to the
 * bounding, effective and permitted sets (and ambient only when the process
 * has an inheritable set: never to inheritable, CVE-2022-29162). */
struct container_exec_args {
  char **argv; /* NULL-terminated, at least one */
  char **env;  /* NULL-terminated KEY=VALUE, or NULL */
  const char *cwd;
  const char *user; /* "uid[:gid]", numeric */
  char **additional_gids; /* NULL-terminated numbers, or NULL */
  char **caps;            /* NULL-terminated CAP_* names, or NULL */
  bool tty, no_new_privs;
  const char *apparmor, *process_label;
};
int container_exec_process(const struct container_context *ctx, const char *id,
                           const struct container_exec_args *a, spec_process **ret,
                           ctrun_error **err);

/* The init's pid, or 0 when stopped/unknown; for signal forwarding. */
int container_pid(const struct container_context *ctx, const char *id, pid_t *ret,
                  ctrun_error **err);

#endif
