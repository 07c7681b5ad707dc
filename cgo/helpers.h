/* C helpers of the Go package (helpers.c): they fill the library's options
 * structs, whose initializer macros cgo cannot use, and do the few things
 * that must happen in C on the calling thread.  Every Go file includes
 * this header only. */
#ifndef CTRUN_GO_HELPERS_H
#define CTRUN_GO_HELPERS_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <ctrun/ctrun.h>

/* A context whose log callback is the Go function behind the cgo.Handle
 * log_handle (0: no callback). */
int ctrun_go_context_new(const char *state_root, uint32_t cgroup_manager, uintptr_t log_handle,
                         ctrun_context **ret, ctrun_error **err);

/* ctrun_config_from_domain_xml() with its options; warn_handle as above. */
int ctrun_go_from_domain_xml(const char *xml, size_t len, const char *rootfs,
                             const char *cgroups_path, const char *template_dir,
                             const char *net_hook, const char *const *networks,
                             uintptr_t warn_handle, uint32_t flags, ctrun_config **ret,
                             ctrun_error **err);

/* ctrun_container_create() with its options; in, out and errfd become the
 * init's stdio (CTRUN_CREATE_STDIO). */
int ctrun_go_create(ctrun_context *ctx, const char *id, const char *bundle, const char *pid_file,
                    const char *console_socket, uint32_t flags, int in, int out, int errfd,
                    ctrun_container **ret, ctrun_error **err);

/* ctrun_container_exec() detached, with the process's stdio: returns at
 * once with the pid. */
int ctrun_go_exec(ctrun_container *c, const ctrun_process *p, const char *pid_file,
                  const char *console_socket, int in, int out, int errfd, int *ret_pid,
                  ctrun_error **err);

/* 1 when fd is readable now (a pidfd: the process exited), 0 when not, or
 * a negative errno.  Never blocks. */
int ctrun_go_readable(int fd);

/* waitid(P_PIDFD, pidfd, WEXITED): reaps the child behind pidfd.  Returns
 * 0 with *ret_status (the exit code, 128+N for signal N), or a negative
 * errno (-ECHILD: not a child of this process). */
int ctrun_go_reap(int pidfd, int *ret_status);

/* pidfd_open(pid, 0): a pidfd (O_CLOEXEC) or a negative errno. */
int ctrun_go_pidfd_open(int pid);

/* pidfd_send_signal(pidfd, sig, NULL, 0): 0 or a negative errno. */
int ctrun_go_pidfd_signal(int pidfd, int sig);

#endif
