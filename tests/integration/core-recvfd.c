/* core-recvfd SOCKET OUTPUT: a --console-socket receiver for the tests.
 * Listens on SOCKET, takes one fd over SCM_RIGHTS, checks it is a pty
 * master, and copies what it reads from it to OUTPUT until the container
 * side closes (EIO). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

static int receive_fd(int conn) {
  char data[64];
  struct iovec iov = {.iov_base = data, .iov_len = sizeof(data)};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = sizeof(u.buf)};
  if (recvmsg(conn, &msg, MSG_CMSG_CLOEXEC) < 0)
    return -1;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
    return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof(fd));
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: core-recvfd SOCKET OUTPUT\n");
    return 2;
  }
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(argv[1]) >= sizeof(addr.sun_path))
    return 2;
  strcpy(addr.sun_path, argv[1]);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(s, 1) < 0) {
    perror("core-recvfd: listen");
    return 1;
  }
  int conn = accept4(s, NULL, NULL, SOCK_CLOEXEC);
  int master = conn < 0 ? -1 : receive_fd(conn);
  if (master < 0) {
    perror("core-recvfd: receive");
    return 1;
  }
  int ptn;
  if (ioctl(master, TIOCGPTN, &ptn) < 0) {
    perror("core-recvfd: not a pty master");
    return 1;
  }
  FILE *out = fopen(argv[2], "w");
  if (out == NULL)
    return 1;
  char buf[4096];
  ssize_t n;
  while ((n = read(master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      fwrite(buf, 1, (size_t)n, out);
  fclose(out);
  return 0;
}
