/* <inituser>/<initgroup>: libvirt looks the names up inside the container
 * (virGetUserID after pivot_root); OCI wants numbers, so the converter
 * reads the rootfs's /etc/passwd and /etc/group through the host callbacks. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

/* Field `idx` (0-based) of the colon-separated line; NULL if missing. */
static const char *field(const char *line, size_t len, int idx, size_t *flen) {
  const char *s = line, *end = line + len;
  for (int i = 0; i < idx; i++) {
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (colon == NULL)
      return NULL;
    s = colon + 1;
  }
  const char *colon = memchr(s, ':', (size_t)(end - s));
  *flen = (size_t)((colon ? colon : end) - s);
  return s;
}

static bool field_eq(const char *f, size_t flen, const char *s) {
  return f && strlen(s) == flen && memcmp(f, s, flen) == 0;
}

static bool field_num(const char *f, size_t flen, uint32_t *ret) {
  if (f == NULL || flen == 0 || flen > 10)
    return false;
  uint64_t v = 0;
  for (size_t i = 0; i < flen; i++) {
    if (f[i] < '0' || f[i] > '9')
      return false;
    v = v * 10 + (uint64_t)(f[i] - '0');
  }
  if (v > UINT32_MAX)
    return false;
  *ret = (uint32_t)v;
  return true;
}

/* Calls fn for every line of a passwd/group file. */
#define FOREACH_LINE(text, line, len)                                                     \
  for (const char *line = (text), *_nl; line && *line;                                    \
       line = (_nl = strchr(line, '\n')) ? _nl + 1 : NULL)                                \
    for (size_t len = (_nl = strchr(line, '\n')) ? (size_t)(_nl - line) : strlen(line),   \
                _once = 1;                                                                \
         _once; _once = 0)

/* Finds `name` (match_field 0) or a number (match_field 2) in the file;
 * returns the id (field 2) and the name. */
static bool lookup(const char *file, const char *name, uint32_t *id, char **ret_name) {
  if (file == NULL)
    return false;
  FOREACH_LINE(file, line, len) {
    size_t flen = 0, ilen = 0;
    const char *f = field(line, len, 0, &flen);
    const char *i = field(line, len, 2, &ilen);
    if (field_eq(f, flen, name) && field_num(i, ilen, id)) {
      if (ret_name)
        *ret_name = strndup(f, flen);
      return true;
    }
  }
  return false;
}

static bool lookup_uid_name(const char *passwd, uint32_t uid, char **ret_name) {
  if (passwd == NULL)
    return false;
  FOREACH_LINE(passwd, line, len) {
    size_t flen = 0, ilen = 0;
    const char *f = field(line, len, 0, &flen);
    const char *i = field(line, len, 2, &ilen);
    uint32_t v;
    if (f && field_num(i, ilen, &v) && v == uid) {
      *ret_name = strndup(f, flen);
      return true;
    }
  }
  return false;
}

static bool parse_number(const char *s, uint32_t *ret) { return field_num(s, strlen(s), ret); }

/* virGetUserID/virGetGroupID: "+N" is a number; otherwise the name first,
 * then a number. */
static int resolve(xml_ctx *c, const char *what, const char *value, const char *file,
                   const char *file_name, uint32_t *id, char **ret_name) {
  if (value[0] == '+') {
    if (!parse_number(value + 1, id))
      return xml_fail(c, c->os, "%s '%s' is not a number", what, value);
    return 0;
  }
  if (lookup(file, value, id, ret_name))
    return 0;
  if (parse_number(value, id)) {
    if (file == NULL)
      xml_note(c, c->os, "%s '%s' taken as a number: the container's %s could not be read",
               what, value, file_name);
    return 0;
  }
  if (file == NULL)
    return xml_fail(c, c->os, "%s '%s': the container's %s cannot be read (pass --rootfs, or "
                              "use +NUMBER)", what, value, file_name);
  return xml_fail(c, c->os, "failed to find %s record for name '%s' in the container's %s", what,
                  value, file_name);
}

static int read_file(xml_ctx *c, const char *rel, char **ret) {
  const struct xml_host *h = c->opts->host;
  *ret = NULL;
  if (h == NULL || h->read_root_file == NULL || c->cfg->root.path == NULL)
    return 0;
  if (h->read_root_file(c->cfg->root.path, rel, ret, h->userdata) < 0)
    *ret = NULL;
  return 0;
}

static int add_gid(spec_user *u, uint32_t gid) {
  for (size_t i = 0; i < u->n_additional_gids; i++)
    if (u->additional_gids[i] == gid)
      return 0;
  uint32_t *g = realloc(u->additional_gids, (u->n_additional_gids + 1) * sizeof(*g));
  if (g == NULL)
    return -ENOMEM;
  u->additional_gids = g;
  g[u->n_additional_gids++] = gid;
  return 0;
}

/* getgrouplist(): the primary group, then every group listing the user. */
static int supplementary_groups(xml_ctx *c, spec_user *u, const char *group, const char *user) {
  if (add_gid(u, u->gid) < 0)
    return xml_oom(c);
  if (group == NULL || user == NULL) /* no name: no group lists it */
    return 0;
  FOREACH_LINE(group, line, len) {
    size_t ilen = 0, mlen = 0;
    const char *i = field(line, len, 2, &ilen);
    const char *m = field(line, len, 3, &mlen);
    uint32_t gid;
    if (m == NULL || !field_num(i, ilen, &gid))
      continue;
    for (const char *p = m, *end = m + mlen; p < end;) {
      const char *comma = memchr(p, ',', (size_t)(end - p));
      size_t l = (size_t)((comma ? comma : end) - p);
      if (field_eq(p, l, user) && add_gid(u, gid) < 0)
        return xml_oom(c);
      p += l + 1;
    }
  }
  return 0;
}

int xml_set_user(xml_ctx *c, xmlNode *os, const char *user, const char *group) {
  int r;
  spec_user *u = &c->cfg->process->user;
  if (user == NULL && group == NULL)
    return 0;
  _cleanup_free_ char *passwd = NULL, *groupf = NULL, *name = NULL;
  read_file(c, "etc/passwd", &passwd);
  read_file(c, "etc/group", &groupf);
  if (user && (r = resolve(c, "user", user, passwd, "/etc/passwd", &u->uid, &name)) < 0)
    return r;
  /* only <inituser>: the gid stays 0, as with libvirt */
  if (group && (r = resolve(c, "group", group, groupf, "/etc/group", &u->gid, NULL)) < 0)
    return r;
  if (user == NULL)
    return 0;
  if (name == NULL)
    lookup_uid_name(passwd, u->uid, &name);
  return supplementary_groups(c, u, groupf, name);
}
