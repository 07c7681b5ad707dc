/* linux.sysctl in the child: each value written through a procfs fd
 * (fstatfs-checked), the per-namespace files of the container's own
 * namespaces. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/pathres.h"
#include "runtime/rootfs-child.h"

static int open_proc(const struct rootfs_plan *p, int root_fd, struct child_error *e) {
  int fd = p->proc_target
               ? pathres_open(root_fd, p->proc_target, O_PATH | O_DIRECTORY, PATHRES_NO_SYMLINKS)
               : open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return child_fail(e, fd == -1 ? errno : -fd, "sysctl: opening procfs");
  if (mnt_fs_magic(fd) != PROC_SUPER_MAGIC) {
    close(fd);
    return child_fail(e, EXDEV, "sysctl: /proc is not a procfs");
  }
  return fd;
}

int sysctl_apply(const struct rootfs_plan *p, int root_fd, struct child_error *e) {
  if (p->n_sysctls == 0)
    return 0;
  int proc = open_proc(p, root_fd, e);
  if (proc < 0)
    return proc;
  int r = 0;
  for (size_t i = 0; r == 0 && i < p->n_sysctls; i++) {
    const struct sysctl_plan *s = &p->sysctls[i];
    int fd = pathres_open(proc, s->path, O_WRONLY | O_TRUNC, PATHRES_NO_SYMLINKS);
    if (fd < 0) {
      r = child_fail(e, -fd, "sysctl %s: opening /proc/%s", s->key, s->path);
      break;
    }
    size_t len = sigsafe_strlen(s->value);
    ssize_t n = write(fd, s->value, len);
    if (n < 0)
      r = child_fail(e, errno, "sysctl %s: writing \"%s\"", s->key, s->value);
    else if ((size_t)n != len)
      r = child_fail(e, EIO, "sysctl %s: short write of \"%s\"", s->key, s->value);
    close(fd);
  }
  close(proc);
  return r;
}
