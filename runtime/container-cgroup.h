/* The container operations that are cgroup work: update, pause, resume,
 * ps, events.  Same conventions as container.h (no printing). */
#ifndef CTRUN_RUNTIME_CONTAINER_CGROUP_H
#define CTRUN_RUNTIME_CONTAINER_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "runtime/cgroup.h"
#include "runtime/container.h"
#include "spec/error.h"
#include "spec/model.h"

/* Applies new limits to a created, running or paused container. */
int container_update(const struct container_context *ctx, const char *id,
                     const spec_resources *res, ctrun_error **err);
/* linux.resources as a JSON object (`update --resources`), into a config
 * whose linux_.resources is the result (free with spec_config_free). */
int container_resources_parse(const char *text, size_t len, spec_config **ret, ctrun_error **err);
int container_pause(const struct container_context *ctx, const char *id, ctrun_error **err);
int container_resume(const struct container_context *ctx, const char *id, ctrun_error **err);
/* The pids of every process of the container (its cgroup). */
int container_ps(const struct container_context *ctx, const char *id, pid_t **ret,
                 size_t *ret_n, ctrun_error **err);
int container_stats(const struct container_context *ctx, const char *id,
                    struct cgroup_stats *ret, ctrun_error **err);

/* How many processes of the container the kernel OOM-killed (0 when its
 * cgroup has no memory controller).  For `state` and run's exit message:
 * call it before delete destroys the cgroup.  Any status; takes no lock
 * (a reader, like container_state). */
int container_oom_kills(const struct container_context *ctx, const char *id, uint64_t *ret,
                        ctrun_error **err);

enum container_event_type { CONTAINER_EVENT_STATS, CONTAINER_EVENT_OOM };
/* Returns < 0 to stop the stream (that value is returned). */
typedef int (*container_event_fn)(enum container_event_type type, const struct cgroup_stats *st,
                                  void *userdata);
/* Calls fn with stats every interval_ms and with an OOM event whenever the
 * kernel OOM-kills a process of the container; returns 0 when the
 * container stops. */
int container_events(const struct container_context *ctx, const char *id, unsigned interval_ms,
                     container_event_fn fn, void *userdata, ctrun_error **err);

#endif
