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

/* The node itself cannot be made in a user namespace: bind the host's. */
static int bind_host_node(const struct device_plan *d, int parent, const char *name,
                          struct child_error *e) {
  int f = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (f < 0 && errno != EEXIST)
    return child_fail(e, errno, "device %s: creating the mount point", d->host_path);
  if (f >= 0)
    close(f);
  int target = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (target < 0)
    return child_fail(e, errno, "device %s: opening the mount point", d->host_path);
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
  if (mknodat(parent, name, d->type | d->mode, d->rdev) < 0) {
    if (errno == EEXIST)
      return 0; /* as runc: an existing node is left alone */
    return child_fail(e, errno, "device %s: mknod", d->host_path);
  }
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
