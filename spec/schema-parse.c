/* JSON -> model, driven by the tables of schema-config.c.  Checks JSON
 * types and number ranges (what the model cannot represent); the meaning of
 * values is checked later by validate*.c, on the model. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "spec/cleanup.h"
#include "spec/schema.h"

#define AT(base, off, type) ((type *)((char *)(base) + (off)))

static int type_error(const char *expected, json_t *v, const struct jpath *p, ctrun_error **err) {
  _cleanup_free_ char *got = json_describe(v);
  return jpath_error(err, p, "expected %s, got %s", expected, got ? got : "something else");
}

static int parse_string(json_t *v, char **dst, const struct jpath *p, ctrun_error **err) {
  if (!json_is_string(v))
    return type_error("a string", v, p, err);
  /* The model uses C strings: an embedded NUL would silently truncate. */
  if (strlen(json_string_value(v)) != json_string_length(v))
    return jpath_error(err, p, "string contains a NUL character");
  char *s = strdup(json_string_value(v));
  if (s == NULL)
    return error_set(err, ENOMEM, "out of memory");
  free(*dst);
  *dst = s;
  return 0;
}

static int parse_bool(json_t *v, bool *dst, const struct jpath *p, ctrun_error **err) {
  if (!json_is_boolean(v))
    return type_error("a boolean", v, p, err);
  *dst = json_is_true(v);
  return 0;
}

static int parse_int(const struct field *f, json_t *v, void *obj, const struct jpath *p,
                     ctrun_error **err) {
  if (!json_is_integer(v))
    return type_error("an integer", v, p, err);
  json_int_t n = json_integer_value(v);
  if (n < f->min || (n >= 0 && (uint64_t)n > f->max)) {
    if (f->min == 0 && n < 0)
      return jpath_error(err, p, "expected a non-negative integer, got %" JSON_INTEGER_FORMAT, n);
    return jpath_error(err, p,
                       "%" JSON_INTEGER_FORMAT " is out of range (%" PRId64 "..%" PRIu64 ")", n,
                       f->min, f->max);
  }
  void *dst = AT(obj, f->offset, void);
  switch (f->num) {
  case NUM_I64:
    *(int64_t *)dst = n;
    break;
  case NUM_U64:
    *(uint64_t *)dst = (uint64_t)n;
    break;
  case NUM_U32:
    *(uint32_t *)dst = (uint32_t)n;
    break;
  case NUM_OPT_I64:
    *(opt_i64 *)dst = (opt_i64){n, true};
    break;
  case NUM_OPT_U64:
    *(opt_u64 *)dst = (opt_u64){(uint64_t)n, true};
    break;
  }
  if (f->present_offset != NO_OFFSET)
    *AT(obj, f->present_offset, bool) = true;
  return 0;
}

static int parse_strv(json_t *v, strv_t *dst, const struct jpath *p, ctrun_error **err) {
  if (!json_is_array(v))
    return type_error("an array", v, p, err);
  size_t n = json_array_size(v);
  strv_free(dst->items);
  dst->items = calloc(n + 1, sizeof(char *));
  dst->n = 0;
  if (dst->items == NULL)
    return error_set(err, ENOMEM, "out of memory");
  dst->present = true;
  for (size_t i = 0; i < n; i++) {
    struct jpath ep = {p, NULL, i};
    int r = parse_string(json_array_get(v, i), &dst->items[i], &ep, err);
    if (r < 0)
      return r;
    dst->n++;
  }
  /* An empty vector keeps its (empty, terminated) allocation: items is
   * never NULL once present, which keeps the consumers simple. */
  return 0;
}

static int parse_kv(json_t *v, kvlist_t *dst, const struct jpath *p, ctrun_error **err) {
  if (!json_is_object(v))
    return type_error("an object", v, p, err);
  dst->items = calloc(json_object_size(v) + 1, sizeof(kv_t));
  if (dst->items == NULL)
    return error_set(err, ENOMEM, "out of memory");
  dst->present = true;
  const char *key;
  size_t key_len;
  json_t *val;
  json_object_keylen_foreach(v, key, key_len, val) {
    struct jpath ep = {p, key, 0};
    kv_t *kv = &dst->items[dst->n];
    if (strlen(key) != key_len)
      return jpath_error(err, p, "key contains a NUL character");
    int r = parse_string(val, &kv->value, &ep, err);
    if (r < 0)
      return r;
    kv->key = strdup(key);
    dst->n++;
    if (kv->key == NULL)
      return error_set(err, ENOMEM, "out of memory");
  }
  return 0;
}

static int parse_u32v(const struct field *f, json_t *v, void *obj, const struct jpath *p,
                      ctrun_error **err) {
  if (!json_is_array(v))
    return type_error("an array", v, p, err);
  size_t n = json_array_size(v);
  uint32_t **items = AT(obj, f->offset, uint32_t *);
  size_t *count = AT(obj, f->n_offset, size_t);
  *items = calloc(n + 1, sizeof(uint32_t));
  if (*items == NULL)
    return error_set(err, ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) {
    struct jpath ep = {p, NULL, i};
    struct field elem = {.kind = F_INT,
                         .num = NUM_U32,
                         .max = UINT32_MAX,
                         .offset = i * sizeof(uint32_t),
                         .present_offset = NO_OFFSET};
    int r = parse_int(&elem, json_array_get(v, i), *items, &ep, err);
    if (r < 0)
      return r;
    (*count)++;
  }
  return 0;
}

static int parse_array(const struct field *f, json_t *v, void *obj, const struct jpath *p,
                       ctrun_error **err) {
  if (!json_is_array(v))
    return type_error("an array", v, p, err);
  size_t n = json_array_size(v);
  void **items = AT(obj, f->offset, void *);
  size_t *count = AT(obj, f->n_offset, size_t);
  *items = calloc(n + 1, f->sub->size);
  if (*items == NULL)
    return error_set(err, ENOMEM, "out of memory");
  if (f->present_offset != NO_OFFSET)
    *AT(obj, f->present_offset, bool) = true;
  for (size_t i = 0; i < n; i++) {
    struct jpath ep = {p, NULL, i};
    /* Counted before parsing so a half-parsed element is freed too. */
    (*count)++;
    int r = schema_parse_object(f->sub, json_array_get(v, i), (char *)*items + i * f->sub->size,
                                &ep, err);
    if (r < 0)
      return r;
  }
  return 0;
}

static int parse_map(const struct field *f, json_t *v, void *obj, const struct jpath *p,
                     ctrun_error **err) {
  if (!json_is_object(v))
    return type_error("an object", v, p, err);
  void **items = AT(obj, f->offset, void *);
  size_t *count = AT(obj, f->n_offset, size_t);
  *items = calloc(json_object_size(v) + 1, f->sub->size);
  if (*items == NULL)
    return error_set(err, ENOMEM, "out of memory");
  if (f->present_offset != NO_OFFSET)
    *AT(obj, f->present_offset, bool) = true;
  const char *key;
  size_t key_len;
  json_t *val;
  json_object_keylen_foreach(v, key, key_len, val) {
    struct jpath ep = {p, key, 0};
    void *elem = (char *)*items + *count * f->sub->size;
    (*count)++;
    if (strlen(key) != key_len)
      return jpath_error(err, p, "key contains a NUL character");
    char **keyp = AT(elem, f->sub->key_offset, char *);
    *keyp = strdup(key);
    if (*keyp == NULL)
      return error_set(err, ENOMEM, "out of memory");
    int r = schema_parse_object(f->sub, val, elem, &ep, err);
    if (r < 0)
      return r;
  }
  return 0;
}

static int parse_field(const struct field *f, json_t *v, void *obj, const struct jpath *p,
                       ctrun_error **err) {
  switch (f->kind) {
  case F_STRING:
    return parse_string(v, AT(obj, f->offset, char *), p, err);
  case F_BOOL:
    return parse_bool(v, AT(obj, f->offset, bool), p, err);
  case F_OPT_BOOL: {
    opt_bool *o = AT(obj, f->offset, opt_bool);
    int r = parse_bool(v, &o->value, p, err);
    o->set = r == 0;
    return r;
  }
  case F_INT:
    return parse_int(f, v, obj, p, err);
  case F_STRV:
    return parse_strv(v, AT(obj, f->offset, strv_t), p, err);
  case F_KV:
    return parse_kv(v, AT(obj, f->offset, kvlist_t), p, err);
  case F_U32V:
    return parse_u32v(f, v, obj, p, err);
  case F_OBJECT:
    return schema_parse_object(f->sub, v, AT(obj, f->offset, void), p, err);
  case F_OBJECT_PTR: {
    void **ptr = AT(obj, f->offset, void *);
    *ptr = calloc(1, f->sub->size);
    if (*ptr == NULL)
      return error_set(err, ENOMEM, "out of memory");
    return schema_parse_object(f->sub, v, *ptr, p, err);
  }
  case F_ARRAY:
    return parse_array(f, v, obj, p, err);
  case F_MAP:
    return parse_map(f, v, obj, p, err);
  }
  return error_set(err, EINVAL, "internal error: unknown field kind");
}

int schema_parse_object(const struct object_desc *d, json_t *j, void *dst, const struct jpath *p,
                        ctrun_error **err) {
  if (!json_is_object(j))
    return type_error("an object", j, p, err);
  if (d->present_offset != NO_OFFSET)
    *AT(dst, d->present_offset, bool) = true;
  for (size_t i = 0; i < d->n_fields; i++) {
    const struct field *f = &d->fields[i];
    struct jpath fp = {p, f->key, 0};
    json_t *v = json_object_get(j, f->key);
    if (v == NULL) {
      if (f->flags & FIELD_REQUIRED)
        return jpath_error(err, &fp, "required property is missing");
      continue;
    }
    int r = parse_field(f, v, dst, &fp, err);
    if (r < 0)
      return r;
  }
  /* Properties the tables do not name are ignored, as the spec requires. */
  return 0;
}
