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
#include "spec/cleanup.h"

struct forward_to_init {
  struct cli_globals *g;
  const char *id;
};

static void forward_to_init(int sig, void *userdata) {
  struct forward_to_init *f = userdata;
  ctrun_error *err = NULL;
  if (container_kill(&f->g->ctx, f->id, sig, false, &err) < 0)
    error_free(err);
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
  /* a terminal in the foreground without --console-socket: ctrun is it */
  _cleanup_close_ int local = -1;
  int remote = -1;
  if (!f.detach && f.opts.console_socket == NULL && cli_console_pair(&local, &remote) == 0)
    f.opts.console_socket_fd = remote;
  ctrun_error *err = NULL;
  struct container_created made;
  int r = container_create_ex(&g->ctx, id, &f.opts, &made, &err);
  if (remote >= 0)
    close(remote);
  if (r < 0)
    return cli_fail(g, err);
  _cleanup_close_ int master = local >= 0 ? cli_console_receive(local) : -1;
  pid_t pid = made.pid;
  /* the cgroup may be an existing one: only kills from now on count */
  uint64_t kills_before = f.detach ? 0 : oom_kills(g, id);
  if (container_start(&g->ctx, id, &err) < 0) {
    container_delete(&g->ctx, id, true, NULL);
    return cli_fail(g, err);
  }
  if (f.detach)
    return 0;
  int code = 255;
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  struct forward_to_init fw = {g, id};
  if (pidfd >= 0) {
    cli_wait_forwarding(pidfd, forward_to_init, &fw, master, &code);
    close(pidfd);
  }
  /* before delete: it destroys the cgroup and its counter */
  report_oom(g, id, kills_before);
  if (container_delete(&g->ctx, id, true, &err) < 0)
    cli_fail(g, err);
  return code;
}
