/* ctrun_config: spec_config behind an opaque handle; parsing, validation
 * and serialization are spec/'s, the domain XML converter is spec/xml's. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/api-internal.h"
#include "runtime/state.h"
#include "spec/cleanup.h"
#include "spec/spec.h"
#include "spec/xml/xml.h"

static int wrap(spec_config *cfg, ctrun_config **ret, ctrun_error **err) {
  ctrun_config *c = malloc(sizeof(*c));
  if (c == NULL) {
    spec_config_free(cfg);
    return error_set(err, ENOMEM, "config");
  }
  c->cfg = cfg;
  *ret = c;
  return 0;
}

CTRUN_API int ctrun_config_from_json(const char *json, size_t len, ctrun_config **ret_config,
                                     ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_config_from_json";
  API_CHECK_NULL(json, fn, err);
  API_CHECK_NULL(ret_config, fn, err);
  spec_config *cfg = NULL;
  int r = spec_config_parse(json, len, "config.json", &cfg, err);
  if (r < 0)
    return r;
  return wrap(cfg, ret_config, err);
}

CTRUN_API int ctrun_config_from_file(const char *path, ctrun_config **ret_config,
                                     ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_config_from_file";
  API_CHECK_NULL(path, fn, err);
  API_CHECK_NULL(ret_config, fn, err);
  _cleanup_free_ char *text = NULL;
  size_t len = 0;
  int r = state_read_file(AT_FDCWD, path, &text, &len, err);
  if (r < 0)
    return r;
  spec_config *cfg = NULL;
  if ((r = spec_config_parse(text, len, path, &cfg, err)) < 0)
    return r;
  return wrap(cfg, ret_config, err);
}

/* "name=bridge" strings -> the converter's map; *ret NULL when none. */
static int network_map(const char *const *networks, struct xml_network_map **ret, size_t *ret_n,
                       char ***ret_names, ctrun_error **err) {
  size_t n = 0;
  while (networks && networks[n])
    n++;
  *ret = NULL;
  *ret_n = 0;
  *ret_names = NULL;
  if (n == 0)
    return 0;
  struct xml_network_map *map = calloc(n, sizeof(*map));
  char **names = calloc(n + 1, sizeof(*names));
  if (map == NULL || names == NULL) {
    free(map);
    free(names);
    return error_set(err, ENOMEM, "networks");
  }
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(networks[i], '=');
    if (eq == NULL || eq == networks[i] || eq[1] == '\0') {
      free(map);
      strv_free(names);
      return error_set(err, EINVAL, "networks[%zu]: expected \"name=bridge\", got \"%s\"", i,
                       networks[i]);
    }
    names[i] = strndup(networks[i], (size_t)(eq - networks[i]));
    if (names[i] == NULL) {
      free(map);
      strv_free(names);
      return error_set(err, ENOMEM, "networks");
    }
    map[i].name = names[i];
    map[i].bridge = eq + 1;
  }
  *ret = map;
  *ret_n = n;
  *ret_names = names;
  return 0;
}

static void forward_warning(const char *message, void *userdata) {
  const ctrun_domain_xml_options *o = userdata;
  o->warn(CTRUN_LOG_WARNING, message, o->warn_userdata);
}

CTRUN_API int ctrun_config_from_domain_xml(const char *xml, size_t len,
                                           const ctrun_domain_xml_options *opts,
                                           ctrun_config **ret_config, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_config_from_domain_xml";
  static const ctrun_domain_xml_options defaults = CTRUN_DOMAIN_XML_OPTIONS_INIT;
  API_CHECK_NULL(xml, fn, err);
  API_CHECK_NULL(ret_config, fn, err);
  if (opts == NULL)
    opts = &defaults;
  int r = api_check_version(err, fn, "ctrun_domain_xml_options", opts->version,
                            CTRUN_DOMAIN_XML_OPTIONS_VERSION);
  if (r < 0 ||
      (r = api_check_flags(err, fn, opts->flags,
                           CTRUN_DOMAIN_XML_STRICT | CTRUN_DOMAIN_XML_LEGACY)) < 0)
    return r;
  struct xml_network_map *map = NULL;
  size_t n_map = 0;
  _cleanup_strv_ char **names = NULL;
  if ((r = network_map(opts->networks, &map, &n_map, &names, err)) < 0)
    return r;
  struct xml_options xo = {
      .rootfs = opts->rootfs,
      .template_dir = opts->template_dir,
      .networks = map,
      .n_networks = n_map,
      .net_hook = opts->net_hook,
      .cgroups_path = opts->cgroups_path,
      .strict = opts->flags & CTRUN_DOMAIN_XML_STRICT,
      .legacy = opts->flags & CTRUN_DOMAIN_XML_LEGACY,
      .host = NULL, /* the library does no host look-ups */
  };
  spec_config *cfg = NULL;
  r = xml_domain_to_config(xml, len, &xo, opts->warn ? forward_warning : NULL, (void *)opts,
                           &cfg, err);
  free(map);
  if (r < 0)
    return r;
  return wrap(cfg, ret_config, err);
}

CTRUN_API int ctrun_config_new_default(ctrun_config **ret_config, ctrun_error **err) {
  API_ERR_SLOT(err);
  API_CHECK_NULL(ret_config, "ctrun_config_new_default", err);
  spec_config *cfg = NULL;
  int r = spec_config_new_default(&cfg, err);
  if (r < 0)
    return r;
  return wrap(cfg, ret_config, err);
}

CTRUN_API int ctrun_config_to_json(const ctrun_config *config, uint32_t flags, char **ret_json,
                                   ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_config_to_json";
  API_CHECK_NULL(config, fn, err);
  API_CHECK_NULL(ret_json, fn, err);
  int r = api_check_flags(err, fn, flags, CTRUN_JSON_PRETTY);
  if (r < 0)
    return r;
  return spec_config_to_json(config->cfg, flags & CTRUN_JSON_PRETTY ? SPEC_JSON_PRETTY : 0,
                             ret_json, err);
}

CTRUN_API int ctrun_config_write_bundle(const ctrun_config *config, const char *bundle,
                                        uint32_t flags, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_config_write_bundle";
  API_CHECK_NULL(config, fn, err);
  API_CHECK_NULL(bundle, fn, err);
  int r = api_check_flags(err, fn, flags, CTRUN_CONFIG_WRITE_REPLACE);
  if (r < 0)
    return r;
  _cleanup_close_ int dfd = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return error_set(err, errno, "open bundle %s", bundle);
  struct stat st;
  if (!(flags & CTRUN_CONFIG_WRITE_REPLACE) &&
      fstatat(dfd, "config.json", &st, AT_SYMLINK_NOFOLLOW) == 0)
    return error_set(err, EEXIST, "%s/config.json exists", bundle);
  _cleanup_free_ char *text = NULL;
  if ((r = spec_config_to_json(config->cfg, SPEC_JSON_PRETTY, &text, err)) < 0)
    return r;
  if ((r = state_write_file(dfd, "config.json", text, strlen(text), 0644, err)) < 0)
    return error_prefix(err, r, "bundle %s", bundle);
  return 0;
}

CTRUN_API void ctrun_config_free(ctrun_config *config) {
  if (config == NULL)
    return;
  spec_config_free(config->cfg);
  free(config);
}
