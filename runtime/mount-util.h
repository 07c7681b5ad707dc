/* Mount primitives on fds for the child (new mount API: open_tree,
 * fsopen/fsconfig/fsmount, mount_setattr, move_mount).  No mount here takes
 * a path inside the rootfs: targets are O_PATH fds resolved by pathres.
 * Async-signal-safe; each returns an fd or 0, or -errno. */
#ifndef CTRUN_RUNTIME_MOUNT_UTIL_H
#define CTRUN_RUNTIME_MOUNT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/mount-options.h"

/* A detached copy of the mount at dirfd/path (path "" = dirfd itself),
 * with the mounts below it when recursive. */
int mnt_clone(int dirfd, const char *path, bool recursive);

/* mount_setattr on the mount fd refers to (AT_EMPTY_PATH). */
int mnt_setattr(int mnt_fd, bool recursive, uint64_t set, uint64_t clr, unsigned long propagation);

/* Attaches mnt_fd (a detached mount) on top of target_fd. */
int mnt_move(int mnt_fd, int target_fd);

/* A new detached filesystem.  On failure the kernel's own explanation, if
 * any, is copied into msg (msglen bytes, NUL-terminated, may be empty). */
int mnt_fs_create(const char *fstype, const char *source, const struct fs_param *params,
                  size_t n_params, uint64_t attrs, char *msg, size_t msglen);

/* New filesystem parameters for the superblock under target_fd (fspick). */
int mnt_fs_reconfigure(int target_fd, const struct fs_param *params, size_t n_params, char *msg,
                       size_t msglen);

/* f_type of the filesystem of fd, or -errno. */
long mnt_fs_magic(int fd);

#endif
