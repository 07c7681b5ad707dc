#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/cgroup.h"
#include "runtime/state.h"
#include "spec/cleanup-json.h"
#include "spec/cleanup.h"

static void kvlist_clear(kvlist_t *kv) {
  for (size_t i = 0; i < kv->n; i++) {
    free(kv->items[i].key);
    free(kv->items[i].value);
  }
  free(kv->items);
  kv->items = NULL;
  kv->n = 0;
}

void container_record_free(struct container_record *r) {
  if (r == NULL)
    return;
  free(r->oci_version);
  free(r->id);
  free(r->bundle);
  free(r->rootfs);
  free(r->created);
  free(r->owner);
  kvlist_clear(&r->annotations);
  free(r->cgroup);
  free(r);
}

/* mkdir -p for the state root; each level 0700 so that other users cannot
 * read the containers' records. */
static int mkdir_parents(const char *path, ctrun_error **err) {
  _cleanup_free_ char *copy = strdup(path);
  if (copy == NULL)
    return error_set(err, ENOMEM, "state root %s", path);
  for (char *p = copy + 1;; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char saved = *p;
    *p = '\0';
    if (mkdir(copy, 0700) < 0 && errno != EEXIST)
      return error_set(err, errno, "create state root %s", copy);
    *p = saved;
    if (saved == '\0')
      break;
  }
  return 0;
}

int state_root_open(const char *root, bool create, int *ret_fd, ctrun_error **err) {
  int fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  /* the mkdir of every level only the first time */
  if (fd < 0 && errno == ENOENT && create) {
    int r = mkdir_parents(root, err);
    if (r < 0)
      return r;
    fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  if (fd < 0)
    return error_set(err, errno, "open state root %s", root);
  *ret_fd = fd;
  return 0;
}

static int lock_dir(int dir_fd, bool exclusive, const char *id, ctrun_error **err) {
  while (flock(dir_fd, exclusive ? LOCK_EX : LOCK_SH) < 0) {
    if (errno != EINTR)
      return error_set(err, errno, "lock container %s", id);
  }
  return 0;
}

int state_dir_create(int root_fd, const char *id, int *ret_dir_fd, ctrun_error **err) {
  if (mkdirat(root_fd, id, 0700) < 0) {
    if (errno == EEXIST)
      return error_set(err, EEXIST, "container with id %s already exists", id);
    return error_set(err, errno, "create state directory for %s", id);
  }
  int fd = openat(root_fd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return error_set(err, errno, "open state directory of %s", id);
  int r = lock_dir(fd, true, id, err);
  if (r < 0) {
    close(fd);
    return r;
  }
  /* delete --force may have removed the directory, still without a
   * state.json, between our mkdir and flock (state_dir_remove_incomplete) */
  struct stat st;
  if (fstat(fd, &st) < 0 || st.st_nlink == 0) {
    close(fd);
    return error_set(err, EAGAIN, "state directory of %s was removed while being created", id);
  }
  *ret_dir_fd = fd;
  return 0;
}

/* lock: LOCK_SH, LOCK_EX or 0 (readers of state.json, which is replaced
 * atomically, need no lock) */
static int dir_open(int root_fd, const char *id, int lock, int *ret_dir_fd, ctrun_error **err) {
  _cleanup_close_ int fd = openat(root_fd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT)
      return error_set(err, ENOENT, "container %s does not exist", id);
    return error_set(err, errno, "open state directory of %s", id);
  }
  if (lock) {
    int r = lock_dir(fd, lock == LOCK_EX, id, err);
    if (r < 0)
      return r;
    /* a delete may have removed the directory while we waited for the
     * lock (a reader without one finds no state.json then) */
    struct stat st;
    if (fstat(fd, &st) < 0)
      return error_set(err, errno, "stat state directory of %s", id);
    if (st.st_nlink == 0)
      return error_set(err, ENOENT, "container %s does not exist", id);
  }
  *ret_dir_fd = TAKE_FD(fd);
  return 0;
}

int state_dir_open(int root_fd, const char *id, bool exclusive, int *ret_dir_fd,
                   ctrun_error **err) {
  return dir_open(root_fd, id, exclusive ? LOCK_EX : LOCK_SH, ret_dir_fd, err);
}

int state_dir_open_unlocked(int root_fd, const char *id, int *ret_dir_fd, ctrun_error **err) {
  return dir_open(root_fd, id, 0, ret_dir_fd, err);
}

int state_dir_remove(int root_fd, int dir_fd, const char *id, ctrun_error **err) {
  static const char *const files[] = {STATE_FILE, STATE_CONFIG_FILE, STATE_FIFO_FILE,
                                      STATE_FILE ".tmp", STATE_CONFIG_FILE ".tmp"};
  for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
    if (unlinkat(dir_fd, files[i], 0) < 0 && errno != ENOENT)
      return error_set(err, errno, "remove %s of container %s", files[i], id);
  }
  if (unlinkat(root_fd, id, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return error_set(err, errno, "remove state directory of container %s", id);
  return 0;
}

int state_dir_remove_incomplete(int root_fd, const char *id, char **ret_config,
                                ctrun_error **err) {
  *ret_config = NULL;
  int dir_fd;
  int r = dir_open(root_fd, id, LOCK_EX, &dir_fd, err);
  if (r < 0)
    return r;
  /* create writes state.json once, when the init is in its cgroup: without
   * it, the files, and maybe the cgroup and a dead init, are left; the
   * saved config says where the cgroup is */
  if (faccessat(dir_fd, STATE_FILE, F_OK, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT) {
    r = 0;
  } else {
    char *config = NULL;
    if (state_read_file(dir_fd, STATE_CONFIG_FILE, &config, NULL, NULL) < 0)
      config = NULL;
    if ((r = state_dir_remove(root_fd, dir_fd, id, err)) == 0) {
      r = 1;
      *ret_config = config;
    } else {
      free(config);
    }
  }
  close(dir_fd);
  return r;
}

int state_write_file(int dir_fd, const char *name, const char *data, size_t len, int mode,
                     ctrun_error **err) {
  char tmp[256];
  snprintf(tmp, sizeof(tmp), "%s.tmp", name);
  _cleanup_close_ int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    return error_set(err, errno, "write %s", tmp);
  for (size_t off = 0; off < len;) {
    ssize_t n = write(fd, data + off, len - off);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int e = errno;
      unlinkat(dir_fd, tmp, 0);
      return error_set(err, e, "write %s", tmp);
    }
    off += (size_t)n;
  }
  if (renameat(dir_fd, tmp, dir_fd, name) < 0) {
    int e = errno;
    unlinkat(dir_fd, tmp, 0);
    return error_set(err, e, "rename %s to %s", tmp, name);
  }
  return 0;
}

/* name may have a directory part under dir_fd: no symlink is followed
 * anywhere.  A path of the caller's (AT_FDCWD: a config file named by the
 * user) may go through symlinked directories; only its last component is
 * not followed. */
static int open_nofollow(int dir_fd, const char *name) {
  if (dir_fd == AT_FDCWD || strchr(name, '/') == NULL)
    return openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct open_how how = {.flags = O_RDONLY | O_CLOEXEC,
                         .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH};
  return (int)syscall(SYS_openat2, dir_fd, name, &how, sizeof(how));
}

int state_read_file(int dir_fd, const char *name, char **ret, size_t *ret_len,
                    ctrun_error **err) {
  _cleanup_close_ int fd = open_nofollow(dir_fd, name);
  if (fd < 0)
    return error_set(err, errno, "open %s", name);
  return read_all(fd, name, ret, ret_len, err);
}

int read_all(int fd, const char *name, char **ret, size_t *ret_len, ctrun_error **err) {
  size_t cap = 4096, len = 0;
  _cleanup_free_ char *buf = malloc(cap);
  if (buf == NULL)
    return error_set(err, ENOMEM, "read %s", name);
  for (;;) {
    if (len + 1 >= cap) {
      char *nb = realloc(buf, cap * 2);
      if (nb == NULL)
        return error_set(err, ENOMEM, "read %s", name);
      buf = nb;
      cap *= 2;
    }
    size_t want = cap - len - 1;
    ssize_t n = read(fd, buf + len, want);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return error_set(err, errno, "read %s", name);
    }
    if (n == 0)
      break;
    len += (size_t)n;
    /* our files are regular files: a short read is the end, no need for
     * one more read to see 0 */
    if ((size_t)n < want)
      break;
  }
  buf[len] = '\0';
  if (ret_len)
    *ret_len = len;
  *ret = TAKE_PTR(buf);
  return 0;
}

static int set_str(json_t *o, const char *key, const char *v) {
  return json_object_set_new(o, key, json_string(v ? v : ""));
}

int state_write(int dir_fd, const struct container_record *r, ctrun_error **err) {
  _cleanup_json_ json_t *o = json_object();
  _cleanup_json_ json_t *ann = json_object();
  _cleanup_json_ json_t *priv = json_object();
  if (o == NULL || ann == NULL || priv == NULL)
    return error_set(err, ENOMEM, "state of %s", r->id);
  for (size_t i = 0; i < r->annotations.n; i++)
    json_object_set_new(ann, r->annotations.items[i].key,
                        json_string(r->annotations.items[i].value));
  set_str(o, "ociVersion", r->oci_version);
  set_str(o, "id", r->id);
  json_object_set_new(o, "pid", json_integer(r->pid));
  set_str(o, "bundle", r->bundle);
  set_str(o, "rootfs", r->rootfs);
  set_str(o, "created", r->created);
  set_str(o, "owner", r->owner);
  json_object_set(o, "annotations", ann);
  json_object_set_new(priv, "startTime", json_integer((json_int_t)r->start_time));
  if (r->cgroup)
    set_str(priv, "cgroup", r->cgroup);
  json_object_set_new(priv, "systemdCgroup", json_boolean(r->systemd_cgroup));
  if (r->hooks >= 0)
    json_object_set_new(priv, "hooks", json_integer(r->hooks));
  json_object_set(o, "ctrun", priv);
  /* compact: state and list parse it once per container */
  _cleanup_free_ char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if (text == NULL)
    return error_set(err, ENOMEM, "state of %s", r->id);
  return state_write_file(dir_fd, STATE_FILE, text, strlen(text), 0600, err);
}


static int read_record_file(int fd, const char *name, struct container_record **ret,
                            ctrun_error **err);

int state_read(int dir_fd, struct container_record **ret, ctrun_error **err) {
  return read_record_file(dir_fd, STATE_FILE, ret, err);
}

int state_read_in_root(int root_fd, const char *id, struct container_record **ret,
                       ctrun_error **err) {
  char path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof(path), "%s/%s", id, STATE_FILE) >= sizeof(path))
    return error_set(err, ENAMETOOLONG, "state of %s", id);
  return read_record_file(root_fd, path, ret, err);
}

static int read_record_file(int fd, const char *name, struct container_record **ret,
                            ctrun_error **err) {
  _cleanup_free_ char *text = NULL;
  size_t len;
  int r = state_read_file(fd, name, &text, &len, err);
  if (r < 0)
    return r;
  return state_record_parse(text, len, ret, err);
}

int proc_stat_read(pid_t pid, unsigned long long *ret_start_time, char *ret_state) {
  char path[64], buf[1024];
  snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
  _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  if (n <= 0)
    return n < 0 ? -errno : -EIO;
  buf[n] = '\0';
  /* the command name may hold spaces and parentheses: fields restart after
   * the last ')' */
  char *p = strrchr(buf, ')');
  if (p == NULL || p[1] != ' ')
    return -EIO;
  p += 2;
  char state = *p;
  /* p is field 3; field 22 is 19 fields further */
  for (int field = 3; field < 22; field++) {
    p = strchr(p, ' ');
    if (p == NULL)
      return -EIO;
    p++;
  }
  if (ret_start_time)
    *ret_start_time = strtoull(p, NULL, 10);
  if (ret_state)
    *ret_state = state;
  return 0;
}

/* The init's state letter when it is alive and still our process, else 0. */
static char pid_alive_state(const struct container_record *r) {
  if (r->pid <= 0)
    return 0;
  unsigned long long start;
  char st;
  if (proc_stat_read(r->pid, &start, &st) < 0)
    return 0;
  return start == r->start_time && st != 'Z' && st != 'X' ? st : 0;
}

bool state_pid_alive(const struct container_record *r) { return pid_alive_state(r) != 0; }

/* Whether the container's cgroup is frozen (pause); false when unknown. */
static bool record_frozen(const struct container_record *r, char init_state) {
  if (r->cgroup == NULL || r->cgroup[0] == '\0')
    return false;
  struct cgroup_manager *m = NULL;
  struct cgroup *cg = NULL;
  bool frozen = false;
  if (cgroup_manager_shared(&m, NULL) < 0)
    return false;
  /* The kernel shows a task that the v1 freezer holds in state D
   * (fs/proc/array.c reports TASK_FROZEN as uninterruptible, and older
   * kernels froze tasks in TASK_UNINTERRUPTIBLE): an init in another state
   * is not frozen, and freezer.state need not be read (state and list ask
   * it of every live container).  The v2 freezer leaves tasks in S. */
  if (!cgroup_manager_is_v2(m) && init_state != 'D')
    return false;
  if (cgroup_from_record(m, r->cgroup, &cg, NULL) == 0 && cgroup_is_frozen(cg, &frozen, NULL) < 0)
    frozen = false;
  cgroup_free(cg);
  cgroup_manager_free(m);
  return frozen;
}

/* fifo: the path of exec.fifo relative to fd */
static const char *status_of(int fd, const char *fifo, const struct container_record *r) {
  if (r->pid <= 0)
    return "creating";
  char init_state = pid_alive_state(r);
  if (init_state == 0)
    return "stopped";
  if (record_frozen(r, init_state))
    return "paused";
  struct stat st;
  if (fstatat(fd, fifo, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return "created";
  return "running";
}

const char *state_status(int dir_fd, const struct container_record *r) {
  return status_of(dir_fd, STATE_FIFO_FILE, r);
}

const char *state_status_in_root(int root_fd, const char *id, const struct container_record *r) {
  char path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof(path), "%s/%s", id, STATE_FIFO_FILE) >= sizeof(path))
    return "unknown";
  return status_of(root_fd, path, r);
}

static int strdup_or_null(const char *s, char **dst) {
  if (s == NULL)
    return 0;
  *dst = strdup(s);
  return *dst ? 0 : -ENOMEM;
}

int record_to_spec_state(const struct container_record *r, const char *status,
                         spec_state **ret, ctrun_error **err) {
  spec_state *s = calloc(1, sizeof(*s));
  if (s == NULL)
    return error_set(err, ENOMEM, "state");
  s->pid = strcmp(status, "stopped") == 0 ? 0 : r->pid;
  if (strdup_or_null(r->oci_version, &s->oci_version) < 0 || strdup_or_null(r->id, &s->id) < 0 ||
      strdup_or_null(status, &s->status) < 0 || strdup_or_null(r->bundle, &s->bundle) < 0 ||
      strdup_or_null(r->rootfs, &s->rootfs) < 0 || strdup_or_null(r->created, &s->created) < 0 ||
      strdup_or_null(r->owner ? r->owner : "", &s->owner) < 0)
    goto oom;
  if (r->annotations.n > 0) {
    s->annotations.items = calloc(r->annotations.n, sizeof(kv_t));
    if (s->annotations.items == NULL)
      goto oom;
    s->annotations.present = true;
    for (size_t i = 0; i < r->annotations.n; i++) {
      s->annotations.items[i].key = strdup(r->annotations.items[i].key);
      s->annotations.items[i].value = strdup(r->annotations.items[i].value);
      s->annotations.n++;
      if (s->annotations.items[i].key == NULL || s->annotations.items[i].value == NULL)
        goto oom;
    }
  }
  *ret = s;
  return 0;
oom:
  spec_state_free(s);
  return error_set(err, ENOMEM, "state");
}
