/* Re-execution from a sealed memfd copy of the runtime (see
 * cloned-binary.h).  The seals make the copy immutable, so even a write
 * through a reopened /proc/PID/exe fd fails, and the file on disk is never
 * what a container sees. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/cloned-binary.h"
#include "spec/cleanup.h"

#define CLONE_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

static bool fd_is_sealed_copy(int fd) {
  int seals = fcntl(fd, F_GET_SEALS);
  return seals >= 0 && (seals & CLONE_SEALS) == CLONE_SEALS;
}

bool cloned_binary_active(void) {
  _cleanup_close_ int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  return fd >= 0 && fd_is_sealed_copy(fd);
}

static int make_sealed_copy(int *ret, ctrun_error **err) {
  _cleanup_close_ int src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (src < 0)
    return error_set(err, errno, "open /proc/self/exe");
  struct stat st;
  if (fstat(src, &st) < 0)
    return error_set(err, errno, "fstat /proc/self/exe");
  _cleanup_close_ int mfd = memfd_create("ctrun", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mfd < 0)
    return error_set(err, errno, "memfd_create for the runtime's copy");
  for (off_t left = st.st_size; left > 0;) {
    ssize_t n = sendfile(mfd, src, NULL, (size_t)left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return error_set(err, n < 0 ? errno : EIO, "copy /proc/self/exe into a memfd");
    left -= n;
  }
  if (fcntl(mfd, F_ADD_SEALS, CLONE_SEALS) < 0)
    return error_set(err, errno, "seal the runtime's memfd copy");
  *ret = TAKE_FD(mfd);
  return 0;
}

int cloned_binary_ensure(char *const argv[], ctrun_error **err) {
  if (cloned_binary_active())
    return 0;
  _cleanup_close_ int mfd = -1;
  int r = make_sealed_copy(&mfd, err);
  if (r < 0)
    return r;
  /* The fd is close-on-exec: fine for an ELF binary, and it leaves nothing
   * open in the new image. */
  syscall(SYS_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
  return error_set(err, errno, "re-execute the runtime from its sealed copy");
}
