/* Container ids and the state document. */
#include "config.h"

#include <string.h>

#include "spec/cleanup.h"
#include "spec/validate.h"

/* Ids name directories under the state root, so they are kept to one path
 * component of printable ASCII. */
#define ID_MAX 1024

int spec_validate_id(const char *id, ctrun_error **err) {
  if (id == NULL || id[0] == '\0')
    return error_set(err, 0, "container id must not be empty");
  size_t len = strlen(id);
  if (len > ID_MAX)
    return error_set(err, 0, "container id is too long (%zu characters, at most %d)", len, ID_MAX);
  _cleanup_free_ char *shown = json_quote(id);
  if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
    return error_set(err, 0, "container id %s is not allowed", shown ? shown : "?");
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)id[i];
    if (ch == '/')
      return error_set(err, 0, "container id %s must not contain '/'", shown ? shown : "?");
    if (ch <= 0x20 || ch >= 0x7f)
      return error_set(err, 0, "container id %s: only printable ASCII without spaces is allowed",
                       shown ? shown : "?");
  }
  return 0;
}

static const char *const statuses[] = {"creating", "created", "running", "stopped", "paused"};

int validate_state(const spec_state *s, ctrun_error **err) {
  struct jpath vp = {NULL, "ociVersion", 0}, sp = {NULL, "status", 0}, pp = {NULL, "pid", 0};
  if (!is_semver(s->oci_version)) {
    _cleanup_free_ char *shown = json_quote(s->oci_version);
    return jpath_error(err, &vp, "%s is not a semantic version", shown ? shown : "?");
  }
  int r = spec_validate_id(s->id, err);
  if (r < 0)
    return error_prefix(err, r, "id");
  bool known = false;
  for (size_t i = 0; s->status && i < ARRAY_SIZE(statuses); i++)
    known |= strcmp(s->status, statuses[i]) == 0;
  if (!known)
    return unknown_value("status", s->status, &sp, err);
  if (s->pid < 0)
    return jpath_error(err, &pp, "must not be negative, got %jd", (intmax_t)s->pid);
  return 0;
}
