/* JSON text in and out, with the error wording of the spec/ messages. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/schema.h"
#include "spec/spec.h"

int json_to_text(json_t *j, unsigned flags, char **ret, ctrun_error **err) {
  size_t jflags = (flags & SPEC_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
  char *s = json_dumps(j, jflags | JSON_ENCODE_ANY);
  if (s == NULL)
    return error_set(err, ENOMEM, "out of memory");
  *ret = s;
  return 0;
}

/* ---- the path of the value at a byte offset ----
 * jansson reports some errors in a value with a position only: a string
 * that is not UTF-8, a number beyond 64 bits, a duplicate key, nesting too
 * deep.  A scan of the text up to that position (well-formed so far, since
 * jansson got there) finds the path the schema would have named. */

struct scan_frame {
  bool array;
  size_t index;           /* array */
  const char *key;        /* object: the current key (raw JSON text), or NULL */
  size_t key_len;
};

#define PATH_SHOWN_MAX 160 /* a path longer than this keeps its two ends */

static void path_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
  if (*buf == NULL)
    return;
  if (*len + n + 1 > *cap) {
    size_t want = (*len + n + 1) * 2;
    char *nb = realloc(*buf, want);
    if (nb == NULL) {
      free(*buf);
      *buf = NULL;
      return;
    }
    *buf = nb;
    *cap = want;
  }
  memcpy(*buf + *len, s, n);
  *len += n;
  (*buf)[*len] = '\0';
}

static char *format_frames(const struct scan_frame *f, size_t n) {
  size_t len = 0, cap = 64;
  char *buf = malloc(cap);
  if (buf)
    buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    char tmp[32];
    if (f[i].array) {
      snprintf(tmp, sizeof(tmp), "[%zu]", f[i].index);
      path_append(&buf, &len, &cap, tmp, strlen(tmp));
      continue;
    }
    if (f[i].key == NULL)
      break;
    if (len > 0)
      path_append(&buf, &len, &cap, ".", 1);
    /* the key as written, with bytes that would garble a message escaped */
    for (size_t k = 0; k < f[i].key_len && k < 64; k++) {
      unsigned char c = (unsigned char)f[i].key[k];
      if (c < 0x20 || c >= 0x7f) {
        snprintf(tmp, sizeof(tmp), "\\x%02x", c);
        path_append(&buf, &len, &cap, tmp, strlen(tmp));
      } else {
        path_append(&buf, &len, &cap, (const char *)&c, 1);
      }
    }
  }
  if (buf && len > PATH_SHOWN_MAX) {
    /* "a.b[0][0]...[0][0]": nesting 10,000 deep must not make a 60 KiB message */
    size_t head = PATH_SHOWN_MAX / 3, tail = PATH_SHOWN_MAX - head;
    memmove(buf + head + 3, buf + len - tail, tail + 1);
    memcpy(buf + head, "...", 3);
  }
  return buf;
}

static char *json_path_at(const char *text, size_t len, size_t pos) {
  struct scan_frame *st = NULL;
  size_t depth = 0, cap = 0;
  char *path = NULL;
  if (pos > len)
    pos = len;
  for (size_t i = 0; i < pos; i++) {
    char c = text[i];
    struct scan_frame *top = depth ? &st[depth - 1] : NULL;
    if (c == '"') {
      size_t start = ++i;
      while (i < pos && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
      if (top && !top->array && top->key == NULL) {
        top->key = text + start;
        top->key_len = (i < pos ? i : pos) - start;
      }
    } else if (c == '{' || c == '[') {
      if (depth == cap) {
        size_t want = cap ? cap * 2 : 16;
        struct scan_frame *ns = realloc(st, want * sizeof(*st));
        if (ns == NULL)
          goto out;
        st = ns;
        cap = want;
      }
      st[depth++] = (struct scan_frame){.array = c == '['};
    } else if ((c == '}' || c == ']') && depth > 0) {
      depth--;
    } else if (c == ',' && top) {
      if (top->array)
        top->index++;
      else
        top->key = NULL;
    }
  }
  path = format_frames(st, depth);
out:
  free(st);
  return path;
}

int json_from_text(const char *text, size_t len, json_t **ret, ctrun_error **err) {
  json_error_t jerr;
  /* Duplicate keys are refused: which one wins is not obvious to a reader. */
  json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
  if (j == NULL) {
    enum json_error_code code = json_error_code(&jerr);
    char *path = NULL;
    if (code == json_error_invalid_utf8 || code == json_error_numeric_overflow ||
        code == json_error_null_byte_in_key || code == json_error_duplicate_key ||
        code == json_error_stack_overflow)
      path = json_path_at(text, len, (size_t)jerr.position);
    int r = path && path[0]
                ? error_set(err, 0, "%s: line %d, column %d: %s", path, jerr.line, jerr.column,
                            jerr.text)
                : error_set(err, 0, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
    free(path);
    return r;
  }
  *ret = j;
  return 0;
}
