/* fs-driver: runs a command in a container whose filesystem is set up by
 * rootfs.h alone (no lifecycle from the core), for the fs-*.sh tests.
 *
 *   fs-driver [--no-pivot] [--terminal] BUNDLE CMD [ARG...]
 *
 * Reads BUNDLE/config.json, plans, clones into the namespaces the config
 * lists (user namespaces get the config's id maps), sets up the rootfs in
 * the child and execs CMD inside.  A setup failure is printed as
 * "fs-driver: <message>: <strerror>" with exit status 125; otherwise the
 * command's exit status is returned.  With --terminal the pty master is
 * passed back and copied to stdout. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/rootfs.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

struct child_args {
  const struct rootfs_plan *plan;
  char **argv;
  int sock; /* child end: errors and the console master go here */
  int go;   /* read end: the parent wrote the id maps */
  bool setsid_tty;
};

static void send_fd(int sock, int fd) {
  char c = 'M';
  struct iovec iov = {&c, 1};
  char cbuf[CMSG_SPACE(sizeof(int))];
  memset(cbuf, 0, sizeof(cbuf));
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &fd, sizeof(int));
  (void)sendmsg(sock, &msg, 0);
}

static int child_main(void *arg) {
  struct child_args *a = arg;
  char c;
  if (read(a->go, &c, 1) != 1)
    _exit(126);
  if (a->setsid_tty)
    setsid();
  struct child_error e = {0};
  int master = -1;
  if (rootfs_setup_child(a->plan, &master, &e) < 0) {
    char tag = 'E';
    (void)write(a->sock, &tag, 1);
    (void)write(a->sock, &e, sizeof(e));
    _exit(125);
  }
  if (master >= 0) {
    send_fd(a->sock, master);
    close(master);
  }
  char *envp[] = {"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/root", NULL};
  execve(a->argv[0], a->argv, envp);
  e.errnum = errno;
  snprintf(e.message, sizeof(e.message), "exec %s", a->argv[0]);
  char tag = 'E';
  (void)write(a->sock, &tag, 1);
  (void)write(a->sock, &e, sizeof(e));
  _exit(127);
}

static int read_config(const char *bundle, spec_config **ret) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/config.json", bundle);
  _cleanup_fclose_ FILE *f = fopen(path, "re");
  if (f == NULL) {
    fprintf(stderr, "fs-driver: %s: %s\n", path, strerror(errno));
    return -1;
  }
  _cleanup_free_ char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    fwrite(buf, 1, n, m);
  fclose(m);
  ctrun_error *err = NULL;
  if (spec_config_parse(text, len, "config.json", ret, &err) < 0) {
    char msg[2048];
    fprintf(stderr, "fs-driver: %s\n", error_format(err, msg, sizeof(msg)));
    error_free(err);
    return -1;
  }
  return 0;
}

static int ns_flags(const spec_config *cfg) {
  static const struct {
    const char *type;
    int flag;
  } map[] = {{"mount", CLONE_NEWNS},     {"pid", CLONE_NEWPID}, {"network", CLONE_NEWNET},
             {"ipc", CLONE_NEWIPC},      {"uts", CLONE_NEWUTS}, {"user", CLONE_NEWUSER},
             {"cgroup", CLONE_NEWCGROUP}};
  int flags = 0;
  for (size_t i = 0; i < cfg->linux_.n_namespaces; i++)
    for (size_t j = 0; j < ARRAY_SIZE(map); j++)
      if (strcmp(cfg->linux_.namespaces[i].type, map[j].type) == 0)
        flags |= map[j].flag;
  return flags;
}

static int write_map(pid_t pid, const char *file, const spec_id_mapping *m, size_t n) {
  char path[64], text[1024] = "";
  snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
  for (size_t i = 0; i < n; i++)
    snprintf(text + strlen(text), sizeof(text) - strlen(text), "%u %u %u\n", m[i].container_id,
             m[i].host_id, m[i].size);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t w = write(fd, text, strlen(text));
  close(fd);
  return w < 0 ? -1 : 0;
}

/* Reads what the child reports: an error, or the console master (copied to
 * stdout until the pty closes). */
static int relay(int sock, pid_t pid) {
  char tag;
  char cbuf[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {&tag, 1};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
  ssize_t n = recvmsg(sock, &msg, 0);
  if (n == 1 && tag == 'E') {
    struct child_error e;
    if (read(sock, &e, sizeof(e)) == (ssize_t)sizeof(e)) {
      e.message[sizeof(e.message) - 1] = '\0';
      fprintf(stderr, "fs-driver: %s%s%s\n", e.message, e.errnum ? ": " : "",
              e.errnum ? strerror(e.errnum) : "");
    }
    waitpid(pid, NULL, 0);
    return 125;
  }
  if (n == 1 && tag == 'M') {
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    int master;
    memcpy(&master, CMSG_DATA(cm), sizeof(int));
    char buf[4096];
    ssize_t r;
    while ((r = read(master, buf, sizeof(buf))) > 0)
      fwrite(buf, 1, (size_t)r, stdout);
    fflush(stdout);
    close(master);
    return relay(sock, pid);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0)
    return 125;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
  struct rootfs_options opts = {.new_mount_ns = true};
  int i = 1;
  for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
    if (strcmp(argv[i], "--no-pivot") == 0)
      opts.no_pivot = true;
    else if (strcmp(argv[i], "--terminal") == 0)
      opts.terminal = true;
    else
      break;
  }
  if (argc - i < 2) {
    fprintf(stderr, "usage: fs-driver [--no-pivot] [--terminal] BUNDLE CMD [ARG...]\n");
    return 2;
  }
  char *bundle = realpath(argv[i], NULL);
  if (bundle == NULL) {
    fprintf(stderr, "fs-driver: %s: %s\n", argv[i], strerror(errno));
    return 2;
  }
  spec_config *cfg = NULL;
  if (read_config(bundle, &cfg) < 0)
    return 125;
  int flags = ns_flags(cfg);
  opts.bundle = bundle;
  opts.new_mount_ns = flags & CLONE_NEWNS;
  opts.new_user_ns = flags & CLONE_NEWUSER;
  struct rootfs_plan *plan = NULL;
  ctrun_error *err = NULL;
  if (rootfs_plan_new(cfg, &opts, &plan, &err) < 0) {
    char msg[2048];
    fprintf(stderr, "fs-driver: %s\n", error_format(err, msg, sizeof(msg)));
    return 125;
  }
  int sv[2], go[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 || pipe2(go, O_CLOEXEC) < 0)
    return 125;
  struct child_args a = {plan, argv + i + 1, sv[1], go[0], opts.terminal};
  size_t stack_size = 1 << 20;
  char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  pid_t pid = clone(child_main, stack + stack_size, flags | SIGCHLD, &a);
  if (pid < 0) {
    fprintf(stderr, "fs-driver: clone: %s\n", strerror(errno));
    return 125;
  }
  close(sv[1]);
  close(go[0]);
  if (flags & CLONE_NEWUSER) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      (void)write(fd, "deny", 4);
      close(fd);
    }
    if (write_map(pid, "uid_map", cfg->linux_.uid_mappings, cfg->linux_.n_uid_mappings) < 0 ||
        write_map(pid, "gid_map", cfg->linux_.gid_mappings, cfg->linux_.n_gid_mappings) < 0) {
      fprintf(stderr, "fs-driver: writing id maps: %s\n", strerror(errno));
      kill(pid, SIGKILL);
      return 125;
    }
  }
  (void)write(go[1], "g", 1);
  close(go[1]);
  int rc = relay(sv[0], pid);
  rootfs_plan_free(plan);
  spec_config_free(cfg);
  free(bundle);
  return rc;
}
