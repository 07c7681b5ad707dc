/* mounts[].options -> what the child applies: mount attributes
 * (MOUNT_ATTR_*, for fsmount and mount_setattr), their recursive forms,
 * propagation, and the filesystem parameters (fsconfig) that are left. */
#ifndef CTRUN_RUNTIME_MOUNT_OPTIONS_H
#define CTRUN_RUNTIME_MOUNT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/error.h"
#include "spec/model.h"

/* A filesystem parameter: "mode=755" is {"mode", "755"}, "newinstance" is
 * {"newinstance", NULL} (a flag). */
struct fs_param {
  char *key;
  char *value;
};

struct mount_options {
  uint64_t attr_set, attr_clr;   /* on the mount itself */
  uint64_t rattr_set, rattr_clr; /* on the mount and every mount below (rro, rnosuid...) */
  unsigned long propagation;     /* MS_SHARED, MS_SLAVE, MS_PRIVATE, MS_UNBINDABLE or 0 */
  bool propagation_recursive;    /* rshared, rslave... */
  bool bind, recursive, remount;
  bool copyup; /* tmpcopyup: a tmpfs starts with a copy of the directory it hides */
  struct fs_param *params; /* data options and superblock flags (sync, dirsync...) */
  size_t n_params;
};

/* field names the option list in messages ("mounts[3].options"). */
int mount_options_parse(const strv_t *options, const char *field, struct mount_options *ret,
                        ctrun_error **err);
void mount_options_clear(struct mount_options *o);
/* Appends "key[=value]" to the filesystem parameters. */
int mount_options_add_param(struct mount_options *o, const char *word, ctrun_error **err);

/* "shared", "rslave", ... -> MS_* (with MS_REC for the r forms); 0 when the
 * word is not a propagation. */
unsigned long mount_propagation_flags(const char *word);

#endif
