#include "config.h"

#include "abi-util.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int abi_failures;

void abi_require_root(void) {
  if (geteuid() != 0) {
    fprintf(stderr, "SKIP: needs root\n");
    exit(77);
  }
}

char *abi_tmpdir(const char *name) {
  const char *base = getenv("TMPDIR");
  char *path = NULL;
  if (asprintf(&path, "%s/ctrun-%s-XXXXXX", base && *base ? base : "/tmp", name) < 0 ||
      mkdtemp(path) == NULL) {
    perror("mkdtemp");
    exit(1);
  }
  return path;
}

void abi_make_rootfs(const char *dir) {
  const char *src = getenv("top_srcdir");
  char *cmd = NULL;
  if (asprintf(&cmd, "sh '%s/tests/rootfs/make-rootfs.sh' '%s' >/dev/null", src ? src : ".",
               dir) < 0 ||
      system(cmd) != 0) {
    fprintf(stderr, "SKIP: make-rootfs.sh failed (apt-get install busybox-static)\n");
    exit(77);
  }
  free(cmd);
}

static const char config_template[] =
    "{\"ociVersion\": \"1.2.0\",\n"
    " \"process\": {\"terminal\": false, \"user\": {\"uid\": 0, \"gid\": 0}, \"args\": %s,\n"
    "   \"env\": [\"PATH=/usr/sbin:/usr/bin:/sbin:/bin\"], \"cwd\": \"/\",\n"
    "   \"capabilities\": {\"bounding\": [\"CAP_KILL\", \"CAP_CHOWN\"],\n"
    "     \"effective\": [\"CAP_KILL\", \"CAP_CHOWN\"], \"permitted\": [\"CAP_KILL\", \"CAP_CHOWN\"]},\n"
    "   \"noNewPrivileges\": true},\n"
    " \"root\": {\"path\": \"%s\", \"readonly\": true},\n"
    " \"hostname\": \"abi\",\n"
    " \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},\n"
    "   {\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
    "    \"options\": [\"nosuid\", \"mode=755\", \"size=65536k\"]}],\n"
    " \"linux\": {\"cgroupsPath\": \"%s\",\n"
    "   \"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"},\n"
    "     {\"type\": \"mount\"}, {\"type\": \"network\"}]}}\n";

void abi_write_bundle(const char *dir, const char *rootfs, const char *args_json,
                      const char *cgroups_path) {
  char path[PATH_MAX];
  snprintf(path, sizeof(path), "%s/config.json", dir);
  if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
    perror(dir);
    exit(1);
  }
  FILE *f = fopen(path, "we");
  if (f == NULL || fprintf(f, config_template, args_json, rootfs, cgroups_path) < 0 ||
      fclose(f) != 0) {
    perror(path);
    exit(1);
  }
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_DP)
    rmdir(path);
  else
    unlink(path);
  return 0;
}

void abi_rm_rf(const char *dir) {
  if (dir)
    nftw(dir, rm_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

int abi_count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL)
    if (de->d_name[0] != '.')
      n++;
  if (d)
    closedir(d);
  return n - 1; /* the DIR's own fd */
}

const char *abi_msg(const ctrun_error *err) {
  return err ? ctrun_error_get_message(err) : "no error";
}

/* Calls fn(path of `rel` in a hierarchy) for each hierarchy this process
 * is in, until fn returns true. */
static bool each_cgroup_dir(const char *rel, bool (*fn)(const char *path)) {
  FILE *f = fopen("/proc/self/cgroup", "re");
  char line[4096];
  bool done = false;
  while (f && !done && fgets(line, sizeof(line), f)) {
    /* "ID:CONTROLLERS:/PATH" */
    char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (c2 == NULL)
      continue;
    line[strcspn(line, "\n")] = '\0';
    *c2 = '\0';
    const char *ctrl = c1 + 1, *own = c2 + 1;
    char mount[256], path[PATH_MAX];
    if (*ctrl == '\0')
      snprintf(mount, sizeof(mount), "/sys/fs/cgroup/unified");
    else if (strncmp(ctrl, "name=", 5) == 0)
      snprintf(mount, sizeof(mount), "/sys/fs/cgroup/%s", ctrl + 5);
    else
      snprintf(mount, sizeof(mount), "/sys/fs/cgroup/%s", ctrl);
    snprintf(path, sizeof(path), "%s%s/%s", mount, strcmp(own, "/") == 0 ? "" : own, rel);
    done = fn(path);
  }
  if (f)
    fclose(f);
  return done;
}

static bool dir_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

bool abi_cgroup_exists(const char *rel) { return each_cgroup_dir(rel, dir_exists); }

static bool kill_procs(const char *path) {
  char procs[PATH_MAX];
  snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
  FILE *f = fopen(procs, "re");
  int pid;
  while (f && fscanf(f, "%d", &pid) == 1)
    if (pid > 0)
      kill(pid, SIGKILL);
  if (f)
    fclose(f);
  return false;
}

static bool remove_dir(const char *path) {
  rmdir(path);
  return false;
}

void abi_cgroup_kill(const char *rel) { each_cgroup_dir(rel, kill_procs); }
void abi_cgroup_remove(const char *rel) { each_cgroup_dir(rel, remove_dir); }
