/* What the libvirt LXC driver does without being asked (lxc_container.c,
 * lxc_controller.c, lxc_cgroup.c): namespaces, the basic mounts, the
 * environment, the device cgroup.  Also the hostname and the final checks
 * that need the whole domain. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

static int add_namespace(xml_ctx *c, const char *type, const char *path) {
  spec_linux *l = &c->cfg->linux_;
  spec_namespace *ns = realloc(l->namespaces, (l->n_namespaces + 1) * sizeof(*ns));
  if (ns == NULL)
    return xml_oom(c);
  l->namespaces = ns;
  ns[l->n_namespaces] = (spec_namespace){strdup(type), path ? strdup(path) : NULL};
  if (ns[l->n_namespaces++].type == NULL || (path && ns[l->n_namespaces - 1].path == NULL))
    return xml_oom(c);
  l->namespaces_present = true;
  return 0;
}

static int namespaces(xml_ctx *c) {
  int r;
  struct xml_ns_plan *p = &c->ns;
  if (p->share_net && p->private_net)
    return xml_fail(c, p->share_net_node, "config asks for inherit net namespace as well as "
                                          "private network interfaces");
  if ((r = add_namespace(c, "pid", NULL)) < 0 || (r = add_namespace(c, "mount", NULL)) < 0 ||
      (r = add_namespace(c, "uts", p->share_uts)) < 0 ||
      (r = add_namespace(c, "ipc", p->share_ipc)) < 0)
    return r;
  /* no <interface>, no <privnet/>: the host's network is shared */
  if ((p->private_net || p->share_net) && (r = add_namespace(c, "network", p->share_net)) < 0)
    return r;
  if (p->userns && (r = add_namespace(c, "user", NULL)) < 0)
    return r;
  /* libvirt binds the container's own cgroup sub-tree; a cgroup namespace
   * is how OCI runtimes show the same */
  return add_namespace(c, "cgroup", NULL);
}

/* lxcContainerSetHostname: the name without anything outside
 * [A-Za-z0-9-], and one leading '-' less. */
static int hostname(xml_ctx *c) {
  if (c->ns.share_uts)
    return 0; /* the UTS namespace belongs to someone else */
  if (c->legacy_hostname) {
    c->cfg->hostname = TAKE_PTR(c->legacy_hostname);
    return 0;
  }
  size_t n = 0;
  char *h = malloc(strlen(c->name) + 1);
  if (h == NULL)
    return xml_oom(c);
  for (const char *s = c->name; *s; s++)
    if (isascii((unsigned char)*s) && (isalnum((unsigned char)*s) || *s == '-'))
      h[n++] = *s;
  h[n] = '\0';
  if (h[0] == '-')
    memmove(h, h + 1, n--);
  if (n == 0) {
    free(h);
    return 0;
  }
  c->cfg->hostname = h;
  return 0;
}

static int base_mounts(xml_ctx *c, spec_mount **m, size_t *n) {
  const char *proc[] = {"nosuid", "noexec", "nodev", NULL};
  const char *sysfs[] = {"nosuid", "noexec", "nodev", "ro", NULL};
  const char *sysbind[] = {"rbind", "nosuid", "noexec", "nodev", "ro", NULL};
  const char *cgroup[] = {"nosuid", "noexec", "nodev", "relatime", "ro", NULL};
  const char *dev[] = {"nosuid", "strictatime", "mode=755", "size=65536", NULL};
  const char *pts[] = {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5",
                       NULL};
  const char *shm[] = {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL};
  /* a user namespace without its own network namespace cannot mount sysfs */
  bool bind_sys = c->ns.userns && !c->ns.private_net && !c->ns.share_net;
  if (mount_add(m, n, "/proc", "proc", "proc", proc) < 0 ||
      (bind_sys ? mount_add(m, n, "/sys", "bind", "/sys", sysbind)
                : mount_add(m, n, "/sys", "sysfs", "sysfs", sysfs)) < 0 ||
      mount_add(m, n, "/sys/fs/cgroup", "cgroup", "cgroup", cgroup) < 0 ||
      mount_add(m, n, "/dev", "tmpfs", "tmpfs", dev) < 0 ||
      mount_add(m, n, "/dev/pts", "devpts", "devpts", pts) < 0 ||
      mount_add(m, n, "/dev/shm", "tmpfs", "shm", shm) < 0)
    return xml_oom(c);
  return 0;
}

static int mounts(xml_ctx *c) {
  spec_config *cfg = c->cfg;
  spec_mount *m = NULL;
  size_t n = 0;
  int r = base_mounts(c, &m, &n);
  if (r < 0) {
    mounts_free(m, n);
    return r;
  }
  spec_mount *all = realloc(m, (n + c->n_mounts) * sizeof(*all));
  if (all == NULL) {
    mounts_free(m, n);
    return xml_oom(c);
  }
  if (c->n_mounts)
    memcpy(all + n, c->mounts, c->n_mounts * sizeof(*all));
  free(c->mounts);
  c->mounts = NULL;
  cfg->mounts = all;
  cfg->n_mounts = n + c->n_mounts;
  cfg->mounts_present = true;
  c->n_mounts = 0;
  return 0;
}

static int readonly_paths(xml_ctx *c) {
  strv_t *ro = &c->cfg->linux_.readonly_paths;
  /* With a private network namespace libvirt keeps /proc/sys/net writable;
   * readonlyPaths apply after the mounts, so list the others one by one.
   * A joined namespace belongs to someone else: it stays read-only. */
  if (!c->ns.private_net)
    return strv_add(ro, "/proc/sys") < 0 ? xml_oom(c) : 0;
  static const char *const dirs[] = {"/proc/sys/abi", "/proc/sys/crypto", "/proc/sys/debug",
                                     "/proc/sys/dev", "/proc/sys/fs",     "/proc/sys/kernel",
                                     "/proc/sys/user", "/proc/sys/vm"};
  for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
    if (strv_add(ro, dirs[i]) < 0)
      return xml_oom(c);
  return 0;
}

static int env_set(kvlist_t *env, const char *k, const char *v) { return v ? kv_set(env, k, v) : 0; }

/* In the order of lxcContainerBuildInitCmd; <initenv> replaces in place. */
static int environment(xml_ctx *c) {
  int r = 0;
  kvlist_t env = {0};
  if (c->driver == XML_DRIVER_LXC) {
    /* the code, not docs/drvlxc.rst ("libvirt-lxc", "/bin:/usr/bin") */
    if (env_set(&env, "PATH", "/bin:/sbin") < 0 || env_set(&env, "TERM", "linux") < 0 ||
        env_set(&env, "container", "lxc-libvirt") < 0 || env_set(&env, "HOME", "/") < 0 ||
        env_set(&env, "container_uuid", c->uuid) < 0 ||
        env_set(&env, "LIBVIRT_LXC_UUID", c->uuid) < 0 ||
        env_set(&env, "LIBVIRT_LXC_NAME", c->name) < 0 ||
        env_set(&env, "LIBVIRT_LXC_CMDLINE", c->cmdline) < 0)
      r = -ENOMEM;
  } else if (env_set(&env, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin") < 0 ||
             env_set(&env, "TERM", "linux") < 0 || env_set(&env, "HOME", "/") < 0) {
    r = -ENOMEM;
  }
  for (size_t i = 0; r == 0 && i < c->initenv.n; i++)
    r = kv_set(&env, c->initenv.items[i].key, c->initenv.items[i].value);
  strv_t *out = &c->cfg->process->env;
  out->present = true;
  for (size_t i = 0; i < env.n; i++) {
    char *kv = NULL;
    if (r == 0 && (asprintf(&kv, "%s=%s", env.items[i].key, env.items[i].value) < 0 ||
                   strv_add(out, kv) < 0))
      r = -ENOMEM;
    free(kv);
    free(env.items[i].key);
    free(env.items[i].value);
  }
  free(env.items);
  return r < 0 ? xml_oom(c) : 0;
}

/* virLXCCgroupSetupDeviceACL: deny all, then the basic nodes. */
static int device_cgroup(xml_ctx *c) {
  spec_resources *res = &c->cfg->linux_.resources;
  static const struct {
    int64_t major, minor;
  } allowed[] = {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 2}, {10, 229}, {136, -1}};
  if (dev_rule_add(&res->devices, &res->n_devices, false, NULL, -1, -1, "rwm") < 0)
    return xml_oom(c);
  for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
    if (dev_rule_add(&res->devices, &res->n_devices, true, "c", allowed[i].major,
                     allowed[i].minor, "rwm") < 0)
      return xml_oom(c);
  if (xml_mknod_kept(c) &&
      dev_rule_add(&res->devices, &res->n_devices, true, "a", -1, -1, "m") < 0)
    return xml_oom(c);
  for (size_t i = 0; i < c->n_dev_rules; i++) {
    spec_device_rule *d = &c->dev_rules[i];
    if (dev_rule_add(&res->devices, &res->n_devices, d->allow, d->type,
                     d->major.set ? d->major.value : -1, d->minor.set ? d->minor.value : -1,
                     d->access) < 0)
      return xml_oom(c);
  }
  res->devices_present = true;
  res->present = true;
  return 0;
}

int xml_apply_defaults(xml_ctx *c) {
  int r;
  spec_config *cfg = c->cfg;
  spec_process *p = cfg->process;
  if ((r = xml_finish_root(c)) < 0 || (r = namespaces(c)) < 0 || (r = hostname(c)) < 0 ||
      (r = mounts(c)) < 0 || (r = readonly_paths(c)) < 0 || (r = environment(c)) < 0 ||
      (r = xml_apply_capabilities(c, p->user.uid == 0)) < 0 || (r = device_cgroup(c)) < 0)
    return r;
  if (p->cwd == NULL && (p->cwd = strdup("/")) == NULL)
    return xml_oom(c);
  if (!p->terminal.set)
    p->terminal = (opt_bool){false, true};
  if (c->arch_personality) {
    cfg->linux_.personality.present = true;
    cfg->linux_.personality.domain = TAKE_PTR(c->arch_personality);
  }
  if (c->opts->cgroups_path) {
    free(cfg->linux_.cgroups_path);
    if ((cfg->linux_.cgroups_path = strdup(c->opts->cgroups_path)) == NULL)
      return xml_oom(c);
  }
  cfg->linux_.present = true;
  return 0;
}
