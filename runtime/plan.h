/* Everything the container's init needs, computed in the parent before
 * clone, so that the child only makes system calls (it may run inside a
 * multi-threaded program: no malloc, stdio or locks after clone). */
#ifndef CTRUN_RUNTIME_PLAN_H
#define CTRUN_RUNTIME_PLAN_H

#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "runtime/container.h"
#include "runtime/rootfs.h"
#include "runtime/security.h"
#include "spec/error.h"
#include "spec/model.h"

#define PLAN_MAX_JOIN 8

struct ns_join {
  int fd;    /* O_RDONLY|O_CLOEXEC */
  int type;  /* CLONE_NEW* (checked with NS_GET_NSTYPE) */
};

struct plan_rlimit {
  int resource;
  struct rlimit limit;
};

/* struct sched_attr of sched_setattr(2); glibc 2.36 does not declare it */
struct plan_sched_attr {
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
};

struct container_plan {
  /* namespaces */
  unsigned long clone_flags; /* the new namespaces created by clone */
  struct ns_join joins[PLAN_MAX_JOIN]; /* user first */
  size_t n_joins;
  bool new_user, user_ns;  /* a new one / any private one (new or joined) */
  bool new_net, uts_ns, new_time;
  bool new_cgroup;         /* unshared after the parent moved us to the cgroup */
  bool unshare_pid;        /* new pid ns made by the intermediate (fork mode) */
  bool join_pid;           /* needs a fork after setns */
  /* exec: the namespaces of the running init, entered at once with
   * setns(pidfd, flags) (race-free against pid reuse); the fork that a
   * pid namespace needs is made with CLONE_PARENT, so that the process is
   * the runtime's own child and can be waited for */
  bool exec_mode;
  int join_pidfd;          /* the init's pidfd, or -1 */
  int join_flags;          /* CLONE_NEW* of the config's namespaces */
  /* exec into a paused container: the process enters the (frozen) cgroup
   * only after it is ready, as the last step before execve, or it would
   * freeze before it could report */
  bool go_after_ready;
  char *uid_map, *gid_map; /* text for /proc/<pid>/{uid,gid}_map */
  char *timens_offsets;

  /* process */
  char **argv, **envp;
  const char *path_env;       /* PATH of the container env, or the default */
  char exec_path[PATH_MAX];   /* filled in by the child's PATH lookup */
  const char *cwd;
  const char *hostname, *domainname;
  struct plan_rlimit *rlimits;
  size_t n_rlimits;
  uid_t uid;
  gid_t gid;
  gid_t *gids;
  size_t n_gids;
  bool set_groups;
  bool umask_set;
  mode_t umask;
  bool no_new_privs;
  bool personality_set;
  unsigned long personality;
  bool ioprio_set;
  int ioprio;
  bool sched_set;
  struct plan_sched_attr sched;
  /* exec: process.execCPUAffinity.initial, from the first instruction */
  bool affinity_initial_set;
  cpu_set_t affinity_initial;
  const char *lsm_attr_path; /* /proc/thread-self/attr/... */
  char *lsm_attr_value;
  char keyring_name[256]; /* empty: keep the session keyring */
  struct caps_plan caps;
  struct seccomp_plan *seccomp;
  struct rootfs_plan *rootfs;

  /* terminal and fds */
  bool terminal;
  int console_socket; /* connected AF_UNIX stream, or -1 */
  uint64_t console_rows, console_cols;
  unsigned preserve_fds; /* 3 .. 3+n-1 stay open */
  int stdio[3];          /* -1, or CLOEXEC copies the child makes its 0, 1, 2 */

  /* set up by the spawner */
  int sync_fd;  /* child's end of the SOCK_SEQPACKET pair */
  int fifo_fd;  /* exec.fifo, O_RDWR */
  int lock_fd;  /* the runtime's flock'd state directory: the child closes
                 * it at once, or the lock would live as long as the init */

  /* Every fd above the preserved range that the child still needs, sorted
   * (plan_collect_fds, just before clone).  The child closes all the others
   * first thing: other threads of the caller may hold fds without
   * CLOEXEC, or directories of the host, that must never reach the init. */
  int keep_fds[PLAN_MAX_JOIN + 4];
  size_t n_keep_fds;
};

int plan_new(const spec_config *cfg, const char *bundle, const char *id,
             const struct container_create_options *opts, spec_warn_fn warn, void *userdata,
             struct container_plan **ret, ctrun_error **err);
/* An empty plan (every fd -1), for plan_new and the exec plan. */
struct container_plan *plan_alloc(void);
/* The process part of a plan, shared by create and exec: args, env,
 * rlimits, user, scheduling, LSM label, cwd, terminal, capabilities and
 * the container's seccomp profile. */
struct plan_process_options {
  const char *id;
  const char *console_socket;
  int console_socket_fd; /* > 0: used (duplicated) instead of the path */
  bool no_new_keyring;
  unsigned n_listen; /* LISTEN_FDS passed on (create only) */
  const int *stdio;  /* NULL, or fds 0, 1, 2 of the process (duplicated) */
  spec_warn_fn warn;
  void *userdata;
};
int plan_process(const spec_config *cfg, const spec_process *proc,
                 const struct plan_process_options *o, struct container_plan *p,
                 ctrun_error **err);
void plan_free(struct container_plan *p);

/* Fills keep_fds from the fds of the plan (sync, fifo, console socket,
 * namespaces to join).  Call it once they are all open, just before clone. */
void plan_collect_fds(struct container_plan *p);

/* Namespaces part (namespaces.c). */
int plan_namespaces(const spec_config *cfg, struct container_plan *p, ctrun_error **err);

#endif
