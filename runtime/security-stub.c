/* Placeholder until runtime/caps.c and runtime/seccomp.c land; their owner deletes this file. */
#include "config.h"
#include <errno.h>
#include "runtime/security.h"
int caps_plan_init(const spec_capabilities *caps, struct caps_plan *ret, ctrun_error **err) { return error_set(err, ENOSYS, "caps: not implemented yet"); }
int caps_apply_child(const struct caps_plan *p, struct child_error *e) { return child_fail(e, ENOSYS, "caps: not implemented yet"); }
int seccomp_plan_new(const spec_seccomp *s, spec_warn_fn warn, void *u, struct seccomp_plan **ret, ctrun_error **err) { *ret = NULL; return s && s->present ? error_set(err, ENOSYS, "seccomp: not implemented yet") : 0; }
void seccomp_plan_free(struct seccomp_plan *p) {}
bool seccomp_plan_uses_notify(const struct seccomp_plan *p) { return false; }
int seccomp_load_child(const struct seccomp_plan *p, int *fd, struct child_error *e) { *fd = -1; return 0; }
