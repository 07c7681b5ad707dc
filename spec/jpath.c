/* JSON paths and value descriptions for error messages. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/cleanup.h"
#include "spec/schema.h"

/* Strings in messages are cut so a huge value cannot flood the output. */
#define DESCRIBE_MAX 64

static size_t frame_len(const struct jpath *q, bool first) {
  if (q->key)
    return strlen(q->key) + (first ? 0 : 1);
  return (size_t)snprintf(NULL, 0, "[%zu]", q->index);
}

char *jpath_format(const struct jpath *p) {
  size_t depth = 0, len = 0;
  for (const struct jpath *q = p; q; q = q->parent)
    depth++;
  _cleanup_free_ const struct jpath **frames = calloc(depth + 1, sizeof(*frames));
  if (frames == NULL)
    return NULL;
  size_t i = depth;
  for (const struct jpath *q = p; q; q = q->parent)
    frames[--i] = q;
  for (i = 0; i < depth; i++)
    len += frame_len(frames[i], i == 0);

  char *buf = malloc(len + 1), *w = buf;
  if (buf == NULL)
    return NULL;
  for (i = 0; i < depth; i++) {
    size_t room = len + 1 - (size_t)(w - buf);
    if (frames[i]->key)
      w += snprintf(w, room, "%s%s", i ? "." : "", frames[i]->key);
    else
      w += snprintf(w, room, "[%zu]", frames[i]->index);
  }
  *w = '\0';
  return buf;
}

int jpath_error(ctrun_error **err, const struct jpath *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  /* errnum 0: a document error is not a system error (no strerror shown),
   * and the call still returns -EINVAL. */
  int ret = error_setv(err, 0, fmt, ap);
  va_end(ap);
  _cleanup_free_ char *path = jpath_format(p);
  if (path && *path)
    error_prefix(err, ret, "%s", path);
  return ret;
}

char *json_describe(const json_t *v) {
  char *out = NULL;
  int n = -1;
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    return strdup("an object");
  case JSON_ARRAY:
    return strdup("an array");
  case JSON_TRUE:
    return strdup("true");
  case JSON_FALSE:
    return strdup("false");
  case JSON_NULL:
    return strdup("null");
  case JSON_INTEGER:
    n = asprintf(&out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    break;
  case JSON_REAL:
    n = asprintf(&out, "%.17g", json_real_value(v));
    break;
  case JSON_STRING: {
    /* Encoded as JSON so quotes and control characters stay visible. */
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    bool cut = len > DESCRIBE_MAX;
    size_t keep = cut ? DESCRIBE_MAX : len;
    /* Cut on a UTF-8 character boundary, or the encoder refuses the string. */
    while (cut && keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
      keep--;
    json_t *shown = json_stringn_nocheck(s, keep);
    char *enc = shown ? json_dumps(shown, JSON_ENCODE_ANY) : NULL;
    json_decref(shown);
    if (enc == NULL)
      return NULL;
    if (!cut)
      return enc;
    n = asprintf(&out, "%s...", enc);
    free(enc);
    break;
  }
  }
  return n < 0 ? NULL : out;
}

char *json_quote(const char *s) {
  json_t *j = json_string(s);
  char *out = j ? json_describe(j) : NULL;
  json_decref(j);
  return out;
}
