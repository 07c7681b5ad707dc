/* cgroupsPath -> the path of the container's cgroup inside a hierarchy.
 *
 *   absent             /ctrun/<id>
 *   "/a/b"             /a/b in every hierarchy
 *   "a/b"              <own>/a/b, <own> being the runtime's own cgroup in
 *                      that hierarchy (from /proc/self/cgroup), so it can
 *                      differ per v1 hierarchy
 *   "slice:prefix:name" the systemd form.  ctrun has no systemd driver, so
 *                      it is mapped to the cgroupfs path systemd itself
 *                      would use for that unit:
 *                        "system.slice:ctrun:abc" -> /system.slice/ctrun-abc.scope
 *                        "a-b.slice:p:n"          -> /a.slice/a-b.slice/p-n.scope
 *                        ":ctrun:abc"             -> /system.slice/ctrun-abc.scope
 *                        "-.slice:ctrun:abc"      -> /ctrun-abc.scope
 *                        "x.slice::abc"           -> /x.slice/abc.scope
 *                        "x.slice:p:y.slice"      -> /x.slice/y.slice (a name
 *                                                    ending in .slice is a slice)
 *                      (a slice "a-b-c.slice" nests in each of its dash
 *                      prefixes, as systemd does). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cgroup-internal.h"
#include "spec/cleanup.h"

static bool ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

static bool is_systemd_form(const char *p) {
  if (strchr(p, '/') != NULL)
    return false;
  const char *c1 = strchr(p, ':');
  if (c1 == NULL)
    return false;
  const char *c2 = strchr(c1 + 1, ':');
  if (c2 == NULL || strchr(c2 + 1, ':') != NULL)
    return false;
  size_t slice_len = (size_t)(c1 - p);
  return slice_len == 0 || (slice_len > 6 && strncmp(c1 - 6, ".slice", 6) == 0);
}

/* "a-b-c.slice" -> "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" -> "". */
static int expand_slice(const char *slice, char **ret, ctrun_error **err) {
  if (strcmp(slice, "-.slice") == 0) {
    *ret = strdup("");
    return *ret ? 0 : error_set(err, ENOMEM, "cgroupsPath");
  }
  size_t base_len = strlen(slice) - strlen(".slice");
  if (base_len == 0 || slice[0] == '-' || slice[base_len - 1] == '-' ||
      strstr(slice, "--") != NULL)
    return error_set(err, EINVAL, "linux.cgroupsPath: invalid systemd slice name '%s'", slice);
  size_t cap = 1;
  for (size_t i = 0; i <= base_len; i++)
    cap += base_len + strlen("/.slice");
  char *out = calloc(1, cap);
  if (out == NULL)
    return error_set(err, ENOMEM, "cgroupsPath");
  for (size_t i = 0; i <= base_len; i++) {
    if (i == base_len || slice[i] == '-') {
      size_t o = strlen(out);
      snprintf(out + o, cap - o, "/%.*s.slice", (int)i, slice);
    }
  }
  *ret = out;
  return 0;
}

int cgroup_systemd_path(const char *cgroups_path, char **ret, ctrun_error **err) {
  *ret = NULL;
  if (cgroups_path == NULL || !is_systemd_form(cgroups_path))
    return 0;
  _cleanup_free_ char *copy = strdup(cgroups_path);
  if (copy == NULL)
    return error_set(err, ENOMEM, "cgroupsPath");
  char *slice = copy;
  char *prefix = strchr(slice, ':');
  *prefix++ = '\0';
  char *name = strchr(prefix, ':');
  *name++ = '\0';
  if (*name == '\0')
    return error_set(err, EINVAL, "linux.cgroupsPath: '%s': the systemd form needs a name (slice:prefix:name)",
                     cgroups_path);
  _cleanup_free_ char *slice_path = NULL;
  int r = expand_slice(*slice ? slice : "system.slice", &slice_path, err);
  if (r < 0)
    return r;
  char *out = NULL;
  if (ends_with(name, ".slice"))
    r = asprintf(&out, "%s/%s", slice_path, name);
  else
    r = asprintf(&out, "%s/%s%s%s.scope", slice_path, prefix, *prefix ? "-" : "", name);
  if (r < 0)
    return error_set(err, ENOMEM, "cgroupsPath");
  *ret = out;
  return 0;
}

/* Joins base and rel, dropping empty components; refuses "." and "..", which
 * would let a config escape the place it asked for. */
static int normalize(const char *base, const char *rel, char **ret, ctrun_error **err) {
  size_t cap = strlen(base) + strlen(rel) + 3;
  _cleanup_free_ char *out = calloc(1, cap);
  _cleanup_free_ char *work = NULL;
  if (out == NULL || asprintf(&work, "%s/%s", base, rel) < 0)
    return error_set(err, ENOMEM, "cgroupsPath");
  char *save = NULL;
  for (char *c = strtok_r(work, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
    if (strcmp(c, ".") == 0 || strcmp(c, "..") == 0)
      return error_set(err, EINVAL, "linux.cgroupsPath: '%s': '.' and '..' are not allowed", rel);
    strcat(out, "/");
    strcat(out, c);
  }
  if (*out == '\0')
    strcpy(out, "/");
  *ret = TAKE_PTR(out);
  return 0;
}

int cgroup_resolve_path(const char *cgroups_path, const char *id, const char *own,
                        char **ret, ctrun_error **err) {
  if (cgroups_path && strpbrk(cgroups_path, "\n\t") != NULL)
    return error_set(err, EINVAL, "linux.cgroupsPath: control characters are not allowed");
  if (cgroups_path == NULL || *cgroups_path == '\0') {
    if (id == NULL || *id == '\0' || strchr(id, '/') != NULL)
      return error_set(err, EINVAL, "cgroup: a container id is needed for the default cgroupsPath");
    _cleanup_free_ char *def = NULL;
    if (asprintf(&def, "ctrun/%s", id) < 0)
      return error_set(err, ENOMEM, "cgroupsPath");
    return normalize("", def, ret, err);
  }
  _cleanup_free_ char *sd = NULL;
  int r = cgroup_systemd_path(cgroups_path, &sd, err);
  if (r < 0)
    return r;
  if (sd)
    return normalize("", sd, ret, err);
  if (cgroups_path[0] == '/') {
    r = normalize("", cgroups_path, ret, err);
    if (r == 0 && strcmp(*ret, "/") == 0) {
      free(*ret);
      *ret = NULL;
      return error_set(err, EINVAL, "linux.cgroupsPath: '%s' is the root of the hierarchy", cgroups_path);
    }
    return r;
  }
  return normalize(own ? own : "/", cgroups_path, ret, err);
}

char *cgroup_own_from_proc(const char *proc_cgroup, const char *controllers, bool unified) {
  _cleanup_free_ char *copy = strdup(proc_cgroup ? proc_cgroup : "");
  if (copy == NULL)
    return NULL;
  char first[64] = "";
  if (!unified) {
    size_t l = strcspn(controllers, ",");
    snprintf(first, sizeof(first), "%.*s", (int)l, controllers);
  }
  char *save = NULL;
  for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *c1 = strchr(line, ':');
    char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (c2 == NULL)
      continue;
    *c1 = *c2 = '\0';
    const char *ctrls = c1 + 1, *path = c2 + 1;
    if (unified) {
      if (strcmp(line, "0") == 0 && *ctrls == '\0')
        return strdup(path);
      continue;
    }
    _cleanup_free_ char *list = strdup(ctrls);
    if (list == NULL)
      return NULL;
    char *s2 = NULL;
    for (char *c = strtok_r(list, ",", &s2); c; c = strtok_r(NULL, ",", &s2))
      if (strcmp(c, first) == 0)
        return strdup(path);
  }
  return strdup("/");
}
