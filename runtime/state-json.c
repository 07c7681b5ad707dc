/* Reading state.json without building a JSON tree (see state.h).
 *
 * list and state parse one record per container: with jansson that was
 * about 30 us a record on a small VM (a tree of objects, a hashtable per
 * object, every string copied twice), more than the syscalls of the list.
 * This scanner walks the text once, unescapes the strings in place and
 * copies only the fields of the record.  It accepts any JSON object (keys
 * in any order, unknown keys skipped, nested values skipped), so a record
 * written by another version still reads; malformed text is an error. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/state.h"

#define MAX_DEPTH 64

struct scan {
  char *p, *end;
};

static void ws(struct scan *s) {
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static bool eat(struct scan *s, char c) {
  ws(s);
  if (s->p < s->end && *s->p == c) {
    s->p++;
    return true;
  }
  return false;
}

static bool peek(struct scan *s, char c) {
  ws(s);
  return s->p < s->end && *s->p == c;
}

static int hex4(const char *p, unsigned *ret) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (unsigned)(c - 'A' + 10);
    else
      return -1;
  }
  *ret = v;
  return 0;
}

static char *put_utf8(char *w, unsigned cp) {
  if (cp < 0x80) {
    *w++ = (char)cp;
  } else if (cp < 0x800) {
    *w++ = (char)(0xc0 | (cp >> 6));
    *w++ = (char)(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *w++ = (char)(0xe0 | (cp >> 12));
    *w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *w++ = (char)(0x80 | (cp & 0x3f));
  } else {
    *w++ = (char)(0xf0 | (cp >> 18));
    *w++ = (char)(0x80 | ((cp >> 12) & 0x3f));
    *w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *w++ = (char)(0x80 | (cp & 0x3f));
  }
  return w;
}

/* A string, unescaped in place (never longer than its escaped form); *ret
 * points into the text, NUL-terminated where the closing quote was or
 * before. */
static int string(struct scan *s, char **ret) {
  if (!eat(s, '"'))
    return -1;
  char *w = s->p, *start = s->p;
  while (s->p < s->end) {
    unsigned char c = (unsigned char)*s->p++;
    if (c == '"') {
      *w = '\0';
      *ret = start;
      return 0;
    }
    if (c < 0x20)
      return -1;
    if (c != '\\') {
      *w++ = (char)c;
      continue;
    }
    if (s->p >= s->end)
      return -1;
    char e = *s->p++;
    switch (e) {
    case '"': case '\\': case '/':
      *w++ = e;
      break;
    case 'b': *w++ = '\b'; break;
    case 'f': *w++ = '\f'; break;
    case 'n': *w++ = '\n'; break;
    case 'r': *w++ = '\r'; break;
    case 't': *w++ = '\t'; break;
    case 'u': {
      unsigned cp, lo;
      if (s->end - s->p < 4 || hex4(s->p, &cp) < 0)
        return -1;
      s->p += 4;
      if (cp >= 0xd800 && cp < 0xdc00) {
        /* a surrogate pair: 12 characters become 4 bytes */
        if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' || hex4(s->p + 2, &lo) < 0 ||
            lo < 0xdc00 || lo >= 0xe000)
          return -1;
        s->p += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
      } else if (cp >= 0xdc00 && cp < 0xe000) {
        return -1;
      }
      if (cp == 0)
        return -1; /* a NUL would cut the string */
      w = put_utf8(w, cp);
      break;
    }
    default:
      return -1;
    }
  }
  return -1;
}

/* An integer (our numbers are); a fraction or exponent is refused. */
static int integer(struct scan *s, long long *ret) {
  ws(s);
  char *q = s->p;
  if (q < s->end && *q == '-')
    q++;
  if (q >= s->end || *q < '0' || *q > '9')
    return -1;
  while (q < s->end && *q >= '0' && *q <= '9')
    q++;
  if (q < s->end && (*q == '.' || *q == 'e' || *q == 'E'))
    return -1;
  errno = 0;
  /* the text is NUL-terminated (state_read_file) and q stops strtoll */
  char saved = *q, *stop = NULL;
  *q = '\0';
  long long v = strtoll(s->p, &stop, 10);
  *q = saved;
  if (errno != 0 || stop != q)
    return -1;
  s->p = q;
  *ret = v;
  return 0;
}

static bool literal(struct scan *s, const char *word) {
  ws(s);
  size_t l = strlen(word);
  if ((size_t)(s->end - s->p) < l || memcmp(s->p, word, l) != 0)
    return false;
  s->p += l;
  return true;
}

static int skip_value(struct scan *s, int depth);

static int skip_number(struct scan *s) {
  ws(s);
  char *q = s->p;
  while (q < s->end && strchr("+-0123456789.eE", *q) && *q)
    q++;
  if (q == s->p)
    return -1;
  s->p = q;
  return 0;
}

static int skip_container(struct scan *s, char close, bool object, int depth) {
  if (depth > MAX_DEPTH)
    return -1;
  if (eat(s, close))
    return 0;
  do {
    char *key;
    if (object && (string(s, &key) < 0 || !eat(s, ':')))
      return -1;
    if (skip_value(s, depth + 1) < 0)
      return -1;
  } while (eat(s, ','));
  return eat(s, close) ? 0 : -1;
}

static int skip_value(struct scan *s, int depth) {
  ws(s);
  if (s->p >= s->end)
    return -1;
  char *str;
  switch (*s->p) {
  case '"':
    return string(s, &str);
  case '{':
    s->p++;
    return skip_container(s, '}', true, depth);
  case '[':
    s->p++;
    return skip_container(s, ']', false, depth);
  case 't':
    return literal(s, "true") ? 0 : -1;
  case 'f':
    return literal(s, "false") ? 0 : -1;
  case 'n':
    return literal(s, "null") ? 0 : -1;
  default:
    return skip_number(s);
  }
}

/* A string value into *dst (replacing an earlier one); any other value
 * leaves it as it was, as json_string_value gave NULL for those. */
static int string_field(struct scan *s, char **dst) {
  if (!peek(s, '"'))
    return skip_value(s, 0);
  char *v;
  if (string(s, &v) < 0)
    return -1;
  char *copy = strdup(v);
  if (copy == NULL)
    return -ENOMEM;
  free(*dst);
  *dst = copy;
  return 0;
}

static int integer_field(struct scan *s, long long *dst, bool *ret_set) {
  ws(s);
  if (s->p < s->end && (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))) {
    if (integer(s, dst) < 0)
      return -1;
    if (ret_set)
      *ret_set = true;
    return 0;
  }
  return skip_value(s, 0);
}

static int annotations(struct scan *s, kvlist_t *kv) {
  if (!peek(s, '{'))
    return skip_value(s, 0);
  s->p++;
  if (eat(s, '}'))
    return 0;
  do {
    char *key, *value = NULL;
    if (string(s, &key) < 0 || !eat(s, ':'))
      return -1;
    char *k = strdup(key);
    if (k == NULL)
      return -ENOMEM;
    /* a value that is not a string is "" (as it was read before) */
    if (peek(s, '"')) {
      if (string(s, &value) < 0) {
        free(k);
        return -1;
      }
    } else if (skip_value(s, 0) < 0) {
      free(k);
      return -1;
    }
    char *v = strdup(value ? value : "");
    kv_t *items = realloc(kv->items, (kv->n + 1) * sizeof(*items));
    if (v == NULL || items == NULL) {
      free(k);
      free(v);
      if (items)
        kv->items = items;
      return -ENOMEM;
    }
    kv->items = items;
    kv->items[kv->n].key = k;
    kv->items[kv->n].value = v;
    kv->n++;
    kv->present = true;
  } while (eat(s, ','));
  return eat(s, '}') ? 0 : -1;
}

static int ctrun_object(struct scan *s, struct container_record *rec) {
  if (!peek(s, '{'))
    return skip_value(s, 0);
  s->p++;
  if (eat(s, '}'))
    return 0;
  do {
    char *key;
    if (string(s, &key) < 0 || !eat(s, ':'))
      return -1;
    int r;
    long long v = 0;
    bool set = false;
    if (strcmp(key, "startTime") == 0) {
      r = integer_field(s, &v, &set);
      if (set)
        rec->start_time = (unsigned long long)v;
    } else if (strcmp(key, "cgroup") == 0) {
      r = string_field(s, &rec->cgroup);
    } else if (strcmp(key, "systemdCgroup") == 0) {
      rec->systemd_cgroup = literal(s, "true");
      r = rec->systemd_cgroup ? 0 : skip_value(s, 0);
    } else if (strcmp(key, "hooks") == 0) {
      r = integer_field(s, &v, &set);
      if (set)
        rec->hooks = (int)v;
    } else {
      r = skip_value(s, 0);
    }
    if (r < 0)
      return r;
  } while (eat(s, ','));
  return eat(s, '}') ? 0 : -1;
}

int state_record_parse(char *text, size_t len, struct container_record **ret,
                       ctrun_error **err) {
  struct scan s = {text, text + len};
  struct container_record *rec = calloc(1, sizeof(*rec));
  if (rec == NULL)
    return error_set(err, ENOMEM, "state.json");
  rec->hooks = -1;
  int r = eat(&s, '{') ? 0 : -1;
  if (r == 0 && !eat(&s, '}')) {
    do {
      char *key;
      if (string(&s, &key) < 0 || !eat(&s, ':')) {
        r = -1;
        break;
      }
      long long v = 0;
      bool set = false;
      if (strcmp(key, "ociVersion") == 0)
        r = string_field(&s, &rec->oci_version);
      else if (strcmp(key, "id") == 0)
        r = string_field(&s, &rec->id);
      else if (strcmp(key, "bundle") == 0)
        r = string_field(&s, &rec->bundle);
      else if (strcmp(key, "rootfs") == 0)
        r = string_field(&s, &rec->rootfs);
      else if (strcmp(key, "created") == 0)
        r = string_field(&s, &rec->created);
      else if (strcmp(key, "owner") == 0)
        r = string_field(&s, &rec->owner);
      else if (strcmp(key, "pid") == 0) {
        r = integer_field(&s, &v, &set);
        if (set)
          rec->pid = (pid_t)v;
      } else if (strcmp(key, "annotations") == 0)
        r = annotations(&s, &rec->annotations);
      else if (strcmp(key, "ctrun") == 0)
        r = ctrun_object(&s, rec);
      else
        r = skip_value(&s, 0);
    } while (r == 0 && eat(&s, ','));
    if (r == 0 && !eat(&s, '}'))
      r = -1;
  }
  ws(&s);
  if (r == 0 && s.p != s.end)
    r = -1; /* text after the object */
  if (r < 0) {
    container_record_free(rec);
    return r == -ENOMEM ? error_set(err, ENOMEM, "state.json")
                        : error_set(err, EINVAL, "state.json: not a well-formed record");
  }
  *ret = rec;
  return 0;
}
