/* The model -> the init's plan (everything but the namespaces, which are in
 * namespaces.c).  Every string and array the child uses is allocated here. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "runtime/plan.h"
#include "spec/cleanup.h"
#include "spec/names.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

void plan_free(struct container_plan *p) {
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->n_joins; i++)
    if (p->joins[i].fd >= 0)
      close(p->joins[i].fd);
  free(p->uid_map);
  free(p->gid_map);
  free(p->timens_offsets);
  strv_free(p->argv);
  strv_free(p->envp);
  free(p->rlimits);
  free(p->gids);
  free(p->lsm_attr_value);
  seccomp_plan_free(p->seccomp);
  rootfs_plan_free(p->rootfs);
  if (p->console_socket >= 0)
    close(p->console_socket);
  if (p->fifo_fd >= 0)
    close(p->fifo_fd);
  if (p->join_pidfd >= 0)
    close(p->join_pidfd);
  if (p->sync_fd >= 0)
    close(p->sync_fd);
  for (int i = 0; i < 3; i++)
    if (p->stdio[i] >= 0)
      close(p->stdio[i]);
  free(p);
}

static void keep_fd(struct container_plan *p, int fd) {
  if (fd < 3 + (int)p->preserve_fds || p->n_keep_fds >= ARRAY_SIZE(p->keep_fds))
    return; /* stdio and the preserved range are kept anyway */
  size_t i = p->n_keep_fds;
  for (; i > 0 && p->keep_fds[i - 1] >= fd; i--)
    if (p->keep_fds[i - 1] == fd)
      return;
  memmove(&p->keep_fds[i + 1], &p->keep_fds[i], (p->n_keep_fds - i) * sizeof(int));
  p->keep_fds[i] = fd;
  p->n_keep_fds++;
}

void plan_collect_fds(struct container_plan *p) {
  p->n_keep_fds = 0;
  keep_fd(p, p->sync_fd);
  keep_fd(p, p->fifo_fd);
  keep_fd(p, p->console_socket);
  keep_fd(p, p->join_pidfd);
  /* (stdio copies: moved to 0..2 before the child closes the rest) */
  for (size_t i = 0; i < p->n_joins; i++)
    keep_fd(p, p->joins[i].fd);
}

static char **strv_copy(const strv_t *v, size_t extra) {
  char **out = calloc(v->n + extra + 1, sizeof(char *));
  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < v->n; i++) {
    out[i] = strdup(v->items[i]);
    if (out[i] == NULL) {
      strv_free(out);
      return NULL;
    }
  }
  return out;
}

/* systemd socket activation, as runc does: when LISTEN_FDS is meant for us,
 * those fds are passed on and the container sees LISTEN_PID=1. */
static unsigned listen_fds(void) {
  const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
  if (pid == NULL || fds == NULL || atoi(pid) != getpid())
    return 0;
  int n = atoi(fds);
  return n > 0 ? (unsigned)n : 0;
}

/* The LISTEN_FDS range comes from the environment and is not checked with
 * --preserve-fds before the state fds are opened: a hole in it may by now
 * hold an fd of ours (the state root), which must never reach the container.
 * Inherited fds survived an exec, so one with close-on-exec set is ours. */
static int check_listen_fds(unsigned preserved, unsigned n_listen, ctrun_error **err) {
  for (unsigned fd = 3 + preserved; fd < 3 + preserved + n_listen; fd++) {
    int flags = fcntl((int)fd, F_GETFD);
    if (flags < 0 || (flags & FD_CLOEXEC))
      return error_set(err, EBADF, "LISTEN_FDS=%u: fd %u is not an inherited open fd", n_listen, fd);
  }
  return 0;
}

static int plan_env(const spec_process *proc, struct container_plan *p, unsigned n_listen,
                    ctrun_error **err) {
  p->envp = strv_copy(&proc->env, n_listen ? 2 : 0);
  if (p->envp == NULL)
    return error_set(err, ENOMEM, "process.env");
  if (n_listen) {
    size_t n = proc->env.n;
    if (asprintf(&p->envp[n], "LISTEN_FDS=%u", n_listen) < 0 ||
        (p->envp[n + 1] = strdup("LISTEN_PID=1")) == NULL)
      return error_set(err, ENOMEM, "process.env");
  }
  p->path_env = DEFAULT_PATH;
  for (char **e = p->envp; *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0)
      p->path_env = *e + 5;
  return 0;
}

static int plan_rlimits(const spec_process *proc, struct container_plan *p, ctrun_error **err) {
  if (proc->n_rlimits == 0)
    return 0;
  p->rlimits = calloc(proc->n_rlimits, sizeof(*p->rlimits));
  if (p->rlimits == NULL)
    return error_set(err, ENOMEM, "process.rlimits");
  for (size_t i = 0; i < proc->n_rlimits; i++) {
    const spec_rlimit *rl = &proc->rlimits[i];
    int res;
    if (rl->type == NULL || !spec_rlimit_value(rl->type, &res))
      return error_set(err, EINVAL, "process.rlimits[%zu].type: unknown rlimit \"%s\"", i,
                       rl->type ? rl->type : "");
    p->rlimits[i].resource = res;
    p->rlimits[i].limit.rlim_cur = rl->soft;
    p->rlimits[i].limit.rlim_max = rl->hard;
  }
  p->n_rlimits = proc->n_rlimits;
  return 0;
}

static int plan_user(const spec_process *proc, struct container_plan *p, ctrun_error **err) {
  p->uid = proc->user.uid;
  p->gid = proc->user.gid;
  p->set_groups = true;
  if (proc->user.n_additional_gids > 0) {
    p->gids = calloc(proc->user.n_additional_gids, sizeof(gid_t));
    if (p->gids == NULL)
      return error_set(err, ENOMEM, "process.user.additionalGids");
    for (size_t i = 0; i < proc->user.n_additional_gids; i++)
      p->gids[i] = proc->user.additional_gids[i];
    p->n_gids = proc->user.n_additional_gids;
  }
  if (proc->user.umask.set) {
    p->umask_set = true;
    p->umask = (mode_t)(proc->user.umask.value & 07777);
  }
  return 0;
}

static const struct name_value ioprio_classes[] = {
    {"IOPRIO_CLASS_RT", 1}, {"IOPRIO_CLASS_BE", 2}, {"IOPRIO_CLASS_IDLE", 3}};
static const struct name_value sched_policies[] = {
    {"SCHED_OTHER", 0}, {"SCHED_FIFO", 1}, {"SCHED_RR", 2},    {"SCHED_BATCH", 3},
    {"SCHED_ISO", 4},   {"SCHED_IDLE", 5}, {"SCHED_DEADLINE", 6}};
static const struct name_value sched_flags[] = {
    {"SCHED_FLAG_RESET_ON_FORK", 0x01}, {"SCHED_FLAG_RECLAIM", 0x02},
    {"SCHED_FLAG_DL_OVERRUN", 0x04},    {"SCHED_FLAG_KEEP_POLICY", 0x08},
    {"SCHED_FLAG_KEEP_PARAMS", 0x10},   {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
    {"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40}};

static bool lookup(const struct name_value *t, size_t n, const char *name, int64_t *ret) {
  for (size_t i = 0; name && i < n; i++)
    if (strcmp(t[i].name, name) == 0) {
      *ret = t[i].value;
      return true;
    }
  return false;
}

static int plan_sched_io(const spec_config *cfg, const spec_process *proc,
                         struct container_plan *p, ctrun_error **err) {
  int64_t v;
  if (proc->io_priority.present) {
    if (!lookup(ioprio_classes, ARRAY_SIZE(ioprio_classes), proc->io_priority.class_, &v))
      return error_set(err, EINVAL, "process.ioPriority.class: unknown class \"%s\"",
                       proc->io_priority.class_ ? proc->io_priority.class_ : "");
    p->ioprio_set = true;
    p->ioprio = (int)(v << 13 | (proc->io_priority.priority & 0x1fff));
  }
  const spec_scheduler *s = &proc->scheduler;
  if (s->present) {
    if (!lookup(sched_policies, ARRAY_SIZE(sched_policies), s->policy, &v))
      return error_set(err, EINVAL, "process.scheduler.policy: unknown policy \"%s\"",
                       s->policy ? s->policy : "");
    p->sched_set = true;
    p->sched.size = sizeof(p->sched);
    p->sched.sched_policy = (uint32_t)v;
    for (size_t i = 0; i < s->flags.n; i++) {
      if (!lookup(sched_flags, ARRAY_SIZE(sched_flags), s->flags.items[i], &v))
        return error_set(err, EINVAL, "process.scheduler.flags[%zu]: unknown flag \"%s\"", i,
                         s->flags.items[i]);
      p->sched.sched_flags |= (uint64_t)v;
    }
    p->sched.sched_nice = (int32_t)s->nice.value;
    p->sched.sched_priority = (uint32_t)s->priority.value;
    p->sched.sched_runtime = s->runtime.value;
    p->sched.sched_deadline = s->deadline.value;
    p->sched.sched_period = s->period.value;
  }
  if (cfg->linux_.personality.present) {
    const char *d = cfg->linux_.personality.domain;
    if (d && strcmp(d, "LINUX") == 0)
      p->personality = PER_LINUX;
    else if (d && strcmp(d, "LINUX32") == 0)
      p->personality = PER_LINUX32;
    else
      return error_set(err, EINVAL, "linux.personality.domain: unknown domain \"%s\"",
                       d ? d : "");
    p->personality_set = true;
  }
  return 0;
}

static bool file_starts_with(const char *path, char c) {
  _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
  char buf[1];
  return fd >= 0 && read(fd, buf, 1) == 1 && buf[0] == c;
}

/* AppArmor and SELinux are applied by writing the exec attribute; a label
 * asked for on a host without that LSM is an error, not a silent no-op. */
static int plan_lsm(const spec_process *proc, struct container_plan *p, ctrun_error **err) {
  if (proc->apparmor_profile && proc->apparmor_profile[0]) {
    if (!file_starts_with("/sys/module/apparmor/parameters/enabled", 'Y'))
      return error_set(err, EOPNOTSUPP,
                       "process.apparmorProfile \"%s\": AppArmor is not enabled on this host",
                       proc->apparmor_profile);
    p->lsm_attr_path = access("/proc/self/attr/apparmor/exec", F_OK) == 0
                           ? "/proc/thread-self/attr/apparmor/exec"
                           : "/proc/thread-self/attr/exec";
    if (asprintf(&p->lsm_attr_value, "exec %s", proc->apparmor_profile) < 0)
      return error_set(err, ENOMEM, "process.apparmorProfile");
  }
  if (proc->selinux_label && proc->selinux_label[0]) {
    if (access("/sys/fs/selinux/enforce", F_OK) < 0)
      return error_set(err, EOPNOTSUPP,
                       "process.selinuxLabel \"%s\": SELinux is not enabled on this host",
                       proc->selinux_label);
    if (p->lsm_attr_value)
      return error_set(err, EINVAL, "process: both apparmorProfile and selinuxLabel are set");
    p->lsm_attr_path = "/proc/thread-self/attr/exec";
    p->lsm_attr_value = strdup(proc->selinux_label);
    if (p->lsm_attr_value == NULL)
      return error_set(err, ENOMEM, "process.selinuxLabel");
  }
  return 0;
}

static int connect_console_socket(const char *path, int *ret, ctrun_error **err) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof(addr.sun_path))
    return error_set(err, ENAMETOOLONG, "console socket %s", path);
  strcpy(addr.sun_path, path);
  _cleanup_close_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return error_set(err, errno, "console socket %s", path);
  if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
    return error_set(err, errno, "connect to console socket %s", path);
  *ret = TAKE_FD(fd);
  return 0;
}

struct container_plan *plan_alloc(void) {
  struct container_plan *p = calloc(1, sizeof(*p));
  if (p)
    p->console_socket = p->fifo_fd = p->sync_fd = p->lock_fd = p->join_pidfd = p->stdio[0] =
        p->stdio[1] = p->stdio[2] = -1;
  return p;
}

/* The caller's stdio fds, copied above the preserved range (the child
 * moves them to 0, 1, 2 first thing): the caller may close its own as soon
 * as create or exec returns. */
static int plan_stdio(const int stdio[3], struct container_plan *p, ctrun_error **err) {
  static const char *const names[] = {"stdin", "stdout", "stderr"};
  if (p->terminal)
    return 0; /* the pty is its stdio (as libcontainer's Process does) */
  for (int i = 0; i < 3; i++) {
    p->stdio[i] = fcntl(stdio[i], F_DUPFD_CLOEXEC, 3 + (int)p->preserve_fds);
    if (p->stdio[i] < 0)
      return error_set(err, errno, "stdio[%d] (the process's %s): fd %d", i, names[i], stdio[i]);
  }
  return 0;
}

int plan_process(const spec_config *cfg, const spec_process *proc,
                 const struct plan_process_options *o, struct container_plan *p,
                 ctrun_error **err) {
  if (proc->args.n == 0)
    return error_set(err, EINVAL, "process.args: must not be empty");
  p->argv = strv_copy(&proc->args, 0);
  if (p->argv == NULL)
    return error_set(err, ENOMEM, "process.args");
  int r;
  if ((r = plan_env(proc, p, o->n_listen, err)) < 0 || (r = plan_rlimits(proc, p, err)) < 0 ||
      (r = plan_user(proc, p, err)) < 0 || (r = plan_sched_io(cfg, proc, p, err)) < 0 ||
      (r = plan_lsm(proc, p, err)) < 0)
    return r;
  p->cwd = proc->cwd && proc->cwd[0] ? proc->cwd : "/";
  p->no_new_privs = proc->no_new_privileges.set && proc->no_new_privileges.value;
  if (!o->no_new_keyring)
    snprintf(p->keyring_name, sizeof(p->keyring_name), "_ses.%s", o->id);
  p->terminal = proc->terminal.set && proc->terminal.value;
  if (p->terminal) {
    if (o->console_socket_fd > 0) {
      p->console_socket = fcntl(o->console_socket_fd, F_DUPFD_CLOEXEC, 3);
      if (p->console_socket < 0)
        return error_set(err, errno, "console socket fd %d", o->console_socket_fd);
    } else if (o->console_socket == NULL) {
      return error_set(err, EINVAL, "process.terminal: a terminal needs --console-socket");
    } else if ((r = connect_console_socket(o->console_socket, &p->console_socket, err)) < 0) {
      return r;
    }
    if (proc->console_size.set) {
      p->console_rows = proc->console_size.height;
      p->console_cols = proc->console_size.width;
    }
  }
  if ((r = caps_plan_init(&proc->capabilities, &p->caps, err)) < 0)
    return r;
  if (o->stdio && (r = plan_stdio(o->stdio, p, err)) < 0)
    return r;
  if (cfg->linux_.present && cfg->linux_.seccomp.present &&
      (r = seccomp_plan_new(&cfg->linux_.seccomp, o->warn, o->userdata, &p->seccomp, err)) < 0)
    return r;
  return 0;
}

int plan_new(const spec_config *cfg, const char *bundle, const char *id,
             const struct container_create_options *opts, spec_warn_fn warn, void *userdata,
             struct container_plan **ret, ctrun_error **err) {
  const spec_process *proc = cfg->process;
  if (proc == NULL)
    return error_set(err, EINVAL, "process: a container needs a process to create");
  struct container_plan *p = plan_alloc();
  if (p == NULL)
    return error_set(err, ENOMEM, "plan");
  int r = plan_namespaces(cfg, p, err);
  if (r < 0)
    goto fail;
  unsigned n_listen = listen_fds();
  p->preserve_fds = opts->preserve_fds + n_listen;
  if ((r = check_listen_fds(opts->preserve_fds, n_listen, err)) < 0)
    goto fail;
  struct plan_process_options po = {.id = id, .console_socket = opts->console_socket,
                                    .console_socket_fd = opts->console_socket_fd,
                                    .no_new_keyring = opts->no_new_keyring, .n_listen = n_listen,
                                    .stdio = opts->stdio,
                                    .warn = warn, .userdata = userdata};
  if ((r = plan_process(cfg, proc, &po, p, err)) < 0)
    goto fail;
  /* never the host's: without a private UTS namespace (where an empty
   * hostname is accepted, see namespaces.c) nothing is set */
  p->hostname = p->uts_ns ? cfg->hostname : NULL;
  p->domainname = p->uts_ns ? cfg->domainname : NULL;
  bool new_mount = (p->clone_flags & CLONE_NEWNS) != 0;
  for (size_t i = 0; i < p->n_joins; i++)
    if (p->joins[i].type == CLONE_NEWNS)
      new_mount = true;
  struct rootfs_options ro = {
      .bundle = bundle,
      .no_pivot = opts->no_pivot,
      .new_mount_ns = new_mount,
      .new_user_ns = p->user_ns,
      .terminal = p->terminal,
  };
  if ((r = rootfs_plan_new(cfg, &ro, &p->rootfs, err)) < 0)
    goto fail;
  *ret = p;
  return 0;
fail:
  plan_free(p);
  return r;
}
