/* For the CLI fuzzer: the library entry points the CLI calls.  With
 * parse_only set no subcommand may reach them, so each one aborts: a
 * subcommand that would act on fuzzed arguments is a crash the fuzzer
 * reports (and nothing is ever created, killed or deleted). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "runtime/cloned-binary.h"
#include "runtime/container-cgroup.h"
#include "runtime/container.h"
#include "runtime/fdpass.h"
#include "runtime/state.h"

#define REACHED()                                                                      \
  do {                                                                             \
    fprintf(stderr, "fuzz-cli: parse_only reached %s\n", __func__);                \
    abort();                                                                       \
  } while (0)

int container_create(const struct container_context *ctx, const char *id,
                     const struct container_create_options *opts, ctrun_error **err) {
  REACHED();
}
int container_create_ex(const struct container_context *ctx, const char *id,
                        const struct container_create_options *opts,
                        struct container_created *ret, ctrun_error **err) {
  REACHED();
}
int container_exec(const struct container_context *ctx, const char *id, const spec_process *proc,
                   const struct container_exec_options *opts, pid_t *ret_pid, int *ret_pidfd,
                   int *ret_exit_code, ctrun_error **err) {
  REACHED();
}
int container_exec_process(const struct container_context *ctx, const char *id,
                           const struct container_exec_args *a, spec_process **ret,
                           ctrun_error **err) {
  REACHED();
}
int read_all(int fd, const char *name, char **ret, size_t *ret_len, ctrun_error **err) {
  REACHED();
}
ssize_t fd_recv(int sock, void *data, size_t len, int flags, int *ret_fd) {
  REACHED();
}
int container_start(const struct container_context *ctx, const char *id, ctrun_error **err) {
  REACHED();
}
int container_state(const struct container_context *ctx, const char *id, spec_state **ret,
                    ctrun_error **err) {
  REACHED();
}
int container_list(const struct container_context *ctx, spec_state ***ret, size_t *ret_n,
                   ctrun_error **err) {
  REACHED();
}
void container_state_list_free(spec_state **list, size_t n) {
  REACHED();
}
int container_kill(const struct container_context *ctx, const char *id, int sig, bool all,
                   ctrun_error **err) {
  REACHED();
}
int container_delete(const struct container_context *ctx, const char *id, bool force,
                     ctrun_error **err) {
  REACHED();
}
int container_pid(const struct container_context *ctx, const char *id, pid_t *ret,
                  ctrun_error **err) {
  REACHED();
}
int container_update(const struct container_context *ctx, const char *id,
                     const spec_resources *res, ctrun_error **err) {
  REACHED();
}
int container_resources_parse(const char *text, size_t len, spec_config **ret,
                              ctrun_error **err) {
  REACHED();
}
int container_pause(const struct container_context *ctx, const char *id, ctrun_error **err) {
  REACHED();
}
int container_resume(const struct container_context *ctx, const char *id, ctrun_error **err) {
  REACHED();
}
int container_ps(const struct container_context *ctx, const char *id, pid_t **ret,
                 size_t *ret_n, ctrun_error **err) {
  REACHED();
}
int container_stats(const struct container_context *ctx, const char *id,
                    struct cgroup_stats *ret, ctrun_error **err) {
  REACHED();
}
int container_oom_kills(const struct container_context *ctx, const char *id, uint64_t *ret,
                        ctrun_error **err) {
  REACHED();
}
int container_events(const struct container_context *ctx, const char *id, unsigned interval_ms,
                     container_event_fn fn, void *userdata, ctrun_error **err) {
  REACHED();
}
void cgroup_stats_clear(struct cgroup_stats *st) {
  REACHED();
}
int cloned_binary_ensure(char *const argv[], const char *scratch_dir, ctrun_error **err) {
  REACHED();
}
