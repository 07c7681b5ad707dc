/* ctrun_state: spec_state behind an opaque handle, with accessors. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/api-internal.h"
#include "spec/spec.h"

int api_state_wrap(spec_state *s, ctrun_state **ret, ctrun_error **err) {
  ctrun_state *w = malloc(sizeof(*w));
  if (w == NULL) {
    spec_state_free(s);
    return error_set(err, ENOMEM, "state");
  }
  w->st = s;
  *ret = w;
  return 0;
}

static const struct {
  const char *name;
  ctrun_status status;
} statuses[] = {
    {"creating", CTRUN_STATUS_CREATING}, {"created", CTRUN_STATUS_CREATED},
    {"running", CTRUN_STATUS_RUNNING},   {"paused", CTRUN_STATUS_PAUSED},
    {"stopped", CTRUN_STATUS_STOPPED},
};

CTRUN_API ctrun_status ctrun_state_get_status(const ctrun_state *s) {
  if (s == NULL || s->st->status == NULL)
    return CTRUN_STATUS_UNKNOWN;
  for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
    if (strcmp(statuses[i].name, s->st->status) == 0)
      return statuses[i].status;
  return CTRUN_STATUS_UNKNOWN;
}

CTRUN_API const char *ctrun_state_get_status_name(const ctrun_state *s) {
  return s ? s->st->status : NULL;
}
CTRUN_API const char *ctrun_state_get_id(const ctrun_state *s) { return s ? s->st->id : NULL; }
CTRUN_API int ctrun_state_get_pid(const ctrun_state *s) { return s ? (int)s->st->pid : 0; }
CTRUN_API const char *ctrun_state_get_bundle(const ctrun_state *s) {
  return s ? s->st->bundle : NULL;
}
CTRUN_API const char *ctrun_state_get_rootfs(const ctrun_state *s) {
  return s ? s->st->rootfs : NULL;
}
CTRUN_API const char *ctrun_state_get_created(const ctrun_state *s) {
  return s ? s->st->created : NULL;
}
CTRUN_API const char *ctrun_state_get_oci_version(const ctrun_state *s) {
  return s ? s->st->oci_version : NULL;
}
CTRUN_API size_t ctrun_state_get_annotation_count(const ctrun_state *s) {
  return s ? s->st->annotations.n : 0;
}

CTRUN_API int ctrun_state_get_annotation(const ctrun_state *s, size_t index, const char **ret_key,
                                         const char **ret_value, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_state_get_annotation";
  API_CHECK_NULL(s, fn, err);
  if (index >= s->st->annotations.n)
    return error_set(err, EINVAL, "%s: index %zu out of range (%zu annotations)", fn, index,
                     s->st->annotations.n);
  if (ret_key)
    *ret_key = s->st->annotations.items[index].key;
  if (ret_value)
    *ret_value = s->st->annotations.items[index].value;
  return 0;
}

CTRUN_API int ctrun_state_to_json(const ctrun_state *s, uint32_t flags, char **ret_json,
                                  ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_state_to_json";
  API_CHECK_NULL(s, fn, err);
  API_CHECK_NULL(ret_json, fn, err);
  int r = api_check_flags(err, fn, flags, CTRUN_JSON_PRETTY);
  if (r < 0)
    return r;
  return spec_state_to_json(s->st, flags & CTRUN_JSON_PRETTY ? SPEC_JSON_PRETTY : 0, ret_json,
                            err);
}

CTRUN_API void ctrun_state_free(ctrun_state *s) {
  if (s == NULL)
    return;
  spec_state_free(s->st);
  free(s);
}

CTRUN_API void ctrun_state_list_free(ctrun_state **list, size_t n) {
  if (list == NULL)
    return;
  for (size_t i = 0; i < n; i++)
    ctrun_state_free(list[i]);
  free(list);
}
