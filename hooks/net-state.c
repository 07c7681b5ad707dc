#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hooks/net-config.h"
#include "hooks/net-state.h"
#include "spec/cleanup-json.h"

void net_state_free(struct net_state *state) {
  if (state == NULL)
    return;
  free(state->id);
  free(state->bundle);
  free(state->annotation);
  free(state);
}

/* annotations is a string -> string map; the network annotation is a JSON
 * document stored as a string. */
static int find_annotation(const json_t *root, const char *path,
                           char **ret_value, ctrun_error **err) {
  const json_t *annotations = json_object_get(root, "annotations");
  *ret_value = NULL;
  if (annotations == NULL || json_is_null(annotations))
    return 0;
  if (!json_is_object(annotations))
    return error_set(err, 0, "%s: expected an object", path);
  const json_t *v = json_object_get(annotations, NET_ANNOTATION);
  if (v == NULL)
    return 0;
  if (!json_is_string(v))
    return error_set(err, 0, "%s.\"%s\": expected a string", path,
                     NET_ANNOTATION);
  *ret_value = strdup(json_string_value(v));
  return *ret_value ? 0 : error_set(err, ENOMEM, "%s", path);
}

static int dup_string(const json_t *root, const char *key, bool required,
                      char **ret, ctrun_error **err) {
  const json_t *v = json_object_get(root, key);
  if (v == NULL || json_is_null(v)) {
    if (required)
      return error_set(err, 0, "state: %s: missing", key);
    return 0;
  }
  if (!json_is_string(v))
    return error_set(err, 0, "state: %s: expected a string", key);
  *ret = strdup(json_string_value(v));
  return *ret ? 0 : error_set(err, ENOMEM, "state: %s", key);
}

int net_state_parse(const char *json_text, struct net_state **ret_state,
                    ctrun_error **err) {
  json_error_t jerr;
  _cleanup_json_ json_t *root = json_loads(json_text, 0, &jerr);
  if (root == NULL)
    return error_set(err, 0, "state: invalid JSON at line %d column %d: %s",
                     jerr.line, jerr.column, jerr.text);
  if (!json_is_object(root))
    return error_set(err, 0, "state: expected a JSON object");

  struct net_state *s = calloc(1, sizeof(*s));
  if (s == NULL)
    return error_set(err, ENOMEM, "state");
  int r = dup_string(root, "id", true, &s->id, err);
  if (r >= 0)
    r = dup_string(root, "bundle", false, &s->bundle, err);
  if (r >= 0) {
    const json_t *pid = json_object_get(root, "pid");
    if (pid && !json_is_null(pid)) {
      if (!json_is_integer(pid) || json_integer_value(pid) < 0 ||
          json_integer_value(pid) > INT32_MAX)
        r = error_set(err, 0, "state: pid: expected a non-negative integer");
      else
        s->pid = (pid_t)json_integer_value(pid);
    }
  }
  if (r >= 0)
    r = find_annotation(root, "state: annotations", &s->annotation, err);
  if (r < 0) {
    net_state_free(s);
    return r;
  }
  *ret_state = s;
  return 0;
}

int net_config_json_annotation(const char *json_text, char **ret_value,
                               ctrun_error **err) {
  json_error_t jerr;
  _cleanup_json_ json_t *root = json_loads(json_text, 0, &jerr);
  if (root == NULL)
    return error_set(err, 0,
                     "config.json: invalid JSON at line %d column %d: %s",
                     jerr.line, jerr.column, jerr.text);
  if (!json_is_object(root))
    return error_set(err, 0, "config.json: expected a JSON object");
  return find_annotation(root, "config.json: annotations", ret_value, err);
}
