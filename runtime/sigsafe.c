#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "runtime/sigsafe.h"

size_t sigsafe_strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

int sigsafe_strlcpy(char *dst, const char *src, size_t len) {
  size_t i = 0;
  if (len == 0)
    return -ENAMETOOLONG;
  for (; src[i] && i + 1 < len; i++)
    dst[i] = src[i];
  dst[i] = '\0';
  return src[i] ? -ENAMETOOLONG : 0;
}

struct out {
  char *buf;
  size_t len, pos;
};

static void put(struct out *o, char c) {
  if (o->pos + 1 < o->len)
    o->buf[o->pos++] = c;
}

static void put_num(struct out *o, uint64_t v, unsigned base, bool neg) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (neg)
    put(o, '-');
  while (n)
    put(o, tmp[--n]);
}

size_t sigsafe_vformat(char *buf, size_t len, const char *fmt, va_list ap) {
  struct out o = {buf, len, 0};
  if (len == 0)
    return 0;
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      put(&o, *p);
      continue;
    }
    p++;
    int lng = 0;
    while (*p == 'l' || *p == 'z') {
      lng += (*p == 'z') ? 2 : 1;
      p++;
    }
    switch (*p) {
    case 's': {
      const char *s = va_arg(ap, const char *);
      for (s = s ? s : "(null)"; *s; s++)
        put(&o, *s);
      break;
    }
    case 'c':
      put(&o, (char)va_arg(ap, int));
      break;
    case 'd':
    case 'i': {
      int64_t v = lng >= 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
      put_num(&o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, 10, v < 0);
      break;
    }
    case 'u':
    case 'x':
    case 'o': {
      uint64_t v = lng >= 2 ? va_arg(ap, unsigned long long)
                   : lng == 1 ? va_arg(ap, unsigned long)
                              : va_arg(ap, unsigned int);
      put_num(&o, v, *p == 'u' ? 10 : *p == 'x' ? 16 : 8, false);
      break;
    }
    case '%':
      put(&o, '%');
      break;
    case '\0':
      p--;
      break;
    default:
      put(&o, '%');
      put(&o, *p);
    }
  }
  o.buf[o.pos] = '\0';
  return o.pos;
}

size_t sigsafe_format(char *buf, size_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t n = sigsafe_vformat(buf, len, fmt, ap);
  va_end(ap);
  return n;
}

int child_fail(struct child_error *e, int errnum, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sigsafe_vformat(e->message, sizeof(e->message), fmt, ap);
  va_end(ap);
  e->errnum = errnum > 0 ? errnum : 0;
  return errnum > 0 ? -errnum : -EINVAL;
}
