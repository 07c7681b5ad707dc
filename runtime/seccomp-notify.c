/* Handing the seccomp listener fd to the agent at linux.seccomp.listenerPath
 * (runtime-spec "Container Process State"): one sendmsg carrying the fd and
 * the JSON that describes it. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "runtime/fdpass.h"
#include "runtime/security.h"
#include "spec/cleanup.h"

/* spec/cleanup-json.h redefines jansson 2.14's own json_decrefp, so this
 * file uses jansson's json_auto_t instead. */

static int build_message(int pid, const char *metadata, const char *state_json, char **ret,
                         ctrun_error **err) {
  json_error_t jerr;
  json_auto_t *state = json_loads(state_json, 0, &jerr);
  if (state == NULL || !json_is_object(state))
    return error_set(err, EINVAL, "seccomp notify: the container state is not a JSON object: %s",
                     state ? "" : jerr.text);
  json_t *version = json_object_get(state, "ociVersion");
  json_auto_t *msg = json_pack(
      "{s:s, s:[s], s:i, s:s, s:O}", "ociVersion",
      json_is_string(version) ? json_string_value(version) : "1.2.0", "fds", "seccompFd", "pid",
      (json_int_t)pid, "metadata", metadata ? metadata : "", "state", state);
  if (msg == NULL)
    return error_set(err, ENOMEM, "seccomp notify: build the message");
  char *text = json_dumps(msg, JSON_COMPACT);
  if (text == NULL)
    return error_set(err, ENOMEM, "seccomp notify: serialize the message");
  *ret = text;
  return 0;
}

int seccomp_notify_send(const char *listener_path, int notify_fd, int pid, const char *metadata,
                        const char *state_json, ctrun_error **err) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (listener_path == NULL || strlen(listener_path) >= sizeof(addr.sun_path))
    return error_set(err, ENAMETOOLONG, "linux.seccomp.listenerPath: \"%s\" is longer than a socket path may be",
                     listener_path ? listener_path : "");
  strcpy(addr.sun_path, listener_path);

  _cleanup_free_ char *text = NULL;
  int r = build_message(pid, metadata, state_json, &text, err);
  if (r < 0)
    return r;

  _cleanup_close_ int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return error_set(err, errno, "seccomp notify: socket");
  if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0)
    return error_set(err, errno, "seccomp notify: connect to %s", listener_path);

  size_t len = strlen(text);
  ssize_t n = fd_send(sock, text, len, notify_fd);
  if (n < 0)
    return error_set(err, errno, "seccomp notify: send the listener fd to %s", listener_path);
  if ((size_t)n != len)
    return error_set(err, EIO, "seccomp notify: short write to %s (%zd of %zu bytes)",
                     listener_path, n, len);
  return 0;
}
