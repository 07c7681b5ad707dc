/* A minimal seccomp agent for tests: listens on SOCKET, accepts one
 * runtime connection, writes the JSON it got to OUT, then answers COUNT
 * notifications on the received listener fd with a fake success (the
 * syscall is not run, it returns 0), and appends each syscall number to
 * OUT as "notified NR".
 *   seccomp-agent SOCKET OUT COUNT */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static int die(const char *what) {
  fprintf(stderr, "seccomp-agent: %s: %s\n", what, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: seccomp-agent SOCKET OUT COUNT\n");
    return 2;
  }
  int count = atoi(argv[3]);
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(argv[1]) >= sizeof(addr.sun_path))
    return die("socket path too long");
  strcpy(addr.sun_path, argv[1]);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(s, 1) < 0)
    return die("listen");
  int c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
  if (c < 0)
    return die("accept");
  char buf[65536];
  union {
    char b[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b,
                      .msg_controllen = sizeof(u.b)};
  ssize_t n = recvmsg(c, &mh, MSG_CMSG_CLOEXEC);
  if (n < 0)
    return die("recvmsg");
  buf[n] = '\0';
  struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
  int fd = -1;
  if (cm && cm->cmsg_type == SCM_RIGHTS)
    memcpy(&fd, CMSG_DATA(cm), sizeof(int));
  FILE *out = fopen(argv[2], "w");
  if (out == NULL)
    return die("open OUT");
  setvbuf(out, NULL, _IOLBF, 0);
  fprintf(out, "%s\n", buf);
  if (fd < 0) {
    fprintf(out, "no fd\n");
    return 1;
  }
  char link[64], target[128];
  snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  ssize_t tl = readlink(link, target, sizeof(target) - 1);
  target[tl > 0 ? tl : 0] = '\0';
  fprintf(out, "fd %s\n", target);

  struct seccomp_notif_sizes sizes;
  if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
    return die("SECCOMP_GET_NOTIF_SIZES");
  struct seccomp_notif *req = calloc(1, sizes.seccomp_notif);
  struct seccomp_notif_resp *resp = calloc(1, sizes.seccomp_notif_resp);
  for (int i = 0; i < count; i++) {
    memset(req, 0, sizes.seccomp_notif);
    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
      free(req);
      free(resp);
      return die("SECCOMP_IOCTL_NOTIF_RECV");
    }
    fprintf(out, "notified %d\n", req->data.nr);
    memset(resp, 0, sizes.seccomp_notif_resp);
    resp->id = req->id;
    resp->error = 0;
    resp->val = 0;
    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0) {
      free(req);
      free(resp);
      return die("SECCOMP_IOCTL_NOTIF_SEND");
    }
  }
  free(req);
  free(resp);
  fclose(out);
  return 0;
}
