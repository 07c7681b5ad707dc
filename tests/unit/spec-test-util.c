#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec-test-util.h"

char *read_srcdir_file(const char *relpath, size_t *ret_len) {
  const char *top = getenv("top_srcdir");
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", top ? top : ".", relpath);
  FILE *f = fopen(path, "re");
  cr_assert_not_null(f, "cannot open %s: %s", path, strerror(errno));
  char *buf = NULL;
  size_t len = 0, cap = 0, n;
  do {
    if (len + 4096 + 1 > cap) {
      cap = (len + 4096 + 1) * 2;
      buf = realloc(buf, cap);
      cr_assert_not_null(buf);
    }
    n = fread(buf + len, 1, 4096, f);
    len += n;
  } while (n > 0);
  fclose(f);
  buf[len] = '\0';
  if (ret_len)
    *ret_len = len;
  return buf;
}

__attribute__((format(printf, 1, 2))) static char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  int n = vasprintf(&s, fmt, ap);
  va_end(ap);
  cr_assert_geq(n, 0);
  return s;
}

char *config_with(const char *members) {
  return xasprintf("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, %s}", members);
}

char *process_with(const char *members) {
  return xasprintf("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, "
                   "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", %s}}",
                   members);
}

char *linux_with(const char *members) {
  return xasprintf("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, "
                   "\"linux\": {%s}}",
                   members);
}

spec_config *parse_ok(const char *json) {
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  int r = spec_config_parse(json, strlen(json), "config.json", &c, &err);
  cr_assert_eq(r, 0, "parse failed: %s\n%s", err ? err->message : "(no error)", json);
  cr_assert_null(err);
  cr_assert_not_null(c);
  return c;
}

char *parse_error(const char *json) {
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  int r = spec_config_parse(json, strlen(json), "config.json", &c, &err);
  cr_assert_lt(r, 0, "parse unexpectedly succeeded:\n%s", json);
  cr_assert_null(c, "nothing may be returned on failure");
  cr_assert_not_null(err);
  char *msg = strdup(err->message);
  error_free(err);
  return msg;
}

char *to_json(const spec_config *c) {
  char *s = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_config_to_json(c, 0, &s, &err), 0, "serialize: %s", err ? err->message : "");
  return s;
}
