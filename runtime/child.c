/* The container's init between clone and execve.  Async-signal-safe only:
 * raw system calls on what the parent prepared in the plan (this runs in a
 * copy of a possibly multi-threaded process: no malloc, stdio, locks, and no
 * glibc set*id wrappers, which would signal threads that do not exist). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "runtime/child.h"
#include "runtime/fdpass.h"
#include "runtime/sync.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#define KEYCTL_JOIN_SESSION_KEYRING 1

/* One protocol message; fd >= 0 rides along (SCM_RIGHTS): the seccomp
 * listener with SYNC_READY. */
static int send_msg_fd(int sock, int type, int pid, int exit_code, const struct child_error *e,
                       int fd) {
  struct sync_msg m;
  memset(&m, 0, sizeof(m));
  m.type = type;
  m.pid = pid;
  m.exit_code = exit_code;
  if (e)
    m.err = *e;
  return fd_send(sock, &m, sizeof(m), fd) == (ssize_t)sizeof(m) ? 0 : -1;
}

static int send_msg(int sock, int type, int pid, int exit_code, const struct child_error *e) {
  return send_msg_fd(sock, type, pid, exit_code, e, -1);
}

/* 0 when the expected message arrived; anything else ends the child */
static int wait_msg(int fd, int type) {
  struct sync_msg m;
  for (;;) {
    ssize_t n = recv(fd, &m, sizeof(m), 0);
    if (n < 0 && errno == EINTR)
      continue;
    return n == (ssize_t)sizeof(m) && m.type == type ? 0 : -1;
  }
}

static __attribute__((noreturn)) void fail(const struct container_plan *p,
                                           const struct child_error *e, int code) {
  send_msg(p->sync_fd, SYNC_ERROR, 0, code, e);
  _exit(code ? code : 1);
}

static int loopback_up(struct child_error *e) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return child_fail(e, errno, "bring up lo: socket");
  struct ifreq ifr;
  memset(&ifr, 0, sizeof(ifr));
  sigsafe_strlcpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name));
  int r = ioctl(fd, SIOCGIFFLAGS, &ifr);
  if (r == 0) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    r = ioctl(fd, SIOCSIFFLAGS, &ifr);
  }
  int saved = errno;
  close(fd);
  return r < 0 ? child_fail(e, saved, "bring up lo") : 0;
}

static int send_console(const struct container_plan *p, int master, struct child_error *e) {
  if (p->console_rows || p->console_cols) {
    struct winsize ws = {.ws_row = (unsigned short)p->console_rows,
                         .ws_col = (unsigned short)p->console_cols};
    if (ioctl(master, TIOCSWINSZ, &ws) < 0)
      return child_fail(e, errno, "set console size");
  }
  static const char data[] = "console";
  if (fd_send(p->console_socket, data, sizeof(data) - 1, master) < 0)
    return child_fail(e, errno, "send the console to --console-socket");
  close(master);
  close(p->console_socket);
  return 0;
}

static int is_executable(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0)
    return -errno;
  if (!S_ISREG(st.st_mode))
    return -EACCES;
  if (faccessat(AT_FDCWD, path, X_OK, 0) < 0)
    return -errno;
  return 0;
}

/* PATH lookup inside the container (before the seccomp filter, which may
 * deny stat or access calls, so as root: a file only the container user
 * cannot execute fails at execve instead, with 126): 127 when nothing is
 * found, 126 when something is found but cannot be executed. */
static int find_executable(struct container_plan *p, struct child_error *e, int *ret_code) {
  const char *name = p->argv[0];
  bool has_slash = false;
  for (const char *s = name; *s; s++)
    has_slash |= *s == '/';
  if (has_slash) {
    if (sigsafe_strlcpy(p->exec_path, name, sizeof(p->exec_path)) < 0)
      return *ret_code = 127, child_fail(e, ENAMETOOLONG, "exec: \"%s\"", name);
    int r = is_executable(p->exec_path);
    if (r == 0)
      return 0;
    *ret_code = r == -ENOENT || r == -ENOTDIR ? 127 : 126;
    return child_fail(e, -r, "exec: \"%s\"", name);
  }
  bool denied = false;
  size_t name_len = sigsafe_strlen(name);
  for (const char *dir = p->path_env;; ) {
    const char *end = dir;
    while (*end && *end != ':')
      end++;
    size_t dlen = (size_t)(end - dir);
    if (dlen == 0) {
      dir = ".";
      dlen = 1;
    }
    if (dlen + 1 + name_len < sizeof(p->exec_path)) {
      memcpy(p->exec_path, dir, dlen);
      p->exec_path[dlen] = '/';
      memcpy(p->exec_path + dlen + 1, name, name_len + 1);
      int r = is_executable(p->exec_path);
      if (r == 0)
        return 0;
      if (r == -EACCES)
        denied = true;
    }
    if (*end == '\0')
      break;
    dir = end + 1;
  }
  if (denied) {
    *ret_code = 126;
    return child_fail(e, EACCES, "exec: \"%s\"", name);
  }
  *ret_code = 127;
  return child_fail(e, 0, "exec: \"%s\": executable file not found in $PATH", name);
}

static int write_attr(const char *path, const char *value, struct child_error *e) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return child_fail(e, errno, "open %s", path);
  size_t len = sigsafe_strlen(value);
  ssize_t n = write(fd, value, len);
  int saved = errno;
  close(fd);
  if (n != (ssize_t)len)
    return child_fail(e, n < 0 ? saved : EIO, "write %s", path);
  return 0;
}

/* Namespaces joined by path, then (fork mode) the intermediate's fork.
 * Returns in the process that goes on as the container's init. */
/* Namespaces joined by path (create) or all those of the running init at
 * once (exec), then, when a pid or time namespace needs it, the fork of
 * the process that goes on.  Returns in that process. */
static void enter_namespaces(struct container_plan *p, struct child_error *e) {
  for (size_t i = 0; i < p->n_joins; i++) {
    if (setns(p->joins[i].fd, p->joins[i].type) < 0) {
      child_fail(e, errno, "join namespace of type 0x%x", (unsigned)p->joins[i].type);
      fail(p, e, 0);
    }
    close(p->joins[i].fd);
  }
  if (p->join_pidfd >= 0) {
    if (p->join_flags && setns(p->join_pidfd, p->join_flags) < 0) {
      child_fail(e, errno, "join the container's namespaces (0x%x)", (unsigned)p->join_flags);
      fail(p, e, 0);
    }
    close(p->join_pidfd);
  }
  if (!(p->join_pid || p->new_time))
    return;
  if (p->new_time && unshare(CLONE_NEWTIME) < 0) {
    child_fail(e, errno, "unshare the time namespace");
    fail(p, e, 0);
  }
  if (p->unshare_pid && unshare(CLONE_NEWPID) < 0) {
    child_fail(e, errno, "unshare the pid namespace");
    fail(p, e, 0);
  }
  if (send_msg(p->sync_fd, SYNC_STAGE1, 0, 0, NULL) < 0 || wait_msg(p->sync_fd, SYNC_GO1) < 0)
    _exit(1);
  /* exec: a sibling, i.e. the runtime's own child, so that it can wait */
  unsigned long flags = SIGCHLD | (p->exec_mode ? CLONE_PARENT : 0);
  long pid = syscall(SYS_clone, flags, 0, 0, 0, 0);
  if (pid < 0) {
    child_fail(e, errno, "fork the container's process");
    fail(p, e, 0);
  }
  if (pid > 0) {
    send_msg(p->sync_fd, SYNC_PID, (int)pid, 0, NULL);
    _exit(0);
  }
  /* the parent-death signal is not inherited; for a sibling the parent is
   * the runtime again */
  if (p->exec_mode)
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

static void become_user(struct container_plan *p, struct child_error *e) {
  if (p->set_groups && syscall(SYS_setgroups, p->n_gids, p->gids) < 0) {
    child_fail(e, errno, "setgroups (process.user.additionalGids)");
    fail(p, e, 0);
  }
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
    child_fail(e, errno, "prctl(PR_SET_KEEPCAPS)");
    fail(p, e, 0);
  }
  if (syscall(SYS_setresgid, p->gid, p->gid, p->gid) < 0) {
    child_fail(e, errno, "setresgid %u (process.user.gid)", (unsigned)p->gid);
    fail(p, e, 0);
  }
  if (syscall(SYS_setresuid, p->uid, p->uid, p->uid) < 0) {
    child_fail(e, errno, "setresuid %u (process.user.uid)", (unsigned)p->uid);
    fail(p, e, 0);
  }
  prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
  if (p->caps.present && caps_apply_child(&p->caps, e) < 0)
    fail(p, e, 0);
}

static void setup_process(struct container_plan *p, struct child_error *e) {
  for (size_t i = 0; i < p->n_rlimits; i++)
    if (setrlimit(p->rlimits[i].resource, &p->rlimits[i].limit) < 0) {
      child_fail(e, errno, "setrlimit %d (process.rlimits[%zu])", p->rlimits[i].resource, i);
      fail(p, e, 0);
    }
  if (p->personality_set && personality(p->personality) < 0) {
    child_fail(e, errno, "personality (linux.personality)");
    fail(p, e, 0);
  }
  if (p->ioprio_set && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, p->ioprio) < 0) {
    child_fail(e, errno, "ioprio_set (process.ioPriority)");
    fail(p, e, 0);
  }
  if (p->sched_set && syscall(SYS_sched_setattr, 0, &p->sched, 0) < 0) {
    child_fail(e, errno, "sched_setattr (process.scheduler)");
    fail(p, e, 0);
  }
  if (p->umask_set)
    umask(p->umask);
  if (p->lsm_attr_value && write_attr(p->lsm_attr_path, p->lsm_attr_value, e) < 0)
    fail(p, e, 0);
}

/* Closes every fd above the preserved range but those of keep_fds: the
 * caller's other threads may have opened anything (flock'd state
 * directories, directories of the host) without CLOEXEC, and we copied
 * them all with the fd table.  Until this is done, no path is resolved. */
static void close_foreign_fds(const struct container_plan *p) {
  unsigned from = 3 + p->preserve_fds;
  for (size_t i = 0; i < p->n_keep_fds; i++) {
    unsigned fd = (unsigned)p->keep_fds[i];
    if (fd > from)
      syscall(SYS_close_range, from, fd - 1, 0);
    if (fd + 1 > from)
      from = fd + 1;
  }
  syscall(SYS_close_range, from, ~0U, 0);
}

/* The cwd must be inside the container's root: a cwd such as
 * /proc/self/fd/N naming a directory of the host (CVE-2024-21626) is
 * reported by getcwd(2) as unreachable ("(unreachable)/..." or ENOENT). */
static int check_cwd(const struct container_plan *p, struct child_error *e) {
  char buf[PATH_MAX];
  long n = syscall(SYS_getcwd, buf, sizeof(buf));
  if (n < 0)
    return child_fail(e, errno, "process.cwd %s: check the working directory", p->cwd);
  if (n == 0 || buf[0] != '/')
    return child_fail(e, EPERM, "process.cwd %s: outside of the container's root", p->cwd);
  return 0;
}

/* create only: what makes the container (the init's namespaces, its
 * filesystem and console). */
static void setup_container(struct container_plan *p, int *master, struct child_error *e) {
  if (p->new_cgroup && unshare(CLONE_NEWCGROUP) < 0) {
    child_fail(e, errno, "unshare the cgroup namespace");
    fail(p, e, 0);
  }
  if (p->new_net && loopback_up(e) < 0)
    fail(p, e, 0);
  if (p->hostname && sethostname(p->hostname, sigsafe_strlen(p->hostname)) < 0) {
    child_fail(e, errno, "sethostname %s", p->hostname);
    fail(p, e, 0);
  }
  if (p->domainname && setdomainname(p->domainname, sigsafe_strlen(p->domainname)) < 0) {
    child_fail(e, errno, "setdomainname %s", p->domainname);
    fail(p, e, 0);
  }
  if (rootfs_setup_child(p->rootfs, master, e) < 0)
    fail(p, e, 0);
}

void child_main(struct container_plan *p) {
  struct child_error e;
  memset(&e, 0, sizeof(e));
  /* the caller's stdio for the process: before the other fds go */
  for (int i = 0; i < 3; i++)
    if (p->stdio[i] >= 0 && syscall(SYS_dup3, p->stdio[i], i, 0) < 0)
      _exit(1);
  close_foreign_fds(p);
  if (p->lock_fd >= 0 && p->lock_fd < 3 + (int)p->preserve_fds)
    close(p->lock_fd);
  /* the caller's blocked signals would be inherited across execve */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  /* until it execs, the process holds the runtime's secrets: no ptrace, no
   * core dump, and it dies with the runtime (CVE-2016-9962) */
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  /* exec: the CPUs the process runs on until it is in the container's
   * cgroup (the runtime sets the final ones after that move) */
  if (p->affinity_initial_set &&
      syscall(SYS_sched_setaffinity, 0, sizeof(p->affinity_initial), &p->affinity_initial) < 0) {
    child_fail(&e, errno, "sched_setaffinity (process.execCPUAffinity.initial)");
    fail(p, &e, 0);
  }
  enter_namespaces(p, &e);

  if (wait_msg(p->sync_fd, SYNC_GO) < 0)
    _exit(1);
  /* a session of its own, as runc does: the console can then become its
   * controlling terminal, and the runtime's terminal signals stay out */
  if (setsid() < 0) {
    child_fail(&e, errno, "setsid");
    fail(p, &e, 0);
  }
  if (p->user_ns && (syscall(SYS_setresgid, 0, 0, 0) < 0 || syscall(SYS_setresuid, 0, 0, 0) < 0)) {
    child_fail(&e, errno, "become root in the user namespace");
    fail(p, &e, 0);
  }
  int master = -1;
  if (!p->exec_mode)
    setup_container(p, &master, &e);
  else if (p->terminal && console_setup_exec(&master, &e) < 0)
    fail(p, &e, 0);
  /* a fresh session keyring so that containers do not share the host's;
   * kernels without keyrings are fine */
  if (p->keyring_name[0] &&
      syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, p->keyring_name) < 0 &&
      errno != ENOSYS && errno != EACCES) {
    child_fail(&e, errno, "join session keyring %s", p->keyring_name);
    fail(p, &e, 0);
  }
  if (p->terminal && master >= 0 && send_console(p, master, &e) < 0)
    fail(p, &e, 0);
  if (chdir(p->cwd) < 0) {
    child_fail(&e, errno, "chdir %s (process.cwd)", p->cwd);
    fail(p, &e, 0);
  }
  if (check_cwd(p, &e) < 0)
    fail(p, &e, 0);
  setup_process(p, &e);
  /* Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it
   * while we still have it (as runc does); the filter then has to allow
   * the few calls that follow.  With no_new_privs it is the last step. */
  int code = 0;
  if (find_executable(p, &e, &code) < 0)
    fail(p, &e, code);
  int notify_fd = -1;
  if (p->seccomp && !p->no_new_privs && seccomp_load_child(p->seccomp, &notify_fd, &e) < 0)
    fail(p, &e, 0);
  become_user(p, &e);
  if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
    child_fail(&e, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
    fail(p, &e, 0);
  }
  if (!p->exec_mode)
    prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (p->seccomp && p->no_new_privs && seccomp_load_child(p->seccomp, &notify_fd, &e) < 0)
    fail(p, &e, 0);
  /* exec: once ready the process is on its own (the runtime may exit at
   * once, with --detach).  Cleared before the message: a paused
   * container's cgroup freezes us as soon as the runtime reads it.  A
   * runtime that dies before the late go closes the socket instead, which
   * ends the wait below. */
  if (p->exec_mode)
    prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
  /* the listener goes to the runtime, which hands it to listenerPath */
  if (send_msg_fd(p->sync_fd, SYNC_READY, 0, 0, NULL, notify_fd) < 0)
    _exit(1);
  if (notify_fd >= 0)
    close(notify_fd);
  if (p->go_after_ready && wait_msg(p->sync_fd, SYNC_GO) < 0)
    _exit(1);
  close(p->sync_fd);

  if (!p->exec_mode) {
    /* created: wait for start */
    char c;
    ssize_t n;
    do
      n = read(p->fifo_fd, &c, 1);
    while (n < 0 && errno == EINTR);
    if (n != 1)
      _exit(1);
  }
  for (unsigned fd = 3; fd < 3 + p->preserve_fds; fd++)
    fcntl((int)fd, F_SETFD, 0);
  /* everything else is closed by execve */
  syscall(SYS_close_range, 3 + p->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
  execve(p->exec_path, p->argv, p->envp);
  int saved = errno;
  child_fail(&e, saved, "exec %s", p->exec_path);
  char msg[CHILD_ERROR_MAX + 64];
  size_t len = sigsafe_format(msg, sizeof(msg), "ctrun: %s: errno %d\n", e.message, saved);
  if (write(2, msg, len) < 0)
    _exit(127);
  _exit(saved == ENOENT ? 127 : 126);
}
