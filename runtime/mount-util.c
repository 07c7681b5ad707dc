/* See mount-util.h.  Child-side: syscalls only. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/sigsafe.h"

int mnt_clone(int dirfd, const char *path, bool recursive) {
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
  if (path[0] == '\0')
    flags |= AT_EMPTY_PATH;
  int fd = open_tree(dirfd, path, flags);
  return fd < 0 ? -errno : fd;
}

int mnt_setattr(int mnt_fd, bool recursive, uint64_t set, uint64_t clr, unsigned long propagation) {
  if (set == 0 && clr == 0 && propagation == 0)
    return 0;
  struct mount_attr attr = {.attr_set = set, .attr_clr = clr, .propagation = propagation};
  unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
  return mount_setattr(mnt_fd, "", flags, &attr, sizeof(attr)) < 0 ? -errno : 0;
}

int mnt_move(int mnt_fd, int target_fd) {
  return move_mount(mnt_fd, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) <
                 0
             ? -errno
             : 0;
}

/* The fs context keeps the kernel's messages ("e tmpfs: Bad value for
 * 'mode'"); the last one says why a step failed. */
static void read_fs_message(int fsfd, char *msg, size_t msglen) {
  if (msglen == 0)
    return;
  msg[0] = '\0';
  char buf[256];
  for (;;) {
    ssize_t n = read(fsfd, buf, sizeof(buf) - 1);
    if (n <= 0)
      break;
    buf[n] = '\0';
    const char *text = (n > 2 && buf[1] == ' ') ? buf + 2 : buf;
    sigsafe_strlcpy(msg, text, msglen);
  }
}

static int configure(int fsfd, const struct fs_param *params, size_t n_params, unsigned cmd) {
  for (size_t i = 0; i < n_params; i++) {
    int r = params[i].value ? fsconfig(fsfd, FSCONFIG_SET_STRING, params[i].key, params[i].value, 0)
                            : fsconfig(fsfd, FSCONFIG_SET_FLAG, params[i].key, NULL, 0);
    if (r < 0)
      return -errno;
  }
  return fsconfig(fsfd, cmd, NULL, NULL, 0) < 0 ? -errno : 0;
}

int mnt_fs_create(const char *fstype, const char *source, const struct fs_param *params,
                  size_t n_params, uint64_t attrs, char *msg, size_t msglen) {
  if (msglen)
    msg[0] = '\0';
  int fsfd = fsopen(fstype, FSOPEN_CLOEXEC);
  if (fsfd < 0)
    return -errno;
  int r = 0;
  if (source && fsconfig(fsfd, FSCONFIG_SET_STRING, "source", source, 0) < 0)
    r = -errno;
  if (r == 0)
    r = configure(fsfd, params, n_params, FSCONFIG_CMD_CREATE);
  if (r == 0) {
    int mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, (unsigned)attrs);
    r = mfd < 0 ? -errno : mfd;
  }
  if (r < 0)
    read_fs_message(fsfd, msg, msglen);
  close(fsfd);
  return r;
}

int mnt_fs_reconfigure(int target_fd, const struct fs_param *params, size_t n_params, char *msg,
                       size_t msglen) {
  if (msglen)
    msg[0] = '\0';
  int fsfd = fspick(target_fd, "", FSPICK_EMPTY_PATH | FSPICK_CLOEXEC);
  if (fsfd < 0)
    return -errno;
  int r = configure(fsfd, params, n_params, FSCONFIG_CMD_RECONFIGURE);
  if (r < 0)
    read_fs_message(fsfd, msg, msglen);
  close(fsfd);
  return r;
}

long mnt_fs_magic(int fd) {
  struct statfs sfs;
  if (fstatfs(fd, &sfs) < 0)
    return -errno;
  return (long)sfs.f_type;
}
