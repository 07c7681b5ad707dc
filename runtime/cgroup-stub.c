/* Placeholder until runtime/cgroup*.c lands; the cgroup owner deletes this file. */
#include "config.h"
#include <errno.h>
#include "runtime/cgroup.h"
#define NI(err) error_set(err, ENOSYS, "cgroup: not implemented yet")
int cgroup_manager_new(const char *root, const char *mode, struct cgroup_manager **ret, ctrun_error **err) { return NI(err); }
void cgroup_manager_free(struct cgroup_manager *m) {}
bool cgroup_manager_is_v2(const struct cgroup_manager *m) { return false; }
int cgroup_new(struct cgroup_manager *m, const char *p, const char *id, struct cgroup **ret, ctrun_error **err) { return NI(err); }
void cgroup_free(struct cgroup *cg) {}
int cgroup_record(const struct cgroup *cg, char **ret, ctrun_error **err) { return NI(err); }
int cgroup_from_record(struct cgroup_manager *m, const char *r, struct cgroup **ret, ctrun_error **err) { return NI(err); }
int cgroup_create(struct cgroup *cg, const spec_resources *res, ctrun_error **err) { return NI(err); }
int cgroup_enter(struct cgroup *cg, pid_t pid, ctrun_error **err) { return NI(err); }
int cgroup_open_procs(struct cgroup *cg, int *fds, int max, ctrun_error **err) { return NI(err); }
int cgroup_update(struct cgroup *cg, const spec_resources *res, ctrun_error **err) { return NI(err); }
int cgroup_freeze(struct cgroup *cg, bool frozen, ctrun_error **err) { return NI(err); }
int cgroup_kill_all(struct cgroup *cg, int sig, ctrun_error **err) { return NI(err); }
int cgroup_pids(struct cgroup *cg, pid_t **ret, size_t *n, ctrun_error **err) { return NI(err); }
int cgroup_destroy(struct cgroup *cg, ctrun_error **err) { return NI(err); }
const char *cgroup_path(const struct cgroup *cg) { return ""; }
