/* The parent's side of the spawn: one clone (plus one fork inside the child
 * when a pid namespace is joined or a time namespace is made), then the
 * sync protocol of sync.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/child.h"
#include "runtime/fdpass.h"
#include "runtime/procfile.h"
#include "runtime/spawn.h"
#include "runtime/sync.h"
#include "spec/cleanup.h"

static int send_type(int fd, int type, ctrun_error **err) {
  struct sync_msg m;
  memset(&m, 0, sizeof(m));
  m.type = type;
  if (send(fd, &m, sizeof(m), MSG_NOSIGNAL) != (ssize_t)sizeof(m))
    return error_set(err, errno ? errno : EPIPE, "signal the container's init");
  return 0;
}

/* An exit status as text, for "init exited" messages. */
static void describe_status(int status, char *buf, size_t len) {
  if (WIFEXITED(status))
    snprintf(buf, len, "exit status %d", WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    snprintf(buf, len, "killed by signal %d", WTERMSIG(status));
  else
    snprintf(buf, len, "status 0x%x", (unsigned)status);
}

/* Receives one message; an fd that rides along (the seccomp listener,
 * SYNC_READY only) goes to *ret_fd when given, and is closed otherwise. */
static int recv_expect(int fd, pid_t child, int type, const char *step, int *ret_pid,
                       int *ret_exit_code, int *ret_fd, ctrun_error **err) {
  struct sync_msg m;
  int passed;
  ssize_t n = fd_recv(fd, &m, sizeof(m), 0, &passed);
  if (n < 0)
    return error_set(err, errno, "%s: read from the container's process", step);
  if (passed >= 0 && (ret_fd == NULL || m.type != type)) {
    close(passed);
    passed = -1;
  }
  if (n == 0) {
    char what[64] = "exited";
    int status;
    if (child > 0 && waitpid(child, &status, WNOHANG) == child)
      describe_status(status, what, sizeof(what));
    return error_set(err, EPIPE, "%s: the container's process exited early (%s)", step, what);
  }
  if (n != (ssize_t)sizeof(m))
    return error_set(err, EPROTO, "%s: short message from the container's process", step);
  m.err.message[sizeof(m.err.message) - 1] = '\0';
  if (m.type == SYNC_ERROR) {
    if (ret_exit_code)
      *ret_exit_code = m.exit_code;
    return error_set(err, m.err.errnum, "%s", m.err.message);
  }
  if (m.type != type)
    return error_set(err, EPROTO, "%s: unexpected message %d from the container's process", step,
                     m.type);
  if (ret_pid)
    *ret_pid = m.pid;
  if (ret_fd)
    *ret_fd = passed;
  return 0;
}

int spawn_write_maps(pid_t pid, const struct container_plan *p, ctrun_error **err) {
  int r;
  /* an unprivileged runtime may only map its own gid after denying
   * setgroups; root keeps setgroups for process.user.additionalGids */
  if (geteuid() != 0 && (r = proc_write(pid, "setgroups", "deny", err)) < 0)
    return r;
  if (p->uid_map && p->uid_map[0] && (r = proc_write(pid, "uid_map", p->uid_map, err)) < 0)
    return error_prefix(err, r, "linux.uidMappings");
  if (p->gid_map && p->gid_map[0] && (r = proc_write(pid, "gid_map", p->gid_map, err)) < 0)
    return error_prefix(err, r, "linux.gidMappings");
  return 0;
}

int spawn_init(struct container_plan *p, spawn_before_go_fn before_go, void *userdata,
               struct spawn_result *ret, int *ret_exit_code, ctrun_error **err) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return error_set(err, errno, "socketpair");
  _cleanup_close_ int parent_fd = sv[0];
  p->sync_fd = sv[1];
  plan_collect_fds(p);

  int pidfd = -1;
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.flags = p->clone_flags | CLONE_PIDFD;
  args.pidfd = (uint64_t)(uintptr_t)&pidfd;
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid < 0)
    return error_set(err, errno, "clone the container's init (flags 0x%lx)", p->clone_flags);
  if (pid == 0) {
    close(sv[0]);
    child_main(p);
  }
  close(p->sync_fd);
  p->sync_fd = -1;

  struct spawn_result res = {.pid = (pid_t)pid, .pidfd = pidfd, .direct_child = true,
                             .notify_fd = -1};
  int r;
  if (p->join_pid || p->new_time) {
    int init_pid = 0;
    r = recv_expect(parent_fd, res.pid, SYNC_STAGE1, "enter namespaces", NULL, NULL, NULL, err);
    if (r == 0 && p->timens_offsets)
      r = proc_write(res.pid, "timens_offsets", p->timens_offsets, err);
    if (r == 0)
      r = send_type(parent_fd, SYNC_GO1, err);
    if (r == 0)
      r = recv_expect(parent_fd, res.pid, SYNC_PID, "fork the process", &init_pid, NULL, NULL,
                      err);
    int status;
    waitpid(res.pid, &status, 0);
    close(res.pidfd);
    res.pidfd = -1;
    if (r < 0)
      return r;
    res.pid = init_pid;
    res.direct_child = p->exec_mode;
    res.pidfd = (int)syscall(SYS_pidfd_open, init_pid, 0);
    if (res.pidfd < 0)
      return error_set(err, errno, "pidfd_open %d", init_pid);
  }
  /* from here the caller owns the init: on failure it kills it */
  *ret = res;
  if (p->new_user && (r = spawn_write_maps(res.pid, p, err)) < 0)
    return r;
  if (!p->go_after_ready && before_go && (r = before_go(res.pid, userdata, err)) < 0)
    return r;
  if ((r = send_type(parent_fd, SYNC_GO, err)) < 0)
    return r;
  r = recv_expect(parent_fd, res.direct_child ? res.pid : 0, SYNC_READY,
                  p->exec_mode ? "set up the process" : "set up the container", NULL,
                  ret_exit_code, &ret->notify_fd, err);
  if (r < 0 || !p->go_after_ready)
    return r;
  if (before_go && (r = before_go(res.pid, userdata, err)) < 0)
    return r;
  return send_type(parent_fd, SYNC_GO, err);
}

void spawn_kill(struct spawn_result *s) {
  if (s->pid <= 0)
    return;
  if (s->pidfd >= 0)
    syscall(SYS_pidfd_send_signal, s->pidfd, SIGKILL, NULL, 0);
  if (s->direct_child) {
    int status;
    while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
      ;
  }
  if (s->pidfd >= 0)
    close(s->pidfd);
  if (s->notify_fd >= 0)
    close(s->notify_fd);
  s->pidfd = s->notify_fd = -1;
  s->pid = 0;
}
