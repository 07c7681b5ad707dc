/* The OCI state a hook reads on stdin, and the annotation it carries.
 * Pure parsing; the caller reads stdin and <bundle>/config.json. */
#ifndef CTRUN_HOOKS_NET_STATE_H
#define CTRUN_HOOKS_NET_STATE_H

#include <sys/types.h>

#include "spec/error.h"

struct net_state {
  char *id;
  pid_t pid;        /* 0 when absent (poststop: the process is gone) */
  char *bundle;     /* NULL when absent */
  char *annotation; /* org.ctrun.network.v1, NULL when absent */
};

int net_state_parse(const char *json_text, struct net_state **ret_state,
                    ctrun_error **err);
void net_state_free(struct net_state *state);

/* Finds the annotation in a bundle's config.json; *ret_value is NULL when
 * the config has none. */
int net_config_json_annotation(const char *json_text, char **ret_value,
                               ctrun_error **err);

#endif
