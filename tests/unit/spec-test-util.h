/* Helpers shared by the spec/ unit tests. */
#ifndef CTRUN_TESTS_SPEC_TEST_UTIL_H
#define CTRUN_TESTS_SPEC_TEST_UTIL_H

#include <stddef.h>

#include "spec/spec.h"

/* Contents of a file under $top_srcdir (the corpus), NUL-terminated; the test fails if unreadable.
 */
char *read_srcdir_file(const char *relpath, size_t *ret_len);
/* `{"ociVersion": "1.2.0", "root": {"path": "rootfs"}, <members>}` */
char *config_with(const char *members);
/* A config whose process is {"args": ["sh"], "cwd": "/", <members>}. */
char *process_with(const char *members);
/* A config whose linux object is {<members>}. */
char *linux_with(const char *members);
/* Parses (with validation) and fails the test with the message on error. */
spec_config *parse_ok(const char *json);
/* Parses (with validation), expects a failure and returns its message (malloc'd). */
char *parse_error(const char *json);
/* Serializes compactly, failing the test on error. */
char *to_json(const spec_config *c);

#endif
