/* Resolution of rootfs paths from the rootfs fd; see pathres.h.  Runs in the
 * child: no malloc, only syscalls and stack buffers. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/pathres.h"
#include "runtime/sigsafe.h"

static int close_keep_errno(int fd) {
  int saved = errno;
  if (fd >= 0)
    close(fd);
  errno = saved;
  return -1;
}

/* Without openat2: one component at a time, refusing every symlink and "..",
 * which is stricter than RESOLVE_IN_ROOT but never leaves the root. */
static int walk_nofollow(int root_fd, const char *path, int flags) {
  char buf[PATH_MAX];
  if (sigsafe_strlcpy(buf, path, sizeof(buf)) < 0)
    return -ENAMETOOLONG;
  int cur = openat(root_fd, ".", O_PATH | O_CLOEXEC);
  if (cur < 0)
    return -errno;
  char *p = buf;
  for (;;) {
    while (*p == '/')
      p++;
    if (*p == '\0')
      break;
    char *end = p;
    while (*end && *end != '/')
      end++;
    char *next = end;
    while (*next == '/')
      next++;
    bool last = *next == '\0';
    *end = '\0';
    if (p[0] == '.' && p[1] == '.' && p[2] == '\0') {
      close(cur);
      return -EXDEV;
    }
    int fd = openat(cur, p, (last ? flags : O_PATH) | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      int r = -errno;
      close(cur);
      return r;
    }
    close(cur);
    cur = fd;
    if (last) {
      struct stat st;
      if (!(flags & O_PATH) || fstat(cur, &st) < 0 || !S_ISLNK(st.st_mode))
        return cur;
      close(cur);
      return -ELOOP;
    }
    struct stat st;
    if (fstat(cur, &st) < 0 || !S_ISDIR(st.st_mode)) {
      int r = S_ISLNK(st.st_mode) ? -ELOOP : -ENOTDIR;
      close(cur);
      return r;
    }
    p = next;
  }
  /* the root itself */
  if (flags & O_PATH)
    return cur;
  int fd = openat(cur, ".", flags | O_CLOEXEC);
  int r = fd < 0 ? -errno : fd;
  close(cur);
  return r;
}

int pathres_open(int root_fd, const char *path, int flags, unsigned how) {
  if (path[0] == '\0')
    path = ".";
  if (how & PATHRES_NOFOLLOW)
    flags |= O_NOFOLLOW;
  struct open_how oh = {
      .flags = (uint64_t)(flags | O_CLOEXEC),
      .mode = 0,
      .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS |
                 ((how & PATHRES_NO_SYMLINKS) ? RESOLVE_NO_SYMLINKS : 0),
  };
  long fd = syscall(SYS_openat2, root_fd, path, &oh, sizeof(oh));
  if (fd >= 0)
    return (int)fd;
  if (errno != ENOSYS)
    return -errno;
  return walk_nofollow(root_fd, path, flags);
}

int pathres_fd_type(int fd) {
  struct stat st;
  if (fstat(fd, &st) < 0)
    return -errno;
  return (int)(st.st_mode & S_IFMT);
}

/* A dangling symlink: the path with the component at buf[start..end)
 * replaced by its target, for another in-root resolution.  Returns 0, or
 * -ENOENT when the component is not a symlink. */
static int follow_dangling(int dir_fd, char *buf, size_t start, size_t end, size_t cap) {
  char link[PATH_MAX], out[PATH_MAX];
  char saved = buf[end];
  buf[end] = '\0';
  ssize_t n = readlinkat(dir_fd, buf + start, link, sizeof(link) - 1);
  buf[end] = saved;
  if (n <= 0)
    return -ENOENT;
  link[n] = '\0';
  size_t o = 0;
  if (link[0] != '/') {
    for (size_t i = 0; i < start && o < sizeof(out) - 1; i++)
      out[o++] = buf[i];
  }
  for (size_t i = 0; link[i] && o < sizeof(out) - 1; i++)
    out[o++] = link[i];
  for (size_t i = end; buf[i] && o < sizeof(out) - 1; i++)
    out[o++] = buf[i];
  if (o >= sizeof(out) - 1 || o >= cap)
    return -ENAMETOOLONG;
  out[o] = '\0';
  for (size_t i = 0; i <= o; i++)
    buf[i] = out[i];
  return 0;
}

#define MAX_HOPS 40

/* Opens the directory buf (modified in place, cap bytes), creating the
 * missing components one by one from the deepest existing one.  A dangling
 * symlink on the way is resolved in the root and its target created. */
static int open_dirs(int root_fd, char *buf, size_t cap) {
  int fd = pathres_open(root_fd, buf, O_PATH | O_DIRECTORY, 0);
  if (fd != -ENOENT)
    return fd;
  int cur = openat(root_fd, ".", O_PATH | O_CLOEXEC);
  if (cur < 0)
    return -errno;
  size_t start = 0;
  int hops = 0;
  for (;;) {
    while (buf[start] == '/')
      start++;
    if (buf[start] == '\0')
      return cur;
    size_t end = start;
    while (buf[end] && buf[end] != '/')
      end++;
    char saved = buf[end];
    buf[end] = '\0';
    fd = pathres_open(root_fd, buf, O_PATH | O_DIRECTORY, 0);
    if (fd == -ENOENT) {
      /* cur is where the prefix up to here resolved: create the component there */
      if (mkdirat(cur, buf + start, 0755) < 0 && errno != EEXIST)
        fd = -errno;
      else
        fd = pathres_open(root_fd, buf, O_PATH | O_DIRECTORY, 0);
    }
    buf[end] = saved;
    if (fd == -ENOENT && hops++ < MAX_HOPS && follow_dangling(cur, buf, start, end, cap) == 0) {
      /* start over on the rewritten path */
      close(cur);
      cur = openat(root_fd, ".", O_PATH | O_CLOEXEC);
      if (cur < 0)
        return -errno;
      start = 0;
      continue;
    }
    close(cur);
    if (fd < 0)
      return fd;
    cur = fd;
    start = end;
  }
}

int pathres_open_parent(int root_fd, const char *path, bool create, const char **ret_name) {
  char buf[PATH_MAX];
  size_t len = sigsafe_strlen(path);
  while (len > 0 && path[len - 1] == '/')
    len--;
  size_t slash = len;
  while (slash > 0 && path[slash - 1] != '/')
    slash--;
  *ret_name = path + slash;
  if (slash >= sizeof(buf))
    return -ENAMETOOLONG;
  for (size_t i = 0; i < slash; i++)
    buf[i] = path[i];
  buf[slash] = '\0';
  if (slash == 0) {
    int fd = openat(root_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
  }
  if (!create)
    return pathres_open(root_fd, buf, O_PATH | O_DIRECTORY, 0);
  return open_dirs(root_fd, buf, sizeof(buf));
}

int pathres_mkpath(int root_fd, const char *path, bool dir, mode_t mode, unsigned how) {
  char buf[PATH_MAX];
  if (sigsafe_strlcpy(buf, path, sizeof(buf)) < 0)
    return -ENAMETOOLONG;
  for (int hops = 0; hops < MAX_HOPS; hops++) {
    int fd = pathres_open(root_fd, buf, O_PATH, how);
    if (fd != -ENOENT)
      return fd;
    const char *name;
    int parent = pathres_open_parent(root_fd, buf, true, &name);
    if (parent < 0)
      return parent;
    size_t start = (size_t)(name - buf), end = start;
    while (buf[end] && buf[end] != '/')
      end++;
    if (end == start || end - start > NAME_MAX) {
      close(parent);
      return end == start ? -EINVAL : -ENAMETOOLONG;
    }
    buf[end] = '\0'; /* drop a trailing '/' */
    int r = 0;
    if (dir) {
      if (mkdirat(parent, buf + start, mode) < 0 && errno != EEXIST)
        r = -errno;
    } else {
      /* O_EXCL|O_NOFOLLOW: never write through a (dangling) symlink */
      int f =
          openat(parent, buf + start, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
      if (f < 0 && errno != EEXIST)
        r = -errno;
      close_keep_errno(f);
    }
    if (r == 0) {
      fd = pathres_open(root_fd, buf, O_PATH, how);
      /* still missing: a dangling symlink, whose target is made instead */
      if (fd == -ENOENT && !(how & (PATHRES_NO_SYMLINKS | PATHRES_NOFOLLOW)) &&
          follow_dangling(parent, buf, start, end, sizeof(buf)) == 0) {
        close(parent);
        continue;
      }
      r = fd;
    }
    close(parent);
    return r;
  }
  return -ELOOP;
}
