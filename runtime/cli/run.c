/* ctrun run [create's flags] [--detach] ID
 *
 * Without --detach, ctrun stays in the foreground: it forwards the signals
 * it gets to the container's init, waits for it, deletes the container and
 * exits with the init's exit code (128+N when killed by signal N).  ctrun
 * is a child subreaper so that it can reap the init even when an
 * intermediate process forked it (joined pid namespace). */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/cli/cli.h"
#include "runtime/container-cgroup.h"

static const int forwarded[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGTERM, SIGUSR1,
                                SIGUSR2, SIGWINCH, SIGCONT, SIGTSTP, SIGPIPE};

static int wait_forwarding(struct cli_globals *g, const char *id, pid_t pid, int *ret_code) {
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
    sigaddset(&set, forwarded[i]);
  sigprocmask(SIG_BLOCK, &set, NULL);
  int sfd = signalfd(-1, &set, SFD_CLOEXEC);
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  struct pollfd pfds[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
  while (pidfd >= 0) {
    int n = poll(pfds, sfd >= 0 ? 2 : 1, -1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 || (pfds[0].revents & (POLLIN | POLLHUP | POLLERR)))
      break;
    struct signalfd_siginfo si;
    if (sfd >= 0 && (pfds[1].revents & POLLIN) && read(sfd, &si, sizeof(si)) == sizeof(si)) {
      ctrun_error *err = NULL;
      if (container_kill(&g->ctx, id, (int)si.ssi_signo, false, &err) < 0)
        error_free(err);
    }
  }
  int status = 0;
  pid_t w;
  while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
    ;
  *ret_code = w != pid ? 255 : WIFEXITED(status) ? WEXITSTATUS(status)
                                                 : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255;
  if (pidfd >= 0)
    close(pidfd);
  if (sfd >= 0)
    close(sfd);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  return 0;
}

/* The container's OOM-kill count; 0 when it cannot be read. */
static uint64_t oom_kills(struct cli_globals *g, const char *id) {
  uint64_t n = 0;
  ctrun_error *err = NULL;
  if (container_oom_kills(&g->ctx, id, &n, &err) < 0) {
    error_free(err);
    n = 0;
  }
  return n;
}

/* Says so when the kernel OOM-killed a process of the container while it
 * ran: otherwise a bare 137 exit code leaves the user guessing. */
static void report_oom(struct cli_globals *g, const char *id, uint64_t before) {
  if (oom_kills(g, id) <= before)
    return;
  char msg[512];
  snprintf(msg, sizeof(msg), "container %s was killed by the OOM killer", id);
  fprintf(stderr, "ctrun: %s\n", msg);
  if (g->log)
    cli_log(CONTAINER_LOG_WARNING, msg, g);
}

int cli_run(struct cli_globals *g, int argc, char **argv) {
  struct cli_create_flags f;
  int first = cli_parse_create_flags(g, "run", true, argc, argv, &f);
  if (first < 0)
    return 1;
  const char *id;
  if (cli_one_id(g, "run", argc, argv, first, &id))
    return 1;
  if (g->parse_only)
    return 0;
  if (!f.detach)
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  ctrun_error *err = NULL;
  if (container_create(&g->ctx, id, &f.opts, &err) < 0)
    return cli_fail(g, err);
  pid_t pid = 0;
  /* the cgroup may be an existing one: only kills from now on count */
  uint64_t kills_before = f.detach ? 0 : oom_kills(g, id);
  if (container_pid(&g->ctx, id, &pid, &err) < 0 || container_start(&g->ctx, id, &err) < 0) {
    container_delete(&g->ctx, id, true, NULL);
    return cli_fail(g, err);
  }
  if (f.detach)
    return 0;
  int code = 255;
  wait_forwarding(g, id, pid, &code);
  /* before delete: it destroys the cgroup and its counter */
  report_oom(g, id, kills_before);
  if (container_delete(&g->ctx, id, true, &err) < 0)
    cli_fail(g, err);
  return code;
}
