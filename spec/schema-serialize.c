/* model -> JSON, driven by the same tables as parsing.  A field is written
 * when it was in the document: strings when non-NULL, opt_* when set,
 * arrays and objects when present (so [] and absent stay distinct). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec/cleanup-json.h"
#include "spec/schema.h"

#define AT(base, off, type) ((const type *)((const char *)(base) + (off)))

static int oom(ctrun_error **err) {
  return error_set(err, ENOMEM, "out of memory");
}

/* Steals v; NULL v means an allocation failed. */
static int put(json_t *obj, const char *key, json_t *v, ctrun_error **err) {
  if (v == NULL || json_object_set_new(obj, key, v) < 0)
    return oom(err);
  return 0;
}

static json_t *int_value(const struct field *f, const void *obj, bool *write) {
  const void *src = AT(obj, f->offset, void);
  json_int_t n = 0;
  *write = true;
  switch (f->num) {
  case NUM_I64:
    n = *(const int64_t *)src;
    break;
  case NUM_U64:
    n = (json_int_t) * (const uint64_t *)src;
    break;
  case NUM_U32:
    n = *(const uint32_t *)src;
    break;
  case NUM_OPT_I64:
    *write = ((const opt_i64 *)src)->set;
    n = ((const opt_i64 *)src)->value;
    break;
  case NUM_OPT_U64:
    *write = ((const opt_u64 *)src)->set;
    n = (json_int_t)((const opt_u64 *)src)->value;
    break;
  }
  if (f->present_offset != NO_OFFSET)
    *write = *AT(obj, f->present_offset, bool);
  return *write ? json_integer(n) : NULL;
}

static json_t *strv_value(const strv_t *v) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < v->n; i++)
    if (json_array_append_new(a, json_string(v->items[i])) < 0) {
      json_decref(a);
      return NULL;
    }
  return a;
}

static json_t *kv_value(const kvlist_t *kv) {
  json_t *o = json_object();
  for (size_t i = 0; o && i < kv->n; i++)
    if (json_object_set_new(o, kv->items[i].key, json_string(kv->items[i].value)) < 0) {
      json_decref(o);
      return NULL;
    }
  return o;
}

static int serialize_array(const struct field *f, const void *obj, json_t **ret,
                           ctrun_error **err) {
  const char *items = *AT(obj, f->offset, char *);
  size_t n = *AT(obj, f->n_offset, size_t);
  _cleanup_json_ json_t *a = json_array();
  if (a == NULL)
    return oom(err);
  for (size_t i = 0; i < n; i++) {
    json_t *e = NULL;
    int r;
    if (f->kind == F_U32V)
      e = json_integer(((const uint32_t *)items)[i]);
    else if ((r = schema_serialize_object(f->sub, items + i * f->sub->size, &e, err)) < 0)
      return r;
    if (json_array_append_new(a, e) < 0)
      return oom(err);
  }
  *ret = TAKE_PTR(a);
  return 0;
}

static int serialize_map(const struct field *f, const void *obj, json_t **ret, ctrun_error **err) {
  const char *items = *AT(obj, f->offset, char *);
  size_t n = *AT(obj, f->n_offset, size_t);
  _cleanup_json_ json_t *o = json_object();
  if (o == NULL)
    return oom(err);
  for (size_t i = 0; i < n; i++) {
    const void *elem = items + i * f->sub->size;
    json_t *e = NULL;
    int r = schema_serialize_object(f->sub, elem, &e, err);
    if (r < 0)
      return r;
    if ((r = put(o, *AT(elem, f->sub->key_offset, char *), e, err)) < 0)
      return r;
  }
  *ret = TAKE_PTR(o);
  return 0;
}

static bool has_presence(const struct field *f, const void *obj) {
  if (f->present_offset != NO_OFFSET && *AT(obj, f->present_offset, bool))
    return true;
  /* Arrays the model tracks without a presence flag are written when non-empty. */
  return *AT(obj, f->n_offset, size_t) > 0;
}

/* *ret stays NULL when the field is absent from the model. */
static int serialize_field(const struct field *f, const void *obj, json_t **ret,
                           ctrun_error **err) {
  bool write;
  *ret = NULL;
  switch (f->kind) {
  case F_STRING: {
    const char *s = *AT(obj, f->offset, char *);
    if (s && (*ret = json_string(s)) == NULL)
      return oom(err);
    return 0;
  }
  case F_BOOL:
    *ret = json_boolean(*AT(obj, f->offset, bool));
    return 0;
  case F_OPT_BOOL: {
    const opt_bool *o = AT(obj, f->offset, opt_bool);
    if (o->set)
      *ret = json_boolean(o->value);
    return 0;
  }
  case F_INT:
    *ret = int_value(f, obj, &write);
    return write && *ret == NULL ? oom(err) : 0;
  case F_STRV: {
    const strv_t *v = AT(obj, f->offset, strv_t);
    if ((v->present || v->n > 0) && (*ret = strv_value(v)) == NULL)
      return oom(err);
    return 0;
  }
  case F_KV: {
    const kvlist_t *kv = AT(obj, f->offset, kvlist_t);
    if ((kv->present || kv->n > 0) && (*ret = kv_value(kv)) == NULL)
      return oom(err);
    return 0;
  }
  case F_OBJECT: {
    const void *sub = AT(obj, f->offset, void);
    if (f->sub->present_offset != NO_OFFSET && !*AT(sub, f->sub->present_offset, bool))
      return 0;
    return schema_serialize_object(f->sub, sub, ret, err);
  }
  case F_OBJECT_PTR: {
    const void *sub = *AT(obj, f->offset, void *);
    return sub ? schema_serialize_object(f->sub, sub, ret, err) : 0;
  }
  case F_U32V:
  case F_ARRAY:
    return has_presence(f, obj) ? serialize_array(f, obj, ret, err) : 0;
  case F_MAP:
    return has_presence(f, obj) ? serialize_map(f, obj, ret, err) : 0;
  }
  return error_set(err, EINVAL, "internal error: unknown field kind");
}

int schema_serialize_object(const struct object_desc *d, const void *src, json_t **ret,
                            ctrun_error **err) {
  _cleanup_json_ json_t *o = json_object();
  if (o == NULL)
    return oom(err);
  for (size_t i = 0; i < d->n_fields; i++) {
    json_t *v = NULL;
    int r = serialize_field(&d->fields[i], src, &v, err);
    if (r < 0)
      return r;
    if (v && (r = put(o, d->fields[i].key, v, err)) < 0)
      return r;
  }
  *ret = TAKE_PTR(o);
  return 0;
}
