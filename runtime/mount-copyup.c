/* The "tmpcopyup" mount option (runc's): a tmpfs mounted over a directory of
 * the image starts with a copy of what it hides.  podman --read-only puts
 * one on /tmp, /var/tmp and /run with it, buildah on /run.
 *
 * In the child: fds and syscalls only, fixed buffers, no malloc.  Copies
 * directories, regular files, symlinks, fifos and device nodes with their
 * mode, owner and times; hard links become separate copies (as in runc).
 * Never follows a symlink of the source. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/rootfs-child.h"

#define COPYUP_MAX_DEPTH 64

static int copy_attrs(int dst_dir, const char *name, const struct stat *st) {
  if (fchownat(dst_dir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
    return -errno;
  if (!S_ISLNK(st->st_mode) && fchmodat(dst_dir, name, st->st_mode & 07777, 0) < 0)
    return -errno;
  const struct timespec times[2] = {st->st_atim, st->st_mtim};
  if (utimensat(dst_dir, name, times, AT_SYMLINK_NOFOLLOW) < 0)
    return -errno;
  return 0;
}

/* noinline: the buffers of the leaves stay off the recursion's frames */
__attribute__((noinline)) static int copy_file(int src_dir, int dst_dir, const char *name, const struct stat *st) {
  int in = openat(src_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0)
    return -errno;
  int out = openat(dst_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0) {
    int r = -errno;
    close(in);
    return r;
  }
  int r = 0;
  off_t left = st->st_size;
  while (left > 0) {
    ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n < 0 && errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP && errno != EINVAL) {
        r = -errno;
        break;
      }
      /* no copy_file_range across these filesystems: read and write */
      char buf[8192];
      ssize_t k;
      while ((k = read(in, buf, sizeof(buf))) != 0) {
        if (k < 0) {
          if (errno == EINTR)
            continue;
          r = -errno;
          break;
        }
        for (ssize_t off = 0; off < k;) {
          ssize_t w = write(out, buf + off, (size_t)(k - off));
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0) {
            r = -errno;
            break;
          }
          off += w;
        }
        if (r < 0)
          break;
      }
      break;
    }
    left -= n;
  }
  close(in);
  close(out);
  return r;
}

__attribute__((noinline)) static int copy_symlink(int src_dir, int dst_dir, const char *name) {
  char link[4096];
  ssize_t n = readlinkat(src_dir, name, link, sizeof(link) - 1);
  if (n < 0)
    return -errno;
  link[n] = '\0';
  return symlinkat(link, dst_dir, name) < 0 ? -errno : 0;
}

static int copy_dir(int src, int dst, int depth, const char *top, struct child_error *e);

static int copy_entry(int src, int dst, const char *name, int depth, const char *top,
                      struct child_error *e) {
  struct stat st;
  if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return child_fail(e, errno, "tmpcopyup of %s: stat %s", top, name);
  int r = 0;
  switch (st.st_mode & S_IFMT) {
  case S_IFDIR: {
    if (mkdirat(dst, name, 0700) < 0)
      return child_fail(e, errno, "tmpcopyup of %s: mkdir %s", top, name);
    int s = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int d = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (s < 0 || d < 0)
      r = child_fail(e, errno, "tmpcopyup of %s: open %s", top, name);
    else
      r = copy_dir(s, d, depth + 1, top, e);
    if (s >= 0)
      close(s);
    if (d >= 0)
      close(d);
    if (r < 0)
      return r;
    break;
  }
  case S_IFREG:
    if ((r = copy_file(src, dst, name, &st)) < 0)
      return child_fail(e, -r, "tmpcopyup of %s: copy %s", top, name);
    break;
  case S_IFLNK:
    if ((r = copy_symlink(src, dst, name)) < 0)
      return child_fail(e, -r, "tmpcopyup of %s: symlink %s", top, name);
    break;
  case S_IFIFO:
  case S_IFCHR:
  case S_IFBLK:
  case S_IFSOCK:
    if (mknodat(dst, name, st.st_mode, st.st_rdev) < 0)
      return child_fail(e, errno, "tmpcopyup of %s: mknod %s", top, name);
    break;
  default:
    return 0;
  }
  if ((r = copy_attrs(dst, name, &st)) < 0)
    return child_fail(e, -r, "tmpcopyup of %s: owner, mode and times of %s", top, name);
  return 0;
}

static int copy_dir(int src, int dst, int depth, const char *top, struct child_error *e) {
  if (depth > COPYUP_MAX_DEPTH)
    return child_fail(e, ELOOP, "tmpcopyup of %s: deeper than %d directories", top,
                      COPYUP_MAX_DEPTH);
  char buf[2048] __attribute__((aligned(8)));
  for (;;) {
    long n = syscall(SYS_getdents64, src, buf, sizeof(buf));
    if (n < 0)
      return child_fail(e, errno, "tmpcopyup of %s: reading a directory", top);
    if (n == 0)
      return 0;
    for (long off = 0; off < n;) {
      const char *name = buf + off + 19; /* d_ino 8, d_off 8, d_reclen 2, d_type 1 */
      unsigned short reclen;
      memcpy(&reclen, buf + off + 16, sizeof(reclen));
      off += reclen;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
        continue;
      int r = copy_entry(src, dst, name, depth, top, e);
      if (r < 0)
        return r;
    }
  }
}

int mount_copyup(int target_fd, int mnt_fd, const char *destination, struct child_error *e) {
  int src = openat(target_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (src < 0)
    return child_fail(e, errno, "tmpcopyup of %s: opening the directory", destination);
  int dst = openat(mnt_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dst < 0) {
    int r = child_fail(e, errno, "tmpcopyup of %s: opening the tmpfs", destination);
    close(src);
    return r;
  }
  int r = copy_dir(src, dst, 0, destination, e);
  close(src);
  close(dst);
  return r;
}
