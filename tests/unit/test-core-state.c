/* runtime/state.c and runtime/namespaces.c: the state directory, the record
 * round trip, status from /proc, and namespace planning. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/plan.h"
#include "runtime/state.h"
#include "spec/cleanup.h"

static char tmpl[] = "/tmp/ctrun-unit-state.XXXXXX";
static char *dir;
static int root_fd = -1;

static void setup(void) {
  dir = mkdtemp(tmpl);
  cr_assert_not_null(dir);
  ctrun_error *err = NULL;
  cr_assert_eq(state_root_open(dir, true, &root_fd, &err), 0);
}

static void teardown(void) {
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
  close(root_fd);
}

TestSuite(state, .init = setup, .fini = teardown);

Test(state, duplicate_id_is_refused) {
  ctrun_error *err = NULL;
  int fd;
  cr_assert_eq(state_dir_create(root_fd, "c1", &fd, &err), 0);
  int fd2 = -1;
  cr_assert_eq(state_dir_create(root_fd, "c1", &fd2, &err), -EEXIST);
  cr_assert_str_eq(err->message, "container with id c1 already exists");
  cr_assert_eq(fd2, -1);
  error_free(err);
  close(fd);
}

Test(state, missing_container) {
  ctrun_error *err = NULL;
  int fd;
  cr_assert_eq(state_dir_open(root_fd, "nope", false, &fd, &err), -ENOENT);
  cr_assert_str_eq(err->message, "container nope does not exist");
  error_free(err);
}

Test(state, record_round_trip) {
  ctrun_error *err = NULL;
  int fd;
  cr_assert_eq(state_dir_create(root_fd, "c2", &fd, &err), 0);
  kv_t ann[] = {{"a.b", "1"}, {"c", "two words"}};
  struct container_record r = {
      .oci_version = "1.2.0", .id = "c2", .bundle = "/b", .rootfs = "/b/rootfs",
      .created = "2024-01-01T00:00:00.000000001Z", .owner = "",
      .annotations = {ann, 2, true}, .pid = 42, .start_time = 123456789ULL,
      .cgroup = "record\twith\ttabs\n", .systemd_cgroup = true};
  cr_assert_eq(state_write(fd, &r, &err), 0);
  struct container_record *back = NULL;
  cr_assert_eq(state_read(fd, &back, &err), 0);
  cr_assert_str_eq(back->id, "c2");
  cr_assert_str_eq(back->bundle, "/b");
  cr_assert_str_eq(back->rootfs, "/b/rootfs");
  cr_assert_str_eq(back->created, r.created);
  cr_assert_eq(back->pid, 42);
  cr_assert_eq(back->start_time, 123456789ULL);
  cr_assert_str_eq(back->cgroup, r.cgroup);
  cr_assert(back->systemd_cgroup);
  cr_assert_eq(back->annotations.n, 2);
  cr_assert_str_eq(back->annotations.items[1].value, "two words");
  container_record_free(back);
  cr_assert_eq(state_dir_remove(root_fd, fd, "c2", &err), 0);
  struct stat st;
  cr_assert_eq(fstatat(root_fd, "c2", &st, 0), -1);
  close(fd);
}

/* state.json is read by a scanner of its own (state-json.c): what it
 * reads must be what state_write wrote, whatever the strings hold */
Test(state, record_strings_survive_escapes) {
  ctrun_error *err = NULL;
  int fd;
  cr_assert_eq(state_dir_create(root_fd, "c4", &fd, &err), 0);
  kv_t ann[] = {{"q\"uote", "back\\slash/"}, {"ctl", "\x01\b\f\n\r\t"},
                {"utf8", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"}, {"", ""}};
  struct container_record r = {.oci_version = "1.2.0", .id = "c4", .bundle = "/b\"x",
                               .annotations = {ann, 4, true}, .pid = 7, .hooks = 5};
  cr_assert_eq(state_write(fd, &r, &err), 0);
  struct container_record *back = NULL;
  cr_assert_eq(state_read(fd, &back, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(back->bundle, "/b\"x");
  cr_assert_eq(back->annotations.n, 4);
  for (size_t i = 0; i < 4; i++) {
    cr_assert_str_eq(back->annotations.items[i].key, ann[i].key);
    cr_assert_str_eq(back->annotations.items[i].value, ann[i].value);
  }
  cr_assert_eq(back->hooks, 5);
  cr_assert_null(back->cgroup);
  container_record_free(back);
  close(fd);
}

static int parse_text(const char *text, struct container_record **ret) {
  char *copy = strdup(text);
  ctrun_error *err = NULL;
  int r = state_record_parse(copy, strlen(copy), ret, &err);
  error_free(err);
  free(copy);
  return r;
}

Test(state, record_parser_takes_any_valid_json_and_refuses_the_rest) {
  struct container_record *rec = NULL;
  /* other order, whitespace, unknown and nested keys, escapes, a surrogate
   * pair, non-string values where strings are expected */
  cr_assert_eq(parse_text(" { \"extra\" : [1, {\"a\": [true, false, null]}, -2.5e3, \"s\"],\n"
                          "\"pid\": 12, \"id\": \"x\\u00e9\\ud83d\\ude00\", \"owner\": null,\n"
                          "\"ctrun\": {\"hooks\": 3, \"x\": {}, \"startTime\": 99, "
                          "\"systemdCgroup\": true, \"cgroup\": \"a\\tb\"},"
                          "\"annotations\": {\"k\": 1, \"l\": \"v\"} } ",
                          &rec),
               0);
  cr_assert_eq(rec->pid, 12);
  cr_assert_str_eq(rec->id, "x\xc3\xa9\xf0\x9f\x98\x80");
  cr_assert_null(rec->owner);
  cr_assert_eq(rec->hooks, 3);
  cr_assert_eq(rec->start_time, 99);
  cr_assert(rec->systemd_cgroup);
  cr_assert_str_eq(rec->cgroup, "a\tb");
  cr_assert_eq(rec->annotations.n, 2);
  cr_assert_str_eq(rec->annotations.items[0].value, "");
  cr_assert_str_eq(rec->annotations.items[1].value, "v");
  container_record_free(rec);
  /* no hooks field: unknown */
  cr_assert_eq(parse_text("{\"id\":\"a\"}", &rec), 0);
  cr_assert_eq(rec->hooks, -1);
  container_record_free(rec);
  const char *bad[] = {"", "[]", "{", "{\"id\":}", "{\"id\":\"a\"", "{\"id\":\"a\"} x",
                       "{\"id\":\"a\\q\"}", "{\"id\":\"\\ud83d\"}", "{\"id\":\"\\u00\"}",
                       "{\"id\":\"\\u0000\"}", "{\"id\":\"tab\there\"}", "{\"pid\":1.5}",
                       "{\"pid\":tru}", "{\"id\" \"a\"}", "{\"a\":1,}", "{\"a\":[1,]}"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
    rec = NULL;
    cr_assert_eq(parse_text(bad[i], &rec), -EINVAL, "accepted: %s", bad[i]);
    cr_assert_null(rec);
  }
}

Test(state, status_follows_the_process) {
  ctrun_error *err = NULL;
  int fd;
  cr_assert_eq(state_dir_create(root_fd, "c3", &fd, &err), 0);
  struct container_record r = {.id = "c3", .pid = getpid()};
  char st;
  cr_assert_eq(proc_stat_read(getpid(), &r.start_time, &st), 0);
  cr_assert_eq(st, 'R');
  cr_assert_gt(r.start_time, 0);
  cr_assert_str_eq(state_status(fd, &r), "running");
  cr_assert_eq(mkfifoat(fd, STATE_FIFO_FILE, 0600), 0);
  cr_assert_str_eq(state_status(fd, &r), "created");
  /* same pid, other start time: a reused pid is not our container */
  r.start_time++;
  cr_assert_str_eq(state_status(fd, &r), "stopped");
  /* a zombie is stopped */
  pid_t child = fork();
  if (child == 0)
    _exit(0);
  /* a zombie once it exited: wait for that without reaping it */
  siginfo_t si;
  cr_assert_eq(waitid(P_PID, (id_t)child, &si, WEXITED | WNOWAIT), 0);
  r.pid = child;
  cr_assert_eq(proc_stat_read(child, &r.start_time, &st), 0);
  cr_assert_eq(st, 'Z');
  cr_assert_str_eq(state_status(fd, &r), "stopped");
  waitpid(child, NULL, 0);
  cr_assert_str_eq(state_status(fd, &r), "stopped");
  r.pid = 0;
  cr_assert_str_eq(state_status(fd, &r), "creating");
  close(fd);
}

Test(namespaces, plan) {
  spec_namespace ns[] = {{"pid", NULL}, {"network", NULL}, {"cgroup", NULL}, {"uts", NULL}};
  spec_config cfg = {.linux_ = {.namespaces = ns, .n_namespaces = 4, .present = true}};
  struct container_plan p = {0};
  ctrun_error *err = NULL;
  cr_assert_eq(plan_namespaces(&cfg, &p, &err), 0);
  /* the cgroup ns is unshared by the child after it joined its cgroup */
  cr_assert_eq(p.clone_flags, (unsigned long)(CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS));
  cr_assert(p.new_cgroup);
  cr_assert(p.new_net);
  cr_assert(p.uts_ns);
  cr_assert_eq(p.n_joins, 0);
}

Test(namespaces, wrong_type_path_is_refused) {
  spec_namespace ns[] = {{"network", "/proc/self/ns/uts"}};
  spec_config cfg = {.linux_ = {.namespaces = ns, .n_namespaces = 1, .present = true}};
  struct container_plan p = {0};
  ctrun_error *err = NULL;
  cr_assert_eq(plan_namespaces(&cfg, &p, &err), -EINVAL);
  cr_assert_str_eq(err->message, "linux.namespaces: /proc/self/ns/uts is not a network namespace");
  error_free(err);
}

Test(namespaces, joined_user_first_and_pid_forks) {
  spec_namespace ns[] = {{"pid", "/proc/self/ns/pid"}, {"user", "/proc/self/ns/user"}};
  spec_config cfg = {.linux_ = {.namespaces = ns, .n_namespaces = 2, .present = true}};
  struct container_plan p = {0};
  ctrun_error *err = NULL;
  cr_assert_eq(plan_namespaces(&cfg, &p, &err), 0);
  cr_assert_eq(p.n_joins, 2);
  cr_assert_eq(p.joins[0].type, CLONE_NEWUSER);
  cr_assert_eq(p.joins[1].type, CLONE_NEWPID);
  cr_assert(p.join_pid);
  close(p.joins[0].fd);
  close(p.joins[1].fd);
}

Test(namespaces, user_mappings_text) {
  spec_namespace ns[] = {{"user", NULL}};
  spec_id_mapping uid[] = {{0, 1000, 10}, {10, 5000, 1}};
  spec_id_mapping gid[] = {{0, 2000, 3}};
  spec_config cfg = {.linux_ = {.namespaces = ns, .n_namespaces = 1, .uid_mappings = uid,
                                .n_uid_mappings = 2, .gid_mappings = gid,
                                .n_gid_mappings = 1, .present = true}};
  struct container_plan p = {0};
  ctrun_error *err = NULL;
  cr_assert_eq(plan_namespaces(&cfg, &p, &err), 0);
  cr_assert_str_eq(p.uid_map, "0 1000 10\n10 5000 1\n");
  cr_assert_str_eq(p.gid_map, "0 2000 3\n");
  free(p.uid_map);
  free(p.gid_map);
}
