#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/procfile.h"
#include "spec/cleanup.h"

int proc_write(pid_t pid, const char *name, const char *data, ctrun_error **err) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
  _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "open %s", path);
  size_t len = strlen(data);
  if (write(fd, data, len) != (ssize_t)len)
    return error_set(err, errno ? errno : EIO, "write %s", path);
  return 0;
}

int proc_write_oom_score_adj(pid_t pid, int64_t value, ctrun_error **err) {
  char text[32];
  snprintf(text, sizeof(text), "%lld", (long long)value);
  int r = proc_write(pid, "oom_score_adj", text, err);
  return r < 0 ? error_prefix(err, r, "process.oomScoreAdj") : 0;
}

int pid_file_write(const char *path, pid_t pid, ctrun_error **err) {
  char tmp[PATH_MAX], text[32];
  if (snprintf(tmp, sizeof(tmp), "%s.ctrun-tmp", path) >= (int)sizeof(tmp))
    return error_set(err, ENAMETOOLONG, "--pid-file %s", path);
  int n = snprintf(text, sizeof(text), "%d", (int)pid);
  _cleanup_close_ int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return error_set(err, errno, "write pid file %s", tmp);
  if (write(fd, text, (size_t)n) != n || rename(tmp, path) < 0) {
    int e = errno;
    unlink(tmp);
    return error_set(err, e, "write pid file %s", path);
  }
  return 0;
}
