/* rootfs_setup_child: the child's half of rootfs.h, in the order the OCI
 * runtime-spec implies.  Every path step before the pivot goes through the
 * fd of the container's rootfs mount. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/rootfs-child.h"
#include "runtime/rootfs.h"

/* Binds the rootfs onto itself (pivot_root needs a mount point) and returns
 * the fd of that new mount. */
static int bind_rootfs(const struct rootfs_plan *p, struct child_error *e) {
  int dir = open(p->rootfs, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir < 0)
    return child_fail(e, errno, "rootfs %s: open", p->rootfs);
  struct stat st;
  if (fstat(dir, &st) < 0 || st.st_dev != p->rootfs_dev || st.st_ino != p->rootfs_ino) {
    close(dir);
    return child_fail(e, EXDEV, "rootfs %s: changed since the container was planned", p->rootfs);
  }
  int tree = mnt_clone(dir, "", true);
  int r = tree < 0 ? tree : mnt_move(tree, dir);
  close(dir);
  if (r < 0) {
    if (tree >= 0)
      close(tree);
    return child_fail(e, -r, "rootfs %s: bind mount onto itself", p->rootfs);
  }
  return tree;
}

static int enter_root(const struct rootfs_plan *p, int root_fd, struct child_error *e) {
  if (fchdir(root_fd) < 0)
    return child_fail(e, errno, "rootfs %s: chdir", p->rootfs);
  if (p->no_pivot) {
    if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
      return child_fail(e, errno, "rootfs %s: moving onto /", p->rootfs);
    if (chroot(".") < 0)
      return child_fail(e, errno, "rootfs %s: chroot", p->rootfs);
  } else {
    /* the old root ends up stacked on the new one; detach it without
     * propagating the unmount back to the host.  "." must name the old
     * root itself (by fd): MS_REC|MS_SLAVE on the new root would turn the
     * container's shared mounts private. */
    int old_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (old_root < 0)
      return child_fail(e, errno, "rootfs %s: opening the old root", p->rootfs);
    int r = 0;
    if (syscall(SYS_pivot_root, ".", ".") < 0)
      r = child_fail(e, errno, "rootfs %s: pivot_root", p->rootfs);
    else if (fchdir(old_root) < 0)
      r = child_fail(e, errno, "rootfs %s: chdir to the old root", p->rootfs);
    else if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
      r = child_fail(e, errno, "rootfs %s: making the old root a slave", p->rootfs);
    else if (umount2(".", MNT_DETACH) < 0)
      r = child_fail(e, errno, "rootfs %s: detaching the old root", p->rootfs);
    close(old_root);
    if (r < 0)
      return r;
  }
  if (chdir("/") < 0)
    return child_fail(e, errno, "rootfs %s: chdir /", p->rootfs);
  if (p->root_propagation && mount(NULL, "/", NULL, p->root_propagation, NULL) < 0)
    return child_fail(e, errno, "rootfs %s: rootfsPropagation", p->rootfs);
  return 0;
}

/* No mount namespace: the rootfs is entered with chroot alone (checked
 * against the planned inode, as bind_rootfs does). */
static int chroot_rootfs(const struct rootfs_plan *p, struct child_error *e) {
  int dir = open(p->rootfs, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir < 0)
    return child_fail(e, errno, "rootfs %s: open", p->rootfs);
  struct stat st;
  int r = 0;
  if (fstat(dir, &st) < 0 || st.st_dev != p->rootfs_dev || st.st_ino != p->rootfs_ino)
    r = child_fail(e, EXDEV, "rootfs %s: changed since the container was planned", p->rootfs);
  else if (fchdir(dir) < 0)
    r = child_fail(e, errno, "rootfs %s: chdir", p->rootfs);
  else if (chroot(".") < 0)
    r = child_fail(e, errno, "rootfs %s: chroot", p->rootfs);
  else if (chdir("/") < 0)
    r = child_fail(e, errno, "rootfs %s: chdir /", p->rootfs);
  close(dir);
  return r;
}

static int setup_inside(const struct rootfs_plan *p, int root_fd, int *ret_console_master,
                        struct child_error *e) {
  int r;
  for (size_t i = 0; i < p->n_mounts; i++)
    if ((r = mount_apply(p, &p->mounts[i], root_fd, e)) < 0)
      return r;
  if ((r = dev_setup(p, root_fd, e)) < 0)
    return r;
  if (p->terminal) {
    int master = -1;
    if ((r = console_setup(root_fd, &master, e)) < 0)
      return r;
    if (ret_console_master)
      *ret_console_master = master;
    else
      close(master);
  }
  /* sysctl before readonlyPaths: /proc/sys is usually one of them */
  if ((r = sysctl_apply(p, root_fd, e)) < 0 || (r = masked_paths_apply(p, root_fd, e)) < 0 ||
      (r = readonly_paths_apply(p, root_fd, e)) < 0)
    return r;
  if (p->readonly && (r = mnt_setattr(root_fd, false, MOUNT_ATTR_RDONLY, 0, 0)) < 0)
    return child_fail(e, -r, "root.readonly: remounting %s read-only", p->rootfs);
  return 0;
}

int rootfs_setup_child(const struct rootfs_plan *p, int *ret_console_master,
                       struct child_error *e) {
  if (ret_console_master)
    *ret_console_master = -1;
  if (p->chroot_only)
    return chroot_rootfs(p, e);
  /* nothing the container mounts may propagate back to the host */
  if (mount(NULL, "/", NULL, p->pre_propagation, NULL) < 0)
    return child_fail(e, errno, "making / %s",
                      (p->pre_propagation & MS_PRIVATE) ? "rprivate" : "rslave");
  int root_fd = bind_rootfs(p, e);
  if (root_fd < 0)
    return root_fd;
  int r = setup_inside(p, root_fd, ret_console_master, e);
  if (r == 0)
    r = enter_root(p, root_fd, e);
  close(root_fd);
  if (r < 0 && ret_console_master && *ret_console_master >= 0) {
    close(*ret_console_master);
    *ret_console_master = -1;
  }
  return r;
}
