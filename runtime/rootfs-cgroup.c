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

void rootfs_cgroup_entries_free(struct cgroup_entry *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(v[i].name);
    free(v[i].host_path);
    free(v[i].link);
    free(v[i].controllers);
  }
  free(v);
}

struct entries {
  struct cgroup_entry *v;
  size_t n;
};

static int add_entry(struct entries *es, const char *name, const char *host_path,
                     const char *link, const char *controllers) {
  struct cgroup_entry *v = realloc(es->v, (es->n + 1) * sizeof(*v));
  if (v == NULL)
    return -ENOMEM;
  es->v = v;
  struct cgroup_entry *e = &v[es->n];
  *e = (struct cgroup_entry){strdup(name), host_path ? strdup(host_path) : NULL,
                             link ? strdup(link) : NULL,
                             controllers ? strdup(controllers) : NULL, false};
  if (e->name == NULL || (host_path && e->host_path == NULL) || (link && e->link == NULL) ||
      (controllers && e->controllers == NULL)) {
    free(e->name);
    free(e->host_path);
    free(e->link);
    free(e->controllers);
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
    char mnt[PATH_MAX], fstype[64], super[512];
    const char *sep = strstr(line, " - ");
    if (sep == NULL || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
        sscanf(sep + 3, "%63s %*s %511s", fstype, super) != 2)
      continue;
    if (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0)
      continue;
    const size_t rl = strlen(CGROUP_ROOT);
    if (strncmp(mnt, CGROUP_ROOT "/", rl + 1) != 0 || strchr(mnt + rl + 1, '/') ||
        strchr(mnt, '\\') || mnt[rl + 1] == '\0')
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
    if (add_entry(es, mnt + rl + 1, mnt, NULL, strcmp(fstype, "cgroup") == 0 ? ctl : NULL) < 0)
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
    if (add_entry(es, de->d_name, NULL, target, NULL) < 0) {
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
      tree = mnt_clone(AT_FDCWD, c->host_path, false);
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
