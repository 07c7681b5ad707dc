/* libFuzzer: what ctrun-nethook reads, as it reads it.  The input is tried
 * three ways: as the org.ctrun.network.v1 annotation itself, as the OCI
 * state on the hook's stdin (whose annotation is then parsed with the
 * state's id), and as a bundle's config.json carrying the annotation.
 * Besides crashes, leaks and sanitizer reports, a configuration the parser
 * accepts must hold what setup relies on: valid, distinct interface names
 * and prefixes that fit their family. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hooks/net-config.h"
#include "hooks/net-names.h"
#include "hooks/net-state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_addresses(const struct net_address *a, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((a[i].family != AF_INET && a[i].family != AF_INET6) ||
        a[i].prefix > (a[i].family == AF_INET ? 32u : 128u))
      abort();
}

static void check_routes(const struct net_route *r, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((r[i].family != AF_INET && r[i].family != AF_INET6) ||
        r[i].prefix > (r[i].family == AF_INET ? 32u : 128u))
      abort();
}

static void check_config(const struct net_config *c) {
  if (c->version != NET_SCHEMA_VERSION)
    abort();
  for (size_t i = 0; i < c->n_ifaces; i++) {
    const struct net_iface *f = &c->ifaces[i];
    if (!net_ifname_valid(f->name) || net_type_name(f->type) == NULL)
      abort();
    if (f->type != NET_TYPE_HOSTDEV && !net_ifname_valid(f->host_name))
      abort();
    for (size_t j = 0; j < i; j++)
      if (strcmp(f->name, c->ifaces[j].name) == 0 ||
          (f->host_name[0] && strcmp(f->host_name, c->ifaces[j].host_name) == 0))
        abort();
    check_addresses(f->addresses, f->n_addresses);
    check_addresses(f->host_addresses, f->n_host_addresses);
    check_routes(f->routes, f->n_routes);
    check_routes(f->host_routes, f->n_host_routes);
  }
}

static void parse_annotation(const char *text, const char *id) {
  struct net_config *c = NULL;
  ctrun_error *err = NULL;
  if (net_config_parse(text, id, &c, &err) < 0) {
    if (c != NULL || err == NULL || err->message == NULL)
      abort();
    error_free(err);
    return;
  }
  check_config(c);
  net_config_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* the hook reads text: it ends at the first NUL, as read_all's buffer does */
  char *text = malloc(size + 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';

  parse_annotation(text, "fuzz-ctr");

  struct net_state *st = NULL;
  ctrun_error *err = NULL;
  if (net_state_parse(text, &st, &err) == 0) {
    if (st->id == NULL)
      abort();
    if (st->annotation)
      parse_annotation(st->annotation, st->id);
    net_state_free(st);
  } else {
    error_free(err);
    err = NULL;
  }

  char *value = NULL;
  if (net_config_json_annotation(text, &value, &err) == 0) {
    if (value)
      parse_annotation(value, "fuzz-ctr");
    free(value);
  } else {
    error_free(err);
  }
  free(text);
  return 0;
}
