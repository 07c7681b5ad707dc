/* C helpers of the Go package; see helpers.h. */
#define _GNU_SOURCE
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "_cgo_export.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* The userdata the library hands back is a runtime/cgo.Handle, kept as an
 * integer on both sides, never a Go pointer. */
static void ctrun_go_log(ctrun_log_level level, const char *message, void *userdata) {
  ctrunGoLog((int)level, (char *)message, (uintptr_t)userdata);
}

int ctrun_go_context_new(const char *state_root, uint32_t cgroup_manager, uintptr_t log_handle,
                         ctrun_context **ret, ctrun_error **err) {
  ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;
  o.state_root = state_root;
  o.cgroup_manager = cgroup_manager;
  if (log_handle) {
    o.log = ctrun_go_log;
    o.log_userdata = (void *)log_handle;
  }
  return ctrun_context_new(&o, ret, err);
}

int ctrun_go_from_domain_xml(const char *xml, size_t len, const char *rootfs,
                             const char *cgroups_path, const char *template_dir,
                             const char *net_hook, const char *const *networks,
                             uintptr_t warn_handle, uint32_t flags, ctrun_config **ret,
                             ctrun_error **err) {
  ctrun_domain_xml_options o = CTRUN_DOMAIN_XML_OPTIONS_INIT;
  o.rootfs = rootfs;
  o.cgroups_path = cgroups_path;
  o.template_dir = template_dir;
  o.net_hook = net_hook;
  o.networks = networks;
  o.flags = flags;
  if (warn_handle) {
    o.warn = ctrun_go_log;
    o.warn_userdata = (void *)warn_handle;
  }
  return ctrun_config_from_domain_xml(xml, len, &o, ret, err);
}

int ctrun_go_create(ctrun_context *ctx, const char *id, const char *bundle, const char *pid_file,
                    const char *console_socket, uint32_t flags, int in, int out, int errfd,
                    ctrun_container **ret, ctrun_error **err) {
  ctrun_create_options o = CTRUN_CREATE_OPTIONS_INIT;
  o.bundle = bundle;
  o.pid_file = pid_file;
  o.console_socket = console_socket;
  o.flags = flags | CTRUN_CREATE_STDIO;
  o.stdio[0] = in;
  o.stdio[1] = out;
  o.stdio[2] = errfd;
  return ctrun_container_create(ctx, id, &o, ret, err);
}

int ctrun_go_exec(ctrun_container *c, const ctrun_process *p, const char *pid_file,
                  const char *console_socket, int in, int out, int errfd, int *ret_pid,
                  ctrun_error **err) {
  ctrun_exec_options o = CTRUN_EXEC_OPTIONS_INIT;
  o.pid_file = pid_file;
  o.console_socket = console_socket;
  o.flags = CTRUN_EXEC_DETACH | CTRUN_EXEC_STDIO;
  o.stdio[0] = in;
  o.stdio[1] = out;
  o.stdio[2] = errfd;
  return ctrun_container_exec(c, p, &o, ret_pid, NULL, err);
}

int ctrun_go_readable(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int n;
  /* Go's signals (SIGURG, SIGCHLD) interrupt even a poll that does not wait */
  while ((n = poll(&p, 1, 0)) < 0 && errno == EINTR)
    ;
  if (n < 0)
    return -errno;
  return n > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

int ctrun_go_reap(int pidfd, int *ret_status) {
  siginfo_t si = {0};
  int r;
  while ((r = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED)) < 0 && errno == EINTR)
    ;
  if (r < 0)
    return -errno;
  *ret_status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
  return 0;
}

int ctrun_go_pidfd_open(int pid) {
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  return fd < 0 ? -errno : fd;
}

int ctrun_go_pidfd_signal(int pidfd, int sig) {
  return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}
