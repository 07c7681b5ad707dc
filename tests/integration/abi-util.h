/* What the ABI integration tests share: a rootfs, bundles, clean-up and
 * checks.  The tests use only the public header and libc. */
#ifndef CTRUN_TESTS_ABI_UTIL_H
#define CTRUN_TESTS_ABI_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include <ctrun/ctrun.h>

extern int abi_failures;

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                              \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      abi_failures++;                                                                              \
    }                                                                                              \
  } while (0)

/* Exits 77 unless root with a static busybox to make the rootfs from. */
void abi_require_root(void);
/* A new directory under $TMPDIR (or /tmp); the path is malloc'd. */
char *abi_tmpdir(const char *name);
/* The busybox rootfs of tests/rootfs/make-rootfs.sh in DIR; exits on failure. */
void abi_make_rootfs(const char *dir);
/* DIR/config.json: absolute rootfs (read-only), args (a JSON array text),
 * relative cgroupsPath, no terminal.  Exits on failure. */
void abi_write_bundle(const char *dir, const char *rootfs, const char *args_json,
                      const char *cgroups_path);
/* rm -rf (not crossing mount points). */
void abi_rm_rf(const char *dir);
/* Open fds of this process. */
int abi_count_fds(void);
/* The message of err (or "no error"), for CHECK output. */
const char *abi_msg(const ctrun_error *err);
/* Whether the cgroup directory of relative path `rel` exists in any
 * hierarchy, relative to this process's cgroup. */
bool abi_cgroup_exists(const char *rel);
/* After a failure: SIGKILL the processes of cgroup `rel` (the test's own,
 * named after its pid) and remove the directories left. */
void abi_cgroup_kill(const char *rel);
void abi_cgroup_remove(const char *rel);

#endif
