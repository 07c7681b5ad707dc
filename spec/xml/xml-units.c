/* libvirt's scaled integers (virScaleInteger) and MAC addresses. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdbool.h>

#include "spec/xml/xml.h"

/* The suffix is case-insensitive: "b"/"byte"/"bytes" are 1; a letter of
 * kmgtpe alone or with "iB" is a power of 1024, with "B" a power of 1000
 * (so "k" and "KiB" are 1024 but "KB" is 1000). */
static int unit_scale(const char *unit, uint64_t *ret) {
  if (strcasecmp(unit, "b") == 0 || strcasecmp(unit, "byte") == 0 ||
      strcasecmp(unit, "bytes") == 0) {
    *ret = 1;
    return 0;
  }
  uint64_t base;
  if (unit[1] == '\0' || strcasecmp(unit + 1, "iB") == 0)
    base = 1024;
  else if (strcasecmp(unit + 1, "B") == 0)
    base = 1000;
  else
    return -EINVAL;
  const char *letters = "kmgtpe";
  const char *p = strchr(letters, tolower((unsigned char)unit[0]));
  if (unit[0] == '\0' || p == NULL)
    return -EINVAL;
  uint64_t s = 1;
  for (const char *q = letters; q <= p; q++)
    s *= base;
  *ret = s;
  return 0;
}

int xml_scale_integer(const char *value, const char *unit, uint64_t scale, uint64_t limit,
                      uint64_t *ret, ctrun_error **err) {
  const char *s = value ? value : "";
  while (isspace((unsigned char)*s))
    s++;
  if (!isdigit((unsigned char)*s))
    return error_set(err, 0, "expected a non-negative integer, got '%s'", value ? value : "");
  char *end;
  errno = 0;
  uintmax_t v = strtoumax(s, &end, 10);
  while (isspace((unsigned char)*end))
    end++;
  if (*end != '\0')
    return error_set(err, 0, "expected a non-negative integer, got '%s'", value);
  if (errno == ERANGE)
    return error_set(err, 0, "value '%s' is too large", value);
  if (unit && *unit) {
    if (unit_scale(unit, &scale) < 0)
      return error_set(err, 0, "unknown unit '%s' (expected b, bytes, k, KiB, KB, M, MiB, MB, "
                                "G, GiB, GB, T, TiB, TB, P, PiB, PB, E, EiB or EB)", unit);
  }
  if (v > 0 && v > limit / scale)
    return error_set(err, 0, "value '%s%s%s' is too large (at most %" PRIu64 " bytes)", value,
                     unit ? " " : "", unit ? unit : "", limit);
  *ret = v * scale;
  return 0;
}

/* libvirt (virMacAddrParse): six groups of one or two hex digits separated
 * by ':'.  The domain parser refuses multicast addresses. */
int xml_parse_mac(const char *text, char **ret, bool *is_zero, ctrun_error **err) {
  unsigned b[6];
  const char *s = text;
  for (int i = 0; i < 6; i++) {
    int len = 0;
    unsigned v = 0;
    while (len < 3 && isxdigit((unsigned char)s[len])) {
      char h = (char)tolower((unsigned char)s[len]);
      v = v * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : h - 'a' + 10);
      len++;
    }
    if (len < 1 || len > 2)
      return error_set(err, 0, "invalid MAC address '%s'", text);
    b[i] = v;
    s += len;
    if (i < 5) {
      if (*s != ':')
        return error_set(err, 0, "invalid MAC address '%s'", text);
      s++;
    }
  }
  if (*s != '\0')
    return error_set(err, 0, "invalid MAC address '%s'", text);
  if (b[0] & 1)
    return error_set(err, 0, "expected a unicast MAC address, found multicast '%s'", text);
  char *out;
  if (asprintf(&out, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]) < 0)
    return error_set(err, ENOMEM, "formatting a MAC address");
  *is_zero = (b[0] | b[1] | b[2] | b[3] | b[4] | b[5]) == 0;
  *ret = out;
  return 0;
}

/* inet_pton's syntax, written out because spec/ links no libc networking:
 * dotted quads for IPv4; for IPv6 up to eight hex groups, one "::", and
 * an optional dotted quad at the end. */
static bool parse_ipv4(const char *s, unsigned char out[4]) {
  for (int i = 0; i < 4; i++) {
    if (!isdigit((unsigned char)*s))
      return false;
    unsigned v = 0;
    int len = 0;
    while (isdigit((unsigned char)*s)) {
      if (len > 0 && v == 0)
        return false; /* no leading zeros */
      v = v * 10 + (unsigned)(*s++ - '0');
      if (++len > 3 || v > 255)
        return false;
    }
    out[i] = (unsigned char)v;
    if (i < 3 && *s++ != '.')
      return false;
  }
  return *s == '\0';
}

static bool parse_ipv6(const char *s, unsigned char out[16]) {
  unsigned char buf[16] = {0};
  int n = 0, gap = -1;
  if (s[0] == ':' && s[1] == ':') {
    gap = 0;
    s += 2;
  } else if (*s == ':') {
    return false;
  }
  while (*s) {
    if (n >= 16)
      return false;
    const char *start = s;
    unsigned v = 0;
    int len = 0;
    while (isxdigit((unsigned char)*s) && len < 5) {
      v = v * 16 + (unsigned)(isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10);
      s++, len++;
    }
    if (*s == '.' && n <= 12) {
      if (!parse_ipv4(start, buf + n))
        return false;
      n += 4;
      break;
    }
    if (len == 0 || len > 4)
      return false;
    buf[n++] = (unsigned char)(v >> 8);
    buf[n++] = (unsigned char)v;
    if (*s == '\0')
      break;
    if (*s++ != ':')
      return false;
    if (*s == ':') {
      if (gap >= 0)
        return false;
      gap = n;
      s++;
    } else if (*s == '\0') {
      return false;
    }
  }
  if (gap < 0 && n != 16)
    return false;
  if (gap >= 0) {
    if (n == 16)
      return false;
    memset(out, 0, 16);
    memcpy(out, buf, (size_t)gap);
    memcpy(out + 16 - (n - gap), buf + gap, (size_t)(n - gap));
  } else {
    memcpy(out, buf, 16);
  }
  return true;
}

int xml_parse_ip(const char *text, unsigned char out[16]) {
  if (strchr(text, ':'))
    return parse_ipv6(text, out) ? 6 : -EINVAL;
  return parse_ipv4(text, out) ? 4 : -EINVAL;
}
