/**
 * @file ctrun/process.h
 * @brief A process to run in an existing container (`ctrun exec`).
 */
#ifndef CTRUN_PROCESS_H
#define CTRUN_PROCESS_H

#include <ctrun/common.h>
#include <ctrun/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed and validated process (the "process" object of config.json). */
typedef struct ctrun_process ctrun_process;

/**
 * Parses and validates a process.json (the "process" object on its own).
 * @param json @p len bytes, not necessarily NUL-terminated.
 * @param[out] ret_process owned by the caller (ctrun_process_free()).
 * @return 0, or -EINVAL with *err naming the JSON path of the bad field.
 */
CTRUN_API int ctrun_process_from_json(const char *json, size_t len, ctrun_process **ret_process,
                                      ctrun_error **err);

/**
 * A process running @p argv as root (uid 0, gid 0) in "/", with
 * PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin as the
 * only environment variable and no terminal.
 * @param argv NULL-terminated, at least one element; copied.
 * @param[out] ret_process owned by the caller (ctrun_process_free()).
 * @return 0, or a negative errno with *err set (-EINVAL for an empty argv).
 */
CTRUN_API int ctrun_process_from_args(const char *const *argv, ctrun_process **ret_process,
                                      ctrun_error **err);

/**
 * Serializes @p process to process.json text.
 * @param flags 0 or CTRUN_JSON_PRETTY (1).
 * @param[out] ret_json a NUL-terminated string owned by the caller (ctrun_free()).
 * @return 0, or a negative errno with *err set.
 */
CTRUN_API int ctrun_process_to_json(const ctrun_process *process, uint32_t flags,
                                    char **ret_json, ctrun_error **err);

/** Frees @p process; NULL is allowed. */
CTRUN_API void ctrun_process_free(ctrun_process *process);

#ifdef __cplusplus
}
#endif
#endif
