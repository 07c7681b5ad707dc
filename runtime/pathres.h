/* Paths inside the rootfs, resolved from its directory fd as if it were "/"
 * (openat2 RESOLVE_IN_ROOT): a symlink in the rootfs never leads outside.
 * Async-signal-safe: raw syscalls and stack buffers only, usable in the
 * child after clone.  Functions return an fd or -errno. */
#ifndef CTRUN_RUNTIME_PATHRES_H
#define CTRUN_RUNTIME_PATHRES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* How the path may be resolved. */
enum {
  PATHRES_NO_SYMLINKS = 1 << 0, /* no symlink anywhere in the path (ELOOP) */
  PATHRES_NOFOLLOW = 1 << 1,    /* do not follow a final symlink (O_NOFOLLOW) */
};

/* openat2(root_fd, path, flags|O_CLOEXEC, RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS
 * [|RESOLVE_NO_SYMLINKS]).  When openat2 is missing (ENOSYS), a walk one
 * component at a time with O_PATH|O_NOFOLLOW that refuses every symlink. */
int pathres_open(int root_fd, const char *path, int flags, unsigned how);

/* Opens path as O_PATH, creating what is missing: the parent directories,
 * and the last component as a directory (dir) or an empty regular file.
 * Returns the O_PATH fd of the final component. */
int pathres_mkpath(int root_fd, const char *path, bool dir, mode_t mode, unsigned how);

/* Opens the parent directory of path (O_PATH, created when missing) and
 * points *ret_name into path at the last component. */
int pathres_open_parent(int root_fd, const char *path, bool create, const char **ret_name);

/* The file type (S_IFMT bits) of an open fd, or -errno. */
int pathres_fd_type(int fd);

#endif
