/**
 * @file ctrun/error.h
 * @brief The error object every fallible function fills.
 *
 * A function that can fail returns 0 on success or a negative errno value,
 * and, when its last argument `err` is not NULL, stores a new ctrun_error in
 * *err describing what failed.  The caller owns that object and frees it
 * with ctrun_error_free().  *err must be NULL on entry; a function never
 * overwrites an error already there.  There is no thread-local "last error":
 * the object travels with the call, which is what cgo needs (a Go call may
 * switch OS threads).
 */
#ifndef CTRUN_ERROR_H
#define CTRUN_ERROR_H

#include <ctrun/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An error: a code, the errno behind it (0 when none) and a message. */
typedef struct ctrun_error ctrun_error;

/** Broad classes of failure, derived from the errno (see ctrun_error_get_code()). */
typedef enum ctrun_error_code {
  CTRUN_ERROR_SYSTEM = 1,           /**< another system error: see ctrun_error_get_errno() */
  CTRUN_ERROR_INVALID_ARGUMENT = 2, /**< EINVAL, or errno 0: a bad argument, id, option,
                                         config.json, process.json or domain XML */
  CTRUN_ERROR_NOT_FOUND = 3,        /**< ENOENT, ENODATA: no such container, file or value */
  CTRUN_ERROR_EXISTS = 4,           /**< EEXIST: the container id is taken */
  CTRUN_ERROR_WRONG_STATE = 5,      /**< EBUSY, ESRCH: not allowed in the container's status */
  CTRUN_ERROR_STALE_HANDLE = 6,     /**< ESTALE: the container was deleted (and maybe re-created) */
  CTRUN_ERROR_NOT_SUPPORTED = 7,    /**< ENOSYS, EOPNOTSUPP: not implemented by this build */
  CTRUN_ERROR_NO_MEMORY = 8,        /**< ENOMEM */
  CTRUN_ERROR_PERMISSION = 9        /**< EPERM, EACCES */
} ctrun_error_code;

/**
 * The class of @p e.
 * @return a ctrun_error_code; CTRUN_ERROR_INVALID_ARGUMENT when @p e is NULL.
 */
CTRUN_API ctrun_error_code ctrun_error_get_code(const ctrun_error *e);

/**
 * The errno of @p e (positive), or 0 when it is not a system error (bad
 * input: the function returned -EINVAL) or @p e is NULL.  Go maps it to
 * syscall.Errno.
 */
CTRUN_API int ctrun_error_get_errno(const ctrun_error *e);

/**
 * What failed, with the context added on the way up, e.g.
 * "create container web: config.json: process.args: expected an array".
 * It does not include strerror(errno).
 * @return a string owned by @p e (valid until ctrun_error_free()); "" when
 * @p e is NULL.
 */
CTRUN_API const char *ctrun_error_get_message(const ctrun_error *e);

/** Frees @p e; NULL is allowed. */
CTRUN_API void ctrun_error_free(ctrun_error *e);

#ifdef __cplusplus
}
#endif
#endif
