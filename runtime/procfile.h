/* Small files the runtime writes about a process: /proc/<pid>/<name>, and
 * the --pid-file of create and exec. */
#ifndef CTRUN_RUNTIME_PROCFILE_H
#define CTRUN_RUNTIME_PROCFILE_H

#include <stdint.h>
#include <sys/types.h>

#include "spec/error.h"

/* Writes data to /proc/<pid>/<name> in one write. */
int proc_write(pid_t pid, const char *name, const char *data, ctrun_error **err);
/* process.oomScoreAdj */
int proc_write_oom_score_adj(pid_t pid, int64_t value, ctrun_error **err);
/* The pid as text, replaced atomically (temp file + rename), as runc does:
 * an engine polling the file never reads it half-written. */
int pid_file_write(const char *path, pid_t pid, ctrun_error **err);

#endif
