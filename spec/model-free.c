/* Freeing model objects, driven by the schema tables: whatever the parser
 * can allocate, this releases, including half-parsed objects. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "spec/cleanup.h"
#include "spec/schema.h"

#define AT(base, off, type) ((type *)((char *)(base) + (off)))

static void free_kv(kvlist_t *kv) {
  for (size_t i = 0; i < kv->n; i++) {
    free(kv->items[i].key);
    free(kv->items[i].value);
  }
  free(kv->items);
}

static void free_field(const struct field *f, void *obj) {
  switch (f->kind) {
  case F_STRING:
    free(*AT(obj, f->offset, char *));
    break;
  case F_BOOL:
  case F_OPT_BOOL:
  case F_INT:
    break;
  case F_STRV:
    strv_free(AT(obj, f->offset, strv_t)->items);
    break;
  case F_KV:
    free_kv(AT(obj, f->offset, kvlist_t));
    break;
  case F_U32V:
    free(*AT(obj, f->offset, void *));
    break;
  case F_OBJECT:
    schema_free_object(f->sub, AT(obj, f->offset, void));
    break;
  case F_OBJECT_PTR: {
    void *sub = *AT(obj, f->offset, void *);
    if (sub) {
      schema_free_object(f->sub, sub);
      free(sub);
    }
    break;
  }
  case F_ARRAY:
  case F_MAP: {
    char *items = *AT(obj, f->offset, char *);
    size_t n = *AT(obj, f->n_offset, size_t);
    for (size_t i = 0; items && i < n; i++) {
      void *elem = items + i * f->sub->size;
      if (f->kind == F_MAP)
        free(*AT(elem, f->sub->key_offset, char *));
      schema_free_object(f->sub, elem);
    }
    free(items);
    break;
  }
  }
}

void schema_free_object(const struct object_desc *d, void *obj) {
  for (size_t i = 0; i < d->n_fields; i++)
    free_field(&d->fields[i], obj);
}

void spec_config_free(spec_config *c) {
  if (c == NULL)
    return;
  schema_free_object(&config_desc, c);
  free(c);
}

void spec_process_free(spec_process *p) {
  if (p == NULL)
    return;
  schema_free_object(&process_desc, p);
  free(p);
}

void spec_state_free(spec_state *s) {
  if (s == NULL)
    return;
  schema_free_object(&state_desc, s);
  free(s);
}
