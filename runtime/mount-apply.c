/* One entry of mounts[] in the child: resolve (or create) the target inside
 * the rootfs, build the mount detached, set its attributes, attach it onto
 * the target fd, then set its propagation. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/pathres.h"
#include "runtime/rootfs-cgroup.h"
#include "runtime/rootfs-child.h"

static const char *what(const struct mount_plan *m) {
  return m->source ? m->source : m->fstype ? m->fstype : "mount";
}

static bool is_sensitive_target(const char *target) {
  return strcmp(target, "proc") == 0 || strcmp(target, "sys") == 0;
}

/* getdents64 on the directory: anything besides "." and ".." means that
 * something in the rootfs would be hidden or could be confused with procfs. */
static int dir_is_empty(int root_fd, const char *target) {
  int fd = pathres_open(root_fd, target, O_RDONLY | O_DIRECTORY, PATHRES_NO_SYMLINKS);
  if (fd < 0)
    return fd;
  char buf[1024] __attribute__((aligned(8)));
  int r = 1;
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    if (n < 0) {
      r = -errno;
      break;
    }
    if (n == 0)
      break;
    for (long off = 0; off < n;) {
      const char *name = buf + off + 19; /* d_ino 8, d_off 8, d_reclen 2, d_type 1 */
      unsigned short reclen;
      memcpy(&reclen, buf + off + 16, sizeof(reclen));
      if (!(name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))))
        r = 0;
      off += reclen;
    }
    if (r == 0)
      break;
  }
  close(fd);
  return r;
}

static int open_target(const struct mount_plan *m, int root_fd, struct child_error *e) {
  bool sensitive = is_sensitive_target(m->target);
  unsigned how = sensitive ? PATHRES_NO_SYMLINKS : 0;
  int fd = m->kind == MOUNT_KIND_REMOUNT ? pathres_open(root_fd, m->target, O_PATH, how)
                                         : pathres_mkpath(root_fd, m->target, m->target_is_dir,
                                                          m->target_is_dir ? 0755 : 0644, how);
  if (fd < 0) {
    if (fd == -ELOOP && sensitive)
      return child_fail(e, ELOOP, "mount %s onto %s: the target is a symlink in the rootfs",
                        what(m), m->destination);
    return child_fail(e, -fd, "mount %s onto %s: resolving the target in the rootfs", what(m),
                      m->destination);
  }
  int type = pathres_fd_type(fd);
  if (m->kind != MOUNT_KIND_REMOUNT && type >= 0 && (type == S_IFDIR) != m->target_is_dir) {
    close(fd);
    return child_fail(e, m->target_is_dir ? ENOTDIR : EISDIR,
                      "mount %s onto %s: the target is %s, the source is %s", what(m),
                      m->destination, type == S_IFDIR ? "a directory" : "not a directory",
                      m->target_is_dir ? "a directory" : "not a directory");
  }
  if (sensitive && m->kind != MOUNT_KIND_REMOUNT) {
    int empty = dir_is_empty(root_fd, m->target);
    if (empty <= 0) {
      close(fd);
      return child_fail(e, empty < 0 ? -empty : ENOTEMPTY,
                        "mount %s onto %s: the target must be an empty directory", what(m),
                        m->destination);
    }
  }
  return fd;
}

/* runc's rule: a tmpfs mounted over an existing directory takes that
 * directory's mode, unless the options set one.  Returns the mode, or -1. */
static int tmpfs_inherited_mode(const struct mount_plan *m, int root_fd) {
  if (m->kind != MOUNT_KIND_FS || m->fstype == NULL || strcmp(m->fstype, "tmpfs") != 0)
    return -1;
  for (size_t i = 0; i < m->opts.n_params; i++)
    if (strcmp(m->opts.params[i].key, "mode") == 0)
      return -1;
  int fd = pathres_open(root_fd, m->target, O_PATH, 0);
  if (fd < 0)
    return -1;
  struct stat st;
  int r = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) ? (int)(st.st_mode & 07777) : -1;
  close(fd);
  return r;
}

/* The detached mount for a bind or a new filesystem; mode >= 0: a tmpfs's
 * "mode" parameter, ahead of the options. */
static int build_mount(const struct rootfs_plan *p, const struct mount_plan *m, int mode,
                       struct child_error *e) {
  char msg[256] = "";
  int mfd;
  if (m->kind == MOUNT_KIND_BIND) {
    mfd = mnt_clone(AT_FDCWD, m->source, m->opts.recursive);
    if (mfd < 0)
      return child_fail(e, -mfd, "mount %s onto %s: open_tree", m->source, m->destination);
    if (m->check_source_magic && mnt_fs_magic(mfd) != PROC_SUPER_MAGIC) {
      close(mfd);
      return child_fail(e, EPERM, "mount %s onto %s: only a procfs may be bound over /proc",
                        m->source, m->destination);
    }
    return mfd;
  }
  uint64_t attrs = m->opts.attr_set;
  if (m->kind == MOUNT_KIND_CGROUP_V1)
    attrs &= ~(uint64_t)MOUNT_ATTR_RDONLY; /* made read-only once populated */
  if (mode >= 0) {
    struct fs_param params[m->opts.n_params + 1];
    char text[16];
    sigsafe_format(text, sizeof(text), "%o", (unsigned)mode);
    params[0] = (struct fs_param){"mode", text};
    for (size_t i = 0; i < m->opts.n_params; i++)
      params[i + 1] = m->opts.params[i];
    mfd = mnt_fs_create(m->fstype, m->source, params, m->opts.n_params + 1, attrs, msg,
                        sizeof(msg));
  } else {
    mfd = mnt_fs_create(m->fstype, m->source, m->opts.params, m->opts.n_params, attrs, msg,
                        sizeof(msg));
  }
  if (mfd == -EPERM && p->new_user_ns && m->magic == SYSFS_MAGIC) {
    /* sysfs needs a network namespace owned by our user namespace: fall
     * back to the host's, read-only where asked */
    mfd = mnt_clone(AT_FDCWD, "/sys", true);
    if (mfd >= 0)
      return mfd;
  }
  if (mfd < 0)
    return child_fail(e, -mfd, "mount %s (%s) onto %s%s%s", what(m), m->fstype, m->destination,
                      msg[0] ? ": " : "", msg);
  return mfd;
}

static int apply_attrs(const struct mount_plan *m, int fd, bool top, struct child_error *e) {
  int r = 0;
  if (top)
    r = mnt_setattr(fd, false, m->opts.attr_set, m->opts.attr_clr, 0);
  if (r == 0)
    r = mnt_setattr(fd, true, m->opts.rattr_set, m->opts.rattr_clr, 0);
  if (r < 0)
    return child_fail(e, -r, "mount %s onto %s: setting mount attributes", what(m), m->destination);
  return 0;
}

static int remount(const struct mount_plan *m, int target, struct child_error *e) {
  char msg[256] = "";
  if (m->opts.n_params > 0) {
    int r = mnt_fs_reconfigure(target, m->opts.params, m->opts.n_params, msg, sizeof(msg));
    if (r < 0)
      return child_fail(e, -r, "remount %s%s%s", m->destination, msg[0] ? ": " : "", msg);
  }
  return apply_attrs(m, target, true, e);
}

static int verify_magic(const struct mount_plan *m, int root_fd, struct child_error *e) {
  int fd = pathres_open(root_fd, m->target, O_PATH, PATHRES_NO_SYMLINKS);
  if (fd < 0)
    return child_fail(e, -fd, "mount %s onto %s: reopening the target", what(m), m->destination);
  long magic = mnt_fs_magic(fd);
  close(fd);
  if (magic != (long)m->magic)
    return child_fail(e, EXDEV, "mount %s onto %s: the target is not a %s after mounting", what(m),
                      m->destination, m->fstype);
  return 0;
}

int mount_apply(const struct rootfs_plan *p, const struct mount_plan *m, int root_fd,
                struct child_error *e) {
  int mode = tmpfs_inherited_mode(m, root_fd); /* before open_target creates the target */
  int target = open_target(m, root_fd, e);
  if (target < 0)
    return target;
  int r;
  if (m->kind == MOUNT_KIND_REMOUNT) {
    r = remount(m, target, e);
    if (r == 0 && m->opts.propagation &&
        (r = mnt_setattr(target, m->opts.propagation_recursive, 0, 0, m->opts.propagation)) < 0)
      r = child_fail(e, -r, "remount %s: propagation", m->destination);
    close(target);
    return r;
  }
  int mfd = build_mount(p, m, mode, e);
  if (mfd < 0) {
    close(target);
    return mfd;
  }
  /* a bind takes the attributes before it is attached: it is never visible
   * writable when asked read-only.  A new filesystem got them from fsmount. */
  r = apply_attrs(m, mfd, m->kind == MOUNT_KIND_BIND, e);
  /* runc honours tmpcopyup on tmpfs only, and ignores it elsewhere */
  if (r == 0 && m->opts.copyup && m->kind == MOUNT_KIND_FS && m->fstype &&
      strcmp(m->fstype, "tmpfs") == 0 && m->target_is_dir)
    r = mount_copyup(target, mfd, m->destination, e);
  if (r == 0 && (r = mnt_move(mfd, target)) < 0)
    r = child_fail(e, -r, "mount %s onto %s: move_mount", what(m), m->destination);
  close(target);
  if (r == 0 && m->magic)
    r = verify_magic(m, root_fd, e);
  if (r == 0 && m->kind == MOUNT_KIND_CGROUP_V1) {
    r = rootfs_cgroup_populate(m, mfd, e);
    if (r == 0 && (m->opts.attr_set & MOUNT_ATTR_RDONLY) &&
        (r = mnt_setattr(mfd, false, MOUNT_ATTR_RDONLY, 0, 0)) < 0)
      r = child_fail(e, -r, "mount cgroup onto %s: making it read-only", m->destination);
  }
  if (r == 0 && m->opts.propagation &&
      (r = mnt_setattr(mfd, m->opts.propagation_recursive, 0, 0, m->opts.propagation)) < 0)
    r = child_fail(e, -r, "mount %s onto %s: propagation", what(m), m->destination);
  close(mfd);
  return r;
}
