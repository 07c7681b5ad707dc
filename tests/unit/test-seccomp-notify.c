/* SCMP_ACT_NOTIFY end to end: the child loads the filter, hands the listener
 * fd to a unix socket with seccomp_notify_send, and then makes the notified
 * syscall; the test plays the agent: it checks the message, receives the
 * notification and answers it with an errno the child then sees. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/security.h"
#include "spec/cleanup.h"

static const char state_json[] =
    "{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":0,\"bundle\":\"/b\"}";

static char *getcwd_name[] = {"getcwd", NULL};
static spec_syscall notify_rules[] = {
    {.names = {getcwd_name, 1, true}, .action = "SCMP_ACT_NOTIFY"},
};

static spec_seccomp notify_profile(const char *listener) {
  spec_syscall *rules = notify_rules;
  return (spec_seccomp){.default_action = "SCMP_ACT_ALLOW", .syscalls = rules, .n_syscalls = 1,
                        .listener_path = (char *)listener, .listener_metadata = "meta-data",
                        .present = true};
}

Test(seccomp_notify, listener_path_is_required) {
  spec_seccomp s = notify_profile(NULL);
  struct seccomp_plan *p = NULL;
  _cleanup_error_ ctrun_error *err = NULL;
  cr_assert_lt(seccomp_plan_new(&s, NULL, NULL, &p, &err), 0);
  cr_assert_null(p);
  cr_assert(strstr(err->message, "linux.seccomp.listenerPath") != NULL, "%s", err->message);
}

Test(seccomp_notify, send_to_missing_listener_fails_cleanly) {
  _cleanup_error_ ctrun_error *err = NULL;
  cr_assert_lt(seccomp_notify_send("/nonexistent/ctrun.sock", 0, 1, NULL, state_json, &err), 0);
  cr_assert_eq(err->errnum, ENOENT);
  cr_assert(strstr(err->message, "/nonexistent/ctrun.sock") != NULL, "%s", err->message);
}

static void child(const struct seccomp_plan *p, const char *path) {
  struct child_error e = {0};
  int fd = -1;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    _exit(100);
  if (seccomp_load_child(p, &fd, &e) < 0 || fd < 0)
    _exit(101);
  if (seccomp_notify_send(path, fd, getpid(), "meta-data", state_json, NULL) < 0)
    _exit(102);
  close(fd);
  char buf[64];
  long r = syscall(SYS_getcwd, buf, sizeof(buf));
  _exit(r < 0 && errno == ENOSPC ? 0 : 103);
}

Test(seccomp_notify, listener_receives_fd_and_answers) {
  char dir[] = "/tmp/ctrun-notify-XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof(path), "%s/listener.sock", dir);

  int lsock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  strcpy(addr.sun_path, path);
  cr_assert_eq(bind(lsock, (struct sockaddr *)&addr, sizeof(addr)), 0);
  cr_assert_eq(listen(lsock, 1), 0);

  spec_seccomp s = notify_profile(path);
  struct seccomp_plan *p = NULL;
  _cleanup_error_ ctrun_error *err = NULL;
  cr_assert_eq(seccomp_plan_new(&s, NULL, NULL, &p, &err), 0, "%s", err ? err->message : "");
  cr_assert(seccomp_plan_uses_notify(p));

  pid_t pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0)
    child(p, path);

  int conn = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
  cr_assert_geq(conn, 0);
  char text[4096] = "";
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {.iov_base = text, .iov_len = sizeof(text) - 1};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                      .msg_controllen = sizeof(control.buf)};
  ssize_t n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC);
  cr_assert_gt(n, 0);
  struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
  cr_assert_not_null(c, "no fd was passed");
  cr_assert_eq(c->cmsg_type, SCM_RIGHTS);
  int listener;
  memcpy(&listener, CMSG_DATA(c), sizeof(int));

  json_error_t jerr;
  json_t *msg = json_loads(text, 0, &jerr);
  cr_assert_not_null(msg, "bad JSON %s: %s", text, jerr.text);
  cr_assert_str_eq(json_string_value(json_object_get(msg, "ociVersion")), "1.2.0");
  cr_assert_str_eq(json_string_value(json_array_get(json_object_get(msg, "fds"), 0)), "seccompFd");
  cr_assert_eq(json_integer_value(json_object_get(msg, "pid")), pid);
  cr_assert_str_eq(json_string_value(json_object_get(msg, "metadata")), "meta-data");
  cr_assert_str_eq(json_string_value(json_object_get(json_object_get(msg, "state"), "id")), "c1");
  json_decref(msg);

  struct seccomp_notif req;
  memset(&req, 0, sizeof(req));
  cr_assert_eq(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req), 0, "NOTIF_RECV: %s", strerror(errno));
  cr_assert_eq(req.data.nr, SYS_getcwd);
  cr_assert_eq(req.pid, (uint32_t)pid);
  struct seccomp_notif_resp resp = {.id = req.id, .error = -ENOSPC};
  cr_assert_eq(ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp), 0);

  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status 0x%x", status);
  close(listener);
  close(conn);
  close(lsock);
  unlink(path);
  rmdir(dir);
  seccomp_plan_free(p);
}
