/* The v1 cgroup tree inside the container; see rootfs-cgroup.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/rootfs-cgroup.h"
#include "spec/cleanup.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

static void entry_clear(struct cgroup_entry *e) {
  free(e->name);
  free(e->host_path);
  free(e->mount_root);
  free(e->link);
  free(e->controllers);
}

void rootfs_cgroup_entries_free(struct cgroup_entry *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    entry_clear(&v[i]);
  free(v);
}

struct entries {
  struct cgroup_entry *v;
  size_t n;
};

static int add_entry(struct entries *es, const char *name, const char *host_path,
                     const char *mount_root, const char *link, const char *controllers) {
  struct cgroup_entry *v = realloc(es->v, (es->n + 1) * sizeof(*v));
  if (v == NULL)
    return -ENOMEM;
  es->v = v;
  struct cgroup_entry *e = &v[es->n];
  *e = (struct cgroup_entry){strdup(name), host_path ? strdup(host_path) : NULL,
                             mount_root ? strdup(mount_root) : NULL, link ? strdup(link) : NULL,
                             controllers ? strdup(controllers) : NULL, false};
  if (e->name == NULL || (host_path && e->host_path == NULL) ||
      (mount_root && e->mount_root == NULL) || (link && e->link == NULL) ||
      (controllers && e->controllers == NULL)) {
    entry_clear(e);
    return -ENOMEM;
  }
  es->n++;
  return 0;
}

/* Mount points of cgroup filesystems directly under /sys/fs/cgroup. */
static int scan_mountinfo(struct entries *es, ctrun_error **err) {
  _cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
  if (f == NULL)
    return error_set(err, errno, "cgroup mount: reading /proc/self/mountinfo");
  _cleanup_free_ char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, f) > 0) {
    char mnt[PATH_MAX], root[PATH_MAX], fstype[64], super[512];
    const char *sep = strstr(line, " - ");
    if (sep == NULL || sscanf(line, "%*s %*s %*s %4095s %4095s", root, mnt) != 2 ||
        sscanf(sep + 3, "%63s %*s %511s", fstype, super) != 2)
      continue;
    if (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0)
      continue;
    const size_t rl = strlen(CGROUP_ROOT);
    if (strncmp(mnt, CGROUP_ROOT "/", rl + 1) != 0 || strchr(mnt + rl + 1, '/') ||
        strchr(mnt, '\\') || strchr(root, '\\') || mnt[rl + 1] == '\0')
      continue;
    /* v1 superblock options, less the generic ones: the controllers */
    char ctl[512] = "";
    if (strcmp(fstype, "cgroup") == 0) {
      char *save = NULL;
      for (char *o = strtok_r(super, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        if (strcmp(o, "rw") == 0 || strcmp(o, "ro") == 0 || strcmp(o, "relatime") == 0)
          continue;
        if (ctl[0])
          strncat(ctl, ",", sizeof(ctl) - strlen(ctl) - 1);
        strncat(ctl, o, sizeof(ctl) - strlen(ctl) - 1);
      }
    }
    /* a later line is a mount on top of an earlier one at the same place
     * (an engine that remounted the hierarchies): the visible one wins */
    for (size_t i = 0; i < es->n; i++) {
      if (strcmp(es->v[i].name, mnt + rl + 1) != 0)
        continue;
      entry_clear(&es->v[i]);
      es->v[i] = es->v[--es->n];
      break;
    }
    if (add_entry(es, mnt + rl + 1, mnt, root, NULL, strcmp(fstype, "cgroup") == 0 ? ctl : NULL) <
        0)
      return error_set(err, ENOMEM, "cgroup mount");
  }
  return 0;
}

/* "cpu" -> "cpu,cpuacct" style links, kept only when they stay inside. */
static int scan_links(struct entries *es, ctrun_error **err) {
  DIR *d = opendir(CGROUP_ROOT);
  if (d == NULL)
    return error_set(err, errno, "cgroup mount: %s", CGROUP_ROOT);
  int r = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_type != DT_LNK)
      continue;
    char target[NAME_MAX + 1];
    ssize_t n = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1);
    if (n <= 0)
      continue;
    target[n] = '\0';
    if (strchr(target, '/') || strcmp(target, "..") == 0 || strcmp(target, ".") == 0)
      continue;
    if (add_entry(es, de->d_name, NULL, NULL, target, NULL) < 0) {
      r = error_set(err, ENOMEM, "cgroup mount");
      break;
    }
  }
  closedir(d);
  return r;
}

int rootfs_cgroup_entries(bool fresh, struct cgroup_entry **ret, size_t *ret_n,
                          ctrun_error **err) {
  struct entries es = {0};
  int r = scan_mountinfo(&es, err);
  if (r == 0)
    r = scan_links(&es, err);
  if (r < 0) {
    rootfs_cgroup_entries_free(es.v, es.n);
    return r;
  }
  for (size_t i = 0; i < es.n; i++)
    es.v[i].fresh = fresh && es.v[i].host_path;
  *ret = es.v;
  *ret_n = es.n;
  return 0;
}

/* Child side, async-signal-safe. */

/* The same set of comma-separated words ("cpu,cpuacct" = "cpuacct,cpu"). */
static bool same_words(const char *a, size_t alen, const char *b) {
  size_t blen = sigsafe_strlen(b), na = 0, nb = 0;
  for (size_t i = 0; i <= alen; i++)
    na += i == alen || a[i] == ',';
  for (size_t i = 0; i <= blen; i++)
    nb += i == blen || b[i] == ',';
  if (na != nb)
    return false;
  for (size_t i = 0; i < alen;) {
    size_t j = i;
    while (j < alen && a[j] != ',')
      j++;
    bool found = false;
    for (size_t k = 0; k < blen && !found;) {
      size_t l = k;
      while (l < blen && b[l] != ',')
        l++;
      found = l - k == j - i && memcmp(a + i, b + k, j - i) == 0;
      k = l + 1;
    }
    if (!found)
      return false;
    i = j + 1;
  }
  return true;
}

/* The host path of the init's own cgroup in the hierarchy of c: its line of
 * /proc/self/cgroup, under where the hierarchy is mounted.  -ENOENT when
 * there is no such line or the cgroup is outside the mount. */
static int own_cgroup_path(const struct cgroup_entry *c, char *out, size_t outlen) {
  char buf[8192];
  int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  size_t len = 0;
  for (;;) {
    ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    len += (size_t)n;
  }
  close(fd);
  buf[len] = '\0';
  for (char *line = buf; *line;) {
    char *end = line;
    while (*end && *end != '\n')
      end++;
    bool last = *end == '\0';
    *end = '\0';
    char *ctl = line;
    while (*ctl && *ctl != ':')
      ctl++;
    char *path = *ctl ? ctl + 1 : ctl;
    while (*path && *path != ':')
      path++;
    if (*ctl && *path) {
      size_t ctl_len = (size_t)(path - ctl - 1);
      path++;
      bool match = c->controllers ? same_words(ctl + 1, ctl_len, c->controllers) : ctl_len == 0;
      if (match) {
        const char *root = c->mount_root ? c->mount_root : "/";
        size_t rl = sigsafe_strlen(root);
        if (strcmp(root, "/") != 0) {
          if (strncmp(path, root, rl) != 0 || (path[rl] != '/' && path[rl] != '\0'))
            return -ENOENT;
          path += rl;
        }
        if (strcmp(path, "/") == 0)
          path = "";
        size_t hl = sigsafe_strlen(c->host_path), pl = sigsafe_strlen(path);
        if (hl + pl + 1 > outlen)
          return -ENAMETOOLONG;
        memcpy(out, c->host_path, hl);
        memcpy(out + hl, path, pl + 1);
        return 0;
      }
    }
    if (last)
      break;
    line = end + 1;
  }
  return -ENOENT;
}

int rootfs_cgroup_populate(const struct mount_plan *m, int target_fd, struct child_error *e) {
  for (size_t i = 0; i < m->n_cgroups; i++) {
    const struct cgroup_entry *c = &m->cgroups[i];
    if (c->link) {
      if (symlinkat(c->link, target_fd, c->name) < 0)
        return child_fail(e, errno, "mount cgroup onto %s: symlink %s -> %s", m->destination,
                          c->name, c->link);
      continue;
    }
    if (mkdirat(target_fd, c->name, 0755) < 0 && errno != EEXIST)
      return child_fail(e, errno, "mount cgroup onto %s: mkdir %s", m->destination, c->name);
    int dir = openat(target_fd, c->name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0)
      return child_fail(e, errno, "mount cgroup onto %s: open %s", m->destination, c->name);
    int tree;
    if (c->fresh) {
      /* one parameter per controller option, as mount -o memory would pass */
      struct fs_param params[16];
      char opts[512];
      size_t n = 0;
      sigsafe_strlcpy(opts, c->controllers ? c->controllers : "", sizeof(opts));
      for (char *o = opts; *o && n < 16;) {
        char *end = o;
        while (*end && *end != ',')
          end++;
        bool last = *end == '\0';
        *end = '\0';
        char *eq = o;
        while (*eq && *eq != '=')
          eq++;
        if (*eq) {
          *eq = '\0';
          params[n++] = (struct fs_param){o, eq + 1};
        } else {
          params[n++] = (struct fs_param){o, NULL};
        }
        if (last)
          break;
        o = end + 1;
      }
      char msg[256];
      tree = mnt_fs_create(c->controllers ? "cgroup" : "cgroup2", "cgroup", params, n, 0, msg,
                           sizeof(msg));
    } else {
      /* the container's own cgroup, as runc binds it; the whole mount only
       * when the init's cgroup cannot be found in it */
      char own[PATH_MAX];
      int r = own_cgroup_path(c, own, sizeof(own));
      tree = mnt_clone(AT_FDCWD, r == 0 ? own : c->host_path, false);
    }
    int r = tree;
    if (tree >= 0)
      r = mnt_setattr(tree, false, m->opts.attr_set, m->opts.attr_clr, 0);
    if (r >= 0)
      r = mnt_move(tree, dir);
    if (tree >= 0)
      close(tree);
    close(dir);
    if (r < 0)
      return child_fail(e, -r, "mount %s onto %s/%s: %s", c->host_path, m->destination, c->name,
                        c->fresh ? "new cgroup filesystem" : "bind");
  }
  return 0;
}
