/* Private to spec/: the validation passes, one per part of the document.
 * Each names the offending field by its JSON path; `path` is where the
 * checked object sits (NULL for a document root). */
#ifndef CTRUN_SPEC_VALIDATE_H
#define CTRUN_SPEC_VALIDATE_H

#include <stdbool.h>

#include "spec/schema.h"
#include "spec/spec.h"

struct warn_sink {
  spec_warn_fn fn;
  void *userdata;
};

void warn_at(const struct warn_sink *w, const struct jpath *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int validate_process(const spec_process *proc, const struct jpath *path, spec_warn_fn warn,
                     void *userdata, ctrun_error **err);
int validate_linux(const spec_config *c, const struct jpath *path, const struct warn_sink *w,
                   ctrun_error **err);
int validate_resources(const spec_resources *res, const struct jpath *path,
                       const struct warn_sink *w, ctrun_error **err);
int validate_seccomp(const spec_seccomp *sc, const struct jpath *path, ctrun_error **err);
int validate_state(const spec_state *s, ctrun_error **err);

/* Small checks shared by the passes; NULL values pass (absence is checked apart). */
int check_absolute(const char *value, const struct jpath *p, ctrun_error **err);
int check_strv_absolute(const strv_t *v, const struct jpath *p, ctrun_error **err);
/* Each mapping's size is non-zero and its ranges fit in 32 bits. */
int check_id_mappings(const spec_id_mapping *m, size_t n, const struct jpath *p, ctrun_error **err);
int check_required(const void *value, const struct jpath *p, ctrun_error **err);
/* "0-3,7": a CPU or memory node list. */
int check_cpu_list(const char *value, const struct jpath *p, ctrun_error **err);
/* `<path>: unknown <what> "<value>"` */
int unknown_value(const char *what, const char *value, const struct jpath *p, ctrun_error **err);
bool is_semver(const char *s);

#endif
