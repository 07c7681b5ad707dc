/* What the subcommands share: printing errors and logs, ids, signals, and
 * the flags of create/run. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "runtime/cli/cli.h"
#include "spec/cleanup.h"

static const char *const level_names[] = {"error", "warning", "info", "debug"};

static void log_line(struct cli_globals *g, enum container_log_level level, const char *msg) {
  FILE *out = g->log ? g->log : stderr;
  char stamp[40];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (g->log_json) {
    json_t *o = json_pack("{s:s, s:s, s:s}", "level", level_names[level], "msg", msg, "time", stamp);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (text)
      fprintf(out, "%s\n", text);
    free(text);
    json_decref(o);
  } else {
    /* logrus' text format: the message quoted, with " and \ escaped */
    fprintf(out, "time=\"%s\" level=%s msg=\"", stamp, level_names[level]);
    for (const char *c = msg; *c; c++) {
      if (*c == '"' || *c == '\\')
        fputc('\\', out);
      fputc(*c == '\n' ? ' ' : *c, out);
    }
    fputs("\"\n", out);
  }
}

void cli_log(enum container_log_level level, const char *message, void *userdata) {
  struct cli_globals *g = userdata;
  if (level == CONTAINER_LOG_DEBUG && !g->debug)
    return;
  if (level == CONTAINER_LOG_INFO && !g->debug)
    return;
  log_line(g, level, message);
}

int cli_fail(struct cli_globals *g, ctrun_error *e) {
  char buf[4096];
  error_format(e, buf, sizeof(buf));
  fprintf(stderr, "ctrun: %s\n", buf);
  if (g->log)
    log_line(g, CONTAINER_LOG_ERROR, buf);
  error_free(e);
  return 1;
}

int cli_usage_error(struct cli_globals *g, const char *cmd, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  fprintf(stderr, "ctrun %s: %s\n", cmd, buf);
  if (g->log)
    log_line(g, CONTAINER_LOG_ERROR, buf);
  return 1;
}

int cli_one_id(struct cli_globals *g, const char *cmd, int argc, char **argv, int first,
               const char **ret_id) {
  if (argc - first != 1)
    return cli_usage_error(g, cmd, "\"%s\" requires exactly 1 argument, the container id", cmd);
  *ret_id = argv[first];
  return 0;
}

static const struct {
  const char *name;
  int sig;
} signals[] = {
    {"HUP", SIGHUP},     {"INT", SIGINT},       {"QUIT", SIGQUIT},   {"ILL", SIGILL},
    {"TRAP", SIGTRAP},   {"ABRT", SIGABRT},     {"IOT", SIGIOT},     {"BUS", SIGBUS},
    {"FPE", SIGFPE},     {"KILL", SIGKILL},     {"USR1", SIGUSR1},   {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2},   {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},   {"TERM", SIGTERM},
    {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},   {"CONT", SIGCONT},   {"STOP", SIGSTOP},
    {"TSTP", SIGTSTP},   {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},   {"URG", SIGURG},
    {"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ},     {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
    {"WINCH", SIGWINCH}, {"IO", SIGIO},         {"POLL", SIGPOLL},   {"PWR", SIGPWR},
    {"SYS", SIGSYS},
};

int cli_parse_signal(const char *s) {
  char *end;
  long n = strtol(s, &end, 10);
  if (*s && *end == '\0')
    return n > 0 && n <= SIGRTMAX ? (int)n : -1;
  if (strncmp(s, "SIG", 3) == 0)
    s += 3;
  for (size_t i = 0; i < ARRAY_SIZE(signals); i++)
    if (strcmp(signals[i].name, s) == 0)
      return signals[i].sig;
  if (strncmp(s, "RTMIN", 5) == 0 || strncmp(s, "RTMAX", 5) == 0) {
    bool min = s[3] == 'I';
    long off = 0;
    if (s[5] != '\0') {
      off = strtol(s + 5, &end, 10);
      /* bounded first: SIGRTMIN + a huge offset overflows (found by fuzz-cli) */
      if (*end != '\0' || off < -SIGRTMAX || off > SIGRTMAX)
        return -1;
    }
    long sig = min ? SIGRTMIN + off : SIGRTMAX + off;
    return sig >= SIGRTMIN && sig <= SIGRTMAX ? (int)sig : -1;
  }
  return -1;
}

int cli_parse_preserve_fds(struct cli_globals *g, const char *cmd, const char *arg,
                           unsigned *ret) {
  char *end;
  errno = 0;
  unsigned long n = strtoul(arg, &end, 10);
  if (errno || *end || end == arg || arg[0] == '-' || n > 65536) {
    cli_usage_error(g, cmd, "--preserve-fds: expected a number from 0 to 65536, got \"%s\"",
                    arg);
    return -1;
  }
  *ret = (unsigned)n;
  return 0;
}

int cli_parse_create_flags(struct cli_globals *g, const char *cmd, bool with_detach, int argc,
                           char **argv, struct cli_create_flags *ret) {
  enum { OPT_PID_FILE = 256, OPT_CONSOLE, OPT_NO_PIVOT, OPT_NO_KEYRING, OPT_PRESERVE };
  static const struct option options[] = {
      {"bundle", required_argument, NULL, 'b'},
      {"pid-file", required_argument, NULL, OPT_PID_FILE},
      {"console-socket", required_argument, NULL, OPT_CONSOLE},
      {"no-pivot", no_argument, NULL, OPT_NO_PIVOT},
      {"no-new-keyring", no_argument, NULL, OPT_NO_KEYRING},
      {"preserve-fds", required_argument, NULL, OPT_PRESERVE},
      {"detach", no_argument, NULL, 'd'},
      {NULL, 0, NULL, 0},
  };
  memset(ret, 0, sizeof(*ret));
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, with_detach ? "+:b:d" : "+:b:", options, NULL)) != -1) {
    switch (c) {
    case 'b':
      ret->opts.bundle = optarg;
      break;
    case OPT_PID_FILE:
      ret->opts.pid_file = optarg;
      break;
    case OPT_CONSOLE:
      ret->opts.console_socket = optarg;
      break;
    case OPT_NO_PIVOT:
      ret->opts.no_pivot = true;
      break;
    case OPT_NO_KEYRING:
      ret->opts.no_new_keyring = true;
      break;
    case OPT_PRESERVE:
      if (cli_parse_preserve_fds(g, cmd, optarg, &ret->opts.preserve_fds) < 0)
        return -1;
      break;
    case 'd':
      if (!with_detach)
        goto unknown;
      ret->detach = true;
      break;
    case ':':
      cli_usage_error(g, cmd, "option %s needs a value", argv[optind - 1]);
      return -1;
    default:
    unknown:
      cli_usage_error(g, cmd, "unknown option %s", argv[optind - 1]);
      return -1;
    }
  }
  return optind;
}

/* glibc 2.36 does not name it */
#define WAIT_P_PIDFD ((idtype_t)3)

static const int forwarded[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGTERM, SIGUSR1,
                                SIGUSR2, SIGWINCH, SIGCONT, SIGTSTP, SIGPIPE};

void cli_wait_forwarding(int pidfd, cli_forward_fn forward, void *userdata, int master,
                         int *ret_code) {
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
    sigaddset(&set, forwarded[i]);
  sigprocmask(SIG_BLOCK, &set, NULL);
  int sfd = signalfd(-1, &set, SFD_CLOEXEC);
  struct termios saved;
  bool raw = master >= 0 && cli_tty_raw(&saved);
  if (master >= 0)
    cli_tty_resize(master);
  enum { P_PID, P_SIG, P_IN, P_MASTER };
  struct pollfd pfds[4] = {{.fd = pidfd, .events = POLLIN},
                           {.fd = sfd, .events = POLLIN},
                           {.fd = master >= 0 ? STDIN_FILENO : -1, .events = POLLIN},
                           {.fd = master, .events = POLLIN}};
  for (;;) {
    int n = poll(pfds, 4, -1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 || (pfds[P_PID].revents & (POLLIN | POLLHUP | POLLERR)))
      break;
    struct signalfd_siginfo si;
    if ((pfds[P_SIG].revents & POLLIN) && read(sfd, &si, sizeof(si)) == sizeof(si)) {
      if (si.ssi_signo == SIGWINCH && master >= 0)
        cli_tty_resize(master); /* the pty signals its own foreground */
      else
        forward((int)si.ssi_signo, userdata);
    }
    if ((pfds[P_IN].revents & (POLLIN | POLLHUP | POLLERR)) && cli_copy(STDIN_FILENO, master) <= 0)
      pfds[P_IN].fd = -1; /* end of our input: the process keeps its pty */
    if ((pfds[P_MASTER].revents & (POLLIN | POLLHUP | POLLERR)) &&
        cli_copy(master, STDOUT_FILENO) <= 0)
      pfds[P_MASTER].fd = -1;
  }
  if (master >= 0) { /* what the process wrote before it exited */
    fcntl(master, F_SETFL, O_NONBLOCK);
    while (cli_copy(master, STDOUT_FILENO) > 0)
      ;
  }
  if (raw)
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  siginfo_t si;
  memset(&si, 0, sizeof(si));
  int r;
  while ((r = waitid(WAIT_P_PIDFD, (id_t)pidfd, &si, WEXITED)) < 0 && errno == EINTR)
    ;
  *ret_code = r < 0                      ? 255
              : si.si_code == CLD_EXITED ? si.si_status
                                         : 128 + si.si_status;
  if (sfd >= 0)
    close(sfd);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
}
