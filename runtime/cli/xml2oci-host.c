/* Host look-ups for ctrun-xml2oci: files inside the rootfs (resolved in
 * the root, never following links out of it), device numbers, the
 * filesystem type of a block device, held capabilities, and the pid of
 * another ctrun container. */
#include "config.h"

#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runtime/cli/xml2oci-host.h"
#include "spec/cleanup.h"

#define MAX_FILE (4 << 20)

static int read_fd(int fd, char **ret) {
  struct stat st;
  if (fstat(fd, &st) < 0)
    return -errno;
  if (!S_ISREG(st.st_mode))
    return -EINVAL;
  if (st.st_size > MAX_FILE)
    return -EFBIG;
  _cleanup_free_ char *buf = malloc((size_t)st.st_size + 1);
  if (buf == NULL)
    return -ENOMEM;
  size_t off = 0;
  while (off < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + off, (size_t)st.st_size - off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -errno;
    if (n == 0)
      break;
    off += (size_t)n;
  }
  buf[off] = '\0';
  *ret = TAKE_PTR(buf);
  return 0;
}

static int read_root_file(const char *root, const char *relpath, char **ret, void *userdata) {
  struct xml2oci_host_data *d = userdata;
  _cleanup_free_ char *joined = NULL;
  if (root[0] != '/' && d->bundle) {
    if (asprintf(&joined, "%s/%s", d->bundle, root) < 0)
      return -ENOMEM;
    root = joined;
  }
  _cleanup_close_ int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return -errno;
  struct open_how how = {.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY,
                         .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
  _cleanup_close_ int fd = (int)syscall(SYS_openat2, rootfd, relpath, &how, sizeof(how));
  if (fd < 0)
    return -errno;
  return read_fd(fd, ret);
}

static int stat_device(const char *path, char *type, int64_t *major_, int64_t *minor_,
                       void *userdata) {
  struct stat st;
  if (stat(path, &st) < 0)
    return -errno;
  if (S_ISBLK(st.st_mode))
    *type = 'b';
  else if (S_ISCHR(st.st_mode))
    *type = 'c';
  else
    *type = '?';
  *major_ = major(st.st_rdev);
  *minor_ = minor(st.st_rdev);
  return 0;
}

static int probe_fstype(const char *dev, char **ret, void *userdata) {
  blkid_probe pr = blkid_new_probe_from_filename(dev);
  if (pr == NULL)
    return -errno ? -errno : -EIO;
  const char *type = NULL;
  int r = -ENOENT;
  if (blkid_do_safeprobe(pr) == 0 && blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0) {
    *ret = strdup(type);
    r = *ret ? 0 : -ENOMEM;
  }
  blkid_free_probe(pr);
  return r;
}

static int check_dir(const char *path, void *userdata) {
  struct stat st;
  if (stat(path, &st) < 0)
    return -errno;
  return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* The bounding set of this process: what a runtime started from here holds. */
static int held_capabilities(uint64_t *ret, void *userdata) {
  /* procfs files report a size of 0: read in one go */
  _cleanup_close_ int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  char buf[8192];
  if (fd < 0)
    return -errno;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  if (n < 0)
    return -errno;
  buf[n] = '\0';
  const char *p = strstr(buf, "\nCapBnd:");
  if (p == NULL || sscanf(p + 8, "%" SCNx64, ret) != 1)
    return -ENOENT;
  return 0;
}

static int container_pid(const char *name, int64_t *ret, void *userdata) {
  struct xml2oci_host_data *d = userdata;
  _cleanup_free_ char *path = NULL;
  _cleanup_free_ char *text = NULL;
  if (strchr(name, '/') || asprintf(&path, "%s/%s/state.json", d->state_root, name) < 0)
    return -EINVAL;
  _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  int r = read_fd(fd, &text);
  if (r < 0)
    return r;
  spec_state *st = NULL;
  ctrun_error *err = NULL;
  r = spec_state_parse(text, strlen(text), &st, &err);
  error_free(err);
  if (r < 0)
    return r;
  r = st->pid > 0 && st->status && strcmp(st->status, "stopped") != 0 ? 0 : -ESRCH;
  if (r == 0)
    *ret = st->pid;
  spec_state_free(st);
  return r;
}

void xml2oci_host_init(struct xml_host *h, struct xml2oci_host_data *data) {
  *h = (struct xml_host){.read_root_file = read_root_file,
                         .stat_device = stat_device,
                         .probe_fstype = probe_fstype,
                         .check_dir = check_dir,
                         .held_capabilities = held_capabilities,
                         .container_pid = container_pid,
                         .userdata = data};
}
