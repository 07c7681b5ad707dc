/* rootfs_plan_new: the parent's half of rootfs.h.  Everything that needs
 * malloc, stdio or the model happens here, before clone; the child only
 * reads the plan. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>

#include "runtime/rootfs-cgroup.h"
#include "runtime/rootfs-plan.h"
#include "runtime/rootfs.h"
#include "spec/cleanup.h"

char *rootfs_clean_path(const char *path) {
  if (path == NULL || path[0] != '/') {
    errno = EINVAL;
    return NULL;
  }
  size_t len = strlen(path);
  char *out = malloc(len + 1);
  if (out == NULL)
    return NULL;
  size_t o = 0;
  const char *p = path;
  while (*p) {
    while (*p == '/')
      p++;
    if (*p == '\0')
      break;
    const char *e = p;
    while (*e && *e != '/')
      e++;
    size_t n = (size_t)(e - p);
    if (n == 1 && p[0] == '.') {
      /* nothing */
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0)
        o--;
    } else {
      if (o > 0)
        out[o++] = '/';
      memcpy(out + o, p, n);
      o += n;
    }
    p = e;
  }
  out[o] = '\0';
  return out;
}

static bool path_is_or_under(const char *path, const char *dir) {
  size_t n = strlen(dir);
  return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Files under /proc that tools like lxcfs replace with a bind mount. */
static bool proc_bind_allowed(const char *target) {
  static const char *const allowed[] = {"proc/cpuinfo", "proc/diskstats", "proc/meminfo",
                                        "proc/stat",    "proc/swaps",     "proc/uptime",
                                        "proc/loadavg", "proc/slabinfo",  "proc/net/dev"};
  for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
    if (strcmp(target, allowed[i]) == 0)
      return true;
  return false;
}

static void mount_plan_clear(struct mount_plan *m) {
  free(m->target);
  free(m->source);
  free(m->fstype);
  mount_options_clear(&m->opts);
  rootfs_cgroup_entries_free(m->cgroups, m->n_cgroups);
}

void rootfs_plan_free(struct rootfs_plan *p) {
  if (p == NULL)
    return;
  free(p->rootfs);
  for (size_t i = 0; i < p->n_mounts; i++)
    mount_plan_clear(&p->mounts[i]);
  free(p->mounts);
  for (size_t i = 0; i < p->n_devices; i++) {
    free(p->devices[i].target);
    free(p->devices[i].host_path);
  }
  free(p->devices);
  free(p->proc_target);
  for (size_t i = 0; i < p->n_sysctls; i++) {
    free(p->sysctls[i].key);
    free(p->sysctls[i].path);
    free(p->sysctls[i].value);
  }
  free(p->sysctls);
  for (size_t i = 0; i < p->n_masked; i++)
    free(p->masked[i]);
  free(p->masked);
  for (size_t i = 0; i < p->n_readonly; i++)
    free(p->readonly_paths[i]);
  free(p->readonly_paths);
  free(p);
}

DEFINE_CLEANUP_FUNC(struct rootfs_plan *, rootfs_plan_free)

static int resolve_rootfs(struct rootfs_plan *p, const spec_config *cfg, const char *bundle,
                          ctrun_error **err) {
  if (!cfg->root.present || cfg->root.path == NULL || cfg->root.path[0] == '\0')
    return error_set(err, EINVAL, "root.path: required");
  _cleanup_free_ char *joined = NULL;
  const char *path = cfg->root.path;
  if (path[0] != '/') {
    if (bundle == NULL)
      return error_set(err, EINVAL, "root.path: relative \"%s\" but no bundle directory", path);
    if (asprintf(&joined, "%s/%s", bundle, path) < 0)
      return error_set(err, ENOMEM, "root.path");
    path = joined;
  }
  p->rootfs = realpath(path, NULL);
  if (p->rootfs == NULL)
    return error_set(err, errno, "root.path: %s", path);
  struct stat st;
  if (stat(p->rootfs, &st) < 0)
    return error_set(err, errno, "root.path: %s", p->rootfs);
  if (!S_ISDIR(st.st_mode))
    return error_set(err, ENOTDIR, "root.path: %s: not a directory", p->rootfs);
  p->rootfs_dev = st.st_dev;
  p->rootfs_ino = st.st_ino;
  return 0;
}

static int plan_propagation(struct rootfs_plan *p, const spec_config *cfg, ctrun_error **err) {
  const char *word = cfg->linux_.rootfs_propagation;
  p->pre_propagation = MS_REC | MS_SLAVE;
  if (word == NULL || word[0] == '\0')
    return 0;
  unsigned long f = mount_propagation_flags(word);
  if (f == 0)
    return error_set(err, EINVAL,
                     "linux.rootfsPropagation: \"%s\" is not one of shared, slave, private, "
                     "unbindable (or their r forms)",
                     word);
  if (f & MS_PRIVATE)
    p->pre_propagation = MS_REC | MS_PRIVATE;
  p->root_propagation = f;
  return 0;
}

static bool is_cgroup2_host(void) {
  struct statfs sfs;
  return statfs("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
}

/* The child unshares its cgroup namespace once it sits in its cgroup, so a
 * cgroup filesystem mounted there shows the container's cgroup as its root. */
static bool has_new_cgroupns(const spec_config *cfg) {
  for (size_t i = 0; i < cfg->linux_.n_namespaces; i++) {
    const spec_namespace *ns = &cfg->linux_.namespaces[i];
    if (ns->type && strcmp(ns->type, "cgroup") == 0 && (ns->path == NULL || ns->path[0] == '\0'))
      return true;
  }
  return false;
}

static int plan_mount(struct rootfs_plan *p, const spec_config *cfg, size_t i, const char *bundle,
                      ctrun_error **err) {
  const spec_mount *sm = &cfg->mounts[i];
  struct mount_plan *m = &p->mounts[i];
  char field[64];
  snprintf(field, sizeof(field), "mounts[%zu].options", i);
  m->destination = sm->destination;
  if (sm->destination == NULL || sm->destination[0] != '/')
    return error_set(err, EINVAL, "mounts[%zu].destination: must be an absolute path, got \"%s\"",
                     i, sm->destination ? sm->destination : "");
  if ((m->target = rootfs_clean_path(sm->destination)) == NULL)
    return error_set(err, errno, "mounts[%zu].destination", i);
  if (m->target[0] == '\0')
    return error_set(err, EINVAL, "mounts[%zu].destination: cannot mount over the root \"%s\"", i,
                     sm->destination);
  int r = mount_options_parse(&sm->options, field, &m->opts, err);
  if (r < 0)
    return r;
  if (sm->n_uid_mappings > 0 || sm->n_gid_mappings > 0)
    return error_set(err, EOPNOTSUPP,
                     "mounts[%zu]: uidMappings/gidMappings (idmapped mounts) are not supported", i);
  const char *type = sm->type;
  bool bind = m->opts.bind || (type && (strcmp(type, "bind") == 0 || strcmp(type, "rbind") == 0));
  if (type && strcmp(type, "rbind") == 0)
    m->opts.recursive = true;

  if (m->opts.remount) {
    m->kind = MOUNT_KIND_REMOUNT;
  } else if (bind) {
    m->kind = MOUNT_KIND_BIND;
    if (sm->source == NULL || sm->source[0] == '\0')
      return error_set(err, EINVAL, "mounts[%zu].source: required for a bind mount of %s", i,
                       sm->destination);
    if (sm->source[0] == '/')
      m->source = strdup(sm->source);
    else if (asprintf(&m->source, "%s/%s", bundle ? bundle : ".", sm->source) < 0)
      m->source = NULL;
    if (m->source == NULL)
      return error_set(err, ENOMEM, "mounts[%zu].source", i);
    struct stat st;
    if (stat(m->source, &st) < 0)
      return error_set(err, errno, "mounts[%zu].source: %s", i, m->source);
    m->target_is_dir = S_ISDIR(st.st_mode);
  } else {
    if (type == NULL || type[0] == '\0')
      return error_set(err, EINVAL, "mounts[%zu].type: required for %s (not a bind mount)", i,
                       sm->destination);
    m->kind = MOUNT_KIND_FS;
    m->target_is_dir = true;
    if (sm->source && (m->source = strdup(sm->source)) == NULL)
      return error_set(err, ENOMEM, "mounts[%zu].source", i);
    if (strcmp(type, "cgroup") == 0 && is_cgroup2_host()) {
      type = "cgroup2";
    } else if (strcmp(type, "cgroup") == 0) {
      m->kind = MOUNT_KIND_CGROUP_V1;
      type = "tmpfs";
      r = rootfs_cgroup_entries(has_new_cgroupns(cfg), &m->cgroups, &m->n_cgroups, err);
      if (r < 0)
        return error_prefix(err, r, "mounts[%zu] %s", i, sm->destination);
      /* the tmpfs holding the hierarchies: not world-writable */
      r = mount_options_add_param(&m->opts, "mode=755", err);
      if (r < 0)
        return r;
    }
    if ((m->fstype = strdup(type)) == NULL)
      return error_set(err, ENOMEM, "mounts[%zu].type", i);
  }

  /* procfs and sysfs only where they belong, and never hidden by something else */
  bool is_proc = m->kind == MOUNT_KIND_FS && strcmp(m->fstype, "proc") == 0;
  if (is_proc)
    m->magic = PROC_SUPER_MAGIC;
  if (m->kind == MOUNT_KIND_FS && strcmp(m->fstype, "sysfs") == 0)
    m->magic = SYSFS_MAGIC;
  if (strcmp(m->target, "proc") == 0) {
    if (m->kind == MOUNT_KIND_BIND)
      m->check_source_magic = true;
    else if (!is_proc && m->kind != MOUNT_KIND_REMOUNT)
      return error_set(err, EPERM, "mounts[%zu]: %s over /proc is not allowed", i,
                       m->fstype ? m->fstype : "mount");
    if (is_proc && p->proc_target == NULL && (p->proc_target = strdup("proc")) == NULL)
      return error_set(err, ENOMEM, "mounts[%zu]", i);
  } else if (path_is_or_under(m->target, "proc")) {
    if (path_is_or_under(m->target, "proc/sys") || strcmp(m->target, "proc/sysrq-trigger") == 0)
      return error_set(err, EPERM, "mounts[%zu]: mounting over %s is not allowed", i,
                       sm->destination);
    if (!is_proc && !(m->kind == MOUNT_KIND_BIND && proc_bind_allowed(m->target)))
      return error_set(err, EPERM, "mounts[%zu]: mounting over %s (under /proc) is not allowed", i,
                       sm->destination);
  }
  if (strcmp(m->target, "dev") == 0 && m->kind == MOUNT_KIND_FS && strcmp(m->fstype, "tmpfs") == 0)
    p->dev_is_tmpfs = true;
  return 0;
}

static int plan_mounts(struct rootfs_plan *p, const spec_config *cfg, const char *bundle,
                       ctrun_error **err) {
  if (cfg->n_mounts == 0)
    return 0;
  p->mounts = calloc(cfg->n_mounts, sizeof(*p->mounts));
  if (p->mounts == NULL)
    return error_set(err, ENOMEM, "mounts");
  for (size_t i = 0; i < cfg->n_mounts; i++) {
    p->n_mounts = i + 1;
    int r = plan_mount(p, cfg, i, bundle, err);
    if (r < 0)
      return r;
  }
  return 0;
}

static int add_device(struct rootfs_plan *p, const char *target, const char *host_path, mode_t type,
                      dev_t rdev, mode_t mode, const spec_device *d, ctrun_error **err) {
  struct device_plan *dp = &p->devices[p->n_devices];
  *dp = (struct device_plan){.type = type, .rdev = rdev, .mode = mode};
  dp->target = strdup(target);
  dp->host_path = strdup(host_path);
  if (dp->target == NULL || dp->host_path == NULL) {
    free(dp->target);
    free(dp->host_path);
    return error_set(err, ENOMEM, "linux.devices");
  }
  if (d && (d->uid.set || d->gid.set)) {
    dp->set_owner = true;
    dp->uid = d->uid.set ? (uid_t)d->uid.value : (uid_t)-1;
    dp->gid = d->gid.set ? (gid_t)d->gid.value : (gid_t)-1;
  }
  p->n_devices++;
  return 0;
}

static int plan_devices(struct rootfs_plan *p, const spec_config *cfg, ctrun_error **err) {
  static const struct {
    const char *name;
    unsigned major, minor;
  } defaults[] = {{"null", 1, 3},   {"zero", 1, 5},    {"full", 1, 7},
                  {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};
  const spec_linux *l = &cfg->linux_;
  p->devices = calloc(ARRAY_SIZE(defaults) + l->n_devices, sizeof(*p->devices));
  if (p->devices == NULL)
    return error_set(err, ENOMEM, "linux.devices");
  int r;
  for (size_t i = 0; i < l->n_devices; i++) {
    const spec_device *d = &l->devices[i];
    _cleanup_free_ char *target = rootfs_clean_path(d->path);
    if (target == NULL || target[0] == '\0')
      return error_set(err, EINVAL,
                       "linux.devices[%zu].path: must be an absolute file path, got \"%s\"", i,
                       d->path ? d->path : "");
    mode_t type;
    if (d->type && (strcmp(d->type, "c") == 0 || strcmp(d->type, "u") == 0))
      type = S_IFCHR;
    else if (d->type && strcmp(d->type, "b") == 0)
      type = S_IFBLK;
    else if (d->type && strcmp(d->type, "p") == 0)
      type = S_IFIFO;
    else
      return error_set(err, EINVAL, "linux.devices[%zu].type: expected c, b, u or p, got \"%s\"", i,
                       d->type ? d->type : "");
    if (type != S_IFIFO && (d->major < 0 || d->minor < 0))
      return error_set(err, EINVAL, "linux.devices[%zu]: major and minor are required for %s", i,
                       d->path);
    dev_t rdev = type == S_IFIFO ? 0 : makedev((unsigned)d->major, (unsigned)d->minor);
    mode_t mode = d->file_mode.set ? (mode_t)(d->file_mode.value & 07777) : 0666;
    if ((r = add_device(p, target, d->path, type, rdev, mode, d, err)) < 0)
      return r;
  }
  /* As runc: the default devices are made unless /dev is a bind of a host
   * directory, also on the rootfs's own /dev; dev_setup then replaces
   * whatever the image put at those names (CVE-2025-31133). */
  for (size_t i = 0; i < p->n_mounts; i++)
    if (p->mounts[i].kind == MOUNT_KIND_BIND && strcmp(p->mounts[i].target, "dev") == 0)
      return 0;
  size_t configured = p->n_devices;
  for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
    char target[32], host[32];
    snprintf(target, sizeof(target), "dev/%s", defaults[i].name);
    snprintf(host, sizeof(host), "/dev/%s", defaults[i].name);
    bool overridden = false;
    for (size_t j = 0; j < configured; j++)
      overridden |= strcmp(p->devices[j].target, target) == 0;
    if (overridden)
      continue;
    r = add_device(p, target, host, S_IFCHR, makedev(defaults[i].major, defaults[i].minor), 0666,
                   NULL, err);
    if (r < 0)
      return r;
  }
  return 0;
}

/* "net.ipv4.ip_forward" -> "sys/net/ipv4/ip_forward"; as sysctl(8), a '/'
 * in the key stands for a '.' inside one name ("conf.eth0/1.forwarding"). */
static int plan_sysctls(struct rootfs_plan *p, const spec_config *cfg, ctrun_error **err) {
  const kvlist_t *kv = &cfg->linux_.sysctl;
  if (kv->n == 0)
    return 0;
  p->sysctls = calloc(kv->n, sizeof(*p->sysctls));
  if (p->sysctls == NULL)
    return error_set(err, ENOMEM, "linux.sysctl");
  for (size_t i = 0; i < kv->n; i++) {
    const char *key = kv->items[i].key;
    struct sysctl_plan *s = &p->sysctls[i];
    p->n_sysctls = i + 1;
    size_t len = key ? strlen(key) : 0;
    if (len == 0 || key[0] == '.' || key[len - 1] == '.' || strstr(key, "..") || key[0] == '/' ||
        strstr(key, "/.") || strstr(key, "./"))
      return error_set(err, EINVAL, "linux.sysctl: invalid key \"%s\"", key ? key : "");
    s->key = strdup(key);
    s->value = strdup(kv->items[i].value ? kv->items[i].value : "");
    s->path = malloc(len + sizeof("sys/"));
    if (s->key == NULL || s->value == NULL || s->path == NULL)
      return error_set(err, ENOMEM, "linux.sysctl");
    strcpy(s->path, "sys/");
    for (size_t j = 0; j < len; j++)
      s->path[4 + j] = key[j] == '.' ? '/' : key[j] == '/' ? '.' : key[j];
    s->path[4 + len] = '\0';
  }
  return 0;
}

static int plan_paths(const strv_t *v, const char *field, char ***ret, size_t *ret_n,
                      ctrun_error **err) {
  if (v->n == 0)
    return 0;
  *ret = calloc(v->n, sizeof(char *));
  if (*ret == NULL)
    return error_set(err, ENOMEM, "%s", field);
  for (size_t i = 0; i < v->n; i++) {
    const char *path = v->items[i];
    if (path == NULL || path[0] != '/')
      return error_set(err, EINVAL, "%s[%zu]: must be an absolute path, got \"%s\"", field, i,
                       path ? path : "");
    char *clean = rootfs_clean_path(path);
    if (clean == NULL)
      return error_set(err, errno, "%s[%zu]", field, i);
    (*ret)[(*ret_n)++] = clean;
    if (clean[0] == '\0')
      return error_set(err, EINVAL, "%s[%zu]: cannot apply to the root itself", field, i);
  }
  return 0;
}

int rootfs_plan_new(const spec_config *cfg, const struct rootfs_options *opts,
                    struct rootfs_plan **ret, ctrun_error **err) {
  _cleanup_(rootfs_plan_freep) struct rootfs_plan *p = calloc(1, sizeof(*p));
  if (p == NULL)
    return error_set(err, ENOMEM, "rootfs plan");
  int r;
  if (!opts->new_mount_ns) {
    /* Like runc and crun: without a mount namespace, mounts, devices,
     * masked/readonly paths and sysctls would change the host, so they are
     * skipped and the process is only chrooted into root.path. */
    if (opts->terminal)
      return error_set(err, EINVAL,
                       "process.terminal: needs a mount namespace "
                       "(linux.namespaces must include \"mount\")");
    if (cfg->root.readonly.set && cfg->root.readonly.value)
      return error_set(err, EINVAL,
                       "root.readonly: needs a mount namespace "
                       "(linux.namespaces must include \"mount\")");
    p->chroot_only = true;
    if ((r = resolve_rootfs(p, cfg, opts->bundle, err)) < 0)
      return r;
    *ret = TAKE_PTR(p);
    return 0;
  }
  p->no_pivot = opts->no_pivot;
  p->new_user_ns = opts->new_user_ns;
  p->terminal = opts->terminal;
  p->readonly = cfg->root.readonly.set && cfg->root.readonly.value;
  if ((r = resolve_rootfs(p, cfg, opts->bundle, err)) < 0 ||
      (r = plan_propagation(p, cfg, err)) < 0 || (r = plan_mounts(p, cfg, opts->bundle, err)) < 0 ||
      (r = plan_devices(p, cfg, err)) < 0 || (r = plan_sysctls(p, cfg, err)) < 0 ||
      (r = plan_paths(&cfg->linux_.masked_paths, "linux.maskedPaths", &p->masked, &p->n_masked,
                      err)) < 0 ||
      (r = plan_paths(&cfg->linux_.readonly_paths, "linux.readonlyPaths", &p->readonly_paths,
                      &p->n_readonly, err)) < 0)
    return r;
  if (p->terminal) {
    bool has_devpts = false;
    for (size_t i = 0; i < p->n_mounts; i++)
      has_devpts |= p->mounts[i].fstype && strcmp(p->mounts[i].fstype, "devpts") == 0;
    if (!has_devpts)
      return error_set(err, EINVAL, "process.terminal: needs a devpts mount in the container");
  }
  *ret = TAKE_PTR(p);
  return 0;
}
