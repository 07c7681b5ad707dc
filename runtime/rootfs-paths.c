/* linux.maskedPaths and linux.readonlyPaths in the child.  A path is
 * resolved inside the rootfs (a symlink leads to its target in the rootfs);
 * a missing path is skipped. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/pathres.h"
#include "runtime/rootfs-child.h"

/* The host's /dev/null, checked to be the 1:3 node; the rootfs's own
 * /dev/null could be anything the image made it. */
static int open_null(struct child_error *e) {
  int fd = open("/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return child_fail(e, errno, "maskedPaths: opening /dev/null");
  struct stat st;
  if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3)) {
    close(fd);
    return child_fail(e, ENODEV, "maskedPaths: /dev/null is not the 1:3 device");
  }
  return fd;
}

static int mask_one(const char *path, int target, int null_fd, struct child_error *e) {
  int type = pathres_fd_type(target);
  if (type < 0)
    return child_fail(e, -type, "maskedPaths: /%s: stat", path);
  int mfd;
  char msg[128];
  if (type == S_IFDIR)
    mfd =
        mnt_fs_create("tmpfs", "tmpfs", NULL, 0,
                      MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
                      msg, sizeof(msg));
  else
    mfd = mnt_clone(null_fd, "", false);
  if (mfd < 0)
    return child_fail(e, -mfd, "maskedPaths: /%s: %s", path,
                      type == S_IFDIR ? "read-only tmpfs" : "bind of /dev/null");
  int r = mnt_move(mfd, target);
  close(mfd);
  if (r < 0)
    return child_fail(e, -r, "maskedPaths: /%s: mounting over it", path);
  return 0;
}

int masked_paths_apply(const struct rootfs_plan *p, int root_fd, struct child_error *e) {
  if (p->n_masked == 0)
    return 0;
  int null_fd = open_null(e);
  if (null_fd < 0)
    return null_fd;
  int r = 0;
  for (size_t i = 0; r == 0 && i < p->n_masked; i++) {
    int target = pathres_open(root_fd, p->masked[i], O_PATH, 0);
    if (target == -ENOENT)
      continue;
    if (target < 0) {
      r = child_fail(e, -target, "maskedPaths: /%s: resolving in the rootfs", p->masked[i]);
      break;
    }
    r = mask_one(p->masked[i], target, null_fd, e);
    close(target);
  }
  close(null_fd);
  return r;
}

int readonly_paths_apply(const struct rootfs_plan *p, int root_fd, struct child_error *e) {
  for (size_t i = 0; i < p->n_readonly; i++) {
    const char *path = p->readonly_paths[i];
    int target = pathres_open(root_fd, path, O_PATH, 0);
    if (target == -ENOENT)
      continue;
    if (target < 0)
      return child_fail(e, -target, "readonlyPaths: /%s: resolving in the rootfs", path);
    int tree = mnt_clone(target, "", true);
    int r = tree < 0 ? tree : mnt_setattr(tree, true, MOUNT_ATTR_RDONLY, 0, 0);
    if (r == 0)
      r = mnt_move(tree, target);
    if (tree >= 0)
      close(tree);
    close(target);
    if (r < 0)
      return child_fail(e, -r, "readonlyPaths: /%s: read-only bind mount", path);
  }
  return 0;
}
