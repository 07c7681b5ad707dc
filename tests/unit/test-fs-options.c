/* mounts[].options -> mount attributes, propagation and fs parameters. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include "runtime/mount-options.h"

static int parse(const char **words, struct mount_options *o) {
  size_t n = 0;
  while (words[n])
    n++;
  strv_t v = {(char **)words, n, true};
  ctrun_error *err = NULL;
  int r = mount_options_parse(&v, "mounts[0].options", o, &err);
  error_free(err);
  return r;
}

Test(fs_options, flags_and_data_are_split) {
  const char *w[] = {"nosuid", "strictatime", "mode=755", "size=65536k", "ro", "newinstance", NULL};
  struct mount_options o;
  cr_assert_eq(parse(w, &o), 0);
  cr_assert_eq(o.attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME | MOUNT_ATTR_RDONLY);
  cr_assert(o.attr_clr & MOUNT_ATTR__ATIME, "an atime mode clears the others");
  cr_assert_eq(o.n_params, 3);
  cr_assert_str_eq(o.params[0].key, "mode");
  cr_assert_str_eq(o.params[0].value, "755");
  cr_assert_str_eq(o.params[1].key, "size");
  cr_assert_str_eq(o.params[2].key, "newinstance");
  cr_assert_null(o.params[2].value, "a word without '=' is a flag");
  cr_assert_not(o.bind);
  mount_options_clear(&o);
}

Test(fs_options, later_words_win) {
  const char *w[] = {"ro", "nodev", "rw", "dev", "noatime", "relatime", NULL};
  struct mount_options o;
  cr_assert_eq(parse(w, &o), 0);
  cr_assert_eq(o.attr_set & (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOATIME), 0);
  cr_assert(o.attr_clr & MOUNT_ATTR_RDONLY);
  cr_assert(o.attr_clr & MOUNT_ATTR_NODEV);
  mount_options_clear(&o);
}

Test(fs_options, bind_recursive_propagation_and_r_attrs) {
  const char *w[] = {"rbind", "rslave", "rro", "rnosuid", "nodiratime", NULL};
  struct mount_options o;
  cr_assert_eq(parse(w, &o), 0);
  cr_assert(o.bind && o.recursive);
  cr_assert_eq(o.propagation, MS_SLAVE);
  cr_assert(o.propagation_recursive);
  cr_assert_eq(o.rattr_set, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID);
  cr_assert_eq(o.attr_set, MOUNT_ATTR_NODIRATIME);
  cr_assert_eq(o.n_params, 0);
  mount_options_clear(&o);
}

Test(fs_options, superblock_flags_become_params) {
  const char *w[] = {"sync", "dirsync", "async", "remount", NULL};
  struct mount_options o;
  cr_assert_eq(parse(w, &o), 0);
  cr_assert(o.remount);
  cr_assert_eq(o.n_params, 2);
  cr_assert_str_eq(o.params[0].key, "sync");
  cr_assert_str_eq(o.params[1].key, "dirsync");
  mount_options_clear(&o);
}

Test(fs_options, idmap_is_refused) {
  const char *w[] = {"bind", "idmap", NULL};
  struct mount_options o;
  cr_assert_eq(parse(w, &o), -EOPNOTSUPP);
  const char *w2[] = {"", NULL};
  cr_assert_eq(parse(w2, &o), -EINVAL);
}

Test(fs_options, propagation_words) {
  cr_assert_eq(mount_propagation_flags("rshared"), MS_SHARED | MS_REC);
  cr_assert_eq(mount_propagation_flags("unbindable"), MS_UNBINDABLE);
  cr_assert_eq(mount_propagation_flags("ro"), 0);
  cr_assert_eq(mount_propagation_flags("bogus"), 0);
}
