/* Small builders for the model (strv, kv lists, mounts, device rules). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

int strv_add(strv_t *v, const char *s) {
  char **items = realloc(v->items, (v->n + 2) * sizeof(*items));
  if (items == NULL)
    return -ENOMEM;
  v->items = items;
  items[v->n] = strdup(s);
  if (items[v->n] == NULL)
    return -ENOMEM;
  v->n++;
  items[v->n] = NULL;
  v->present = true;
  return 0;
}

int kv_set(kvlist_t *l, const char *key, const char *value) {
  char *nv = strdup(value);
  if (nv == NULL)
    return -ENOMEM;
  l->present = true;
  for (size_t i = 0; i < l->n; i++) {
    if (strcmp(l->items[i].key, key) == 0) {
      free(l->items[i].value);
      l->items[i].value = nv;
      return 0;
    }
  }
  kv_t *items = realloc(l->items, (l->n + 1) * sizeof(*items));
  if (items == NULL) {
    free(nv);
    return -ENOMEM;
  }
  l->items = items;
  items[l->n].key = strdup(key);
  items[l->n].value = nv;
  if (items[l->n].key == NULL) {
    free(nv);
    return -ENOMEM;
  }
  l->n++;
  return 0;
}

int mount_add_option(spec_mount *m, const char *opt) {
  for (size_t i = 0; i < m->options.n; i++)
    if (strcmp(m->options.items[i], opt) == 0)
      return 0;
  return strv_add(&m->options, opt);
}

int mount_add(spec_mount **mounts, size_t *n, const char *dest, const char *type,
              const char *source, const char *const *options) {
  spec_mount *all = realloc(*mounts, (*n + 1) * sizeof(*all));
  if (all == NULL)
    return -ENOMEM;
  *mounts = all;
  spec_mount *m = &all[*n];
  memset(m, 0, sizeof(*m));
  (*n)++;
  m->destination = strdup(dest);
  m->type = type ? strdup(type) : NULL;
  m->source = source ? strdup(source) : NULL;
  if (!m->destination || (type && !m->type) || (source && !m->source))
    return -ENOMEM;
  m->options.present = true;
  for (; options && *options; options++)
    if (strv_add(&m->options, *options) < 0)
      return -ENOMEM;
  return 0;
}

void mounts_free(spec_mount *m, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(m[i].destination);
    free(m[i].type);
    free(m[i].source);
    for (size_t j = 0; j < m[i].options.n; j++)
      free(m[i].options.items[j]);
    free(m[i].options.items);
    free(m[i].uid_mappings);
    free(m[i].gid_mappings);
  }
  free(m);
}

int dev_rule_add(spec_device_rule **rules, size_t *n, bool allow, const char *type,
                 int64_t major, int64_t minor, const char *access) {
  spec_device_rule *all = realloc(*rules, (*n + 1) * sizeof(*all));
  if (all == NULL)
    return -ENOMEM;
  *rules = all;
  spec_device_rule *d = &all[*n];
  memset(d, 0, sizeof(*d));
  (*n)++;
  d->allow = allow;
  d->type = type ? strdup(type) : NULL;
  d->access = strdup(access);
  if (major >= 0)
    d->major = (opt_i64){major, true};
  if (minor >= 0)
    d->minor = (opt_i64){minor, true};
  if ((type && !d->type) || !d->access)
    return -ENOMEM;
  return 0;
}

int annotate(xml_ctx *c, const char *suffix, const char *value) {
  _cleanup_free_ char *key = NULL;
  if (asprintf(&key, XML_ANNOT_PREFIX "%s", suffix) < 0)
    return xml_oom(c);
  if (kv_set(&c->cfg->annotations, key, value) < 0)
    return xml_oom(c);
  return 0;
}
