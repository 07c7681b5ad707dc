/* The container's state directory under the state root:
 *   <root>/<id>/            created with mkdir (EEXIST: the id is taken)
 *   <root>/<id>/state.json  the record below, replaced atomically
 *   <root>/<id>/config.json the config as it was at create (start, delete
 *                           and the hooks never re-read the bundle)
 *   <root>/<id>/exec.fifo   exists while the container is "created"
 * Operations on one id are serialized with flock on the directory. */
#ifndef CTRUN_RUNTIME_STATE_H
#define CTRUN_RUNTIME_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec/error.h"
#include "spec/model.h"

#define STATE_FILE "state.json"
#define STATE_CONFIG_FILE "config.json"
#define STATE_FIFO_FILE "exec.fifo"

struct container_record {
  char *oci_version, *id, *bundle, *rootfs, *created, *owner;
  kvlist_t annotations;
  pid_t pid;                     /* 0 while creating */
  unsigned long long start_time; /* field 22 of /proc/<pid>/stat */
  char *cgroup;                  /* cgroup_record() text, or NULL */
  bool systemd_cgroup;
  /* STATE_HOOK_* of the hook lists the saved config has, so that start and
   * delete parse it only to run some; -1 (a state.json without the field):
   * unknown, parse it */
  int hooks;
};

#define STATE_HOOK_START_CONTAINER 1
#define STATE_HOOK_POSTSTART 2
#define STATE_HOOK_POSTSTOP 4
/* Whether the record says there may be hooks of these kinds. */
static inline bool state_may_have_hooks(const struct container_record *r, int kinds) {
  return r->hooks < 0 || (r->hooks & kinds) != 0;
}

void container_record_free(struct container_record *r);

/* Opens (creating when asked, mode 0700) the state root; O_PATH|O_DIRECTORY. */
int state_root_open(const char *root, bool create, int *ret_fd, ctrun_error **err);
/* mkdir <root>/<id>, open it and take its lock.  EEXIST: "container with id
 * exists". */
int state_dir_create(int root_fd, const char *id, int *ret_dir_fd, ctrun_error **err);
/* Opens an existing container's directory and takes its lock (shared or
 * exclusive).  ENOENT: "container <id> does not exist". */
int state_dir_open(int root_fd, const char *id, bool exclusive, int *ret_dir_fd,
                   ctrun_error **err);
/* The same without a lock, for readers: state.json is replaced atomically,
 * and a hook that runs `ctrun state` while create holds the lock must not
 * deadlock. */
int state_dir_open_unlocked(int root_fd, const char *id, int *ret_dir_fd, ctrun_error **err);
/* Removes the files this runtime puts in the directory, then the directory. */
int state_dir_remove(int root_fd, int dir_fd, const char *id, ctrun_error **err);
/* Removes <root>/<id> when, under its exclusive lock, it has no state.json:
 * what a create killed before its state write leaves.  Returns 1 when
 * removed (*ret_config: the saved config.json text, or NULL), 0 when the
 * directory has a state.json. */
int state_dir_remove_incomplete(int root_fd, const char *id, char **ret_config,
                                ctrun_error **err);

int state_write(int dir_fd, const struct container_record *r, ctrun_error **err);
int state_read(int dir_fd, struct container_record **ret, ctrun_error **err);
/* The record of container id, read in the state root without opening the
 * container's directory (list): no symlink is followed on the way. */
int state_read_in_root(int root_fd, const char *id, struct container_record **ret,
                       ctrun_error **err);
/* Parses the text of a state.json (NUL-terminated at len; modified: its
 * strings are unescaped in place) into a record (state-json.c). */
int state_record_parse(char *text, size_t len, struct container_record **ret,
                       ctrun_error **err);
/* Writes a whole file atomically (temp + rename) relative to dir_fd. */
int state_write_file(int dir_fd, const char *name, const char *data, size_t len, int mode,
                     ctrun_error **err);
/* Reads a whole file relative to dir_fd (NUL-terminated). */
int state_read_file(int dir_fd, const char *name, char **ret, size_t *ret_len,
                    ctrun_error **err);
/* Reads fd to its end (NUL-terminated); name is for messages. */
int read_all(int fd, const char *name, char **ret, size_t *ret_len, ctrun_error **err);

/* "creating", "created", "running", "stopped" (paused later, from the
 * cgroup freezer): stopped when the pid is gone, a zombie, or its start time
 * differs from the recorded one. */
const char *state_status(int dir_fd, const struct container_record *r);
/* The same, given the state root and the container's id. */
const char *state_status_in_root(int root_fd, const char *id, const struct container_record *r);
/* The live pid of the record, or 0 when stopped. */
bool state_pid_alive(const struct container_record *r);

/* Start time (field 22) and state letter (field 3) of /proc/<pid>/stat. */
int proc_stat_read(pid_t pid, unsigned long long *ret_start_time, char *ret_state);

/* A spec_state (runc's public fields) for `state`, the hooks and list. */
int record_to_spec_state(const struct container_record *r, const char *status,
                         spec_state **ret, ctrun_error **err);

#endif
