/* ctrun exec [--process FILE | flags] ID [COMMAND [ARG...]]
 *
 * runc's flags: --console-socket, --cwd, --env/-e, --tty/-t, --user/-u,
 * --additional-gids/-g, --process/-p, --detach/-d, --pid-file,
 * --process-label, --apparmor, --no-new-privs, --cap/-c, --preserve-fds,
 * --ignore-paused.  Without --detach, ctrun forwards its signals to the
 * process, waits, and exits with its exit code (126/127 when it could not
 * be executed or found). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/cli/cli.h"
#include "runtime/state.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

#define MAX_REPEAT 1024

struct exec_flags {
  struct container_exec_args args;
  struct container_exec_options opts;
  const char *process_file;
  bool detach;
  char *env[MAX_REPEAT + 1], *gids[MAX_REPEAT + 1], *caps[MAX_REPEAT + 1];
  size_t n_env, n_gids, n_caps;
};

static int push(struct cli_globals *g, const char *flag, char **v, size_t *n, char *value) {
  if (*n >= MAX_REPEAT)
    return cli_usage_error(g, "exec", "%s: more than %d values", flag, MAX_REPEAT), -1;
  v[(*n)++] = value;
  v[*n] = NULL;
  return 0;
}

static int parse_flags(struct cli_globals *g, int argc, char **argv, struct exec_flags *f) {
  enum {
    OPT_CONSOLE = 256, OPT_CWD, OPT_PID_FILE, OPT_LABEL, OPT_APPARMOR, OPT_NNP, OPT_PRESERVE,
    OPT_IGNORE_PAUSED, OPT_CGROUP,
  };
  static const struct option options[] = {
      {"console-socket", required_argument, NULL, OPT_CONSOLE},
      {"cwd", required_argument, NULL, OPT_CWD},
      {"env", required_argument, NULL, 'e'},
      {"tty", no_argument, NULL, 't'},
      {"user", required_argument, NULL, 'u'},
      {"additional-gids", required_argument, NULL, 'g'},
      {"process", required_argument, NULL, 'p'},
      {"detach", no_argument, NULL, 'd'},
      {"pid-file", required_argument, NULL, OPT_PID_FILE},
      {"process-label", required_argument, NULL, OPT_LABEL},
      {"apparmor", required_argument, NULL, OPT_APPARMOR},
      {"no-new-privs", no_argument, NULL, OPT_NNP},
      {"cap", required_argument, NULL, 'c'},
      {"preserve-fds", required_argument, NULL, OPT_PRESERVE},
      {"ignore-paused", no_argument, NULL, OPT_IGNORE_PAUSED},
      {"cgroup", required_argument, NULL, OPT_CGROUP},
      {NULL, 0, NULL, 0},
  };
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+:e:tu:g:p:dc:", options, NULL)) != -1) {
    switch (c) {
    case OPT_CONSOLE:
      f->opts.console_socket = optarg;
      break;
    case OPT_CWD:
      f->args.cwd = optarg;
      break;
    case 'e':
      if (push(g, "--env", f->env, &f->n_env, optarg) < 0)
        return -1;
      break;
    case 't':
      f->args.tty = true;
      break;
    case 'u':
      f->args.user = optarg;
      break;
    case 'g':
      /* runc takes the flag repeatedly; a comma list is accepted too */
      for (char *tok = strtok(optarg, ","); tok; tok = strtok(NULL, ","))
        if (push(g, "--additional-gids", f->gids, &f->n_gids, tok) < 0)
          return -1;
      break;
    case 'p':
      f->process_file = optarg;
      break;
    case 'd':
      f->detach = true;
      break;
    case OPT_PID_FILE:
      f->opts.pid_file = optarg;
      break;
    case OPT_LABEL:
      f->args.process_label = optarg;
      break;
    case OPT_APPARMOR:
      f->args.apparmor = optarg;
      break;
    case OPT_NNP:
      f->args.no_new_privs = true;
      break;
    case 'c':
      if (push(g, "--cap", f->caps, &f->n_caps, optarg) < 0)
        return -1;
      break;
    case OPT_PRESERVE:
      if (cli_parse_preserve_fds(g, "exec", optarg, &f->opts.preserve_fds) < 0)
        return -1;
      break;
    case OPT_IGNORE_PAUSED:
      f->opts.ignore_paused = true;
      break;
    case OPT_CGROUP:
      /* runc 1.1's sub-cgroup selection; v1 sub-cgroups are not made by
       * ctrun, so only the container's own cgroup is accepted */
      if (strcmp(optarg, "/") != 0 && strcmp(optarg, "") != 0)
        return cli_usage_error(g, "exec", "--cgroup %s: only the container's cgroup (/) is supported",
                               optarg), -1;
      break;
    case ':':
      return cli_usage_error(g, "exec", "option %s needs a value", argv[optind - 1]), -1;
    default:
      return cli_usage_error(g, "exec", "unknown option %s", argv[optind - 1]), -1;
    }
  }
  f->args.env = f->n_env ? f->env : NULL;
  f->args.additional_gids = f->n_gids ? f->gids : NULL;
  f->args.caps = f->n_caps ? f->caps : NULL;
  return optind;
}

static int read_process_file(const char *path, spec_process **ret, ctrun_error **err) {
  _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "--process %s", path);
  _cleanup_free_ char *text = NULL;
  size_t len = 0;
  int r = read_all(fd, path, &text, &len, err);
  if (r < 0)
    return error_prefix(err, r, "--process");
  return spec_process_parse(text, len, path, ret, err);
}

static void forward_to_process(int sig, void *userdata) {
  syscall(SYS_pidfd_send_signal, *(int *)userdata, sig, NULL, 0);
}

int cli_exec(struct cli_globals *g, int argc, char **argv) {
  struct exec_flags f;
  memset(&f, 0, sizeof(f));
  int first = parse_flags(g, argc, argv, &f);
  if (first < 0)
    return 1;
  if (first >= argc)
    return cli_usage_error(g, "exec", "\"exec\" requires the container id");
  const char *id = argv[first];
  if (f.process_file == NULL && first + 1 >= argc)
    return cli_usage_error(g, "exec", "\"exec\" requires a command to run, or --process");
  if (f.process_file && first + 1 < argc)
    return cli_usage_error(g, "exec", "a command cannot be given with --process");
  f.args.argv = argv + first + 1;
  if (g->parse_only)
    return 0;

  ctrun_error *err = NULL;
  spec_process *proc = NULL;
  int r = f.process_file ? read_process_file(f.process_file, &proc, &err)
                         : container_exec_process(&g->ctx, id, &f.args, &proc, &err);
  if (r < 0)
    return cli_fail(g, err);
  /* a terminal in the foreground without --console-socket: ctrun is it */
  _cleanup_close_ int local = -1;
  int remote = -1;
  if (!f.detach && f.opts.console_socket == NULL && cli_console_pair(&local, &remote) == 0)
    f.opts.console_socket_fd = remote;
  pid_t pid = 0;
  int pidfd = -1, code = 255;
  r = container_exec(&g->ctx, id, proc, &f.opts, &pid, &pidfd, &code, &err);
  spec_process_free(proc);
  if (remote >= 0)
    close(remote);
  if (r < 0) {
    cli_fail(g, err);
    return code;
  }
  if (f.detach) {
    close(pidfd);
    return 0;
  }
  _cleanup_close_ int master = local >= 0 ? cli_console_receive(local) : -1;
  cli_wait_forwarding(pidfd, forward_to_process, &pidfd, master, &code);
  close(pidfd);
  return code;
}
