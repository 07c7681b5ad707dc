/* The cgroup subcommands (update, pause, resume, ps, events). */
#ifndef CTRUN_CLI_CLI_CGROUP_H
#define CTRUN_CLI_CLI_CGROUP_H

#include "runtime/cli/cli.h"

int cli_update(struct cli_globals *g, int argc, char **argv);
int cli_pause(struct cli_globals *g, int argc, char **argv);
int cli_resume(struct cli_globals *g, int argc, char **argv);
int cli_ps(struct cli_globals *g, int argc, char **argv);
int cli_events(struct cli_globals *g, int argc, char **argv);

#endif
