/* OCI hooks: each gets the state JSON on stdin, its args and env, and is
 * killed at its timeout.  Output (stdout+stderr) is kept in a memfd and
 * quoted in the error when the hook fails. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/hooks.h"
#include "runtime/log.h"
#include "spec/cleanup.h"

static const char *const container_ns[] = {"cgroup", "ipc", "uts", "net", "mnt"};

static int memfd_with(const char *name, const char *data, ctrun_error **err) {
  int fd = memfd_create(name, MFD_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "memfd_create");
  size_t len = data ? strlen(data) : 0;
  if ((len && write(fd, data, len) != (ssize_t)len) || lseek(fd, 0, SEEK_SET) < 0) {
    int e = errno;
    close(fd);
    return error_set(err, e ? e : EIO, "memfd write");
  }
  return fd;
}

/* fds of the container's namespaces that differ from ours */
static int open_container_ns(pid_t pid, int *fds, size_t *n, ctrun_error **err) {
  *n = 0;
  for (size_t i = 0; i < ARRAY_SIZE(container_ns); i++) {
    char path[64], self[64];
    snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, container_ns[i]);
    snprintf(self, sizeof(self), "/proc/self/ns/%s", container_ns[i]);
    struct stat a, b;
    if (stat(path, &a) < 0)
      return error_set(err, errno, "stat %s", path);
    if (stat(self, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
      continue;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return error_set(err, errno, "open %s", path);
    fds[(*n)++] = fd;
  }
  return 0;
}

/* Child of fork: async-signal-safe only. */
static __attribute__((noreturn)) void hook_child(const spec_hook *h, char **argv, char **envp,
                                                 int in_fd, int out_fd, const int *ns_fds,
                                                 size_t n_ns) {
  if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
    _exit(127);
  for (size_t i = 0; i < n_ns; i++)
    if (setns(ns_fds[i], 0) < 0)
      _exit(127);
  if (n_ns > 0 && chdir("/") < 0)
    _exit(127);
  execve(h->path, argv, envp);
  _exit(127);
}

static void read_output(int fd, char *buf, size_t len) {
  buf[0] = '\0';
  if (lseek(fd, 0, SEEK_SET) < 0)
    return;
  ssize_t n = read(fd, buf, len - 1);
  if (n <= 0)
    return;
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
    n--;
  buf[n] = '\0';
}

static int wait_with_timeout(pid_t pid, int64_t timeout_s, int *ret_status, bool *ret_timed_out) {
  *ret_timed_out = false;
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (pidfd >= 0 && timeout_s > 0) {
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
      clock_gettime(CLOCK_MONOTONIC, &now);
      int64_t elapsed_ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
      int64_t left = timeout_s * 1000 - elapsed_ms;
      if (left <= 0) {
        syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
        *ret_timed_out = true;
        break;
      }
      struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
      int r = poll(&pfd, 1, (int)(left > 1000000 ? 1000000 : left));
      if (r > 0 || (r < 0 && errno != EINTR))
        break;
    }
  }
  if (pidfd >= 0)
    close(pidfd);
  while (waitpid(pid, ret_status, 0) < 0) {
    if (errno != EINTR)
      return -errno;
  }
  return 0;
}

static int run_one(const spec_hook *h, const char *what, const char *state_json, pid_t ns_pid,
                   ctrun_error **err) {
  char *default_argv[2] = {h->path, NULL};
  char *empty_env[1] = {NULL};
  char **envp = h->env.n ? h->env.items : empty_env;
  int in_fd = memfd_with("hook-stdin", state_json, err);
  if (in_fd < 0)
    return in_fd;
  _cleanup_close_ int in = in_fd;
  int out_fd = memfd_with("hook-output", NULL, err);
  if (out_fd < 0)
    return out_fd;
  _cleanup_close_ int out = out_fd;
  int ns_fds[ARRAY_SIZE(container_ns)];
  size_t n_ns = 0;
  int r = 0;
  if (ns_pid > 0 && (r = open_container_ns(ns_pid, ns_fds, &n_ns, err)) < 0)
    goto done;
  long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) {
    r = error_set(err, errno, "%s: fork", what);
    goto done;
  }
  if (pid == 0)
    hook_child(h, h->args.n ? h->args.items : default_argv, envp, in, out, ns_fds, n_ns);
  int status = 0;
  bool timed_out;
  if (wait_with_timeout((pid_t)pid, h->timeout.set ? h->timeout.value : 0, &status, &timed_out) < 0) {
    r = error_set(err, errno, "%s: wait", what);
    goto done;
  }
  char output[1024];
  read_output(out, output, sizeof(output));
  if (timed_out)
    r = error_set(err, ETIMEDOUT, "%s (%s): killed after its timeout of %llds%s%s", what, h->path,
                  (long long)h->timeout.value, output[0] ? ": " : "", output);
  else if (WIFSIGNALED(status))
    r = error_set(err, 0, "%s (%s): killed by signal %d%s%s", what, h->path, WTERMSIG(status),
                  output[0] ? ": " : "", output);
  else if (WEXITSTATUS(status) != 0)
    r = error_set(err, 0, "%s (%s): exit status %d%s%s", what, h->path, WEXITSTATUS(status),
                  output[0] ? ": " : "", output);
done:
  for (size_t i = 0; i < n_ns; i++)
    close(ns_fds[i]);
  return r;
}

int hooks_run(const struct container_context *ctx, const spec_hook_list *list, const char *phase,
              const char *state_json, pid_t ns_pid, bool warn_only, ctrun_error **err) {
  for (size_t i = 0; list && i < list->n; i++) {
    char what[64];
    snprintf(what, sizeof(what), "hooks.%s[%zu]", phase, i);
    ctx_log(ctx, CONTAINER_LOG_DEBUG, "running %s: %s", what, list->items[i].path);
    ctrun_error *e = NULL;
    int r = run_one(&list->items[i], what, state_json, ns_pid, &e);
    if (r == 0)
      continue;
    if (!warn_only) {
      if (err && *err == NULL)
        *err = e;
      else
        error_free(e);
      return r;
    }
    char buf[1200];
    ctx_log(ctx, CONTAINER_LOG_WARNING, "%s", error_format(e, buf, sizeof(buf)));
    error_free(e);
  }
  return 0;
}
