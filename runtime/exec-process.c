/* container_exec_process: runc exec's command-line flags applied over the
 * container's own process.  The merge is done on the JSON document and the
 * result parsed again, so that it is validated like any process.json and
 * errors name the field. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/handle.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

/* spec/cleanup-json.h's ctrun_json_decrefp would do; jansson's own
 * json_auto_t reads better next to json_* calls */

static int set_new(json_t *obj, const char *key, json_t *value) {
  return value && json_object_set_new(obj, key, value) == 0 ? 0 : -ENOMEM;
}

static int strv_json(char *const *v, json_t **ret) {
  json_t *a = json_array();
  for (size_t i = 0; a && v && v[i]; i++)
    if (json_array_append_new(a, json_string(v[i])) < 0) {
      json_decref(a);
      return -ENOMEM;
    }
  *ret = a;
  return a ? 0 : -ENOMEM;
}

/* KEY=VALUE entries of add replace those with the same KEY, or are
 * appended: the last word is the command line's. */
static int merge_env(json_t *proc, char *const *add) {
  json_t *env = json_object_get(proc, "env");
  if (!json_is_array(env)) {
    env = json_array();
    if (set_new(proc, "env", env) < 0)
      return -ENOMEM;
  }
  for (size_t i = 0; add && add[i]; i++) {
    const char *eq = strchr(add[i], '=');
    size_t klen = eq ? (size_t)(eq - add[i]) + 1 : strlen(add[i]);
    size_t j, n = json_array_size(env);
    for (j = 0; j < n; j++) {
      const char *cur = json_string_value(json_array_get(env, j));
      if (cur && strncmp(cur, add[i], klen) == 0 && (eq || cur[klen] == '=' || cur[klen] == 0))
        break;
    }
    json_t *s = json_string(add[i]);
    if (s == NULL || (j < n ? json_array_set_new(env, j, s) : json_array_append_new(env, s)) < 0)
      return -ENOMEM;
  }
  return 0;
}

static int append_strings(json_t *obj, const char *key, char *const *add) {
  json_t *a = json_object_get(obj, key);
  if (!json_is_array(a)) {
    a = json_array();
    if (set_new(obj, key, a) < 0)
      return -ENOMEM;
  }
  for (size_t i = 0; add && add[i]; i++)
    if (json_array_append_new(a, json_string(add[i])) < 0)
      return -ENOMEM;
  return 0;
}

/* --cap: bounding, effective, permitted; ambient only when the process
 * already has an inheritable set (ambient needs it), and never the
 * inheritable set itself (CVE-2022-29162). */
static int add_caps(json_t *proc, char *const *caps) {
  if (caps == NULL || caps[0] == NULL)
    return 0;
  json_t *c = json_object_get(proc, "capabilities");
  if (!json_is_object(c)) {
    c = json_object();
    if (set_new(proc, "capabilities", c) < 0)
      return -ENOMEM;
  }
  static const char *const sets[] = {"bounding", "effective", "permitted"};
  for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
    if (append_strings(c, sets[i], caps) < 0)
      return -ENOMEM;
  if (json_array_size(json_object_get(c, "inheritable")) > 0 &&
      append_strings(c, "ambient", caps) < 0)
    return -ENOMEM;
  return 0;
}

static int parse_id(const char *s, const char *what, json_int_t *ret, ctrun_error **err) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v > UINT32_MAX)
    return error_set(err, EINVAL, "%s: \"%s\" is not a number from 0 to 4294967295", what, s);
  *ret = (json_int_t)v;
  return 0;
}

static int set_user(json_t *proc, const struct container_exec_args *a, ctrun_error **err) {
  json_t *user = json_object_get(proc, "user");
  if (!json_is_object(user)) {
    user = json_object();
    if (set_new(proc, "user", user) < 0)
      return error_set(err, ENOMEM, "--user");
  }
  json_int_t v;
  int r;
  if (a->user) {
    char buf[64];
    if (strlen(a->user) >= sizeof(buf))
      return error_set(err, EINVAL, "--user: \"%s\" is not uid[:gid]", a->user);
    strcpy(buf, a->user);
    char *colon = strchr(buf, ':');
    if (colon) {
      *colon = '\0';
      if ((r = parse_id(colon + 1, "--user gid", &v, err)) < 0)
        return r;
      if (set_new(user, "gid", json_integer(v)) < 0)
        return error_set(err, ENOMEM, "--user");
    }
    if ((r = parse_id(buf, "--user uid", &v, err)) < 0)
      return r;
    if (set_new(user, "uid", json_integer(v)) < 0)
      return error_set(err, ENOMEM, "--user");
  }
  if (a->additional_gids && a->additional_gids[0]) {
    json_t *gids = json_object_get(user, "additionalGids");
    if (!json_is_array(gids)) {
      gids = json_array();
      if (set_new(user, "additionalGids", gids) < 0)
        return error_set(err, ENOMEM, "--additional-gids");
    }
    for (size_t i = 0; a->additional_gids[i]; i++) {
      if ((r = parse_id(a->additional_gids[i], "--additional-gids", &v, err)) < 0)
        return r;
      if (json_array_append_new(gids, json_integer(v)) < 0)
        return error_set(err, ENOMEM, "--additional-gids");
    }
  }
  return 0;
}

static int merge(json_t *proc, const struct container_exec_args *a, ctrun_error **err) {
  json_t *args = NULL;
  if (strv_json(a->argv, &args) < 0 || set_new(proc, "args", args) < 0 ||
      merge_env(proc, a->env) < 0 || add_caps(proc, a->caps) < 0)
    return error_set(err, ENOMEM, "exec process");
  if (a->cwd && set_new(proc, "cwd", json_string(a->cwd)) < 0)
    return error_set(err, ENOMEM, "--cwd");
  if (set_new(proc, "terminal", json_boolean(a->tty)) < 0)
    return error_set(err, ENOMEM, "--tty");
  /* the init's console size is not the new terminal's */
  json_object_del(proc, "consoleSize");
  if (a->no_new_privs && set_new(proc, "noNewPrivileges", json_true()) < 0)
    return error_set(err, ENOMEM, "--no-new-privs");
  if (a->apparmor && set_new(proc, "apparmorProfile", json_string(a->apparmor)) < 0)
    return error_set(err, ENOMEM, "--apparmor");
  if (a->process_label && set_new(proc, "selinuxLabel", json_string(a->process_label)) < 0)
    return error_set(err, ENOMEM, "--process-label");
  return set_user(proc, a, err);
}

int container_exec_process(const struct container_context *ctx, const char *id,
                           const struct container_exec_args *a, spec_process **ret,
                           ctrun_error **err) {
  if (a == NULL || a->argv == NULL || a->argv[0] == NULL)
    return error_set(err, EINVAL, "exec: a command to run is required");
  struct handle h;
  int r = handle_open_unlocked(ctx, id, &h, err);
  if (r < 0)
    return r;
  spec_config *cfg = NULL;
  r = handle_config(&h, &cfg, err);
  handle_close(&h);
  if (r < 0)
    return r;
  _cleanup_free_ char *base = NULL;
  if (cfg->process)
    r = spec_process_to_json(cfg->process, 0, &base, err);
  spec_config_free(cfg);
  if (r < 0)
    return r;
  json_error_t jerr;
  json_auto_t *proc = base ? json_loads(base, 0, &jerr) : json_object();
  if (proc == NULL)
    return error_set(err, ENOMEM, "exec process");
  if ((r = merge(proc, a, err)) < 0)
    return r;
  _cleanup_free_ char *text = json_dumps(proc, JSON_COMPACT);
  if (text == NULL)
    return error_set(err, ENOMEM, "exec process");
  return spec_process_parse(text, strlen(text), "exec process", ret, err);
}
