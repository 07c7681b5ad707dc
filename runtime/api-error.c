/* The exported error accessors, and the argument checks every wrapper
 * uses: a bad argument is an error object, never a crash. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "runtime/api-internal.h"

CTRUN_API ctrun_error_code ctrun_error_get_code(const ctrun_error *e) {
  if (e == NULL)
    return CTRUN_ERROR_INVALID_ARGUMENT;
  switch (e->errnum) {
  case 0: /* not a system error: bad input, returned as -EINVAL */
  case EINVAL:
  case E2BIG:
  case ENAMETOOLONG:
    return CTRUN_ERROR_INVALID_ARGUMENT;
  case ENOENT:
  case ENODATA:
    return CTRUN_ERROR_NOT_FOUND;
  case EEXIST:
    return CTRUN_ERROR_EXISTS;
  case EBUSY:
  case ESRCH:
    return CTRUN_ERROR_WRONG_STATE;
  case ESTALE:
    return CTRUN_ERROR_STALE_HANDLE;
  case ENOSYS:
  case EOPNOTSUPP:
    return CTRUN_ERROR_NOT_SUPPORTED;
  case ENOMEM:
    return CTRUN_ERROR_NO_MEMORY;
  case EPERM:
  case EACCES:
    return CTRUN_ERROR_PERMISSION;
  default:
    return CTRUN_ERROR_SYSTEM;
  }
}

CTRUN_API int ctrun_error_get_errno(const ctrun_error *e) { return e ? e->errnum : 0; }

CTRUN_API const char *ctrun_error_get_message(const ctrun_error *e) {
  return e && e->message ? e->message : "";
}

CTRUN_API void ctrun_error_free(ctrun_error *e) { error_free(e); }

int api_null(ctrun_error **err, const char *fn, const char *what) {
  return error_set(err, EINVAL, "%s: %s is NULL", fn, what);
}

int api_check_version(ctrun_error **err, const char *fn, const char *type, unsigned int version,
                      unsigned int known) {
  if (version == 0 || version > known)
    return error_set(err, EINVAL,
                     "%s: %s.version %u is not supported (this library knows 1 to %u; "
                     "initialize with the _INIT macro)",
                     fn, type, version, known);
  return 0;
}

int api_check_flags(ctrun_error **err, const char *fn, uint32_t flags, uint32_t known) {
  if (flags & ~known)
    return error_set(err, EINVAL, "%s: unknown flags 0x%x", fn, (unsigned)(flags & ~known));
  return 0;
}

int api_enosys(ctrun_error **err, const char *fn, const char *what) {
  return error_set(err, ENOSYS, "%s: not supported by this build (%s is missing)", fn, what);
}
