/* Cgroups behind one interface; cgroup-v1.c and cgroup-v2.c implement it,
 * chosen per host (hybrid hosts use v1 for the controllers). */
#ifndef CTRUN_RUNTIME_CGROUP_H
#define CTRUN_RUNTIME_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "spec/error.h"
#include "spec/model.h"

struct cgroup_manager;
struct cgroup;

/* root: where the hierarchies are mounted ("/sys/fs/cgroup"; tests redirect
 * it).  mode: "auto", "v1" or "v2" (auto detects from statfs of root). */
int cgroup_manager_new(const char *root, const char *mode,
                       struct cgroup_manager **ret, ctrun_error **err);
/* Frees m; does nothing for the shared manager. */
void cgroup_manager_free(struct cgroup_manager *m);
/* The hierarchies under /sys/fs/cgroup, found once per process and shared
 * by all threads (cgroup_manager_free leaves it alone).  For operations on
 * existing containers (state, list, kill, delete, update ...), whose
 * records hold absolute directories: they need the mounts, not the
 * caller's own cgroup, which only create uses (cgroup_manager_new). */
int cgroup_manager_shared(struct cgroup_manager **ret, ctrun_error **err);
bool cgroup_manager_is_v2(const struct cgroup_manager *m);

/* Resolves cgroupsPath (absolute, relative to the caller's own cgroup, the
 * systemd "slice:prefix:name" form, or /ctrun/<id> when NULL) without
 * touching the filesystem. */
int cgroup_new(struct cgroup_manager *m, const char *cgroups_path, const char *id,
               struct cgroup **ret, ctrun_error **err);
void cgroup_free(struct cgroup *cg);

/* The record that goes into the container's state, written before the
 * cgroup is created (so delete --force can clean up after a crash), and read
 * back by cgroup_from_record. NUL-terminated text, malloc'd. */
int cgroup_record(const struct cgroup *cg, char **ret, ctrun_error **err);
int cgroup_from_record(struct cgroup_manager *m, const char *record,
                       struct cgroup **ret, ctrun_error **err);

/* Keeps only the hierarchies these resources use (the others become spare,
 * see cgroup_join); no filesystem access.  cgroup_create does it too:
 * call it first when the record is to be made before cgroup_create. */
void cgroup_select(struct cgroup *cg, const spec_resources *res);
/* Every hierarchy, whatever the resources (before cgroup_select): a
 * container with its own cgroup namespace sees each v1 hierarchy from its
 * cgroup in it, not from its creator's. */
void cgroup_join_all(struct cgroup *cg);
/* Creates the directories (remembering which ones it created), refuses a
 * pre-existing cgroup that already holds processes, applies resources. */
int cgroup_create(struct cgroup *cg, const spec_resources *res, ctrun_error **err);
/* Before an update: makes the directories of the spare hierarchies that res
 * uses and moves every process of the container there (frozen meanwhile,
 * so that none forks unseen).  *ret_changed true when it did: the record
 * changed and must be saved again. */
int cgroup_join(struct cgroup *cg, const spec_resources *res, bool *ret_changed,
                ctrun_error **err);
/* Moves pid into the cgroup in every hierarchy. */
int cgroup_enter(struct cgroup *cg, pid_t pid, ctrun_error **err);
/* For the child to join by itself: an fd of each cgroup.procs, opened
 * O_WRONLY|O_CLOEXEC in the parent (n <= max); -1 terminated. */
int cgroup_open_procs(struct cgroup *cg, int *fds, int max, ctrun_error **err);
int cgroup_update(struct cgroup *cg, const spec_resources *res, ctrun_error **err);
int cgroup_freeze(struct cgroup *cg, bool frozen, ctrun_error **err);
/* Whether the cgroup is frozen now (for the "paused" status); added. */
int cgroup_is_frozen(struct cgroup *cg, bool *ret, ctrun_error **err);
/* Kills every process left in the cgroup (SIGKILL) and waits until empty. */
int cgroup_kill_all(struct cgroup *cg, int sig, ctrun_error **err);
int cgroup_pids(struct cgroup *cg, pid_t **ret, size_t *ret_n, ctrun_error **err);
/* Removes the directories this runtime created, leaf first; never others. */
int cgroup_destroy(struct cgroup *cg, ctrun_error **err);
/* Path of the cgroup inside the unified/v1 hierarchy (for the cgroup ns). */
const char *cgroup_path(const struct cgroup *cg);

/* ---- for `events` (runc's stats shapes); added for the events subcommand ---- */
struct cgroup_blkio_entry {
  uint64_t major, minor;
  char op[16]; /* "Read", "Write", "Sync", "Async", "Discard", "Total" */
  uint64_t value;
};
struct cgroup_hugetlb_stats {
  char page_size[16]; /* "2MB" */
  uint64_t usage, max, failcnt;
};
struct cgroup_stats {
  bool has_cpu, has_memory, has_pids, has_blkio;
  uint64_t cpu_total, cpu_user, cpu_kernel; /* nanoseconds */
  uint64_t cpu_periods, cpu_throttled_periods, cpu_throttled_time;
  uint64_t *cpu_percpu; /* nanoseconds, v1 only */
  size_t n_cpu_percpu;
  uint64_t mem_usage, mem_limit, mem_max, mem_failcnt; /* limit: UINT64_MAX = none */
  uint64_t swap_usage, swap_limit;                     /* v1: memory+swap; v2: swap */
  uint64_t mem_cache, mem_rss;
  uint64_t pids_current, pids_limit; /* limit 0 = max */
  struct cgroup_blkio_entry *blkio_bytes, *blkio_ios;
  size_t n_blkio_bytes, n_blkio_ios;
  struct cgroup_hugetlb_stats *hugetlb;
  size_t n_hugetlb;
};
/* Fills *ret (zeroed first); what a hierarchy lacks stays unset (has_* false). */
int cgroup_stats(struct cgroup *cg, struct cgroup_stats *ret, ctrun_error **err);
void cgroup_stats_clear(struct cgroup_stats *st); /* frees the members */
/* How many processes the kernel OOM-killed in the cgroup so far
 * (v1 memory.oom_control oom_kill, v2 memory.events oom_kill). */
int cgroup_oom_kills(struct cgroup *cg, uint64_t *ret, ctrun_error **err);
/* An fd (O_CLOEXEC) that becomes readable when an OOM may have happened: v1
 * an eventfd registered on memory.oom_control, v2 an inotify watch on
 * memory.events.  Drain it with read(fd, buf, >= 4096 bytes), then ask
 * cgroup_oom_kills. */
int cgroup_oom_fd(struct cgroup *cg, int *ret_fd, ctrun_error **err);

#endif
