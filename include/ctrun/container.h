/**
 * @file ctrun/container.h
 * @brief The container lifecycle: create, start, run, state, list, kill,
 * delete, wait, exec, pause, resume, update, ps, stats.
 *
 * A ctrun_container is a handle naming one container of a context's state
 * root; the container itself lives in the state root until it is deleted,
 * whatever happens to the handle (ctrun_container_free() frees only the
 * handle).  The handle remembers the container's creation time: once the
 * container is deleted, through this handle or by anyone else, operations
 * on the handle fail with -ESTALE (CTRUN_ERROR_STALE_HANDLE), even when a
 * new container with the same id exists.
 *
 * Thread safety: different containers may be operated on from different
 * threads at once, with one context or several.  Operations on one
 * container are serialized by a lock in its state directory, so one handle
 * may be used from several threads (e.g. wait in one, kill in another).
 *
 * The init of a container created by this process is a child of this
 * process: reap it with ctrun_container_wait() (or waitpid()), or it stays
 * a zombie (its status is "stopped" all the same).
 */
#ifndef CTRUN_CONTAINER_H
#define CTRUN_CONTAINER_H

#include <ctrun/common.h>
#include <ctrun/config.h>
#include <ctrun/context.h>
#include <ctrun/error.h>
#include <ctrun/process.h>
#include <ctrun/state.h>
#include <ctrun/stats.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A handle to a container of a context. */
typedef struct ctrun_container ctrun_container;

/** Flags of ctrun_create_options. */
#define CTRUN_CREATE_NO_PIVOT 1u       /**< use MS_MOVE + chroot, not pivot_root */
#define CTRUN_CREATE_NO_NEW_KEYRING 2u /**< keep the session keyring of the caller */
#define CTRUN_CREATE_STDIO 4u          /**< stdio[] is set (options version 2) */

/** The version of ctrun_create_options this header describes (1: without stdio). */
#define CTRUN_CREATE_OPTIONS_VERSION 2

/** Options of ctrun_container_create() and ctrun_container_run(); start from CTRUN_CREATE_OPTIONS_INIT. */
typedef struct ctrun_create_options {
  unsigned int version;       /**< CTRUN_CREATE_OPTIONS_VERSION */
  const char *bundle;         /**< the bundle directory; NULL: the current directory */
  const char *pid_file;       /**< NULL, or a file that receives the init's pid */
  const char *console_socket; /**< NULL, or an AF_UNIX socket receiving the pty master
                                   (process.terminal true) */
  uint32_t preserve_fds;      /**< fds 3 .. 3+n-1 of the caller are passed to the init */
  uint32_t flags;             /**< CTRUN_CREATE_* */
  /** Version 2, with CTRUN_CREATE_STDIO: the caller's fds that become the
   * init's stdin, stdout and stderr, instead of the caller's own 0, 1, 2
   * (which a multi-threaded caller cannot safely redirect).  The library
   * copies them: the caller may close its own once the call returns.  Unused
   * with process.terminal: the pty is the stdio then. */
  int stdio[3];
} ctrun_create_options;

/** Initializer of ctrun_create_options: the defaults. */
#define CTRUN_CREATE_OPTIONS_INIT {.version = CTRUN_CREATE_OPTIONS_VERSION}

/**
 * Creates container @p id from the bundle's config.json (`ctrun create`):
 * state directory, cgroup, namespaces, rootfs, the createRuntime and
 * createContainer hooks; the init then waits for ctrun_container_start().
 * On failure nothing is left behind.
 * @param id 1..1024 printable ASCII characters, no '/', not "." or "..".
 * @param opts NULL for the defaults.
 * @param[out] ret_container a handle owned by the caller
 * (ctrun_container_free()); may be NULL when no handle is wanted.
 * @return 0, or a negative errno with *err set: -EEXIST when the id is
 * taken, -EINVAL for a bad id, options or config.json (naming the field),
 * the errno of whatever system call failed.
 */
CTRUN_API int ctrun_container_create(ctrun_context *ctx, const char *id,
                                     const ctrun_create_options *opts,
                                     ctrun_container **ret_container, ctrun_error **err);

/**
 * Opens a handle to the existing container @p id.
 * @param[out] ret_container owned by the caller (ctrun_container_free()).
 * @return 0, or a negative errno with *err set: -ENOENT when there is no
 * such container, -EINVAL for a bad id.
 */
CTRUN_API int ctrun_container_open(ctrun_context *ctx, const char *id,
                                   ctrun_container **ret_container, ctrun_error **err);

/** The id of @p c; owned by @p c; NULL when @p c is NULL. */
CTRUN_API const char *ctrun_container_get_id(const ctrun_container *c);

/** Frees the handle @p c (not the container); NULL is allowed. */
CTRUN_API void ctrun_container_free(ctrun_container *c);

/**
 * Starts a created container (`ctrun start`): runs the startContainer
 * hooks, lets the init exec the process, runs the poststart hooks.
 * @return 0, or a negative errno with *err set: -EINVAL when the container
 * is not "created", -ESTALE, -ESRCH when its init has died.
 */
CTRUN_API int ctrun_container_start(ctrun_container *c, ctrun_error **err);

/**
 * `ctrun run` in the foreground: creates container @p id, starts it, waits
 * for its init, deletes it and returns the init's exit status.  Signals to
 * the caller are not forwarded; the caller must be the init's parent (it
 * is, unless the config joins an existing pid namespace: then make the
 * caller a child subreaper).
 * @param opts NULL for the defaults.
 * @param[out] ret_exit_status the exit code, 128+N when killed by signal N,
 * -1 when it could not be collected.
 * @return 0, or a negative errno with *err set (as ctrun_container_create()).
 */
CTRUN_API int ctrun_container_run(ctrun_context *ctx, const char *id,
                                  const ctrun_create_options *opts, int *ret_exit_status,
                                  ctrun_error **err);

/**
 * The state of the container now (`ctrun state`).
 * @param[out] ret_state owned by the caller (ctrun_state_free()).
 * @return 0, or a negative errno with *err set (-ESTALE).
 */
CTRUN_API int ctrun_container_state(ctrun_container *c, ctrun_state **ret_state,
                                    ctrun_error **err);

/**
 * Every container of the context's state root, sorted by id (`ctrun list`).
 * A missing state root is an empty list.
 * @param[out] ret_list an array of @p ret_n states, owned by the caller
 * (ctrun_state_list_free()); NULL when empty.
 * @return 0, or a negative errno with *err set.
 */
CTRUN_API int ctrun_container_list(ctrun_context *ctx, ctrun_state ***ret_list, size_t *ret_n,
                                   ctrun_error **err);

/** Flags of ctrun_container_kill(). */
#define CTRUN_KILL_ALL 1u /**< signal every process of the container's cgroup */

/**
 * Sends signal @p sig to the container's init (`ctrun kill`), through a pidfd
 * so that a reused pid is never signalled.
 * @param flags 0 or CTRUN_KILL_ALL.
 * @return 0, or a negative errno with *err set: -ESRCH when the container
 * is not created, running or paused (nothing is sent), -EINVAL for a bad
 * signal or flags, -ESTALE.
 */
CTRUN_API int ctrun_container_kill(ctrun_container *c, int sig, uint32_t flags,
                                   ctrun_error **err);

/** Flags of ctrun_container_delete(). */
#define CTRUN_DELETE_FORCE 1u /**< kill a created, running or paused container first */

/**
 * Deletes a stopped container (`ctrun delete`): poststop hooks, cgroup,
 * state.  As the runtime-spec says (and unlike runc), a created container
 * is not stopped: deleting it without CTRUN_DELETE_FORCE fails.  With
 * FORCE, an init that is a child of the caller is killed but not reaped:
 * the caller reaps it (waitpid()).  The handle stays valid to free; other
 * operations on it then fail with -ESTALE.
 * @param flags 0 or CTRUN_DELETE_FORCE.
 * @return 0, or a negative errno with *err set: -EBUSY when the container
 * is not stopped, -ESTALE.
 */
CTRUN_API int ctrun_container_delete(ctrun_container *c, uint32_t flags, ctrun_error **err);

/**
 * Waits until the container's init exits.
 * @param[out] ret_exit_status the exit code, 128+N when killed by signal N,
 * or -1 when the status cannot be collected because the init is not a
 * child of this process (its exit was still waited for).
 * @return 0, or a negative errno with *err set: -ESRCH when it has exited
 * and been reaped already, -ESTALE.
 */
CTRUN_API int ctrun_container_wait(ctrun_container *c, int *ret_exit_status, ctrun_error **err);

/**
 * A pidfd of the container's init, for an event loop: it becomes readable
 * (POLLIN) when the init exits; then ctrun_container_wait() returns at once.
 * One thread can watch any number of containers this way.
 * @param[out] ret_fd a file descriptor (O_CLOEXEC) owned by the caller (close()).
 * @return 0, or a negative errno with *err set: -ESRCH when the init is gone.
 */
CTRUN_API int ctrun_container_get_pidfd(ctrun_container *c, int *ret_fd, ctrun_error **err);

/**
 * The pid of the container's init.
 * @param[out] ret_pid the pid, 0 when the container is stopped.
 * @return 0, or a negative errno with *err set.
 */
CTRUN_API int ctrun_container_get_pid(ctrun_container *c, int *ret_pid, ctrun_error **err);

/** Flags of ctrun_exec_options. */
#define CTRUN_EXEC_DETACH 1u /**< do not wait for the process */
#define CTRUN_EXEC_STDIO 2u  /**< stdio[] is set (options version 2) */

/** The version of ctrun_exec_options this header describes (1: without stdio). */
#define CTRUN_EXEC_OPTIONS_VERSION 2

/** Options of ctrun_container_exec(); start from CTRUN_EXEC_OPTIONS_INIT. */
typedef struct ctrun_exec_options {
  unsigned int version;       /**< CTRUN_EXEC_OPTIONS_VERSION */
  const char *pid_file;       /**< NULL, or a file that receives the process's pid */
  const char *console_socket; /**< NULL, or an AF_UNIX socket receiving the pty master */
  uint32_t preserve_fds;      /**< fds 3 .. 3+n-1 are passed to the process */
  uint32_t flags;             /**< CTRUN_EXEC_* */
  /** Version 2, with CTRUN_EXEC_STDIO: the process's stdin, stdout and
   * stderr, as in ctrun_create_options. */
  int stdio[3];
} ctrun_exec_options;

/** Initializer of ctrun_exec_options: the defaults. */
#define CTRUN_EXEC_OPTIONS_INIT {.version = CTRUN_EXEC_OPTIONS_VERSION}

/**
 * Runs @p process in the created or running container (`ctrun exec`): it
 * enters every namespace and the cgroup of the container, with the
 * container's system call filter, as its init has, and the process's user,
 * capabilities, rlimits and no_new_privs.
 * @param opts NULL for the defaults.
 * @param[out] ret_pid the process's pid; may be NULL.  It is a child of
 * the calling process: with CTRUN_EXEC_DETACH the caller reaps it
 * (waitpid(), or a pidfd and waitid()) as soon as it exits.  Until it is
 * reaped, a container with a pid namespace cannot finish dying: its init
 * stays a zombie and a forced delete waits for it.
 * @param[out] ret_exit_status without CTRUN_EXEC_DETACH, the exit status
 * (128+N for signal N); may be NULL.
 * @return 0, or a negative errno with *err set: -ESRCH when the container
 * is stopped, -EINVAL when it is paused, -ENOENT when the executable is not
 * found, -EACCES when it cannot be executed.
 */
CTRUN_API int ctrun_container_exec(ctrun_container *c, const ctrun_process *process,
                                   const ctrun_exec_options *opts, int *ret_pid,
                                   int *ret_exit_status, ctrun_error **err);

/**
 * Freezes every process of the container (`ctrun pause`); its status
 * becomes "paused".
 * @return 0, or a negative errno with *err set: when it is not running,
 * the errno of the freezer.
 */
CTRUN_API int ctrun_container_pause(ctrun_container *c, ctrun_error **err);

/**
 * Thaws a paused container (`ctrun resume`).
 * @return 0, or a negative errno with *err set: when it is not paused,
 * the errno of the freezer.
 */
CTRUN_API int ctrun_container_resume(ctrun_container *c, ctrun_error **err);

/**
 * Changes the container's cgroup resources (`ctrun update -r`).
 * @param resources_json @p len bytes: a linux.resources object of config.json.
 * @return 0, or a negative errno with *err set: -EINVAL naming the bad
 * field, the errno of writing the cgroup.
 */
CTRUN_API int ctrun_container_update(ctrun_container *c, const char *resources_json, size_t len,
                                     ctrun_error **err);

/**
 * The pids of every process in the container's cgroup (`ctrun ps`), in the
 * caller's pid namespace.
 * @param[out] ret_pids an array of @p ret_n pids owned by the caller
 * (ctrun_free()); NULL when empty.
 * @return 0, or a negative errno with *err set (-ESTALE).
 */
CTRUN_API int ctrun_container_ps(ctrun_container *c, int **ret_pids, size_t *ret_n,
                                 ctrun_error **err);

/**
 * The container's resource usage now, from its cgroup (`ctrun events
 * --stats`).
 * @param[out] ret_stats owned by the caller (ctrun_stats_free()).
 * @return 0, or a negative errno with *err set (-ESTALE, the errno of
 * reading the cgroup).
 */
CTRUN_API int ctrun_container_stats(ctrun_container *c, ctrun_stats **ret_stats,
                                    ctrun_error **err);

/**
 * The runtime-spec "features" document of this runtime (`ctrun features`).
 * @param flags 0 or CTRUN_JSON_PRETTY.
 * @param[out] ret_json a NUL-terminated string owned by the caller (ctrun_free()).
 * @return 0, or a negative errno with *err set.
 */
CTRUN_API int ctrun_features_to_json(uint32_t flags, char **ret_json, ctrun_error **err);

#ifdef __cplusplus
}
#endif
#endif
