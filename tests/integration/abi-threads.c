/* 8 threads create, start, wait for and delete 50 containers between them
 * through the public API: half the threads share one context, the others
 * have their own.  Passes when every container ran /bin/true (status 0),
 * nothing is left (state, cgroups, fds) and no thread hung: after
 * DEADLINE_SECONDS the test fails, SIGKILLs the processes of its own
 * cgroups (which unblocks the threads) and cleans up.  Run it under
 * --enable-sanitizers for leaks. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "abi-util.h"

#define N_THREADS 8
#define N_CONTAINERS 50
#define DEADLINE_SECONDS 120
#define WATCHDOG_SECONDS 600 /* if even the clean-up hangs */

static char *tmp, *state_root;
static ctrun_context *shared_ctx;
static unsigned next_index; /* atomic: the next container to run */
static int ok_count;        /* atomic */

static void id_of(unsigned i, char *buf, size_t len) {
  snprintf(buf, len, "thr-%d-%u", (int)getpid(), i);
}

static void cgroup_of(unsigned i, char *buf, size_t len) {
  snprintf(buf, len, "ctrun-abi-thr-%d-%u", (int)getpid(), i);
}

/* Joins every thread; false when they are not done by the deadline. */
static bool join_all(pthread_t *th, bool *joined, int seconds) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += seconds;
  bool all = true;
  for (int n = 0; n < N_THREADS; n++)
    if (!joined[n]) {
      joined[n] = pthread_timedjoin_np(th[n], NULL, &deadline) == 0;
      all = all && joined[n];
    }
  return all;
}

/* After a deadlock: kill what the containers run, let the threads finish,
 * delete what is left. */
static void rescue(pthread_t *th, bool *joined) {
  /* no new containers; kill what runs until every thread is out */
  __atomic_store_n(&next_index, N_CONTAINERS, __ATOMIC_RELAXED);
  bool out = false;
  for (int round = 0; round < 30 && !out; round++) {
    for (unsigned i = 0; i < N_CONTAINERS; i++) {
      char cg[64];
      cgroup_of(i, cg, sizeof(cg));
      abi_cgroup_kill(cg);
    }
    out = join_all(th, joined, 1);
  }
  if (!out) {
    fprintf(stderr, "FAIL: threads still blocked after killing the containers\n");
    _exit(1);
  }
  for (unsigned i = 0; i < N_CONTAINERS; i++) {
    char id[64], cg[64];
    id_of(i, id, sizeof(id));
    cgroup_of(i, cg, sizeof(cg));
    ctrun_container *c = NULL;
    if (ctrun_container_open(shared_ctx, id, &c, NULL) == 0)
      ctrun_container_delete(c, CTRUN_DELETE_FORCE, NULL);
    ctrun_container_free(c);
    abi_cgroup_remove(cg);
  }
}

static ctrun_context *new_context(void) {
  ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;
  o.state_root = state_root;
  ctrun_context *ctx = NULL;
  ctrun_error *err = NULL;
  if (ctrun_context_new(&o, &ctx, &err) < 0) {
    fprintf(stderr, "FAIL: ctrun_context_new: %s\n", abi_msg(err));
    exit(1);
  }
  return ctx;
}

/* One container's whole life; returns 0 when it went as expected. */
static int one_container(ctrun_context *ctx, unsigned i) {
  char id[64], bundle[PATH_MAX];
  id_of(i, id, sizeof(id));
  snprintf(bundle, sizeof(bundle), "%s/bundle-%u", tmp, i);
  ctrun_create_options opts = CTRUN_CREATE_OPTIONS_INIT;
  opts.bundle = bundle;
  ctrun_container *c = NULL;
  ctrun_error *err = NULL;
  int status = -1, r;
  if ((r = ctrun_container_create(ctx, id, &opts, &c, &err)) < 0)
    goto out;
  if ((r = ctrun_container_start(c, &err)) < 0)
    goto out;
  if ((r = ctrun_container_wait(c, &status, &err)) < 0)
    goto out;
  r = ctrun_container_delete(c, 0, &err);
out:
  if (r < 0) {
    fprintf(stderr, "FAIL: container %s: %s (errno %d)\n", id, abi_msg(err),
            ctrun_error_get_errno(err));
    ctrun_error_free(err);
    if (c)
      ctrun_container_delete(c, CTRUN_DELETE_FORCE, NULL);
  } else if (status != 0) {
    fprintf(stderr, "FAIL: container %s: /bin/true exited with %d\n", id, status);
    r = -1;
  }
  ctrun_container_free(c);
  return r;
}

static void *worker(void *arg) {
  long n = (long)arg;
  ctrun_context *ctx = n % 2 ? new_context() : shared_ctx;
  unsigned i;
  while ((i = __atomic_fetch_add(&next_index, 1, __ATOMIC_RELAXED)) < N_CONTAINERS)
    if (one_container(ctx, i) == 0)
      __atomic_add_fetch(&ok_count, 1, __ATOMIC_RELAXED);
  if (ctx != shared_ctx)
    ctrun_context_free(ctx);
  return NULL;
}

int main(void) {
  abi_require_root();
  alarm(WATCHDOG_SECONDS);
  tmp = abi_tmpdir("abi-threads");
  char rootfs[PATH_MAX];
  snprintf(rootfs, sizeof(rootfs), "%s/rootfs", tmp);
  abi_make_rootfs(rootfs);
  if (asprintf(&state_root, "%s/state", tmp) < 0)
    return 1;
  for (unsigned i = 0; i < N_CONTAINERS; i++) {
    char bundle[PATH_MAX], cg[64];
    snprintf(bundle, sizeof(bundle), "%s/bundle-%u", tmp, i);
    cgroup_of(i, cg, sizeof(cg));
    abi_write_bundle(bundle, rootfs, "[\"/bin/true\"]", cg);
  }
  int fds_before = abi_count_fds();
  shared_ctx = new_context();
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pthread_t th[N_THREADS];
  bool joined[N_THREADS] = {false};
  for (long n = 0; n < N_THREADS; n++)
    if (pthread_create(&th[n], NULL, worker, (void *)n) != 0) {
      perror("pthread_create");
      return 1;
    }
  bool in_time = join_all(th, joined, DEADLINE_SECONDS);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  CHECK(in_time, "deadlock: %u of %d containers started, threads blocked after %d s",
        __atomic_load_n(&next_index, __ATOMIC_RELAXED), N_CONTAINERS, DEADLINE_SECONDS);
  if (!in_time)
    rescue(th, joined);

  CHECK(ok_count == N_CONTAINERS, "%d of %d containers ran", ok_count, N_CONTAINERS);
  ctrun_state **list = NULL;
  size_t n = 99;
  ctrun_error *err = NULL;
  CHECK(ctrun_container_list(shared_ctx, &list, &n, &err) == 0, "list: %s", abi_msg(err));
  CHECK(n == 0, "%zu containers left in the state root", n);
  ctrun_state_list_free(list, n);
  ctrun_error_free(err);
  ctrun_context_free(shared_ctx);
  for (unsigned i = 0; i < N_CONTAINERS; i++) {
    char cg[64];
    cgroup_of(i, cg, sizeof(cg));
    CHECK(!abi_cgroup_exists(cg), "cgroup %s left behind", cg);
  }
  int fds_after = abi_count_fds();
  CHECK(fds_after == fds_before, "fds: %d before, %d after", fds_before, fds_after);
  abi_rm_rf(tmp);
  free(tmp);
  free(state_root);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (abi_failures)
    return 1;
  printf("PASS: %d threads ran %d containers in %.1f s; no state, cgroup or fd left\n",
         N_THREADS, N_CONTAINERS, secs);
  return 0;
}
