/* bench-spawn: times one command (or a batch run at once) for
 * tests/bench/bench.sh, without the shell's fork in the timed region.
 *
 *   bench-spawn [-j N] [-o TIMES] [-m RSS] [-c CPU] -- COMMAND ARGS...
 *
 * The command is started with posix_spawn (vfork-like, as Go and most
 * engines start a runtime) and reaped with wait4.  Appends one line to
 * TIMES: the wall time in microseconds from spawn to reap.  Appends to RSS
 * the peak RSS in KiB that wait4 reports (the command and the children it
 * reaped, like GNU time's %M), and to CPU the user+system CPU time in
 * microseconds (less noisy than wall time on a busy machine).  With -j N, N copies start at once, "%i" in
 * an argument becomes the copy's index, TIMES gets the batch's wall time
 * and RSS the largest peak.  stdin, stdout and stderr are inherited.
 * Exit status: 0 when every copy exited 0, else 1 (after reaping all). */
#include "config.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* argv with every "%i" replaced by the index */
static char **expand(char **argv, int index) {
  size_t n = 0;
  while (argv[n])
    n++;
  char **out = calloc(n + 1, sizeof(char *));
  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    const char *p = strstr(argv[i], "%i");
    if (p == NULL) {
      out[i] = argv[i];
      continue;
    }
    if (asprintf(&out[i], "%.*s%d%s", (int)(p - argv[i]), argv[i], index, p + 2) < 0)
      return NULL;
  }
  return out;
}

static int append(const char *path, long long v) {
  if (path == NULL)
    return 0;
  FILE *f = fopen(path, "a");
  if (f == NULL) {
    perror(path);
    return -1;
  }
  fprintf(f, "%lld\n", v);
  return fclose(f);
}

int main(int argc, char **argv) {
  const char *times = NULL, *rss = NULL, *cpu = NULL;
  int jobs = 1, c;
  while ((c = getopt(argc, argv, "+j:o:m:c:")) != -1) {
    switch (c) {
    case 'j':
      jobs = atoi(optarg);
      break;
    case 'o':
      times = optarg;
      break;
    case 'm':
      rss = optarg;
      break;
    case 'c':
      cpu = optarg;
      break;
    default:
      fprintf(stderr, "usage: bench-spawn [-j N] [-o TIMES] [-m RSS] [-c CPU] -- COMMAND ARGS...\n");
      return 2;
    }
  }
  if (optind >= argc || jobs < 1 || jobs > 4096) {
    fprintf(stderr, "bench-spawn: no command, or a bad -j\n");
    return 2;
  }
  char ***cmds = calloc((size_t)jobs, sizeof(char **));
  pid_t *pids = calloc((size_t)jobs, sizeof(pid_t));
  if (cmds == NULL || pids == NULL)
    return 2;
  for (int i = 0; i < jobs; i++)
    if ((cmds[i] = expand(argv + optind, i)) == NULL)
      return 2;

  int failed = 0, started = 0;
  long long t0 = now_us();
  for (int i = 0; i < jobs; i++) {
    int r = posix_spawn(&pids[i], cmds[i][0], NULL, NULL, cmds[i], environ);
    if (r != 0) {
      fprintf(stderr, "bench-spawn: %s: %s\n", cmds[i][0], strerror(r));
      failed = 1;
      break;
    }
    started++;
  }
  long maxrss = 0;
  long long cpu_us = 0;
  for (int i = 0; i < started; i++) {
    int st;
    struct rusage ru;
    pid_t w;
    while ((w = wait4(pids[i], &st, 0, &ru)) < 0 && errno == EINTR)
      ;
    if (w < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
      failed = 1;
    if (w <= 0)
      continue;
    if (ru.ru_maxrss > maxrss)
      maxrss = ru.ru_maxrss;
    cpu_us += (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
              ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
  }
  long long t1 = now_us();
  if (!failed && (append(times, t1 - t0) < 0 || append(rss, maxrss) < 0 || append(cpu, cpu_us) < 0))
    return 2;
  return failed;
}
