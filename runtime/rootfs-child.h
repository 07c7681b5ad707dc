/* The steps of rootfs_setup_child, one file each; all run in the child
 * (async-signal-safe) with root_fd the O_PATH fd of the container's rootfs
 * mount, before pivot_root. */
#ifndef CTRUN_RUNTIME_ROOTFS_CHILD_H
#define CTRUN_RUNTIME_ROOTFS_CHILD_H

#include "runtime/rootfs-plan.h"
#include "runtime/sigsafe.h"

int mount_apply(const struct rootfs_plan *p, const struct mount_plan *m, int root_fd,
                struct child_error *e);
/* tmpcopyup: copies the directory at target_fd into the detached tmpfs
 * mnt_fd before it is attached over it */
int mount_copyup(int target_fd, int mnt_fd, const char *destination, struct child_error *e);
/* linux.devices, the default devices and the /dev symlinks */
int dev_setup(const struct rootfs_plan *p, int root_fd, struct child_error *e);
/* a pty from the container's devpts: the slave becomes /dev/console and fds 0-2 */
int console_setup(int root_fd, int *ret_master, struct child_error *e);
int sysctl_apply(const struct rootfs_plan *p, int root_fd, struct child_error *e);
int masked_paths_apply(const struct rootfs_plan *p, int root_fd, struct child_error *e);
int readonly_paths_apply(const struct rootfs_plan *p, int root_fd, struct child_error *e);

#endif
