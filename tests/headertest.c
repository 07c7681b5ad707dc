/* Compiled in make check with -std=c99 -pedantic -Wall -Wextra -Werror
 * (tests/abi/check-headers.sh): the public headers must stay plain C99,
 * self-contained and warning-free for any caller.  It also uses every
 * options initializer, since those expand in the caller's code. */
#include <ctrun/ctrun.h>
#include <ctrun/common.h>
#include <ctrun/config.h>
#include <ctrun/container.h>
#include <ctrun/context.h>
#include <ctrun/error.h>
#include <ctrun/process.h>
#include <ctrun/state.h>

int main(void) {
  ctrun_context_options ctx_opts = CTRUN_CONTEXT_OPTIONS_INIT;
  ctrun_create_options create_opts = CTRUN_CREATE_OPTIONS_INIT;
  ctrun_exec_options exec_opts = CTRUN_EXEC_OPTIONS_INIT;
  ctrun_domain_xml_options xml_opts = CTRUN_DOMAIN_XML_OPTIONS_INIT;
  ctrun_error *err = NULL;
  ctrun_log_fn log = NULL;
  ctrun_status status = CTRUN_STATUS_UNKNOWN;
  ctrun_error_code code = CTRUN_ERROR_SYSTEM;
  (void)create_opts;
  (void)exec_opts;
  (void)xml_opts;
  (void)log;
  (void)status;
  (void)code;
  (void)err;
  return ctx_opts.version == CTRUN_CONTEXT_OPTIONS_VERSION ? 0 : 1;
}
