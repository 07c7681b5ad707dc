/* container_exec: a new process in an existing container.  It is planned
 * like the init (plan_process), but instead of making namespaces and a
 * rootfs it enters those of the running init with one setns(pidfd) and
 * goes straight to exec. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/affinity.h"
#include "runtime/cgroup.h"
#include "runtime/handle.h"
#include "runtime/log.h"
#include "runtime/plan.h"
#include "runtime/procfile.h"
#include "runtime/spawn.h"
#include "spec/cleanup.h"
#include "spec/names.h"
#include "spec/spec.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct execution {
  const struct container_context *ctx;
  const char *id;
  struct handle h;
  bool h_open;
  spec_config *cfg;
  const spec_process *proc;
  struct cgroup_manager *cgm;
  struct cgroup *cg;
  struct container_plan *plan;
  struct spawn_result child;
  bool paused;
  bool affinity_final_set; /* process.execCPUAffinity.final */
  cpu_set_t affinity_final;
};

static void warn_cb(const char *message, void *userdata) {
  ctx_log(userdata, CONTAINER_LOG_WARNING, "%s", message);
}

/* Every namespace the config names is one the init is in: enter them all
 * through its pidfd.  A pid or time namespace applies to children only,
 * hence the fork (spawn.c). */
static int plan_exec_namespaces(const spec_config *cfg, struct container_plan *p,
                                ctrun_error **err) {
  for (size_t i = 0; i < cfg->linux_.n_namespaces; i++) {
    int flag;
    if (!spec_namespace_flag(cfg->linux_.namespaces[i].type, &flag))
      return error_set(err, EINVAL, "linux.namespaces[%zu].type: unknown namespace \"%s\"", i,
                       cfg->linux_.namespaces[i].type);
    p->join_flags |= flag;
    if (flag == CLONE_NEWUSER)
      p->user_ns = true;
    if (flag == CLONE_NEWPID || flag == CLONE_NEWTIME)
      p->join_pid = true;
  }
  return 0;
}

static int plan_exec(struct execution *x, const struct container_exec_options *opts, int pidfd,
                     ctrun_error **err) {
  struct container_plan *p = plan_alloc();
  if (p == NULL) {
    close(pidfd);
    return error_set(err, ENOMEM, "plan");
  }
  x->plan = p;
  p->exec_mode = true;
  p->join_pidfd = pidfd;
  p->preserve_fds = opts->preserve_fds;
  int r = plan_exec_namespaces(x->cfg, p, err);
  if (r < 0)
    return r;
  /* process.execCPUAffinity (exec only: the spec leaves the init out) */
  const spec_cpu_affinity *aff = &x->proc->exec_cpu_affinity;
  if (aff->initial && aff->initial[0]) {
    if ((r = affinity_parse(aff->initial, "process.execCPUAffinity.initial",
                            &p->affinity_initial, err)) < 0)
      return r;
    p->affinity_initial_set = true;
  }
  if (aff->final && aff->final[0]) {
    if ((r = affinity_parse(aff->final, "process.execCPUAffinity.final", &x->affinity_final,
                            err)) < 0)
      return r;
    x->affinity_final_set = true;
  }
  struct plan_process_options po = {.id = x->id, .console_socket = opts->console_socket,
                                    .console_socket_fd = opts->console_socket_fd,
                                    .stdio = opts->stdio, .warn = warn_cb, .userdata = (void *)x->ctx};
  return plan_process(x->cfg, x->proc, &po, p, err);
}

/* In the container's namespaces, before it may go on (paused: once it is
 * ready to exec): its cgroup. */
static int before_go(pid_t pid, void *userdata, ctrun_error **err) {
  struct execution *x = userdata;
  int r;
  if (x->cg && (r = cgroup_enter(x->cg, pid, err)) < 0)
    return error_prefix(err, r, "put the process in the container's cgroup");
  /* after the move: entering a cpuset resets the affinity */
  if (x->affinity_final_set &&
      (r = affinity_apply(pid, &x->affinity_final, "process.execCPUAffinity.final",
                          x->proc->exec_cpu_affinity.final, err)) < 0)
    return r;
  if (x->proc->oom_score_adj.set)
    return proc_write_oom_score_adj(pid, x->proc->oom_score_adj.value, err);
  return 0;
}

static int check_status(struct execution *x, bool ignore_paused, ctrun_error **err) {
  const char *status = state_status(x->h.dir_fd, x->h.rec);
  if (strcmp(status, "running") == 0 || strcmp(status, "created") == 0)
    return 0;
  if (strcmp(status, "paused") == 0) {
    if (ignore_paused)
      return x->paused = true, 0;
    return error_set(err, EINVAL,
                     "cannot exec in a paused container %s (use --ignore-paused to override)",
                     x->id);
  }
  return error_set(err, ESRCH, "cannot exec in a %s container %s", status, x->id);
}

static int do_exec(struct execution *x, const struct container_exec_options *opts, int *code,
                   ctrun_error **err) {
  int r = handle_open(x->ctx, x->id, false, &x->h, err);
  if (r < 0)
    return r;
  x->h_open = true;
  if ((r = check_status(x, opts->ignore_paused, err)) < 0 ||
      (r = handle_config(&x->h, &x->cfg, err)) < 0 ||
      (r = handle_cgroup(x->ctx, x->h.rec, &x->cgm, &x->cg, err)) < 0)
    return r;
  int pidfd;
  if ((r = record_pidfd(x->h.rec, &pidfd, err)) < 0)
    return r;
  if ((r = plan_exec(x, opts, pidfd, err)) < 0)
    return r;
  x->plan->go_after_ready = x->paused;
  if ((r = spawn_init(x->plan, before_go, x, &x->child, code, err)) < 0)
    return r;
  if ((r = record_send_seccomp_listener(x->h.rec, &x->cfg->linux_.seccomp, "running",
                                        x->child.pid, &x->child.notify_fd, err)) < 0)
    return r;
  if (opts->pid_file && (r = pid_file_write(opts->pid_file, x->child.pid, err)) < 0)
    return r;
  return 0;
}

int container_exec(const struct container_context *ctx, const char *id, const spec_process *proc,
                   const struct container_exec_options *opts, pid_t *ret_pid, int *ret_pidfd,
                   int *ret_exit_code, ctrun_error **err) {
  static const struct container_exec_options defaults = {0};
  struct execution x = {.ctx = ctx, .id = id, .proc = proc,
                        .child = {.pidfd = -1, .notify_fd = -1}};
  int code = 255;
  if (ret_exit_code)
    *ret_exit_code = code;
  int r = spec_validate_id(id, err);
  if (r < 0)
    return r;
  if (proc == NULL)
    return error_set(err, EINVAL, "exec: no process");
  opts = opts ? opts : &defaults;
  /* before anything is opened: an fd of ours must not land in the range */
  for (unsigned fd = 3; fd < 3 + opts->preserve_fds; fd++)
    if (fcntl((int)fd, F_GETFD) < 0)
      return error_set(err, EBADF, "--preserve-fds %u: fd %u is not open", opts->preserve_fds, fd);
  r = do_exec(&x, opts, &code, err);
  if (r < 0) {
    spawn_kill(&x.child);
    if (ret_exit_code)
      *ret_exit_code = code ? code : 255;
    error_prefix(err, r, "exec in container %s", id);
  } else {
    ctx_log(ctx, CONTAINER_LOG_DEBUG, "exec in container %s: pid %d", id, (int)x.child.pid);
    if (ret_pid)
      *ret_pid = x.child.pid;
    if (ret_pidfd)
      *ret_pidfd = TAKE_FD(x.child.pidfd);
  }
  if (x.child.pidfd >= 0)
    close(x.child.pidfd);
  plan_free(x.plan);
  cgroup_free(x.cg);
  cgroup_manager_free(x.cgm);
  spec_config_free(x.cfg);
  if (x.h_open)
    handle_close(&x.h);
  return r;
}

/* glibc 2.36 does not name it */
#define WAIT_P_PIDFD ((idtype_t)3)

int container_exec_wait(int pidfd, int *ret_exit_code, ctrun_error **err) {
  siginfo_t si;
  memset(&si, 0, sizeof(si));
  int r;
  while ((r = waitid(WAIT_P_PIDFD, (id_t)pidfd, &si, WEXITED)) < 0 && errno == EINTR)
    ;
  if (r < 0)
    return error_set(err, errno, "wait for the exec'd process");
  if (si.si_code == CLD_EXITED)
    *ret_exit_code = si.si_status;
  else
    *ret_exit_code = 128 + si.si_status;
  return 0;
}
