/* type "cgroup" on a cgroup v1 (or hybrid) host: a tmpfs at the target with
 * a read-only bind of each of the host's hierarchies (and of the hybrid
 * "unified" cgroup2), as runc does without a cgroup namespace. */
#ifndef CTRUN_RUNTIME_ROOTFS_CGROUP_H
#define CTRUN_RUNTIME_ROOTFS_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/rootfs-plan.h"
#include "runtime/sigsafe.h"
#include "spec/error.h"

/* Parent: the hierarchies mounted directly under /sys/fs/cgroup (from
 * /proc/self/mountinfo) and the symlinks next to them ("cpu" ->
 * "cpu,cpuacct"). */
/* fresh: the container has its own cgroup namespace (see cgroup_entry). */
int rootfs_cgroup_entries(bool fresh, struct cgroup_entry **ret, size_t *ret_n,
                          ctrun_error **err);
void rootfs_cgroup_entries_free(struct cgroup_entry *v, size_t n);

/* Child: fills the tmpfs mounted at target_fd. */
int rootfs_cgroup_populate(const struct mount_plan *m, int target_fd, struct child_error *e);

#endif
