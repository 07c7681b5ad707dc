/* type "cgroup" on a cgroup v1 (or hybrid) host: a tmpfs at the target with,
 * for each of the host's hierarchies (and the hybrid "unified" cgroup2), a
 * bind of the container's own cgroup in it, as runc does without a cgroup
 * namespace: /sys/fs/cgroup/memory/memory.limit_in_bytes inside is the
 * container's limit, and the rest of the host's tree stays out of sight. */
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

/* Child: fills the tmpfs mounted at target_fd.  The init must be in its
 * cgroups already (it reads /proc/self/cgroup). */
int rootfs_cgroup_populate(const struct mount_plan *m, int target_fd, struct child_error *e);

#endif
