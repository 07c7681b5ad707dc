#include "config.h"

#include "ctrun/ctrun.h"
#include "spec/error.h"

CTRUN_API int ctrun_error_errno(const ctrun_error *e) { return e ? e->errnum : 0; }
CTRUN_API const char *ctrun_error_message(const ctrun_error *e) { return e ? e->message : ""; }
CTRUN_API void ctrun_error_free(ctrun_error *e) { error_free(e); }
CTRUN_API const char *ctrun_version(void) { return PACKAGE_VERSION; }
