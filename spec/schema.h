/* Private to spec/: the tables that describe how each model struct maps to
 * JSON.  One description drives parsing (schema-parse.c), serializing
 * (schema-serialize.c) and freeing (model-free.c), so the three cannot
 * disagree about a field. */
#ifndef CTRUN_SPEC_SCHEMA_H
#define CTRUN_SPEC_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/error.h"
#include "spec/model.h"

#define NO_OFFSET SIZE_MAX

enum field_kind {
  F_STRING,     /* char * */
  F_BOOL,       /* bool (plain) */
  F_OPT_BOOL,   /* opt_bool */
  F_INT,        /* an integer, stored as field.num */
  F_STRV,       /* strv_t */
  F_KV,         /* kvlist_t: object of strings */
  F_U32V,       /* uint32_t * with a count at n_offset */
  F_OBJECT,     /* an embedded struct described by .sub */
  F_OBJECT_PTR, /* a pointer to a struct described by .sub, NULL when absent */
  F_ARRAY,      /* items at offset, count at n_offset, presence at present_offset */
  F_MAP,        /* a JSON object of objects: an array in the model, the key at sub->key_offset */
};

enum num_storage {
  NUM_I64,     /* int64_t */
  NUM_U64,     /* uint64_t */
  NUM_U32,     /* uint32_t */
  NUM_OPT_I64, /* opt_i64 */
  NUM_OPT_U64, /* opt_u64 */
};

#define FIELD_REQUIRED 1u

struct object_desc;

struct field {
  const char *key;
  enum field_kind kind;
  size_t offset;
  unsigned flags;
  enum num_storage num;
  int64_t min; /* F_INT range */
  uint64_t max;
  size_t n_offset;       /* F_ARRAY, F_MAP, F_U32V: the count */
  size_t present_offset; /* F_ARRAY, F_MAP, F_INT (plain, optional): a bool */
  const struct object_desc *sub;
};

struct object_desc {
  size_t size;           /* of the struct (element size for arrays) */
  size_t present_offset; /* a bool inside the struct set when the object is in the document */
  size_t key_offset;     /* F_MAP elements: char * that holds the key */
  const struct field *fields;
  size_t n_fields;
};

/* A JSON path as a chain of stack frames, formatted only on error. */
struct jpath {
  const struct jpath *parent;
  const char *key; /* NULL for an array element */
  size_t index;
};

/* "process.capabilities.bounding[3]"; malloc'd, NULL on OOM. */
char *jpath_format(const struct jpath *p);
/* error_set with the path as the message prefix: "<path>: <message>". */
int jpath_error(ctrun_error **err, const struct jpath *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A short description of a JSON value for messages: "\"64m\"", "1.5", "an object". */
char *json_describe(const json_t *v);
/* json_describe of a C string: quoted, escaped and cut. */
char *json_quote(const char *s);

int schema_parse_object(const struct object_desc *d, json_t *j, void *dst, const struct jpath *p,
                        ctrun_error **err);
/* Fills *ret with a new object (reference owned by the caller). */
int schema_serialize_object(const struct object_desc *d, const void *src, json_t **ret,
                            ctrun_error **err);
/* Frees what the struct at obj owns, not obj itself. */
void schema_free_object(const struct object_desc *d, void *obj);

/* Dumps a json value to a malloc'd string with the SPEC_JSON_* flags. */
int json_to_text(json_t *j, unsigned flags, char **ret, ctrun_error **err);
/* Loads text into a JSON value, errors as "line L, column C: ...". */
int json_from_text(const char *text, size_t len, json_t **ret, ctrun_error **err);

extern const struct object_desc config_desc;
extern const struct object_desc process_desc;
extern const struct object_desc state_desc;

#endif
