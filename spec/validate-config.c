/* Validation of a whole config: the portable parts here, the process and
 * linux objects in their own files.  Only what can be checked without
 * looking at the host. */
#include "config.h"

#include <string.h>

#include "spec/cleanup.h"
#include "spec/validate.h"

static int check_oci_version(const char *v, ctrun_error **err) {
  struct jpath p = {NULL, "ociVersion", 0};
  int r = check_required(v, &p, err);
  if (r < 0)
    return r;
  _cleanup_free_ char *shown = json_quote(v);
  if (!is_semver(v))
    return jpath_error(err, &p, "%s is not a semantic version", shown ? shown : "?");
  /* Minor versions are backward compatible; a new major one is not. */
  if (strncmp(v, "1.", 2) != 0)
    return jpath_error(err, &p, "%s is not supported (only 1.x)", shown ? shown : "?");
  return 0;
}

int check_id_mappings(const spec_id_mapping *m, size_t n, const struct jpath *p,
                      ctrun_error **err) {
  for (size_t i = 0; i < n; i++) {
    struct jpath ep = {p, NULL, i}, sp = {&ep, "size", 0};
    if (m[i].size == 0)
      return jpath_error(err, &sp, "must not be 0");
    if ((uint64_t)m[i].container_id + m[i].size - 1 > UINT32_MAX ||
        (uint64_t)m[i].host_id + m[i].size - 1 > UINT32_MAX)
      return jpath_error(err, &sp, "the mapped range goes past 4294967295");
  }
  return 0;
}

/* The kernel's limit (__NEW_UTS_LEN): the init would fail sethostname with
 * EINVAL, after the namespaces and the cgroup were made. */
#define UTS_NAME_MAX 64

static int check_uts_name(const char *name, const char *key, ctrun_error **err) {
  struct jpath p = {NULL, key, 0};
  if (name && strlen(name) > UTS_NAME_MAX)
    return jpath_error(err, &p, "%zu bytes, longer than the %d the kernel allows", strlen(name),
                       UTS_NAME_MAX);
  return 0;
}

static int check_mounts(const spec_config *c, ctrun_error **err) {
  struct jpath mp = {NULL, "mounts", 0};
  for (size_t i = 0; i < c->n_mounts; i++) {
    const spec_mount *m = &c->mounts[i];
    struct jpath ep = {&mp, NULL, i}, dp = {&ep, "destination", 0}, up = {&ep, "uidMappings", 0},
                 gp = {&ep, "gidMappings", 0};
    int r = check_required(m->destination, &dp, err);
    if (r == 0)
      r = check_absolute(m->destination, &dp, err);
    if (r == 0)
      r = check_id_mappings(m->uid_mappings, m->n_uid_mappings, &up, err);
    if (r == 0)
      r = check_id_mappings(m->gid_mappings, m->n_gid_mappings, &gp, err);
    if (r < 0)
      return r;
  }
  return 0;
}

static int check_hook_list(const spec_hook_list *l, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < l->n; i++) {
    const spec_hook *h = &l->items[i];
    struct jpath ep = {p, NULL, i}, pp = {&ep, "path", 0}, tp = {&ep, "timeout", 0};
    int r = check_required(h->path, &pp, err);
    if (r == 0)
      r = check_absolute(h->path, &pp, err);
    if (r < 0)
      return r;
    if (h->timeout.set && h->timeout.value <= 0)
      return jpath_error(err, &tp, "must be greater than 0, got %jd", (intmax_t)h->timeout.value);
  }
  return 0;
}

static int check_hooks(const spec_hooks *h, const struct warn_sink *w, ctrun_error **err) {
  struct jpath hp = {NULL, "hooks", 0};
  const struct {
    const char *key;
    const spec_hook_list *list;
  } lists[] = {
      {"prestart", &h->prestart},
      {"createRuntime", &h->create_runtime},
      {"createContainer", &h->create_container},
      {"startContainer", &h->start_container},
      {"poststart", &h->poststart},
      {"poststop", &h->poststop},
  };
  for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
    struct jpath lp = {&hp, lists[i].key, 0};
    int r = check_hook_list(lists[i].list, &lp, err);
    if (r < 0)
      return r;
  }
  if (h->prestart.n > 0) {
    struct jpath lp = {&hp, "prestart", 0};
    warn_at(w, &lp, "deprecated: use createRuntime, createContainer or startContainer");
  }
  return 0;
}

static int check_kv_keys(const kvlist_t *kv, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < kv->n; i++)
    if (kv->items[i].key == NULL || kv->items[i].key[0] == '\0')
      return jpath_error(err, p, "keys must not be empty");
  return 0;
}

int spec_config_validate(const spec_config *c, spec_warn_fn warn, void *userdata,
                         ctrun_error **err) {
  struct warn_sink w = {warn, userdata};
  struct jpath root = {NULL, "root", 0}, root_path = {&root, "path", 0},
               process = {NULL, "process", 0}, annotations = {NULL, "annotations", 0};
  int r;
  if ((r = check_oci_version(c->oci_version, err)) < 0)
    return r;
  /* Required on every platform but Windows. */
  if (!c->root.present)
    return jpath_error(err, &root, "required property is missing");
  if ((r = check_required(c->root.path, &root_path, err)) < 0)
    return r;
  if (c->root.path[0] == '\0')
    return jpath_error(err, &root_path, "must not be empty");
  if (c->process && (r = validate_process(c->process, &process, warn, userdata, err)) < 0)
    return r;
  if ((r = check_uts_name(c->hostname, "hostname", err)) < 0 ||
      (r = check_uts_name(c->domainname, "domainname", err)) < 0)
    return r;
  if ((r = check_mounts(c, err)) < 0)
    return r;
  if ((r = check_hooks(&c->hooks, &w, err)) < 0)
    return r;
  if ((r = check_kv_keys(&c->annotations, &annotations, err)) < 0)
    return r;
  if (c->linux_.present && (r = validate_linux(c, NULL, &w, err)) < 0)
    return r;
  return 0;
}
