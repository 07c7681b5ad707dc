/* Validation of the "linux" object: namespaces, id mappings, devices,
 * paths and the closed value sets.  Resources and seccomp have their own
 * files. */
#include "config.h"

#include <string.h>

#include "spec/cleanup.h"
#include "spec/names.h"
#include "spec/validate.h"

/* Same shape as the other unknown-value errors: `unknown <what> "<value>"`. */
int unknown_value(const char *what, const char *value, const struct jpath *p, ctrun_error **err) {
  _cleanup_free_ char *shown = json_quote(value);
  return jpath_error(err, p, "unknown %s %s", what, shown ? shown : "?");
}

static int check_namespaces(const spec_linux *l, const struct jpath *path, ctrun_error **err) {
  struct jpath np = {path, "namespaces", 0};
  for (size_t i = 0; i < l->n_namespaces; i++) {
    const spec_namespace *ns = &l->namespaces[i];
    struct jpath ep = {&np, NULL, i}, tp = {&ep, "type", 0}, pp = {&ep, "path", 0};
    int r = check_required(ns->type, &tp, err);
    if (r < 0)
      return r;
    if (!spec_namespace_flag(ns->type, NULL))
      return unknown_value("namespace type", ns->type, &tp, err);
    for (size_t k = 0; k < i; k++)
      if (strcmp(l->namespaces[k].type, ns->type) == 0)
        return jpath_error(err, &tp, "namespace type \"%s\" is repeated (also at index %zu)",
                           ns->type, k);
    if ((r = check_absolute(ns->path, &pp, err)) < 0)
      return r;
  }
  return 0;
}

static int check_time_offset(const spec_time_offset *t, const struct jpath *p, ctrun_error **err) {
  struct jpath np = {p, "nanosecs", 0};
  if (t->set && t->nanosecs >= 1000000000u)
    return jpath_error(err, &np, "must be below 1000000000, got %u", t->nanosecs);
  return 0;
}

static int check_devices(const spec_linux *l, const struct jpath *path, ctrun_error **err) {
  struct jpath dp = {path, "devices", 0};
  for (size_t i = 0; i < l->n_devices; i++) {
    const spec_device *d = &l->devices[i];
    struct jpath ep = {&dp, NULL, i}, pp = {&ep, "path", 0}, tp = {&ep, "type", 0};
    int r = check_required(d->path, &pp, err);
    if (r == 0)
      r = check_absolute(d->path, &pp, err);
    if (r == 0)
      r = check_required(d->type, &tp, err);
    if (r < 0)
      return r;
    if (strcmp(d->type, "c") && strcmp(d->type, "b") && strcmp(d->type, "u") &&
        strcmp(d->type, "p"))
      return unknown_value("device type", d->type, &tp, err);
  }
  return 0;
}

/* Interface names: what the kernel's dev_valid_name accepts. */
static int check_ifname(const char *name, const struct jpath *p, ctrun_error **err) {
  _cleanup_free_ char *shown = json_quote(name);
  if (name == NULL)
    return 0;
  bool bad =
      *name == '\0' || strlen(name) >= 16 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
  for (const char *s = name; !bad && *s; s++)
    bad = *s == '/' || *s == ':' || *s == ' ' || *s == '\t' || *s == '\n';
  if (bad)
    return jpath_error(err, p, "%s is not a valid interface name", shown ? shown : "?");
  return 0;
}

static int check_net_devices(const spec_linux *l, const struct jpath *path, ctrun_error **err) {
  struct jpath dp = {path, "netDevices", 0};
  for (size_t i = 0; i < l->n_net_devices; i++) {
    const spec_net_device *d = &l->net_devices[i];
    struct jpath kp = {&dp, d->name ? d->name : "", 0}, np = {&kp, "name", 0};
    int r = check_ifname(d->name, &kp, err);
    if (r == 0)
      r = check_ifname(d->new_name, &np, err);
    if (r < 0)
      return r;
  }
  return 0;
}

/* Keys become file names under /proc/sys or the cgroup directory. */
static int check_file_keys(const kvlist_t *kv, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < kv->n; i++) {
    const char *k = kv->items[i].key;
    struct jpath kp = {p, k, 0};
    if (k[0] == '\0')
      return jpath_error(err, p, "keys must not be empty");
    if (strstr(k, "..") || k[0] == '/' || k[0] == '.')
      return jpath_error(err, &kp, "not a valid name");
  }
  return 0;
}

static int check_intel_rdt(const spec_intel_rdt *rdt, const struct jpath *path, ctrun_error **err) {
  struct jpath rp = {path, "intelRdt", 0}, cp = {&rp, "closID", 0};
  const char *id = rdt->clos_id;
  /* closID names a directory under /sys/fs/resctrl. */
  if (id && (id[0] == '\0' || strchr(id, '/') || strcmp(id, ".") == 0 || strcmp(id, "..") == 0))
    return jpath_error(err, &cp, "not a valid resctrl group name");
  return 0;
}

static int check_personality(const spec_personality *pers, const struct jpath *path,
                             ctrun_error **err) {
  struct jpath pp = {path, "personality", 0}, dp = {&pp, "domain", 0};
  if (!pers->present)
    return 0;
  int r = check_required(pers->domain, &dp, err);
  if (r < 0)
    return r;
  if (!spec_personality_domain_known(pers->domain))
    return unknown_value("personality domain", pers->domain, &dp, err);
  return 0;
}

int validate_linux(const spec_config *c, const struct jpath *path, const struct warn_sink *w,
                   ctrun_error **err) {
  const spec_linux *l = &c->linux_;
  struct jpath lp = {path, "linux", 0}, up = {&lp, "uidMappings", 0}, gp = {&lp, "gidMappings", 0},
               tp = {&lp, "timeOffsets", 0}, mono = {&tp, "monotonic", 0},
               boot = {&tp, "boottime", 0}, prop = {&lp, "rootfsPropagation", 0},
               masked = {&lp, "maskedPaths", 0}, ro = {&lp, "readonlyPaths", 0},
               sysctl = {&lp, "sysctl", 0};
  int r;
  if ((r = check_namespaces(l, &lp, err)) < 0 ||
      (r = check_id_mappings(l->uid_mappings, l->n_uid_mappings, &up, err)) < 0 ||
      (r = check_id_mappings(l->gid_mappings, l->n_gid_mappings, &gp, err)) < 0 ||
      (r = check_time_offset(&l->time_monotonic, &mono, err)) < 0 ||
      (r = check_time_offset(&l->time_boottime, &boot, err)) < 0 ||
      (r = check_devices(l, &lp, err)) < 0 || (r = check_net_devices(l, &lp, err)) < 0 ||
      (r = check_file_keys(&l->sysctl, &sysctl, err)) < 0 ||
      (r = validate_resources(&l->resources, &lp, w, err)) < 0 ||
      (r = check_intel_rdt(&l->intel_rdt, &lp, err)) < 0 ||
      (r = validate_seccomp(&l->seccomp, &lp, err)) < 0 ||
      (r = check_strv_absolute(&l->masked_paths, &masked, err)) < 0 ||
      (r = check_strv_absolute(&l->readonly_paths, &ro, err)) < 0 ||
      (r = check_personality(&l->personality, &lp, err)) < 0)
    return r;
  if (l->rootfs_propagation && !spec_propagation_known(l->rootfs_propagation))
    return unknown_value("propagation", l->rootfs_propagation, &prop, err);
  return 0;
}
