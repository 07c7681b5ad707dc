/* The layout of a rootfs plan: everything the child needs, computed and
 * allocated by the parent (rootfs-plan.c), read-only in the child.  Paths
 * inside the rootfs are kept relative ("dev/pts", "" is the root itself) and
 * are resolved from the rootfs directory fd, never from a host path. */
#ifndef CTRUN_RUNTIME_ROOTFS_PLAN_H
#define CTRUN_RUNTIME_ROOTFS_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "runtime/mount-options.h"

enum mount_kind {
  MOUNT_KIND_FS,        /* a new filesystem: fsopen + fsconfig + fsmount */
  MOUNT_KIND_BIND,      /* a clone of a host path (open_tree) */
  MOUNT_KIND_REMOUNT,   /* new attributes/options for what is at the target */
  MOUNT_KIND_CGROUP_V1, /* a tmpfs holding binds of the host's v1 hierarchies */
};

/* One v1 hierarchy (or the hybrid "unified" cgroup2) under the cgroup tmpfs:
 * a bind of host_path at <target>/name, or a symlink name -> link. */
struct cgroup_entry {
  char *name;
  char *host_path;  /* NULL for a symlink */
  char *mount_root; /* the hierarchy's path mounted at host_path ("/" normally) */
  char *link;
  char *controllers; /* v1 superblock options ("memory", "name=systemd"); NULL for cgroup2 */
  bool fresh;        /* new cgroup namespace: mount the hierarchy anew, rooted at the
                        container's own cgroup, instead of binding the host's */
};

struct mount_plan {
  enum mount_kind kind;
  const char *destination; /* as written in the config, for messages */
  char *target;            /* cleaned, relative to the rootfs */
  char *source;            /* bind: host path; fs: the "source" parameter */
  char *fstype;
  struct mount_options opts;
  bool target_is_dir;      /* create a missing target as a directory, else a file */
  unsigned long magic;     /* expected f_type after mounting (proc, sysfs), 0: any */
  bool check_source_magic; /* a bind over /proc must come from a procfs */
  struct cgroup_entry *cgroups;
  size_t n_cgroups;
};

struct device_plan {
  char *target;    /* cleaned, relative to the rootfs */
  char *host_path; /* bound onto an empty file when mknod is not allowed */
  mode_t type;     /* S_IFCHR, S_IFBLK, S_IFIFO */
  dev_t rdev;
  mode_t mode; /* permission bits */
  bool set_owner;
  uid_t uid;
  gid_t gid;
};

struct sysctl_plan {
  char *key;  /* for messages */
  char *path; /* relative to a procfs root: "sys/net/ipv4/ip_forward" */
  char *value;
};

struct rootfs_plan {
  char *rootfs; /* absolute host path of root.path */
  dev_t rootfs_dev;
  ino_t rootfs_ino;
  unsigned long pre_propagation;  /* applied to "/" first: MS_REC|MS_SLAVE or MS_PRIVATE */
  unsigned long root_propagation; /* rootfsPropagation, applied after pivot; 0: none */
  bool readonly, no_pivot, new_user_ns, terminal;
  /* no mount namespace: the container shares the runtime's mounts, so
   * nothing is mounted (it would land on the host); only a chroot */
  bool chroot_only;

  struct mount_plan *mounts;
  size_t n_mounts;

  bool dev_is_tmpfs; /* the config mounts a tmpfs on /dev: defaults go there */
  struct device_plan *devices;
  size_t n_devices;

  char *proc_target; /* where the config mounts proc ("proc"), NULL: none */
  struct sysctl_plan *sysctls;
  size_t n_sysctls;

  char **masked;
  size_t n_masked;
  char **readonly_paths;
  size_t n_readonly;
};

/* Lexically cleans an absolute container path into the relative form used
 * in plans ("/dev//pts/." -> "dev/pts", ".." cannot climb above "/").
 * Returns a malloc'd string or NULL (errno) for a relative path. */
char *rootfs_clean_path(const char *path);

#endif
