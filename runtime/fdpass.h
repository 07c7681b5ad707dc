/* Passing one file descriptor over an AF_UNIX socket (SCM_RIGHTS): the
 * console master, the seccomp listener.  fd_send is async-signal-safe (no
 * allocation), so the child uses it too. */
#ifndef CTRUN_RUNTIME_FDPASS_H
#define CTRUN_RUNTIME_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/* sendmsg of len bytes with fd attached (none when fd < 0), MSG_NOSIGNAL,
 * retried on EINTR: the bytes sent, or -1 with errno set. */
ssize_t fd_send(int sock, const void *data, size_t len, int fd);
/* recvmsg (flags | MSG_CMSG_CLOEXEC): the bytes received, or -1 with errno
 * set; *ret_fd gets the fd that came along, or -1. */
ssize_t fd_recv(int sock, void *data, size_t len, int flags, int *ret_fd);

#endif
