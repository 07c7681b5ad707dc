/* Placeholder until runtime/rootfs*.c lands; the fs owner deletes this file. */
#include "config.h"
#include <errno.h>
#include "runtime/rootfs.h"
int rootfs_plan_new(const spec_config *cfg, const struct rootfs_options *opts,
                    struct rootfs_plan **ret, ctrun_error **err) {
  return error_set(err, ENOSYS, "rootfs: not implemented yet");
}
void rootfs_plan_free(struct rootfs_plan *p) {}
int rootfs_setup_child(const struct rootfs_plan *p, int *ret_console_master, struct child_error *e) {
  return child_fail(e, ENOSYS, "rootfs: not implemented yet");
}
