/* Checks shared by the validation passes. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/cleanup.h"
#include "spec/spec.h"
#include "spec/validate.h"

void warn_at(const struct warn_sink *w, const struct jpath *p, const char *fmt, ...) {
  if (w == NULL || w->fn == NULL)
    return;
  _cleanup_free_ char *msg = NULL, *path = jpath_format(p), *full = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&msg, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if (path && *path && asprintf(&full, "%s: %s", path, msg) >= 0)
    w->fn(full, w->userdata);
  else
    w->fn(msg, w->userdata);
}

int check_absolute(const char *value, const struct jpath *p, ctrun_error **err) {
  if (value == NULL || value[0] == '/')
    return 0;
  _cleanup_free_ char *shown = json_quote(value);
  return jpath_error(err, p, "must be an absolute path, got %s", shown ? shown : "?");
}

int check_strv_absolute(const strv_t *v, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < v->n; i++) {
    struct jpath ep = {p, NULL, i};
    int r = check_absolute(v->items[i], &ep, err);
    if (r < 0)
      return r;
  }
  return 0;
}

int check_required(const void *value, const struct jpath *p, ctrun_error **err) {
  return value ? 0 : jpath_error(err, p, "required property is missing");
}

int spec_cpu_list_walk(const char *list, int (*fn)(unsigned long lo, unsigned long hi, void *userdata),
                       void *userdata) {
  /* item := N | N-M ; list := item (',' item)* */
  const char *s = list;
  for (;;) {
    char *end;
    if (!isdigit((unsigned char)*s))
      return -EINVAL;
    unsigned long lo = strtoul(s, &end, 10), hi = lo;
    s = end;
    if (*s == '-') {
      if (!isdigit((unsigned char)s[1]))
        return -EINVAL;
      hi = strtoul(s + 1, &end, 10);
      s = end;
    }
    if (hi < lo)
      return -EINVAL;
    int r = fn ? fn(lo, hi, userdata) : 0;
    if (r < 0)
      return r;
    if (*s == '\0')
      return 0;
    if (*s != ',')
      return -EINVAL;
    s++;
  }
}

int check_cpu_list(const char *value, const struct jpath *p, ctrun_error **err) {
  if (value == NULL || *value == '\0' || spec_cpu_list_walk(value, NULL, NULL) == 0)
    return 0;
  _cleanup_free_ char *shown = json_quote(value);
  return jpath_error(err, p, "invalid list %s (expected e.g. \"0-3,7\")", shown ? shown : "?");
}

/* semver 2.0.0: MAJOR.MINOR.PATCH[-pre][+build], numbers without leading zeros. */
static const char *semver_number(const char *s) {
  if (!isdigit((unsigned char)*s))
    return NULL;
  if (s[0] == '0' && isdigit((unsigned char)s[1]))
    return NULL;
  while (isdigit((unsigned char)*s))
    s++;
  return s;
}

static const char *semver_idents(const char *s) {
  /* dot-separated non-empty identifiers of [0-9A-Za-z-] */
  for (;;) {
    const char *start = s;
    while (isalnum((unsigned char)*s) || *s == '-')
      s++;
    if (s == start)
      return NULL;
    if (*s != '.')
      return s;
    s++;
  }
}

bool is_semver(const char *s) {
  if (s == NULL)
    return false;
  for (int part = 0; part < 3; part++) {
    if ((s = semver_number(s)) == NULL)
      return false;
    if (part < 2 && *s++ != '.')
      return false;
  }
  if (*s == '-' && (s = semver_idents(s + 1)) == NULL)
    return false;
  if (*s == '+' && (s = semver_idents(s + 1)) == NULL)
    return false;
  return *s == '\0';
}
