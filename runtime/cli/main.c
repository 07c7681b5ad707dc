/* ctrun: global options, then the subcommand from the table below.  To add
 * a subcommand: write runtime/cli/<name>.c, declare it in cli.h, add one
 * line here and the file to runtime/cli.am. */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli.h"
#include "runtime/cli/cli-cgroup.h"
#include "runtime/cloned-binary.h"

static const struct cli_command commands[] = {
    {"create", "create a container", cli_create},
    {"start", "start a created container", cli_start},
    {"run", "create and start a container", cli_run},
    {"exec", "execute a new process inside the container", cli_exec},
    {"state", "output the state of a container", cli_state},
    {"list", "list containers started by ctrun with the given root", cli_list},
    {"kill", "send a signal to the container's init process", cli_kill},
    {"delete", "delete a container and the resources it holds", cli_delete},
    {"spec", "create a new specification file", cli_spec},
    {"features", "show the enabled features", cli_features},
    {"update", "update the resource limits of a container", cli_update},
    {"pause", "suspend all processes of a container", cli_pause},
    {"resume", "resume all processes of a paused container", cli_resume},
    {"ps", "list the processes of a container", cli_ps},
    {"events", "print container stats and OOM events", cli_events},
};

static const struct cli_command *find_command(const char *name) {
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void print_help(FILE *out) {
  fprintf(out,
          "NAME:\n   ctrun - an OCI container runtime\n\n"
          "USAGE:\n   ctrun [global options] command [command options] [arguments...]\n\n"
          "COMMANDS:\n");
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
    fprintf(out, "   %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\nGLOBAL OPTIONS:\n"
          "   --root value        root directory for storage of container state (default: \"%s\")\n"
          "   --log value         write log messages to this file (default: stderr)\n"
          "   --log-format value  log format: text or json (default: \"text\")\n"
          "   --debug             enable debug logging\n"
          "   --systemd-cgroup    cgroupsPath is \"slice:prefix:name\", mapped to the cgroupfs\n"
          "                       path <slice>/<prefix>-<name>.scope (no systemd D-Bus calls)\n"
          "   --help, -h          show help\n"
          "   --version, -v       print the version\n",
          CONTAINER_DEFAULT_STATE_ROOT);
}

static void print_version(void) {
  printf("ctrun version %s\nspec: 1.2.0\n", PACKAGE_VERSION);
}

int cli_main(int argc, char **argv, bool parse_only) {
  enum { OPT_ROOT = 256, OPT_LOG, OPT_LOG_FORMAT, OPT_DEBUG, OPT_SYSTEMD };
  static const struct option options[] = {
      {"root", required_argument, NULL, OPT_ROOT},
      {"log", required_argument, NULL, OPT_LOG},
      {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
      {"debug", no_argument, NULL, OPT_DEBUG},
      {"systemd-cgroup", no_argument, NULL, OPT_SYSTEMD},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'v'},
      {NULL, 0, NULL, 0},
  };
  struct cli_globals g = {.root = CONTAINER_DEFAULT_STATE_ROOT, .parse_only = parse_only};
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+hv", options, NULL)) != -1) {
    switch (c) {
    case OPT_ROOT:
      g.root = optarg;
      break;
    case OPT_LOG:
      g.log_path = optarg;
      break;
    case OPT_LOG_FORMAT:
      if (strcmp(optarg, "json") == 0)
        g.log_json = true;
      else if (strcmp(optarg, "text") != 0) {
        fprintf(stderr, "ctrun: --log-format: expected text or json, got \"%s\"\n", optarg);
        return 1;
      }
      break;
    case OPT_DEBUG:
      g.debug = true;
      break;
    case OPT_SYSTEMD:
      g.systemd_cgroup = true;
      break;
    case 'h':
      print_help(stdout);
      return 0;
    case 'v':
      print_version();
      return 0;
    default:
      fprintf(stderr, "ctrun: unknown global option %s\n", argv[optind - 1]);
      return 1;
    }
  }
  /* CVE-2019-5736: the commands that enter a container re-execute from a
   * copy of the binary that cannot be written, before any fd is opened */
  if (!parse_only && optind < argc &&
      (strcmp(argv[optind], "create") == 0 || strcmp(argv[optind], "run") == 0 ||
       strcmp(argv[optind], "exec") == 0)) {
    ctrun_error *e = NULL;
    if (cloned_binary_ensure(argv, g.root, &e) < 0)
      return cli_fail(&g, e);
  }
  if (g.log_path && !parse_only) {
    int fd = open(g.log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    g.log = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (g.log == NULL) {
      perror("ctrun: open --log file");
      return 1;
    }
    setvbuf(g.log, NULL, _IOLBF, 0);
  }
  g.ctx.state_root = g.root;
  g.ctx.log = cli_log;
  g.ctx.log_userdata = &g;
  g.ctx.flags = g.systemd_cgroup ? CONTAINER_CTX_SYSTEMD_CGROUP : 0;

  int ret;
  if (optind >= argc) {
    print_help(stderr);
    ret = 1;
  } else {
    const struct cli_command *cmd = find_command(argv[optind]);
    if (cmd == NULL) {
      fprintf(stderr, "ctrun: unknown command \"%s\" (see ctrun --help)\n", argv[optind]);
      ret = 1;
    } else {
      int first = optind;
      optind = 0; /* reinitializes getopt for the subcommand */
      ret = cmd->run(&g, argc - first, argv + first);
    }
  }
  if (g.log)
    fclose(g.log);
  return ret;
}
