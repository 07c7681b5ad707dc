/* Small file helpers for cgroup directories. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"
#include "spec/cleanup.h"

char *path_join(const char *a, const char *b) {
  char *r = NULL;
  size_t la = strlen(a);
  while (*b == '/')
    b++;
  if (asprintf(&r, "%s%s%s", a, (la > 0 && a[la - 1] == '/') || *b == '\0' ? "" : "/", b) < 0)
    return NULL;
  return r;
}

void cg_sleep_ms(unsigned ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
    ;
}

int cg_write(const char *dir, const char *name, const char *value, ctrun_error **err) {
  _cleanup_free_ char *p = path_join(dir, name);
  if (p == NULL)
    return error_set(err, ENOMEM, "cgroup: path");
  _cleanup_close_ int fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "open %s", p);
  size_t len = strlen(value);
  ssize_t w = write(fd, value, len);
  if (w < 0)
    return error_set(err, errno, "write '%s' to %s", value, p);
  if ((size_t)w != len)
    return error_set(err, EIO, "short write of '%s' to %s", value, p);
  return 0;
}

int cg_writef(const char *dir, const char *name, ctrun_error **err, const char *fmt, ...) {
  _cleanup_free_ char *v = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&v, fmt, ap);
  va_end(ap);
  if (n < 0)
    return error_set(err, ENOMEM, "cgroup: format");
  return cg_write(dir, name, v, err);
}

bool cg_exists(const char *dir, const char *name) {
  _cleanup_free_ char *p = path_join(dir, name);
  return p != NULL && access(p, F_OK) == 0;
}

int cg_read(const char *dir, const char *name, char **ret, ctrun_error **err) {
  _cleanup_free_ char *p = path_join(dir, name);
  if (p == NULL)
    return error_set(err, ENOMEM, "cgroup: path");
  _cleanup_close_ int fd = open(p, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "open %s", p);
  size_t cap = 4096, len = 0;
  _cleanup_free_ char *buf = malloc(cap);
  if (buf == NULL)
    return error_set(err, ENOMEM, "read %s", p);
  for (;;) {
    if (len + 1 >= cap) {
      char *nb = realloc(buf, cap * 2);
      if (nb == NULL)
        return error_set(err, ENOMEM, "read %s", p);
      buf = nb;
      cap *= 2;
    }
    ssize_t r = read(fd, buf + len, cap - len - 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return error_set(err, errno, "read %s", p);
    if (r == 0)
      break;
    len += (size_t)r;
  }
  while (len > 0 && buf[len - 1] == '\n')
    len--;
  buf[len] = '\0';
  *ret = TAKE_PTR(buf);
  return 0;
}

int cg_read_u64(const char *dir, const char *name, uint64_t *ret, ctrun_error **err) {
  _cleanup_free_ char *s = NULL;
  int r = cg_read(dir, name, &s, err);
  if (r < 0)
    return r;
  if (strcmp(s, "max") == 0) {
    *ret = UINT64_MAX;
    return 0;
  }
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s)
    return error_set(err, EINVAL, "%s/%s: expected a number, got '%s'", dir, name, s);
  *ret = v;
  return 0;
}

int cg_read_keyed(const char *dir, const char *name, const char *key, uint64_t *ret,
                  ctrun_error **err) {
  _cleanup_free_ char *s = NULL;
  int r = cg_read(dir, name, &s, err);
  if (r < 0)
    return r;
  size_t kl = strlen(key);
  for (char *line = s; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    if (strncmp(line, key, kl) == 0 && line[kl] == ' ') {
      *ret = strtoull(line + kl + 1, NULL, 10);
      return 0;
    }
    line = nl ? nl + 1 : NULL;
  }
  return error_set(err, ENOENT, "%s/%s: no key '%s'", dir, name, key);
}

static int append_pids(const char *dir, bool recursive, pid_t **v, size_t *n, ctrun_error **err) {
  _cleanup_free_ char *s = NULL;
  int r = cg_read(dir, "cgroup.procs", &s, err);
  if (r < 0)
    return r;
  for (char *tok = strtok(s, "\n"); tok; tok = strtok(NULL, "\n")) {
    pid_t *nv = realloc(*v, (*n + 1) * sizeof(**v));
    if (nv == NULL)
      return error_set(err, ENOMEM, "cgroup pids");
    *v = nv;
    (*v)[(*n)++] = (pid_t)strtol(tok, NULL, 10);
  }
  if (!recursive)
    return 0;
  DIR *d = opendir(dir);
  if (d == NULL)
    return error_set(err, errno, "opendir %s", dir);
  struct dirent *de;
  int ret = 0;
  while (ret == 0 && (de = readdir(d)) != NULL) {
    if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    _cleanup_free_ char *sub = path_join(dir, de->d_name);
    ret = sub ? append_pids(sub, true, v, n, err) : error_set(err, ENOMEM, "cgroup pids");
  }
  closedir(d);
  return ret;
}

int cg_read_pids(const char *dir, bool recursive, pid_t **ret, size_t *ret_n, ctrun_error **err) {
  pid_t *v = NULL;
  size_t n = 0;
  int r = append_pids(dir, recursive, &v, &n, err);
  if (r < 0) {
    free(v);
    return r;
  }
  *ret = v;
  *ret_n = n;
  return 0;
}

static int rmdir_children(const char *dir, ctrun_error **err) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return errno == ENOENT ? 0 : error_set(err, errno, "opendir %s", dir);
  struct dirent *de;
  int ret = 0;
  while (ret == 0 && (de = readdir(d)) != NULL) {
    if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    _cleanup_free_ char *sub = path_join(dir, de->d_name);
    ret = sub ? cg_rmdir_tree(sub, err) : error_set(err, ENOMEM, "rmdir");
  }
  closedir(d);
  return ret;
}

int cg_rmdir_tree(const char *dir, ctrun_error **err) {
  /* a container's cgroup seldom has children: listing its directory (tens
   * of control files) only when the plain rmdir fails */
  if (rmdir(dir) == 0 || errno == ENOENT)
    return 0;
  int r = rmdir_children(dir, err);
  if (r < 0)
    return r;
  /* A cgroup stays busy for a moment after its last process exited. */
  for (int i = 0; i < 500; i++) {
    if (rmdir(dir) == 0 || errno == ENOENT)
      return 0;
    if (errno != EBUSY)
      break;
    cg_sleep_ms(10);
  }
  return error_set(err, errno, "rmdir %s", dir);
}

int cgroup_hugetlb_stats_read(const char *dir, const char *usage, const char *max,
                              const char *failcnt, struct cgroup_stats *st) {
  DIR *d = opendir("/sys/kernel/mm/hugepages");
  if (d == NULL)
    return 0;
  struct dirent *de;
  int ret = 0;
  while ((de = readdir(d)) != NULL) {
    unsigned kb;
    if (sscanf(de->d_name, "hugepages-%ukB", &kb) != 1)
      continue;
    struct cgroup_hugetlb_stats h = {0};
    if (kb >= 1024u * 1024)
      snprintf(h.page_size, sizeof(h.page_size), "%uGB", (kb / (1024 * 1024)) % 100000);
    else if (kb >= 1024)
      snprintf(h.page_size, sizeof(h.page_size), "%uMB", (kb / 1024) % 100000);
    else
      snprintf(h.page_size, sizeof(h.page_size), "%uKB", kb % 100000);
    char f[96];
    ctrun_error *e = NULL;
    snprintf(f, sizeof(f), "hugetlb.%s.%s", h.page_size, usage);
    if (cg_read_u64(dir, f, &h.usage, &e) < 0) {
      error_free(e);
      continue; /* no such size in this cgroup */
    }
    snprintf(f, sizeof(f), "hugetlb.%s.%s", h.page_size, max);
    if (cg_read_u64(dir, f, &h.max, &e) < 0)
      error_freep(&e);
    snprintf(f, sizeof(f), "hugetlb.%s.%s", h.page_size, failcnt);
    if ((strstr(failcnt, "events") ? cg_read_keyed(dir, f, "max", &h.failcnt, &e)
                                   : cg_read_u64(dir, f, &h.failcnt, &e)) < 0)
      error_freep(&e);
    struct cgroup_hugetlb_stats *nv = realloc(st->hugetlb, (st->n_hugetlb + 1) * sizeof(*nv));
    if (nv == NULL) {
      ret = -ENOMEM;
      break;
    }
    st->hugetlb = nv;
    st->hugetlb[st->n_hugetlb++] = h;
  }
  closedir(d);
  return ret;
}
