/* container_state, container_list, container_pid, container_wait. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/handle.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

int container_state(const struct container_context *ctx, const char *id, spec_state **ret,
                    ctrun_error **err) {
  struct handle h;
  int r = handle_open_unlocked(ctx, id, &h, err);
  if (r < 0)
    return r;
  r = record_to_spec_state(h.rec, state_status(h.dir_fd, h.rec), ret, err);
  handle_close(&h);
  return r;
}

/* One container of a list, in the open state root, without opening its
 * directory: 200 containers, 400 syscalls fewer. */
static int state_at(int root_fd, const char *id, spec_state **ret, ctrun_error **err) {
  struct container_record *rec = NULL;
  int r = state_read_in_root(root_fd, id, &rec, err);
  if (r < 0)
    return r;
  r = record_to_spec_state(rec, state_status_in_root(root_fd, id, rec), ret, err);
  container_record_free(rec);
  return r;
}

int container_pid(const struct container_context *ctx, const char *id, pid_t *ret,
                  ctrun_error **err) {
  struct handle h;
  int r = handle_open_unlocked(ctx, id, &h, err);
  if (r < 0)
    return r;
  *ret = state_pid_alive(h.rec) ? h.rec->pid : 0;
  handle_close(&h);
  return 0;
}

void container_state_list_free(spec_state **list, size_t n) {
  for (size_t i = 0; i < n; i++)
    spec_state_free(list[i]);
  free(list);
}

static int by_id(const void *a, const void *b) {
  const spec_state *x = *(spec_state *const *)a, *y = *(spec_state *const *)b;
  return strcmp(x->id, y->id);
}

int container_list(const struct container_context *ctx, spec_state ***ret, size_t *ret_n,
                   ctrun_error **err) {
  const char *root = handle_state_root(ctx);
  DIR *d = opendir(root);
  if (d == NULL) {
    if (errno == ENOENT) {
      *ret = NULL;
      *ret_n = 0;
      return 0;
    }
    return error_set(err, errno, "open state root %s", root);
  }
  spec_state **list = NULL;
  size_t n = 0;
  int r = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.' || de->d_type != DT_DIR)
      continue;
    spec_state *s = NULL;
    ctrun_error *e = NULL;
    /* a container deleted meanwhile is simply not listed */
    if (spec_validate_id(de->d_name, NULL) < 0 || state_at(dirfd(d), de->d_name, &s, &e) < 0) {
      error_free(e);
      continue;
    }
    spec_state **nl = realloc(list, (n + 1) * sizeof(*list));
    if (nl == NULL) {
      spec_state_free(s);
      r = error_set(err, ENOMEM, "list");
      break;
    }
    list = nl;
    list[n++] = s;
  }
  closedir(d);
  if (r < 0) {
    container_state_list_free(list, n);
    return r;
  }
  if (n > 1)
    qsort(list, n, sizeof(*list), by_id);
  *ret = list;
  *ret_n = n;
  return 0;
}

/* glibc 2.36 does not name it */
#define WAIT_P_PIDFD ((idtype_t)3)

static int exit_code_of(const siginfo_t *si) {
  if (si->si_code == CLD_EXITED)
    return si->si_status;
  if (si->si_code == CLD_KILLED || si->si_code == CLD_DUMPED)
    return 128 + si->si_status;
  return -1;
}

/* Like record_pidfd, but an init that has exited and is not reaped yet (a
 * zombie) is still ours to wait for: its exit status is there to collect. */
static int init_pidfd(const struct container_record *rec, int *ret, ctrun_error **err) {
  if (rec->pid <= 0)
    return error_set(err, ESRCH, "container %s is not running", rec->id);
  int fd = (int)syscall(SYS_pidfd_open, rec->pid, 0);
  if (fd < 0)
    return error_set(err, errno, "container %s is not running", rec->id);
  /* the pidfd pins the pid: the start time tells it is still our init */
  unsigned long long start;
  if (proc_stat_read(rec->pid, &start, NULL) < 0 || start != rec->start_time) {
    close(fd);
    return error_set(err, ESRCH, "container %s is not running", rec->id);
  }
  *ret = fd;
  return 0;
}

int container_wait(const struct container_context *ctx, const char *id, int *ret_exit_code,
                   ctrun_error **err) {
  struct handle h;
  int r = handle_open_unlocked(ctx, id, &h, err);
  if (r < 0)
    return r;
  /* wait without holding the lock: delete and kill must stay possible */
  int pidfd = -1;
  r = init_pidfd(h.rec, &pidfd, err);
  handle_close(&h);
  if (r < 0)
    return r;
  int code = -1;
  siginfo_t si;
  memset(&si, 0, sizeof(si));
  while ((r = waitid(WAIT_P_PIDFD, (id_t)pidfd, &si, WEXITED)) < 0 && errno == EINTR)
    ;
  if (r == 0) {
    code = exit_code_of(&si);
  } else {
    /* not our child: its status goes to its parent; wait for the exit */
    struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
    while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
      ;
  }
  close(pidfd);
  if (ret_exit_code)
    *ret_exit_code = code;
  return 0;
}
