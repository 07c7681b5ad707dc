/* The container's filesystem: rootfs, mounts, /dev, console, pivot, masked
 * and readonly paths, sysctl.  Planned in the parent from the model, carried
 * out in the child with async-signal-safe calls only. */
#ifndef CTRUN_RUNTIME_ROOTFS_H
#define CTRUN_RUNTIME_ROOTFS_H

#include <stdbool.h>

#include "runtime/sigsafe.h"
#include "spec/error.h"
#include "spec/model.h"

struct rootfs_plan;

struct rootfs_options {
  const char *bundle;  /* absolute bundle directory; root.path is relative to it */
  bool no_pivot;       /* --no-pivot: MS_MOVE + chroot */
  bool new_mount_ns;   /* the container has its own mount namespace */
  bool new_user_ns;    /* mounts happen inside a new user namespace */
  bool terminal;       /* process.terminal: set up /dev/console from a new pty */
};

/* Parent, before clone: resolves root.path, opens what can be opened (the
 * rootfs directory as O_PATH, bind sources), turns each mount into flags,
 * propagation and data, and allocates every buffer the child will need. */
int rootfs_plan_new(const spec_config *cfg, const struct rootfs_options *opts,
                    struct rootfs_plan **ret, ctrun_error **err);
void rootfs_plan_free(struct rootfs_plan *p);

/* Child, in its new mount namespace (and user namespace, mapped), before it
 * drops privileges.  In order: rootfsPropagation, the rootfs bind, each mount
 * (targets resolved inside the rootfs with openat2 RESOLVE_IN_ROOT), /dev
 * devices and symlinks, linux.devices, the console (when terminal: a pty from
 * the container's devpts; *ret_console_master gets the master fd, and the
 * slave becomes fds 0-2 and /dev/console), pivot_root (or chroot), sysctl,
 * maskedPaths, readonlyPaths, root.readonly.  Returns 0, or a negative errno
 * with e filled in naming the step and the path. */
int rootfs_setup_child(const struct rootfs_plan *p, int *ret_console_master,
                       struct child_error *e);
/* exec with a terminal, in the container's mount namespace: a pty from the
 * container's devpts (opened by fd from its root, as above), the slave on
 * fds 0-2 as the controlling terminal; *ret_master gets the master. */
int console_setup_exec(int *ret_master, struct child_error *e);

#endif
