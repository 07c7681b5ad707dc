/* The cgroup manager: finds the hierarchies of the host, resolves a
 * container's cgroup in each, keeps track of what it created, and hands the
 * version-specific work to cgroup-v1.c or cgroup-v2.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"
#include "spec/cleanup.h"

#define RECORD_MAGIC "ctrun-cgroup 1"

static void hier_clear(struct cgroup_hier *h) {
  free(h->mount);
  free(h->controllers);
  free(h->own);
}

void cgroup_manager_free(struct cgroup_manager *m) {
  if (m == NULL || m->shared)
    return;
  for (size_t i = 0; i < m->n; i++)
    hier_clear(&m->h[i]);
  free(m->h);
  free(m->root);
  free(m);
}

bool cgroup_manager_is_v2(const struct cgroup_manager *m) { return m && m->v2; }

static int read_text(const char *path, char **ret, ctrun_error **err) {
  return cg_read("/", path, ret, err);
}

static int add_hier(struct cgroup_manager *m, const char *mount, const char *controllers,
                    bool unified, const char *proc_cgroup, ctrun_error **err) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->h[i].mount, mount) == 0)
      return 0;
  struct cgroup_hier *nh = realloc(m->h, (m->n + 1) * sizeof(*nh));
  if (nh == NULL)
    return error_set(err, ENOMEM, "cgroup manager");
  m->h = nh;
  struct cgroup_hier *h = &m->h[m->n];
  h->mount = strdup(mount);
  h->controllers = strdup(controllers);
  h->unified = unified;
  h->own = cgroup_own_from_proc(proc_cgroup, controllers, unified);
  if (!h->mount || !h->controllers || !h->own) {
    hier_clear(h);
    return error_set(err, ENOMEM, "cgroup manager");
  }
  m->n++;
  return 0;
}

/* The controllers of a v1 mount, from its super options ("rw,cpu,cpuacct"). */
static void v1_controllers(const char *superopts, char *buf, size_t len) {
  buf[0] = '\0';
  _cleanup_free_ char *copy = strdup(superopts);
  if (copy == NULL)
    return;
  char *save = NULL;
  for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
    if (strcmp(o, "rw") == 0 || strcmp(o, "ro") == 0 || strcmp(o, "relatime") == 0 ||
        strcmp(o, "noprefix") == 0 || strcmp(o, "clone_children") == 0 ||
        strcmp(o, "xattr") == 0 || strncmp(o, "release_agent=", 14) == 0 ||
        strcmp(o, "cpuset_v2_mode") == 0 || strcmp(o, "favordynmods") == 0)
      continue;
    size_t l = strlen(buf);
    snprintf(buf + l, len - l, "%s%s", l ? "," : "", o);
  }
}

static bool is_under(const char *path, const char *dir) {
  size_t l = strlen(dir);
  while (l > 1 && dir[l - 1] == '/')
    l--;
  return strncmp(path, dir, l) == 0 && (path[l] == '/' || path[l] == '\0');
}

/* v1: the cgroup mounts below root, from /proc/self/mountinfo. */
static int scan_mountinfo(struct cgroup_manager *m, const char *proc_cgroup, ctrun_error **err) {
  _cleanup_free_ char *mi = NULL;
  int r = read_text("/proc/self/mountinfo", &mi, err);
  if (r < 0)
    return r;
  char *save = NULL;
  for (char *line = strtok_r(mi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char mnt[4096], fstype[64], superopts[1024];
    char *dash = strstr(line, " - ");
    if (dash == NULL || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
        sscanf(dash, " - %63s %*s %1023s", fstype, superopts) != 2)
      continue;
    if (!is_under(mnt, m->root) || strcmp(mnt, m->root) == 0)
      continue;
    if (strcmp(fstype, "cgroup") == 0) {
      char ctrls[1024];
      v1_controllers(superopts, ctrls, sizeof(ctrls));
      if (*ctrls)
        r = add_hier(m, mnt, ctrls, false, proc_cgroup, err);
    } else if (strcmp(fstype, "cgroup2") == 0) {
      m->hybrid = true;
      r = add_hier(m, mnt, "", true, proc_cgroup, err);
    }
    if (r < 0)
      return r;
  }
  return 0;
}

/* A v1 tree that is not mounted (tests): one directory per hierarchy, named
 * after its controllers; "unified" is a cgroup2 stand-in. */
static int scan_fake_v1(struct cgroup_manager *m, const char *proc_cgroup, ctrun_error **err) {
  DIR *d = opendir(m->root);
  if (d == NULL)
    return error_set(err, errno, "cgroup root %s", m->root);
  struct dirent *de;
  int r = 0;
  while (r == 0 && (de = readdir(d)) != NULL) {
    if (de->d_type != DT_DIR || de->d_name[0] == '.')
      continue;
    _cleanup_free_ char *p = path_join(m->root, de->d_name);
    if (p == NULL) {
      r = error_set(err, ENOMEM, "cgroup manager");
      break;
    }
    bool unified = strcmp(de->d_name, "unified") == 0;
    if (unified)
      m->hybrid = true;
    r = add_hier(m, p, unified ? "" : de->d_name, unified, proc_cgroup, err);
  }
  closedir(d);
  return r;
}

int cgroup_manager_new(const char *root, const char *mode, struct cgroup_manager **ret,
                       ctrun_error **err) {
  if (root == NULL)
    root = "/sys/fs/cgroup";
  if (mode == NULL)
    mode = "auto";
  if (strcmp(mode, "auto") != 0 && strcmp(mode, "v1") != 0 && strcmp(mode, "v2") != 0)
    return error_set(err, EINVAL, "cgroup manager: mode '%s' is not auto, v1 or v2", mode);
  struct statfs sfs;
  if (statfs(root, &sfs) < 0)
    return error_set(err, errno, "statfs %s", root);
  bool is_cg2 = sfs.f_type == CGROUP2_SUPER_MAGIC;

  struct cgroup_manager *m = calloc(1, sizeof(*m));
  if (m == NULL || (m->root = strdup(root)) == NULL) {
    free(m);
    return error_set(err, ENOMEM, "cgroup manager");
  }
  _cleanup_free_ char *proc_cgroup = NULL;
  ctrun_error *ignored = NULL;
  if (read_text("/proc/self/cgroup", &proc_cgroup, &ignored) < 0)
    error_free(ignored); /* no /proc: every own cgroup is "/" */

  int r;
  if (strcmp(mode, "v2") == 0 || (strcmp(mode, "auto") == 0 && is_cg2)) {
    m->v2 = true;
    m->fake = !is_cg2;
    m->ops = &cgroup_v2_ops;
    r = add_hier(m, root, "", true, proc_cgroup, err);
  } else {
    m->ops = &cgroup_v1_ops;
    r = scan_mountinfo(m, proc_cgroup, err);
    if (r == 0 && m->n == 0) {
      m->fake = true;
      r = scan_fake_v1(m, proc_cgroup, err);
    }
    if (r == 0 && m->n == 0)
      r = error_set(err, ENOENT, "cgroup manager: no cgroup hierarchy under %s", root);
  }
  if (r < 0) {
    cgroup_manager_free(m);
    return r;
  }
  *ret = m;
  return 0;
}

/* Every state, list, start, kill and delete needs the hierarchies: found
 * once (statfs, /proc/self/cgroup and the whole of /proc/self/mountinfo,
 * which is long on a host with many containers), not once per container. */
int cgroup_manager_shared(struct cgroup_manager **ret, ctrun_error **err) {
  static struct cgroup_manager *shared;
  struct cgroup_manager *m = __atomic_load_n(&shared, __ATOMIC_ACQUIRE);
  if (m == NULL) {
    int r = cgroup_manager_new("/sys/fs/cgroup", "auto", &m, err);
    if (r < 0)
      return r;
    m->shared = true;
    struct cgroup_manager *expected = NULL;
    /* another thread may have been quicker: use its manager */
    if (!__atomic_compare_exchange_n(&shared, &expected, m, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
      m->shared = false;
      cgroup_manager_free(m);
      m = expected;
    }
  }
  *ret = m;
  return 0;
}

/* ---- a container's cgroup ---- */

void cgroup_free(struct cgroup *cg) {
  if (cg == NULL)
    return;
  for (size_t i = 0; i < cg->n; i++) {
    free(cg->d[i].dir);
    free(cg->d[i].created_top);
  }
  free(cg->d);
  free(cg->path);
  free(cg);
}

const char *cgroup_path(const struct cgroup *cg) { return cg ? cg->path : NULL; }

int cgroup_new(struct cgroup_manager *m, const char *cgroups_path, const char *id,
               struct cgroup **ret, ctrun_error **err) {
  struct cgroup *cg = calloc(1, sizeof(*cg));
  if (cg == NULL || (cg->d = calloc(m->n, sizeof(*cg->d))) == NULL) {
    free(cg);
    return error_set(err, ENOMEM, "cgroup");
  }
  cg->m = m;
  int r = 0;
  for (size_t i = 0; i < m->n && r == 0; i++) {
    _cleanup_free_ char *p = NULL;
    r = cgroup_resolve_path(cgroups_path, id, m->h[i].own, &p, err);
    if (r < 0)
      break;
    cg->d[i].hier = (ssize_t)i;
    cg->d[i].dir = path_join(m->h[i].mount, p);
    cg->n++;
    if (cg->d[i].dir == NULL)
      r = error_set(err, ENOMEM, "cgroup");
    else if (cg->path == NULL || m->h[i].unified) {
      free(cg->path);
      cg->path = TAKE_PTR(p);
    }
  }
  if (r < 0) {
    cgroup_free(cg);
    return r;
  }
  *ret = cg;
  return 0;
}

static const struct cgroup_hier *hier_of(const struct cgroup *cg, const struct cgroup_dir *d) {
  return d->hier >= 0 ? &cg->m->h[d->hier] : NULL;
}

/* The topmost directory that does not exist yet on the way to dir. */
static int first_missing(const char *mount, const char *dir, char **ret, ctrun_error **err) {
  *ret = NULL;
  size_t ml = strlen(mount);
  _cleanup_free_ char *p = strdup(dir);
  if (p == NULL)
    return error_set(err, ENOMEM, "cgroup");
  for (char *s = p + ml; s && *s;) {
    char *slash = strchr(s + 1, '/');
    if (slash)
      *slash = '\0';
    if (access(p, F_OK) < 0) {
      if (errno != ENOENT)
        return error_set(err, errno, "access %s", p);
      *ret = strdup(p);
      return *ret ? 0 : error_set(err, ENOMEM, "cgroup");
    }
    if (slash)
      *slash = '/';
    s = slash;
  }
  return 0;
}

int cgroup_record(const struct cgroup *cg, char **ret, ctrun_error **err) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (f == NULL)
    return error_set(err, errno, "cgroup record");
  fprintf(f, "%s\npath\t%s\n", RECORD_MAGIC, cg->path ? cg->path : "");
  int r = 0;
  for (size_t i = 0; i < cg->n && r == 0; i++) {
    const struct cgroup_dir *d = &cg->d[i];
    if (d->spare) {
      /* not used, nothing made: where update would put it */
      fprintf(f, "spare\t%s\n", d->dir);
      continue;
    }
    if (cg->created && d->hier < 0)
      continue; /* a record's line that matches no hierarchy of this host */
    _cleanup_free_ char *plan = NULL;
    const char *top = d->created_top;
    if (!cg->created && hier_of(cg, d)) {
      /* before create: what create will make is what is missing now */
      r = first_missing(hier_of(cg, d)->mount, d->dir, &plan, err);
      top = plan;
    }
    fprintf(f, "dir\t%s\t%s\n", d->dir, top ? top : "-");
  }
  if (fclose(f) != 0 && r == 0)
    r = error_set(err, errno, "cgroup record");
  if (r < 0) {
    free(buf);
    return r;
  }
  *ret = buf;
  return 0;
}

int cgroup_from_record(struct cgroup_manager *m, const char *record, struct cgroup **ret,
                       ctrun_error **err) {
  if (record == NULL || strncmp(record, RECORD_MAGIC "\n", strlen(RECORD_MAGIC) + 1) != 0)
    return error_set(err, EINVAL, "cgroup record: not a ctrun cgroup record");
  _cleanup_free_ char *copy = strdup(record + strlen(RECORD_MAGIC) + 1);
  struct cgroup *cg = calloc(1, sizeof(*cg));
  if (copy == NULL || cg == NULL) {
    free(cg);
    return error_set(err, ENOMEM, "cgroup record");
  }
  cg->m = m;
  cg->created = true;
  int r = 0;
  char *save = NULL;
  for (char *line = strtok_r(copy, "\n", &save); line && r == 0; line = strtok_r(NULL, "\n", &save)) {
    if (strncmp(line, "path\t", 5) == 0) {
      free(cg->path);
      if ((cg->path = strdup(line + 5)) == NULL)
        r = error_set(err, ENOMEM, "cgroup record");
      continue;
    }
    bool spare = strncmp(line, "spare\t", 6) == 0;
    char *dir = line + (spare ? 6 : 4), *top = spare ? NULL : strchr(dir, '\t');
    if (!spare && (strncmp(line, "dir\t", 4) != 0 || top == NULL || strchr(top + 1, '\t'))) {
      r = error_set(err, EINVAL, "cgroup record: bad line '%s'", line);
      break;
    }
    if (top)
      *top++ = '\0';
    else
      top = "-";
    /* the record names the directories delete may remove: they must be
     * inside one of this host's hierarchies */
    ssize_t hier = -1;
    for (size_t i = 0; i < m->n; i++)
      if (is_under(dir, m->h[i].mount) && (hier < 0 || strlen(m->h[i].mount) > strlen(m->h[hier].mount)))
        hier = (ssize_t)i;
    bool has_top = strcmp(top, "-") != 0;
    if (spare && hier < 0)
      continue; /* a hierarchy this host no longer has: nothing to join */
    if (hier < 0 || strstr(dir, "/..") || (has_top && (!is_under(dir, top) || !is_under(top, m->h[hier].mount) ||
                                                       strcmp(top, m->h[hier].mount) == 0))) {
      r = error_set(err, EINVAL, "cgroup record: '%s' is not a cgroup of this host", dir);
      break;
    }
    struct cgroup_dir *nd = realloc(cg->d, (cg->n + 1) * sizeof(*nd));
    if (nd == NULL) {
      r = error_set(err, ENOMEM, "cgroup record");
      break;
    }
    cg->d = nd;
    struct cgroup_dir *d = &cg->d[cg->n++];
    memset(d, 0, sizeof(*d));
    d->hier = spare ? -1 : hier;
    d->spare = spare;
    d->spare_hier = (size_t)hier;
    d->dir = strdup(dir);
    d->created_top = has_top ? strdup(top) : NULL;
    if (d->dir == NULL || (has_top && d->created_top == NULL))
      r = error_set(err, ENOMEM, "cgroup record");
  }
  if (r == 0 && cg->path == NULL)
    r = error_set(err, EINVAL, "cgroup record: no path");
  if (r < 0) {
    cgroup_free(cg);
    return r;
  }
  *ret = cg;
  return 0;
}

/* mkdir -p of d->dir, remembering the topmost directory made; the
 * implementation prepares each directory on the way (cpuset, subtree_control).
 * Returns -EAGAIN (no error set) when a parent vanished under it. */
static int make_dirs_once(struct cgroup *cg, struct cgroup_dir *d, const spec_resources *res,
                          ctrun_error **err) {
  const struct cgroup_hier *h = hier_of(cg, d);
  _cleanup_free_ char *p = strdup(d->dir);
  if (p == NULL)
    return error_set(err, ENOMEM, "cgroup");
  for (char *s = p + strlen(h->mount); s && *s;) {
    char *slash = strchr(s + 1, '/');
    if (slash)
      *slash = '\0';
    *s = '\0'; /* p is now the parent */
    _cleanup_free_ char *parent = strdup(*p ? p : "/");
    *s = '/';
    if (parent == NULL)
      return error_set(err, ENOMEM, "cgroup");
    bool made = false;
    if (mkdir(p, 0755) == 0)
      made = true;
    else if (errno == ENOENT)
      return -EAGAIN;
    else if (errno != EEXIST)
      return error_set(err, errno, "mkdir %s", p);
    if (made && d->created_top == NULL && (d->created_top = strdup(p)) == NULL)
      return error_set(err, ENOMEM, "cgroup");
    int r = cg->m->ops->prepare_dir(cg, d, p, parent, made, res, err);
    if (r < 0)
      return r;
    if (slash)
      *slash = '/';
    s = slash;
  }
  return 0;
}

static int make_dirs(struct cgroup *cg, struct cgroup_dir *d, const spec_resources *res,
                     ctrun_error **err) {
  free(d->created_top);
  d->created_top = NULL;
  /* another container's delete can remove a shared parent (/ctrun) between
   * two mkdirs: walk again */
  for (int i = 0; i < 10; i++) {
    int r = make_dirs_once(cg, d, res, err);
    if (r != -EAGAIN)
      return r;
  }
  return error_set(err, ENOENT, "mkdir %s: a parent keeps disappearing", d->dir);
}

static int remove_created(struct cgroup_dir *d, ctrun_error **err) {
  if (d->created_top == NULL)
    return 0;
  int r = cg_rmdir_tree(d->dir, err);
  if (r < 0)
    return r;
  /* then the ancestors this runtime made, up to created_top */
  _cleanup_free_ char *p = strdup(d->dir);
  if (p == NULL)
    return error_set(err, ENOMEM, "cgroup");
  while (strcmp(p, d->created_top) != 0 && is_under(p, d->created_top)) {
    *strrchr(p, '/') = '\0';
    if (rmdir(p) < 0 && errno != ENOENT) {
      if (errno == EBUSY || errno == ENOTEMPTY)
        break; /* shared with another container now */
      return error_set(err, errno, "rmdir %s", p);
    }
  }
  free(d->created_top);
  d->created_top = NULL;
  return 0;
}

void cgroup_join_all(struct cgroup *cg) { cg->all = true; }

void cgroup_select(struct cgroup *cg, const spec_resources *res) {
  for (size_t i = 0; i < cg->n; i++) {
    struct cgroup_dir *d = &cg->d[i];
    if (d->spare) { /* chosen for other resources before: choose again */
      d->hier = (ssize_t)d->spare_hier;
      d->spare = false;
    }
    const struct cgroup_hier *h = hier_of(cg, d);
    if (h == NULL || cg->all || cg->m->ops->wants(cg->m, h, res))
      continue;
    /* not used: nothing to create, nothing to remove */
    free(d->created_top);
    d->created_top = NULL;
    d->spare = true;
    d->spare_hier = (size_t)d->hier;
    d->hier = -1;
  }
}

int cgroup_create(struct cgroup *cg, const spec_resources *res, ctrun_error **err) {
  const struct cgroup_ops *ops = cg->m->ops;
  int r = 0;
  size_t i;
  cgroup_select(cg, res);
  for (i = 0; i < cg->n; i++) {
    struct cgroup_dir *d = &cg->d[i];
    if (d->hier < 0)
      continue;
    struct stat sb;
    if (stat(d->dir, &sb) == 0) {
      _cleanup_free_ pid_t *pids = NULL;
      size_t n = 0;
      r = cg_read_pids(d->dir, false, &pids, &n, err);
      if (r == 0 && n > 0)
        r = error_set(err, EBUSY, "cgroup %s already exists and holds processes", d->dir);
    }
    if (r == 0)
      r = make_dirs(cg, d, res, err);
    if (r < 0)
      break;
  }
  cg->created = true;
  if (r == 0)
    r = ops->apply(cg, res, false, err);
  if (r < 0) {
    /* leave nothing behind */
    for (size_t j = 0; j < cg->n; j++) {
      ctrun_error *ignored = NULL;
      if (remove_created(&cg->d[j], &ignored) < 0)
        error_free(ignored);
    }
    return error_prefix(err, r, "cgroup %s", cg->path);
  }
  return 0;
}

int cgroup_enter(struct cgroup *cg, pid_t pid, ctrun_error **err) {
  for (size_t i = 0; i < cg->n; i++) {
    if (cg->d[i].hier < 0)
      continue;
    int r = cg_writef(cg->d[i].dir, "cgroup.procs", err, "%d", (int)pid);
    if (r < 0)
      return error_prefix(err, r, "move %d into its cgroup", (int)pid);
  }
  return 0;
}

int cgroup_open_procs(struct cgroup *cg, int *fds, int max, ctrun_error **err) {
  int n = 0;
  for (size_t i = 0; i < cg->n; i++) {
    if (cg->d[i].hier < 0)
      continue;
    if (n + 1 >= max) {
      for (int j = 0; j < n; j++)
        close(fds[j]);
      return error_set(err, ENOSPC, "cgroup: more than %d hierarchies", max - 1);
    }
    _cleanup_free_ char *p = path_join(cg->d[i].dir, "cgroup.procs");
    int fd = p ? open(p, O_WRONLY | O_CLOEXEC) : -1;
    if (fd < 0) {
      int e = p ? errno : ENOMEM;
      for (int j = 0; j < n; j++)
        close(fds[j]);
      return error_set(err, e, "open %s", p ? p : "cgroup.procs");
    }
    fds[n++] = fd;
  }
  fds[n] = -1;
  return n;
}

static const char *main_dir(const struct cgroup *cg);

int cgroup_join(struct cgroup *cg, const spec_resources *res, bool *ret_changed,
                ctrun_error **err) {
  *ret_changed = false;
  const struct cgroup_manager *m = cg->m;
  size_t want = 0;
  for (size_t i = 0; i < cg->n; i++)
    if (cg->d[i].spare && m->ops->wants(m, &m->h[cg->d[i].spare_hier], res))
      want++;
  if (want == 0)
    return 0;
  const char *from = main_dir(cg);
  if (from == NULL)
    return error_set(err, ENOENT, "cgroup %s: no hierarchy to find its processes in", cg->path);
  /* frozen, no process of the container forks while they are moved */
  ctrun_error *ignored = NULL;
  bool frozen = cgroup_freeze(cg, true, &ignored) == 0;
  error_free(ignored);
  _cleanup_free_ pid_t *pids = NULL;
  size_t n = 0;
  int r = cg_read_pids(from, true, &pids, &n, err);
  for (size_t i = 0; r == 0 && i < cg->n; i++) {
    struct cgroup_dir *d = &cg->d[i];
    if (!d->spare || !m->ops->wants(m, &m->h[d->spare_hier], res))
      continue;
    d->hier = (ssize_t)d->spare_hier;
    d->spare = false;
    if ((r = make_dirs(cg, d, res, err)) < 0)
      break;
    *ret_changed = true;
    for (size_t j = 0; r == 0 && j < n; j++) {
      r = cg_writef(d->dir, "cgroup.procs", err, "%d", (int)pids[j]);
      if (r == -ESRCH) { /* exited meanwhile */
        error_freep(err);
        r = 0;
      }
    }
  }
  if (frozen) {
    ignored = NULL;
    if (cgroup_freeze(cg, false, &ignored) < 0)
      error_free(ignored);
  }
  return r < 0 ? error_prefix(err, r, "cgroup %s: join the hierarchies the update needs", cg->path) : 0;
}

int cgroup_update(struct cgroup *cg, const spec_resources *res, ctrun_error **err) {
  int r = cg->m->ops->apply(cg, res, true, err);
  return r < 0 ? error_prefix(err, r, "update cgroup %s", cg->path) : 0;
}

int cgroup_freeze(struct cgroup *cg, bool frozen, ctrun_error **err) {
  return cg->m->ops->freeze(cg, frozen, err);
}

int cgroup_is_frozen(struct cgroup *cg, bool *ret, ctrun_error **err) {
  return cg->m->ops->is_frozen(cg, ret, err);
}

/* Where to list the processes: pids, freezer, then anything used. */
static const char *main_dir(const struct cgroup *cg) {
  static const char *const prefs[] = {"pids", "freezer", "memory"};
  for (size_t p = 0; p < ARRAY_SIZE(prefs); p++)
    for (size_t i = 0; i < cg->n; i++) {
      const struct cgroup_hier *h = hier_of(cg, &cg->d[i]);
      if (h && !h->unified && strcmp(h->controllers, prefs[p]) == 0)
        return cg->d[i].dir;
    }
  for (size_t i = 0; i < cg->n; i++)
    if (cg->d[i].hier >= 0)
      return cg->d[i].dir;
  return NULL;
}

int cgroup_pids(struct cgroup *cg, pid_t **ret, size_t *ret_n, ctrun_error **err) {
  const char *dir = main_dir(cg);
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: no hierarchy", cg->path);
  return cg_read_pids(dir, true, ret, ret_n, err);
}

int cgroup_kill_all(struct cgroup *cg, int sig, ctrun_error **err) {
  const char *dir = main_dir(cg);
  if (dir == NULL)
    return 0;
  if (cg->m->v2 && sig == SIGKILL && cg_exists(dir, "cgroup.kill")) {
    int r = cg_write(dir, "cgroup.kill", "1", err);
    if (r < 0)
      return r;
  }
  /* Frozen, nothing can fork while the list is walked; a SIGKILL is acted
   * on once thawed. */
  for (int round = 0; round < 1000; round++) {
    _cleanup_free_ pid_t *pids = NULL;
    size_t n = 0;
    int r = cg_read_pids(dir, true, &pids, &n, err);
    if (r == -ENOENT)
      return 0;
    if (r < 0)
      return r;
    if (n == 0 || (sig != SIGKILL && round > 0))
      return 0;
    ctrun_error *ignored = NULL;
    bool frozen = cgroup_freeze(cg, true, &ignored) == 0;
    error_free(ignored);
    for (size_t i = 0; i < n; i++)
      if (kill(pids[i], sig) < 0 && errno != ESRCH)
        return error_set(err, errno, "kill %d", (int)pids[i]);
    if (frozen) {
      ignored = NULL;
      if (cgroup_freeze(cg, false, &ignored) < 0)
        error_free(ignored);
    }
    if (sig != SIGKILL)
      return 0;
    cg_sleep_ms(10);
  }
  return error_set(err, EBUSY, "cgroup %s: processes left after SIGKILL", cg->path);
}

int cgroup_destroy(struct cgroup *cg, ctrun_error **err) {
  int ret = 0;
  for (size_t i = 0; i < cg->n; i++) {
    int r = remove_created(&cg->d[i], err);
    if (r < 0 && ret == 0)
      ret = r; /* the first error is reported; the others are still removed */
  }
  return ret;
}

void cgroup_remove_leaves(struct cgroup *cg) {
  /* best effort, and never below: a directory with children stays.  An
   * init that died with the runtime may still be leaving it (EBUSY) for a
   * moment; this runs only after a crash. */
  for (size_t i = 0; i < cg->n; i++)
    for (int tries = 0; cg->d[i].dir && tries < 100; tries++) {
      if (rmdir(cg->d[i].dir) == 0 || errno != EBUSY)
        break;
      cg_sleep_ms(10);
    }
}

int cgroup_stats(struct cgroup *cg, struct cgroup_stats *ret, ctrun_error **err) {
  memset(ret, 0, sizeof(*ret));
  int r = cg->m->ops->stats(cg, ret, err);
  if (r < 0)
    cgroup_stats_clear(ret);
  return r;
}

void cgroup_stats_clear(struct cgroup_stats *st) {
  free(st->cpu_percpu);
  free(st->blkio_bytes);
  free(st->blkio_ios);
  free(st->hugetlb);
  memset(st, 0, sizeof(*st));
}

int cgroup_oom_kills(struct cgroup *cg, uint64_t *ret, ctrun_error **err) {
  return cg->m->ops->oom_kills(cg, ret, err);
}

int cgroup_oom_fd(struct cgroup *cg, int *ret_fd, ctrun_error **err) {
  return cg->m->ops->oom_fd(cg, ret_fd, err);
}
