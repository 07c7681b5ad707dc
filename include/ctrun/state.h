/**
 * @file ctrun/state.h
 * @brief The state of a container, as `ctrun state` prints it: accessors
 * and JSON.  A ctrun_state is a snapshot taken when it was made.
 */
#ifndef CTRUN_STATE_H
#define CTRUN_STATE_H

#include <ctrun/common.h>
#include <ctrun/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A snapshot of a container's state. */
typedef struct ctrun_state ctrun_state;

/** The status of a container. */
typedef enum ctrun_status {
  CTRUN_STATUS_UNKNOWN = 0,
  CTRUN_STATUS_CREATING = 1,
  CTRUN_STATUS_CREATED = 2,
  CTRUN_STATUS_RUNNING = 3,
  CTRUN_STATUS_PAUSED = 4,
  CTRUN_STATUS_STOPPED = 5
} ctrun_status;

/** The status; CTRUN_STATUS_UNKNOWN when @p s is NULL. */
CTRUN_API ctrun_status ctrun_state_get_status(const ctrun_state *s);
/** The status as the spec spells it ("created", ...); owned by @p s; NULL when @p s is NULL. */
CTRUN_API const char *ctrun_state_get_status_name(const ctrun_state *s);
/** The container id; owned by @p s; NULL when @p s is NULL. */
CTRUN_API const char *ctrun_state_get_id(const ctrun_state *s);
/** The pid of the container's init in the caller's pid namespace; 0 when stopped or @p s is NULL. */
CTRUN_API int ctrun_state_get_pid(const ctrun_state *s);
/** The absolute bundle path; owned by @p s; NULL when @p s is NULL. */
CTRUN_API const char *ctrun_state_get_bundle(const ctrun_state *s);
/** The absolute rootfs path; owned by @p s; NULL when @p s is NULL. */
CTRUN_API const char *ctrun_state_get_rootfs(const ctrun_state *s);
/** The creation time (RFC 3339, UTC, nanoseconds); owned by @p s; NULL when @p s is NULL. */
CTRUN_API const char *ctrun_state_get_created(const ctrun_state *s);
/** The runtime-spec version of the state; owned by @p s; NULL when @p s is NULL. */
CTRUN_API const char *ctrun_state_get_oci_version(const ctrun_state *s);
/** The number of annotations; 0 when @p s is NULL. */
CTRUN_API size_t ctrun_state_get_annotation_count(const ctrun_state *s);
/**
 * The annotation at @p index (0 .. count-1).
 * @param[out] ret_key,ret_value strings owned by @p s; either may be NULL.
 * @return 0, or -EINVAL with *err set when @p s is NULL or @p index out of range.
 */
CTRUN_API int ctrun_state_get_annotation(const ctrun_state *s, size_t index, const char **ret_key,
                                         const char **ret_value, ctrun_error **err);

/**
 * The state as JSON (runc's fields: ociVersion, id, status, pid, bundle,
 * rootfs, created, owner, annotations).
 * @param flags 0 or CTRUN_JSON_PRETTY (1).
 * @param[out] ret_json a NUL-terminated string owned by the caller (ctrun_free()).
 * @return 0, or a negative errno with *err set.
 */
CTRUN_API int ctrun_state_to_json(const ctrun_state *s, uint32_t flags, char **ret_json,
                                  ctrun_error **err);

/** Frees @p s; NULL is allowed. */
CTRUN_API void ctrun_state_free(ctrun_state *s);

/** Frees an array from ctrun_container_list() and its @p n states; NULL is allowed. */
CTRUN_API void ctrun_state_list_free(ctrun_state **list, size_t n);

#ifdef __cplusplus
}
#endif
#endif
