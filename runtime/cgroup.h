/* Cgroups behind one interface; cgroup-v1.c and cgroup-v2.c implement it,
 * chosen per host (hybrid hosts use v1 for the controllers). */
#ifndef CTRUN_RUNTIME_CGROUP_H
#define CTRUN_RUNTIME_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec/error.h"
#include "spec/model.h"

struct cgroup_manager;
struct cgroup;

/* root: where the hierarchies are mounted ("/sys/fs/cgroup"; tests redirect
 * it).  mode: "auto", "v1" or "v2" (auto detects from statfs of root). */
int cgroup_manager_new(const char *root, const char *mode,
                       struct cgroup_manager **ret, ctrun_error **err);
void cgroup_manager_free(struct cgroup_manager *m);
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

/* Creates the directories (remembering which ones it created), refuses a
 * pre-existing cgroup that already holds processes, applies resources. */
int cgroup_create(struct cgroup *cg, const spec_resources *res, ctrun_error **err);
/* Moves pid into the cgroup in every hierarchy. */
int cgroup_enter(struct cgroup *cg, pid_t pid, ctrun_error **err);
/* For the child to join by itself: an fd of each cgroup.procs, opened
 * O_WRONLY|O_CLOEXEC in the parent (n <= max); -1 terminated. */
int cgroup_open_procs(struct cgroup *cg, int *fds, int max, ctrun_error **err);
int cgroup_update(struct cgroup *cg, const spec_resources *res, ctrun_error **err);
int cgroup_freeze(struct cgroup *cg, bool frozen, ctrun_error **err);
/* Kills every process left in the cgroup (SIGKILL) and waits until empty. */
int cgroup_kill_all(struct cgroup *cg, int sig, ctrun_error **err);
int cgroup_pids(struct cgroup *cg, pid_t **ret, size_t *ret_n, ctrun_error **err);
/* Removes the directories this runtime created, leaf first; never others. */
int cgroup_destroy(struct cgroup *cg, ctrun_error **err);
/* Path of the cgroup inside the unified/v1 hierarchy (for the cgroup ns). */
const char *cgroup_path(const struct cgroup *cg);

#endif
