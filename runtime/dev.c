/* /dev in the child: linux.devices and the default devices (mknod, or in a
 * user namespace a bind of the host's node onto an empty file), and the
 * standard symlinks.  Everything through fds from the rootfs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/pathres.h"
#include "runtime/rootfs-child.h"

/* What the rootfs already has at the device's name (never followed): 1 the
 * right node, keep it; 0 the name is free now.  Anything else (a symlink,
 * say to a /proc file, a regular file, another device) is removed first:
 * keeping it would let the image point /dev/null at a host file
 * (CVE-2025-31133).  unlinkat removes the entry itself, never its target;
 * a directory is refused.  keep_empty_file: a regular empty file is the
 * mount point a bind leaves behind, keep it too. */
static int clear_existing(const struct device_plan *d, int parent, const char *name,
                          bool keep_empty_file, struct child_error *e) {
  struct stat st;
  if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
    if (errno == ENOENT)
      return 0;
    return child_fail(e, errno, "device %s: stat of the existing entry", d->host_path);
  }
  if ((st.st_mode & S_IFMT) == d->type && (d->type == S_IFIFO || st.st_rdev == d->rdev))
    return 1;
  if (keep_empty_file && S_ISREG(st.st_mode) && st.st_size == 0)
    return 1;
  if (S_ISDIR(st.st_mode))
    return child_fail(e, EEXIST, "device %s: a directory is in the way in the rootfs",
                      d->host_path);
  if (unlinkat(parent, name, 0) < 0)
    return child_fail(e, errno, "device %s: removing what the rootfs has there", d->host_path);
  return 0;
}

/* The node itself cannot be made in a user namespace: bind the host's. */
static int bind_host_node(const struct device_plan *d, int parent, const char *name,
                          struct child_error *e) {
  int c = clear_existing(d, parent, name, true, e);
  if (c < 0)
    return c;
  int f = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (f < 0 && errno != EEXIST)
    return child_fail(e, errno, "device %s: creating the mount point", d->host_path);
  if (f >= 0)
    close(f);
  int target = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (target < 0)
    return child_fail(e, errno, "device %s: opening the mount point", d->host_path);
  struct stat tst;
  if (fstat(target, &tst) < 0 || S_ISLNK(tst.st_mode) || S_ISDIR(tst.st_mode)) {
    close(target);
    return child_fail(e, ELOOP, "device %s: the mount point is not a file", d->host_path);
  }
  int tree = mnt_clone(AT_FDCWD, d->host_path, false);
  if (tree < 0) {
    close(target);
    return child_fail(e, -tree, "device %s: open_tree of the host node", d->host_path);
  }
  struct stat st;
  int r = 0;
  if (fstat(tree, &st) < 0)
    r = child_fail(e, errno, "device %s: stat", d->host_path);
  else if ((st.st_mode & S_IFMT) != d->type || st.st_rdev != d->rdev)
    r = child_fail(e, ENODEV, "device %s: the host node is not %u:%u", d->host_path, major(d->rdev),
                   minor(d->rdev));
  else if ((r = mnt_move(tree, target)) < 0)
    r = child_fail(e, -r, "device %s: bind mount", d->host_path);
  close(tree);
  close(target);
  return r;
}

static int make_node(const struct device_plan *d, int parent, const char *name,
                     struct child_error *e) {
  int c = clear_existing(d, parent, name, false, e);
  if (c != 0)
    return c < 0 ? c : 0; /* as runc: the right node already there is left alone */
  if (mknodat(parent, name, d->type | d->mode, d->rdev) < 0)
    return child_fail(e, errno, "device %s: mknod", d->host_path);
  /* mknod obeys the umask; the node was just made, nothing else runs yet */
  if (fchmodat(parent, name, d->mode, 0) < 0)
    return child_fail(e, errno, "device %s: chmod %o", d->host_path, (unsigned)d->mode);
  if (d->set_owner && fchownat(parent, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
    return child_fail(e, errno, "device %s: chown %d:%d", d->host_path, (int)d->uid, (int)d->gid);
  return 0;
}

static int symlinks(int root_fd, struct child_error *e) {
  static const struct {
    const char *name, *target;
  } links[] = {{"fd", "/proc/self/fd"},       {"stdin", "/proc/self/fd/0"},
               {"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"},
               {"core", "/proc/kcore"},       {"ptmx", "pts/ptmx"}};
  int dev = pathres_open(root_fd, "dev", O_PATH | O_DIRECTORY, PATHRES_NO_SYMLINKS);
  if (dev < 0)
    return child_fail(e, -dev, "opening /dev in the rootfs");
  for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
    if (links[i].name[0] == 'p' && unlinkat(dev, links[i].name, 0) < 0 && errno != ENOENT) {
      close(dev);
      return child_fail(e, errno, "removing /dev/ptmx");
    }
    if (symlinkat(links[i].target, dev, links[i].name) < 0 && errno != EEXIST) {
      close(dev);
      return child_fail(e, errno, "symlink /dev/%s -> %s", links[i].name, links[i].target);
    }
  }
  close(dev);
  return 0;
}

int dev_setup(const struct rootfs_plan *p, int root_fd, struct child_error *e) {
  for (size_t i = 0; i < p->n_devices; i++) {
    const struct device_plan *d = &p->devices[i];
    const char *name;
    int parent = pathres_open_parent(root_fd, d->target, true, &name);
    if (parent < 0)
      return child_fail(e, -parent, "device %s: opening its directory in the rootfs", d->host_path);
    int r = (p->new_user_ns && d->type != S_IFIFO) ? bind_host_node(d, parent, name, e)
                                                   : make_node(d, parent, name, e);
    close(parent);
    if (r < 0)
      return r;
  }
  return p->dev_is_tmpfs ? symlinks(root_fd, e) : 0;
}
