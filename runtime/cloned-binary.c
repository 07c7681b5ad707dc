/* Re-execution from a copy of the runtime that cannot be written (see
 * cloned-binary.h).
 *
 * First choice, no copy at all: the binary opened through a private,
 * detached overlayfs mount whose two lower layers are the binary's
 * directory and the state root, and which has no upper layer.  Such an
 * overlay refuses every write (EROFS), and unlike a read-only bind mount it
 * cannot be made writable by a remount: the superblock has nowhere to write
 * to.  The pages come from the page cache of the file on disk, so the
 * re-exec costs no copy and no memory (runc 1.2 does the same).
 *
 * Fallback (no privilege to mount, no overlayfs, layers that overlap): a
 * sealed memfd copy.  The seals make it immutable, so even a write through
 * a reopened /proc/PID/exe fd fails. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/cloned-binary.h"
#include "spec/cleanup.h"

#define CLONE_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
/* Set by the runtime for its re-executed self: the overlay kind of copy
 * cannot be recognised from the file alone (the memfd has its seals).
 * Only the caller controls the environment, and the caller is trusted. */
#define CLONE_ENV "_CTRUN_SEALED_EXE"

extern char **environ;

static bool fd_is_sealed_copy(int fd) {
  int seals = fcntl(fd, F_GET_SEALS);
  return seals >= 0 && (seals & CLONE_SEALS) == CLONE_SEALS;
}

/* Our own read-only overlay: the marker, and /proc/self/exe on a read-only
 * overlayfs (a stray marker does not make a writable binary pass). */
static bool fd_is_own_overlay(int fd) {
  if (getenv(CLONE_ENV) == NULL)
    return false;
  struct statfs sfs;
  return fstatfs(fd, &sfs) == 0 && sfs.f_type == OVERLAYFS_SUPER_MAGIC &&
         (sfs.f_flags & ST_RDONLY);
}

bool cloned_binary_active(void) {
  _cleanup_close_ int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  bool ok = fd >= 0 && (fd_is_own_overlay(fd) || fd_is_sealed_copy(fd));
  /* not for hooks and other children */
  unsetenv(CLONE_ENV);
  return ok;
}

static int sys_fsopen(const char *fs, unsigned flags) {
  return (int)syscall(SYS_fsopen, fs, flags);
}
static int sys_fsconfig(int fd, unsigned cmd, const char *key, const void *value, int aux) {
  return (int)syscall(SYS_fsconfig, fd, cmd, key, value, aux);
}
static int sys_fsmount(int fd, unsigned flags, unsigned attrs) {
  return (int)syscall(SYS_fsmount, fd, flags, attrs);
}

/* An O_PATH fd of the binary through a private read-only overlay, or -1
 * (errno set) when that cannot be made here. */
static int overlay_copy(const char *scratch_dir) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0)
    return -1;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  /* ':' and '\' would need escaping in lowerdir; a deleted binary cannot
   * be reached by path */
  if (exe[0] != '/' || slash == NULL || strpbrk(exe, ":\\") || strpbrk(scratch_dir, ":\\") ||
      strstr(exe, " (deleted)")) {
    errno = EINVAL;
    return -1;
  }
  *slash = '\0';
  const char *name = slash + 1;
  char lower[2 * 4096 + 2];
  size_t dl = strlen(exe[0] ? exe : "/"), sl = strlen(scratch_dir);
  if (dl + sl + 2 > sizeof(lower)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(lower, exe[0] ? exe : "/", dl);
  lower[dl] = ':';
  memcpy(lower + dl + 1, scratch_dir, sl + 1);

  _cleanup_close_ int ctx = sys_fsopen("overlay", FSOPEN_CLOEXEC);
  if (ctx < 0)
    return -1;
  /* two lower layers and no upper one: a read-only overlay; the binary's
   * directory on top, so nothing in the other one can hide it */
  if (sys_fsconfig(ctx, FSCONFIG_SET_STRING, "lowerdir", lower, 0) < 0)
    return -1;
  /* xino only logs noise when the layers are on different filesystems */
  sys_fsconfig(ctx, FSCONFIG_SET_STRING, "xino", "off", 0);
  if (sys_fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return -1;
  _cleanup_close_ int mnt =
      sys_fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID);
  if (mnt < 0)
    return -1;
  /* the mount stays detached: it lives as long as this fd and the exe of
   * the processes that run from it */
  int fd = openat(mnt, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -1;
  struct stat a, b;
  if (fstat(fd, &a) < 0 || stat("/proc/self/exe", &b) < 0 || !S_ISREG(a.st_mode) ||
      a.st_size != b.st_size || a.st_mtim.tv_sec != b.st_mtim.tv_sec ||
      a.st_mtim.tv_nsec != b.st_mtim.tv_nsec) {
    close(fd);
    errno = ESTALE; /* not the file we run from (replaced meanwhile) */
    return -1;
  }
  return fd;
}

static int memfd_copy(int *ret, ctrun_error **err) {
  _cleanup_close_ int src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (src < 0)
    return error_set(err, errno, "open /proc/self/exe");
  struct stat st;
  if (fstat(src, &st) < 0)
    return error_set(err, errno, "fstat /proc/self/exe");
  _cleanup_close_ int mfd = memfd_create("ctrun", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mfd < 0)
    return error_set(err, errno, "memfd_create for the runtime's copy");
  for (off_t left = st.st_size; left > 0;) {
    ssize_t n = sendfile(mfd, src, NULL, (size_t)left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return error_set(err, n < 0 ? errno : EIO, "copy /proc/self/exe into a memfd");
    left -= n;
  }
  if (fcntl(mfd, F_ADD_SEALS, CLONE_SEALS) < 0)
    return error_set(err, errno, "seal the runtime's memfd copy");
  *ret = TAKE_FD(mfd);
  return 0;
}

int cloned_binary_ensure(char *const argv[], const char *scratch_dir, ctrun_error **err) {
  if (cloned_binary_active())
    return 0;
  _cleanup_close_ int fd = scratch_dir ? overlay_copy(scratch_dir) : -1;
  if (fd >= 0) {
    if (setenv(CLONE_ENV, "1", 1) < 0)
      return error_set(err, errno, "setenv");
    syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
    /* e.g. a noexec layer: the copy below still works */
    unsetenv(CLONE_ENV);
  }
  _cleanup_close_ int mfd = -1;
  int r = memfd_copy(&mfd, err);
  if (r < 0)
    return r;
  /* The fd is close-on-exec: fine for an ELF binary, and it leaves nothing
   * open in the new image. */
  syscall(SYS_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
  return error_set(err, errno, "re-execute the runtime from its sealed copy");
}
