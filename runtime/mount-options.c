/* The option words of mounts[].options, as mount(8) and the runtime-spec
 * define them, turned into mount attributes for the new mount API. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "runtime/mount-options.h"
#include "spec/cleanup.h"

enum opt_kind {
  OPT_ATTR,        /* set `set`, clear `clr` on the mount */
  OPT_RATTR,       /* the same, recursively */
  OPT_PROPAGATION, /* flags in `set` */
  OPT_BIND,
  OPT_RBIND,
  OPT_REMOUNT,
  OPT_SB_FLAG, /* a superblock flag, passed on as an fs parameter */
  OPT_IGNORE,  /* the default, or meaningless for us */
  OPT_COPYUP,
  OPT_UNSUPPORTED,
};

struct opt {
  const char *name;
  enum opt_kind kind;
  uint64_t set, clr;
};

#define ATIME_MODE(mode) MOUNT_ATTR_##mode, MOUNT_ATTR__ATIME

static const struct opt opts[] = {
    {"defaults", OPT_IGNORE, 0, 0},
    {"ro", OPT_ATTR, MOUNT_ATTR_RDONLY, 0},
    {"rw", OPT_ATTR, 0, MOUNT_ATTR_RDONLY},
    {"nosuid", OPT_ATTR, MOUNT_ATTR_NOSUID, 0},
    {"suid", OPT_ATTR, 0, MOUNT_ATTR_NOSUID},
    {"nodev", OPT_ATTR, MOUNT_ATTR_NODEV, 0},
    {"dev", OPT_ATTR, 0, MOUNT_ATTR_NODEV},
    {"noexec", OPT_ATTR, MOUNT_ATTR_NOEXEC, 0},
    {"exec", OPT_ATTR, 0, MOUNT_ATTR_NOEXEC},
    {"noatime", OPT_ATTR, ATIME_MODE(NOATIME)},
    {"atime", OPT_ATTR, ATIME_MODE(RELATIME)},
    {"relatime", OPT_ATTR, ATIME_MODE(RELATIME)},
    {"norelatime", OPT_ATTR, ATIME_MODE(STRICTATIME)},
    {"strictatime", OPT_ATTR, ATIME_MODE(STRICTATIME)},
    {"nostrictatime", OPT_ATTR, ATIME_MODE(RELATIME)},
    {"nodiratime", OPT_ATTR, MOUNT_ATTR_NODIRATIME, 0},
    {"diratime", OPT_ATTR, 0, MOUNT_ATTR_NODIRATIME},
    {"nosymfollow", OPT_ATTR, MOUNT_ATTR_NOSYMFOLLOW, 0},
    {"symfollow", OPT_ATTR, 0, MOUNT_ATTR_NOSYMFOLLOW},
    {"rro", OPT_RATTR, MOUNT_ATTR_RDONLY, 0},
    {"rrw", OPT_RATTR, 0, MOUNT_ATTR_RDONLY},
    {"rnosuid", OPT_RATTR, MOUNT_ATTR_NOSUID, 0},
    {"rsuid", OPT_RATTR, 0, MOUNT_ATTR_NOSUID},
    {"rnodev", OPT_RATTR, MOUNT_ATTR_NODEV, 0},
    {"rdev", OPT_RATTR, 0, MOUNT_ATTR_NODEV},
    {"rnoexec", OPT_RATTR, MOUNT_ATTR_NOEXEC, 0},
    {"rexec", OPT_RATTR, 0, MOUNT_ATTR_NOEXEC},
    {"rnoatime", OPT_RATTR, ATIME_MODE(NOATIME)},
    {"ratime", OPT_RATTR, ATIME_MODE(RELATIME)},
    {"rrelatime", OPT_RATTR, ATIME_MODE(RELATIME)},
    {"rnorelatime", OPT_RATTR, ATIME_MODE(STRICTATIME)},
    {"rstrictatime", OPT_RATTR, ATIME_MODE(STRICTATIME)},
    {"rnostrictatime", OPT_RATTR, ATIME_MODE(RELATIME)},
    {"rnodiratime", OPT_RATTR, MOUNT_ATTR_NODIRATIME, 0},
    {"rdiratime", OPT_RATTR, 0, MOUNT_ATTR_NODIRATIME},
    {"rnosymfollow", OPT_RATTR, MOUNT_ATTR_NOSYMFOLLOW, 0},
    {"rsymfollow", OPT_RATTR, 0, MOUNT_ATTR_NOSYMFOLLOW},
    {"shared", OPT_PROPAGATION, MS_SHARED, 0},
    {"rshared", OPT_PROPAGATION, MS_SHARED | MS_REC, 0},
    {"slave", OPT_PROPAGATION, MS_SLAVE, 0},
    {"rslave", OPT_PROPAGATION, MS_SLAVE | MS_REC, 0},
    {"private", OPT_PROPAGATION, MS_PRIVATE, 0},
    {"rprivate", OPT_PROPAGATION, MS_PRIVATE | MS_REC, 0},
    {"unbindable", OPT_PROPAGATION, MS_UNBINDABLE, 0},
    {"runbindable", OPT_PROPAGATION, MS_UNBINDABLE | MS_REC, 0},
    {"bind", OPT_BIND, 0, 0},
    {"rbind", OPT_RBIND, 0, 0},
    {"remount", OPT_REMOUNT, 0, 0},
    {"sync", OPT_SB_FLAG, 0, 0},
    {"dirsync", OPT_SB_FLAG, 0, 0},
    {"mand", OPT_SB_FLAG, 0, 0},
    {"lazytime", OPT_SB_FLAG, 0, 0},
    {"async", OPT_IGNORE, 0, 0},
    {"nomand", OPT_IGNORE, 0, 0},
    {"nolazytime", OPT_IGNORE, 0, 0},
    {"silent", OPT_IGNORE, 0, 0},
    {"loud", OPT_IGNORE, 0, 0},
    {"idmap", OPT_UNSUPPORTED, 0, 0},
    {"ridmap", OPT_UNSUPPORTED, 0, 0},
    {"tmpcopyup", OPT_COPYUP, 0, 0},
    {"copy-symlink", OPT_UNSUPPORTED, 0, 0},
};

static const struct opt *find_opt(const char *word) {
  for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
    if (strcmp(opts[i].name, word) == 0)
      return &opts[i];
  return NULL;
}

unsigned long mount_propagation_flags(const char *word) {
  const struct opt *o = find_opt(word);
  return o && o->kind == OPT_PROPAGATION ? (unsigned long)o->set : 0;
}

/* A later word wins over an earlier one: clear what it sets and set what it
 * clears, as mount(8) does left to right. */
static void apply_attr(uint64_t *set, uint64_t *clr, const struct opt *o) {
  *set &= ~(o->clr | o->set);
  *clr &= ~(o->set | o->clr);
  *set |= o->set;
  *clr |= o->clr;
}

int mount_options_add_param(struct mount_options *m, const char *word, ctrun_error **err) {
  struct fs_param *p = realloc(m->params, (m->n_params + 1) * sizeof(*p));
  if (p == NULL)
    return error_set(err, errno, "allocating mount options");
  m->params = p;
  const char *eq = strchr(word, '=');
  char *key = eq ? strndup(word, (size_t)(eq - word)) : strdup(word);
  char *value = eq ? strdup(eq + 1) : NULL;
  if (key == NULL || (eq && value == NULL)) {
    free(key);
    free(value);
    return error_set(err, ENOMEM, "allocating mount options");
  }
  m->params[m->n_params++] = (struct fs_param){key, value};
  return 0;
}

int mount_options_parse(const strv_t *options, const char *field, struct mount_options *ret,
                        ctrun_error **err) {
  struct mount_options m = {0};
  int r;
  for (size_t i = 0; i < options->n; i++) {
    const char *word = options->items[i];
    if (word == NULL || *word == '\0') {
      mount_options_clear(&m);
      return error_set(err, EINVAL, "%s[%zu]: empty mount option", field, i);
    }
    const struct opt *o = find_opt(word);
    if (o == NULL) {
      if (word[0] == '=') {
        mount_options_clear(&m);
        return error_set(err, EINVAL, "%s[%zu]: invalid mount option \"%s\"", field, i, word);
      }
      if ((r = mount_options_add_param(&m, word, err)) < 0) {
        mount_options_clear(&m);
        return r;
      }
      continue;
    }
    switch (o->kind) {
    case OPT_ATTR:
      apply_attr(&m.attr_set, &m.attr_clr, o);
      break;
    case OPT_RATTR:
      apply_attr(&m.rattr_set, &m.rattr_clr, o);
      break;
    case OPT_PROPAGATION:
      m.propagation = o->set & ~(uint64_t)MS_REC;
      m.propagation_recursive = (o->set & MS_REC) != 0;
      break;
    case OPT_BIND:
      m.bind = true;
      break;
    case OPT_RBIND:
      m.bind = m.recursive = true;
      break;
    case OPT_REMOUNT:
      m.remount = true;
      break;
    case OPT_COPYUP:
      m.copyup = true;
      break;
    case OPT_SB_FLAG:
      if ((r = mount_options_add_param(&m, word, err)) < 0) {
        mount_options_clear(&m);
        return r;
      }
      break;
    case OPT_IGNORE:
      break;
    case OPT_UNSUPPORTED:
      mount_options_clear(&m);
      return error_set(err, EOPNOTSUPP, "%s[%zu]: mount option \"%s\" is not supported", field, i,
                       word);
    }
  }
  *ret = m;
  return 0;
}

void mount_options_clear(struct mount_options *o) {
  for (size_t i = 0; i < o->n_params; i++) {
    free(o->params[i].key);
    free(o->params[i].value);
  }
  free(o->params);
  *o = (struct mount_options){0};
}
