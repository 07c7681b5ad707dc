/* The lifecycle through the public API, on real containers: create, state
 * (accessors and JSON), start, pidfd, kill, wait, delete (and delete of a
 * created container, which fails without FORCE), stale handles, run, list;
 * then bad arguments that need a live handle (flags, signals, versions). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi-util.h"

static char *tmp, *rootfs;
static ctrun_context *ctx;
static int log_messages; /* what the log callback received */

static void count_log(ctrun_log_level level, const char *message, void *userdata) {
  (void)level;
  (void)userdata;
  if (message && *message)
    __atomic_add_fetch(&log_messages, 1, __ATOMIC_RELAXED);
}

/* A bundle running `args` with cgroupsPath ctrun-abi-lc-<pid>-<name>. */
static char *bundle(const char *name, const char *args) {
  char *dir = NULL, cg[128];
  if (asprintf(&dir, "%s/bundle-%s", tmp, name) < 0)
    exit(1);
  snprintf(cg, sizeof(cg), "ctrun-abi-lc-%d-%s", (int)getpid(), name);
  abi_write_bundle(dir, rootfs, args, cg);
  return dir;
}

static bool cgroup_left(const char *name) {
  char cg[128];
  snprintf(cg, sizeof(cg), "ctrun-abi-lc-%d-%s", (int)getpid(), name);
  return abi_cgroup_exists(cg);
}

static void expect_error(const char *what, int r, ctrun_error *e, int expected,
                         ctrun_error_code code) {
  CHECK(r == -expected, "%s: returned %d, expected %d (%s)", what, r, -expected, abi_msg(e));
  /* bad input that is not a system error carries errno 0 */
  CHECK(e != NULL && (ctrun_error_get_errno(e) == expected ||
                      (expected == EINVAL && ctrun_error_get_errno(e) == 0)),
        "%s: error errno %d, expected %d", what, ctrun_error_get_errno(e), expected);
  CHECK(ctrun_error_get_code(e) == code, "%s: code %d, expected %d (%s)", what,
        (int)ctrun_error_get_code(e), (int)code, abi_msg(e));
  CHECK(e == NULL || *ctrun_error_get_message(e) != '\0', "%s: empty message", what);
  ctrun_error_free(e);
}

/* waitpid (WNOHANG, a few tries): the exit status as wait reports it, or
 * -1 when the process has not exited. */
static int reap(int pid) {
  for (int i = 0; i < 100; i++) {
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid)
      return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
    usleep(20000);
  }
  return -1;
}

static ctrun_status status_of(ctrun_container *c) {
  ctrun_state *s = NULL;
  ctrun_error *e = NULL;
  if (ctrun_container_state(c, &s, &e) < 0) {
    fprintf(stderr, "state: %s\n", abi_msg(e));
    ctrun_error_free(e);
    return CTRUN_STATUS_UNKNOWN;
  }
  ctrun_status st = ctrun_state_get_status(s);
  ctrun_state_free(s);
  return st;
}

static void test_lifecycle(void) {
  char *b = bundle("sleep", "[\"sleep\", \"100\"]");
  char id[64];
  snprintf(id, sizeof(id), "lc-%d", (int)getpid());
  ctrun_create_options opts = CTRUN_CREATE_OPTIONS_INIT;
  opts.bundle = b;
  ctrun_container *c = NULL, *c2 = NULL;
  ctrun_error *e = NULL;
  int r = ctrun_container_create(ctx, id, &opts, &c, &e);
  CHECK(r == 0 && c != NULL, "create: %s", abi_msg(e));
  if (r < 0) {
    ctrun_error_free(e);
    free(b);
    return;
  }
  CHECK(log_messages > 0, "the log callback got nothing from create");
  CHECK(strcmp(ctrun_container_get_id(c), id) == 0, "get_id");

  /* state while created: accessors and JSON */
  ctrun_state *s = NULL;
  CHECK(ctrun_container_state(c, &s, &e) == 0, "state: %s", abi_msg(e));
  CHECK(ctrun_state_get_status(s) == CTRUN_STATUS_CREATED, "status %s",
        ctrun_state_get_status_name(s));
  CHECK(strcmp(ctrun_state_get_id(s), id) == 0, "state id");
  CHECK(strcmp(ctrun_state_get_bundle(s), b) == 0, "bundle %s", ctrun_state_get_bundle(s));
  CHECK(strcmp(ctrun_state_get_rootfs(s), rootfs) == 0, "rootfs %s", ctrun_state_get_rootfs(s));
  CHECK(ctrun_state_get_created(s) && strlen(ctrun_state_get_created(s)) >= 20, "created");
  CHECK(strcmp(ctrun_state_get_oci_version(s), ctrun_spec_version()) == 0, "ociVersion");
  int state_pid = ctrun_state_get_pid(s), pid = 0;
  CHECK(state_pid > 1 && kill(state_pid, 0) == 0, "pid %d", state_pid);
  CHECK(ctrun_container_get_pid(c, &pid, &e) == 0 && pid == state_pid, "get_pid %d", pid);
  char *json = NULL;
  CHECK(ctrun_state_to_json(s, 0, &json, &e) == 0 && strstr(json, "\"status\":\"created\"") &&
            strstr(json, id),
        "state JSON: %s", json ? json : abi_msg(e));
  ctrun_free(json);
  ctrun_state_free(s);

  /* the runtime-spec's choice: a created container is not stopped */
  r = ctrun_container_delete(c, 0, &e);
  expect_error("delete of a created container", r, e, EBUSY, CTRUN_ERROR_WRONG_STATE);
  e = NULL;
  CHECK(status_of(c) == CTRUN_STATUS_CREATED, "still created after the refused delete");
  r = ctrun_container_create(ctx, id, &opts, NULL, &e);
  expect_error("create with a taken id", r, e, EEXIST, CTRUN_ERROR_EXISTS);
  e = NULL;

  CHECK(ctrun_container_open(ctx, id, &c2, &e) == 0, "open: %s", abi_msg(e));
  CHECK(ctrun_container_start(c, &e) == 0, "start: %s", abi_msg(e));
  CHECK(status_of(c2) == CTRUN_STATUS_RUNNING, "running after start");
  r = ctrun_container_start(c, &e);
  CHECK(r < 0, "a second start succeeded");
  ctrun_error_free(e);
  e = NULL;

  /* the cgroup operations on the running container */
  int *pids = NULL;
  size_t n_pids = 0;
  CHECK(ctrun_container_ps(c, &pids, &n_pids, &e) == 0, "ps: %s", abi_msg(e));
  CHECK(n_pids >= 1 && pids[0] == state_pid, "ps: %zu pids, first %d, init %d", n_pids,
        n_pids ? pids[0] : 0, state_pid);
  ctrun_free(pids);
  const char *res = "{\"pids\": {\"limit\": 123}}";
  CHECK(ctrun_container_update(c, res, strlen(res), &e) == 0, "update: %s", abi_msg(e));
  ctrun_stats *stats = NULL;
  uint64_t v = 0;
  CHECK(ctrun_container_stats(c, &stats, &e) == 0, "stats: %s", abi_msg(e));
  CHECK(ctrun_stats_get(stats, CTRUN_STATS_PIDS_CURRENT, &v, &e) == 0 && v >= 1,
        "pids.current %llu: %s", (unsigned long long)v, abi_msg(e));
  CHECK(ctrun_stats_get(stats, CTRUN_STATS_PIDS_LIMIT, &v, &e) == 0 && v == 123,
        "pids.limit %llu after update: %s", (unsigned long long)v, abi_msg(e));
  r = ctrun_stats_get(stats, (ctrun_stats_field)999, &v, &e);
  expect_error("stats field 999", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  e = NULL;
  ctrun_stats_free(stats);
  r = ctrun_container_update(c, "{\"pids\": 5}", 11, &e);
  expect_error("update with a bad resources object", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  e = NULL;
  CHECK(ctrun_container_pause(c, &e) == 0, "pause: %s", abi_msg(e));
  CHECK(status_of(c) == CTRUN_STATUS_PAUSED, "paused after pause");
  CHECK(ctrun_container_resume(c, &e) == 0, "resume: %s", abi_msg(e));
  CHECK(status_of(c) == CTRUN_STATUS_RUNNING, "running after resume");

  /* an event loop's view: the pidfd is readable once the init exits */
  int pidfd = -1;
  CHECK(ctrun_container_get_pidfd(c, &pidfd, &e) == 0 && pidfd >= 0, "pidfd: %s", abi_msg(e));
  struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
  CHECK(poll(&pfd, 1, 0) == 0, "pidfd readable while the init runs");
  CHECK(ctrun_container_kill(c2, SIGKILL, 0, &e) == 0, "kill: %s", abi_msg(e));
  CHECK(poll(&pfd, 1, 10000) == 1 && (pfd.revents & POLLIN), "pidfd not readable after kill");
  if (pidfd >= 0)
    close(pidfd);
  int status = -2;
  CHECK(ctrun_container_wait(c, &status, &e) == 0, "wait: %s", abi_msg(e));
  CHECK(status == 128 + SIGKILL, "exit status %d, expected %d", status, 128 + SIGKILL);
  CHECK(status_of(c) == CTRUN_STATUS_STOPPED, "stopped after the init exited");
  CHECK(ctrun_container_get_pid(c, &pid, &e) == 0 && pid == 0, "pid of a stopped one: %d", pid);
  r = ctrun_container_kill(c, SIGTERM, 0, &e);
  expect_error("kill of a stopped container", r, e, ESRCH, CTRUN_ERROR_WRONG_STATE);
  e = NULL;

  CHECK(ctrun_container_delete(c, 0, &e) == 0, "delete: %s", abi_msg(e));
  CHECK(!cgroup_left("sleep"), "cgroup left after delete");

  /* both handles are stale now, and stay so when the id is taken again */
  r = ctrun_container_start(c, &e);
  expect_error("start through the deleting handle", r, e, ESTALE, CTRUN_ERROR_STALE_HANDLE);
  e = NULL;
  CHECK(ctrun_container_create(ctx, id, &opts, NULL, &e) == 0, "create again: %s", abi_msg(e));
  ctrun_state *st = NULL;
  r = ctrun_container_state(c2, &st, &e);
  expect_error("state through a handle of the old container", r, e, ESTALE,
               CTRUN_ERROR_STALE_HANDLE);
  e = NULL;
  r = ctrun_container_kill(c2, SIGKILL, 0, &e);
  expect_error("kill through a handle of the old container", r, e, ESTALE,
               CTRUN_ERROR_STALE_HANDLE);
  e = NULL;
  r = ctrun_container_delete(c2, CTRUN_DELETE_FORCE, &e);
  expect_error("delete through a handle of the old container", r, e, ESTALE,
               CTRUN_ERROR_STALE_HANDLE);
  e = NULL;
  ctrun_container_free(c);
  ctrun_container_free(c2);

  /* delete FORCE of the new, created container */
  c = NULL;
  CHECK(ctrun_container_open(ctx, id, &c, &e) == 0, "open: %s", abi_msg(e));
  CHECK(ctrun_container_get_pid(c, &pid, &e) == 0 && pid > 0, "pid of the new one");
  CHECK(ctrun_container_delete(c, CTRUN_DELETE_FORCE, &e) == 0, "delete FORCE: %s", abi_msg(e));
  /* killed; reaping it is the parent's business (this test's) */
  CHECK(pid > 0 && reap(pid) == 128 + SIGKILL, "the init %d was not killed", pid);
  CHECK(!cgroup_left("sleep"), "cgroup left after delete FORCE");
  ctrun_container_free(c);
  free(b);
}

static void test_run_and_list(void) {
  char *b3 = bundle("exit3", "[\"sh\", \"-c\", \"exit 3\"]");
  char *bs = bundle("list", "[\"sleep\", \"100\"]");
  char id[64], id_a[64], id_b[64];
  snprintf(id, sizeof(id), "run-%d", (int)getpid());
  ctrun_create_options opts = CTRUN_CREATE_OPTIONS_INIT;
  opts.bundle = b3;
  ctrun_error *e = NULL;
  int status = -2;
  CHECK(ctrun_container_run(ctx, id, &opts, &status, &e) == 0, "run: %s", abi_msg(e));
  CHECK(status == 3, "run: exit status %d, expected 3", status);
  CHECK(!cgroup_left("exit3"), "run left its cgroup");

  ctrun_state **list = NULL;
  size_t n = 99;
  CHECK(ctrun_container_list(ctx, &list, &n, &e) == 0 && n == 0, "list after run: %zu", n);
  ctrun_state_list_free(list, n);

  /* two containers, created in reverse order, listed sorted */
  snprintf(id_a, sizeof(id_a), "a-%d", (int)getpid());
  snprintf(id_b, sizeof(id_b), "b-%d", (int)getpid());
  opts.bundle = bs;
  ctrun_container *cb = NULL;
  CHECK(ctrun_container_create(ctx, id_b, &opts, &cb, &e) == 0, "create b: %s", abi_msg(e));
  char *b4 = bundle("list2", "[\"sleep\", \"100\"]");
  opts.bundle = b4;
  ctrun_container *ca = NULL;
  CHECK(ctrun_container_create(ctx, id_a, &opts, &ca, &e) == 0, "create a: %s", abi_msg(e));
  list = NULL;
  n = 0;
  CHECK(ctrun_container_list(ctx, &list, &n, &e) == 0, "list: %s", abi_msg(e));
  CHECK(n == 2 && strcmp(ctrun_state_get_id(list[0]), id_a) == 0 &&
            strcmp(ctrun_state_get_id(list[1]), id_b) == 0,
        "list: %zu entries", n);
  CHECK(n == 2 && ctrun_state_get_status(list[1]) == CTRUN_STATUS_CREATED, "status in list");
  ctrun_state_list_free(list, n);

  /* bad arguments with a live handle: rejected before anything happens */
  int r = ctrun_container_kill(ca, SIGKILL, 0x80, &e);
  expect_error("kill with unknown flags", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  e = NULL;
  r = ctrun_container_kill(ca, -1, 0, &e);
  expect_error("kill with signal -1", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  e = NULL;
  r = ctrun_container_kill(ca, 1000, 0, &e);
  expect_error("kill with signal 1000", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  e = NULL;
  r = ctrun_container_delete(ca, 0x40, &e);
  expect_error("delete with unknown flags", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  ctrun_process *proc = NULL;
  const char *argv[] = {"true", NULL};
  CHECK(ctrun_process_from_args(argv, &proc, NULL) == 0, "process_from_args");
  ctrun_exec_options xo = CTRUN_EXEC_OPTIONS_INIT;
  xo.version = 42;
  e = NULL;
  r = ctrun_container_exec(ca, proc, &xo, NULL, NULL, &e);
  expect_error("exec with options version 42", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  xo.version = CTRUN_EXEC_OPTIONS_VERSION;
  xo.flags = 0x100;
  e = NULL;
  r = ctrun_container_exec(ca, proc, &xo, NULL, NULL, &e);
  expect_error("exec with unknown flags", r, e, EINVAL, CTRUN_ERROR_INVALID_ARGUMENT);
  CHECK(status_of(ca) == CTRUN_STATUS_CREATED, "bad calls changed the container");

  /* a real exec: its exit status, a detached one, and a missing program */
  xo.flags = 0;
  int xstatus = -1, xpid = 0;
  e = NULL;
  const char *argv7[] = {"sh", "-c", "exit 7", NULL};
  ctrun_process *p7 = NULL;
  CHECK(ctrun_process_from_args(argv7, &p7, NULL) == 0, "process_from_args");
  CHECK(ctrun_container_exec(ca, p7, &xo, &xpid, &xstatus, &e) == 0 && xstatus == 7 && xpid > 0,
        "exec exit 7: status %d: %s", xstatus, abi_msg(e));
  ctrun_process_free(p7);
  xo.flags = CTRUN_EXEC_DETACH;
  xpid = 0;
  CHECK(ctrun_container_exec(ca, proc, &xo, &xpid, NULL, &e) == 0 && xpid > 0,
        "exec detached: %s", abi_msg(e));
  CHECK(reap(xpid) == 0, "the detached process is the caller's child and exits 0");
  const char *argv_missing[] = {"no-such-program", NULL};
  ctrun_process *pm = NULL;
  CHECK(ctrun_process_from_args(argv_missing, &pm, NULL) == 0, "process_from_args");
  xo.flags = 0;
  r = ctrun_container_exec(ca, pm, &xo, NULL, NULL, &e);
  CHECK(r < 0 && e != NULL, "exec of a missing program fails");
  ctrun_error_free(e);
  e = NULL;
  ctrun_process_free(pm);
  ctrun_process_free(proc);

  /* nothing happened: the rest still works */
  e = NULL;
  CHECK(ctrun_container_delete(ca, CTRUN_DELETE_FORCE, &e) == 0, "delete a: %s", abi_msg(e));
  CHECK(ctrun_container_delete(cb, CTRUN_DELETE_FORCE, &e) == 0, "delete b: %s", abi_msg(e));
  CHECK(!cgroup_left("list") && !cgroup_left("list2"), "cgroups left");
  ctrun_container_free(ca);
  ctrun_container_free(cb);
  ctrun_error_free(e);
  free(b3);
  free(bs);
  free(b4);
}

/* The whole contents of fd (from offset 0). */
static char *slurp(int fd) {
  static char buf[4096];
  ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
  buf[n > 0 ? n : 0] = '\0';
  return buf;
}

static int tmpfile_fd(const char *name) {
  char *path = NULL;
  if (asprintf(&path, "%s/%s", tmp, name) < 0)
    exit(1);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  free(path);
  return fd;
}

/* stdio fds (options version 2): the init's and an exec'd process's 0, 1, 2
 * are the caller's fds given in the options, not the caller's own stdio;
 * the caller may close its copies at once.  Version 1 callers cannot ask. */
static void test_stdio(void) {
  char *b = bundle("stdio", "[\"sh\", \"-c\", \"read l; echo out:$l; echo err:$l >&2; exit 4\"]");
  char id[64];
  snprintf(id, sizeof(id), "stdio-%d", (int)getpid());
  int in[2];
  CHECK(pipe2(in, O_CLOEXEC) == 0, "pipe");
  CHECK(write(in[1], "hello\n", 6) == 6, "write stdin");
  close(in[1]);
  int out = tmpfile_fd("stdio.out"), err = tmpfile_fd("stdio.err");
  ctrun_create_options opts = CTRUN_CREATE_OPTIONS_INIT;
  opts.bundle = b;
  opts.flags = CTRUN_CREATE_STDIO;
  opts.stdio[0] = in[0];
  opts.stdio[1] = out;
  opts.stdio[2] = err;
  ctrun_error *e = NULL;
  ctrun_container *c = NULL;
  CHECK(ctrun_container_create(ctx, id, &opts, &c, &e) == 0, "create with stdio: %s", abi_msg(e));
  close(in[0]); /* the library holds its own copies */
  int status = -1;
  CHECK(c && ctrun_container_start(c, &e) == 0, "start: %s", abi_msg(e));
  CHECK(c && ctrun_container_wait(c, &status, &e) == 0 && status == 4, "wait: %d %s", status,
        abi_msg(e));
  CHECK(strcmp(slurp(out), "out:hello\n") == 0, "the init's stdout: \"%s\"", slurp(out));
  CHECK(strcmp(slurp(err), "err:hello\n") == 0, "the init's stderr: \"%s\"", slurp(err));
  CHECK(c && ctrun_container_delete(c, 0, &e) == 0, "delete: %s", abi_msg(e));
  ctrun_container_free(c);
  c = NULL;

  /* exec with stdio into a running container */
  char *bs = bundle("stdio2", "[\"sleep\", \"100\"]");
  opts.bundle = bs;
  opts.flags = 0;
  CHECK(ctrun_container_create(ctx, id, &opts, &c, &e) == 0, "create: %s", abi_msg(e));
  CHECK(c && ctrun_container_start(c, &e) == 0, "start: %s", abi_msg(e));
  const char *argv[] = {"sh", "-c", "echo exec-out; echo exec-err >&2; exit 6", NULL};
  ctrun_process *proc = NULL;
  CHECK(ctrun_process_from_args(argv, &proc, NULL) == 0, "process_from_args");
  int xout = tmpfile_fd("exec.out"), xerr = tmpfile_fd("exec.err");
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ctrun_exec_options xo = CTRUN_EXEC_OPTIONS_INIT;
  xo.flags = CTRUN_EXEC_STDIO;
  xo.stdio[0] = devnull;
  xo.stdio[1] = xout;
  xo.stdio[2] = xerr;
  int xstatus = -1;
  CHECK(c && ctrun_container_exec(c, proc, &xo, NULL, &xstatus, &e) == 0 && xstatus == 6,
        "exec with stdio: %d %s", xstatus, abi_msg(e));
  CHECK(strcmp(slurp(xout), "exec-out\n") == 0, "exec's stdout: \"%s\"", slurp(xout));
  CHECK(strcmp(slurp(xerr), "exec-err\n") == 0, "exec's stderr: \"%s\"", slurp(xerr));

  /* bad stdio: a closed fd is named; a version 1 struct has no stdio flag */
  xo.stdio[1] = 987;
  int r = c ? ctrun_container_exec(c, proc, &xo, NULL, NULL, &e) : -EBADF;
  CHECK(r == -EBADF && e && strstr(ctrun_error_get_message(e), "stdio[1]"),
        "exec with a closed stdout fd: %d %s", r, abi_msg(e));
  ctrun_error_free(e);
  e = NULL;
  xo.version = 1;
  r = c ? ctrun_container_exec(c, proc, &xo, NULL, NULL, &e) : -EINVAL;
  expect_error("exec: a version 1 struct with the stdio flag", r, e, EINVAL,
               CTRUN_ERROR_INVALID_ARGUMENT);
  e = NULL;
  CHECK(c && ctrun_container_delete(c, CTRUN_DELETE_FORCE, &e) == 0, "delete: %s", abi_msg(e));
  ctrun_container_free(c);
  ctrun_process_free(proc);
  close(out);
  close(err);
  close(xout);
  close(xerr);
  close(devnull);
  free(b);
  free(bs);
}

int main(void) {
  abi_require_root();
  alarm(300);
  tmp = abi_tmpdir("abi-lifecycle");
  if (asprintf(&rootfs, "%s/rootfs", tmp) < 0)
    return 1;
  abi_make_rootfs(rootfs);
  char *state_root = NULL;
  if (asprintf(&state_root, "%s/state", tmp) < 0)
    return 1;
  int fds_before = abi_count_fds();
  ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;
  o.state_root = state_root;
  o.log = count_log;
  ctrun_error *e = NULL;
  if (ctrun_context_new(&o, &ctx, &e) < 0) {
    fprintf(stderr, "FAIL: context: %s\n", abi_msg(e));
    return 1;
  }
  CHECK(strcmp(ctrun_context_get_state_root(ctx), state_root) == 0, "state root");
  test_lifecycle();
  test_run_and_list();
  test_stdio();
  ctrun_context_free(ctx);
  CHECK(abi_count_fds() == fds_before, "fds: %d before, %d after", fds_before, abi_count_fds());
  abi_rm_rf(tmp);
  free(tmp);
  free(rootfs);
  free(state_root);
  if (abi_failures) {
    fprintf(stderr, "%d checks failed\n", abi_failures);
    return 1;
  }
  printf("PASS: lifecycle, stale handles, run, list and live-handle bad arguments\n");
  return 0;
}
