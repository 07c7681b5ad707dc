/* The converter on small domains written here: one decision per test. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"
#include "spec/xml/xml.h"

#define OS "<os><type>exe</type><init>/bin/sh</init></os>"
#define ROOT "<filesystem type='mount'><source dir='/srv/r'/><target dir='/'/></filesystem>"

static char warnings[4096];
static void collect(const char *m, void *u) {
  strncat(warnings, m, sizeof(warnings) - strlen(warnings) - 2);
  strcat(warnings, "\n");
}

static spec_config *convert_opts(const char *xml, const struct xml_options *o) {
  spec_config *cfg = NULL;
  ctrun_error *err = NULL;
  warnings[0] = '\0';
  int r = xml_domain_to_config(xml, strlen(xml), o, collect, NULL, &cfg, &err);
  cr_assert_eq(r, 0, "conversion failed: %s", err ? err->message : "?");
  return cfg;
}

static spec_config *convert(const char *xml) {
  struct xml_options o = {0};
  return convert_opts(xml, &o);
}

static char *convert_fails(const char *xml, const struct xml_options *o) {
  static const struct xml_options none;
  spec_config *cfg = NULL;
  ctrun_error *err = NULL;
  warnings[0] = '\0';
  int r = xml_domain_to_config(xml, strlen(xml), o ? o : &none, collect, NULL, &cfg, &err);
  cr_assert_lt(r, 0, "conversion should have failed");
  cr_assert_null(cfg);
  char *m = strdup(err->message);
  error_free(err);
  return m;
}

static bool has(const strv_t *v, const char *s) {
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->items[i], s) == 0)
      return true;
  return false;
}

static const spec_namespace *ns(const spec_config *c, const char *type) {
  for (size_t i = 0; i < c->linux_.n_namespaces; i++)
    if (strcmp(c->linux_.namespaces[i].type, type) == 0)
      return &c->linux_.namespaces[i];
  return NULL;
}

Test(xml_convert, hostname_from_name_and_shared_uts) {
  spec_config *c = convert("<domain type='lxc'><name>-migrate_test.1</name>" OS
                           "<devices>" ROOT "</devices></domain>");
  cr_assert_str_eq(c->hostname, "migratetest1");
  cr_assert_str_eq(c->linux_.cgroups_path, "/machine/-migrate_test.1");
  spec_config_free(c);
  c = convert("<domain type='lxc' xmlns:l='http://libvirt.org/schemas/domain/lxc/1.0'>"
              "<name>a</name>" OS "<devices>" ROOT "</devices>"
              "<l:namespace><l:shareuts type='pid' value='99'/></l:namespace></domain>");
  cr_assert_null(c->hostname);
  cr_assert_str_eq(ns(c, "uts")->path, "/proc/99/ns/uts");
  spec_config_free(c);
}

Test(xml_convert, lxc_environment_and_initenv_override) {
  spec_config *c = convert("<domain type='lxc'><name>e</name><uuid>E21987A5E98E9C990E35803E4D9AD1FE"
                           "</uuid><os><type>exe</type><init>/bin/sh</init>"
                           "<initenv name='PATH'>/usr/bin</initenv><initenv name='X'>1</initenv>"
                           "</os><devices>" ROOT "</devices></domain>");
  strv_t *e = &c->process->env;
  cr_assert_eq(e->n, 8);
  cr_assert_str_eq(e->items[0], "PATH=/usr/bin"); /* replaced in place */
  cr_assert_str_eq(e->items[2], "container=lxc-libvirt");
  cr_assert_str_eq(e->items[4], "container_uuid=e21987a5-e98e-9c99-0e35-803e4d9ad1fe");
  cr_assert_str_eq(e->items[7], "X=1");
  cr_assert_str_eq(c->process->cwd, "/");
  spec_config_free(c);
}

Test(xml_convert, init_is_required_for_lxc_but_not_openvz) {
  char *m = convert_fails("<domain type='lxc'><name>a</name><os><type>exe</type></os></domain>",
                          NULL);
  cr_assert_str_eq(m, "/domain/os: init binary must be specified (<init>)");
  free(m);
  spec_config *c = convert("<domain type='openvz'><name>101</name><os><type>exe</type></os>"
                           "<devices>" ROOT "</devices></domain>");
  cr_assert_str_eq(c->process->args.items[0], "/sbin/init");
  cr_assert_null(c->linux_.cgroups_path);
  spec_config_free(c);
}

Test(xml_convert, capability_policies) {
  spec_config *c = convert("<domain type='lxc'><name>a</name>" OS
                           "<features><capabilities policy='allow'/></features>"
                           "<devices>" ROOT "</devices></domain>");
  cr_assert_eq(c->process->capabilities.bounding.n, 41);
  cr_assert(has(&c->process->capabilities.effective, "CAP_SYS_MODULE"));
  spec_config_free(c);

  c = convert("<domain type='lxc'><name>a</name>" OS "<devices>" ROOT "</devices></domain>");
  spec_capabilities *k = &c->process->capabilities;
  cr_assert_eq(k->bounding.n, 36);
  cr_assert(!has(&k->bounding, "CAP_SYS_MODULE") && !has(&k->bounding, "CAP_MKNOD"));
  cr_assert(has(&k->bounding, "CAP_SYS_BOOT") && has(&k->permitted, "CAP_SYS_ADMIN"));
  cr_assert(has(&k->bounding, "CAP_BPF")); /* libvirt cannot name it: kept */
  spec_resources *res = &c->linux_.resources;
  cr_assert_eq(res->n_devices, 10); /* deny all + 9 nodes, no "m" without CAP_MKNOD */
  spec_config_free(c);

}

Test(xml_convert, deny_policy_and_mknod_rule) {
  spec_config *c = convert("<domain type='lxc'><name>a</name>" OS
                           "<features><capabilities policy='deny'><mknod state='on'/>"
                           "<kill/></capabilities></features><devices>" ROOT "</devices></domain>");
  spec_capabilities *k = &c->process->capabilities;
  cr_assert_eq(k->bounding.n, 2);
  cr_assert_str_eq(k->bounding.items[0], "CAP_KILL");
  cr_assert_str_eq(k->bounding.items[1], "CAP_MKNOD");
  spec_device_rule *last = &c->linux_.resources.devices[c->linux_.resources.n_devices - 1];
  cr_assert(last->allow && !last->major.set && !last->minor.set);
  cr_assert_str_eq(last->type, "a");
  cr_assert_str_eq(last->access, "m");
  spec_config_free(c);
}

Test(xml_convert, unknown_capability_is_an_error) {
  char *m = convert_fails("<domain type='lxc'><name>a</name>" OS "<features><capabilities "
                          "policy='deny'><bpf/></capabilities></features></domain>", NULL);
  cr_assert_str_eq(m, "/domain/features/capabilities/bpf: unexpected capability feature 'bpf'");
  free(m);
}

Test(xml_convert, memory_precedence_and_zero) {
  spec_config *c = convert("<domain type='lxc'><name>a</name><memory>1024</memory><memtune>"
                           "<hard_limit unit='M'>2</hard_limit><swap_hard_limit unit='M'>3"
                           "</swap_hard_limit></memtune>" OS "<devices>" ROOT "</devices></domain>");
  spec_memory *m = &c->linux_.resources.memory;
  cr_assert_eq(m->limit.value, 2 << 20);
  cr_assert_eq(m->swap.value, 3 << 20);
  cr_assert(!m->reservation.set);
  spec_config_free(c);
  c = convert("<domain type='openvz'><name>1</name><memory unit='KiB'>0</memory>" OS
              "<devices>" ROOT "</devices></domain>");
  cr_assert(!c->linux_.resources.memory.present);
  spec_config_free(c);
  char *e = convert_fails("<domain type='lxc'><name>a</name><memtune><hard_limit>4</hard_limit>"
                          "<swap_hard_limit>2</swap_hard_limit></memtune>" OS "</domain>", NULL);
  cr_assert(strstr(e, "/domain/memtune: memory hard_limit"), "%s", e);
  free(e);
}

Test(xml_convert, cputune_unlimited_quota_left_out) {
  spec_config *c = convert("<domain type='lxc'><name>a</name><cputune><shares>10</shares>"
                           "<quota>-1</quota></cputune>" OS "<devices>" ROOT "</devices></domain>");
  cr_assert(!c->linux_.resources.cpu.quota.set);
  cr_assert_eq(c->linux_.resources.cpu.shares.value, 10);
  spec_config_free(c);
}

Test(xml_convert, inituser_numbers_and_caps) {
  spec_config *c = convert("<domain type='lxc'><name>a</name><os><type>exe</type><init>/bin/sh"
                           "</init><inituser>+1000</inituser><initgroup>+50</initgroup></os>"
                           "<devices>" ROOT "</devices></domain>");
  cr_assert_eq(c->process->user.uid, 1000);
  cr_assert_eq(c->process->user.gid, 50);
  cr_assert_eq(c->process->capabilities.effective.n, 0);
  cr_assert_eq(c->process->capabilities.permitted.n, 0);
  cr_assert_eq(c->process->capabilities.bounding.n, 36);
  spec_config_free(c);
  char *m = convert_fails("<domain type='lxc'><name>a</name><os><type>exe</type><init>/bin/sh"
                          "</init><inituser>tester</inituser></os></domain>", NULL);
  cr_assert(strstr(m, "user 'tester'"), "%s", m);
  free(m);
}

Test(xml_convert, strict_turns_drops_into_errors) {
  const char *xml = "<domain type='lxc'><name>a</name>" OS "<devices>" ROOT
                    "<serial type='pty'><target port='0'/></serial></devices><bogus/></domain>";
  spec_config *c = convert(xml);
  cr_assert(strstr(warnings, "/domain/devices/serial: device <serial> has no meaning"),
            "%s", warnings);
  cr_assert(strstr(warnings, "/domain/bogus: element not understood"), "%s", warnings);
  cr_assert_null(strstr(warnings, "serial/target"), "one message per dropped element");
  spec_config_free(c);
  struct xml_options strict = {.strict = true};
  char *m = convert_fails(xml, &strict);
  cr_assert_str_eq(m, "/domain/devices/serial: device <serial> has no meaning for a container, "
                      "ignored (--strict)");
  free(m);
}

Test(xml_convert, malformed_xml_names_the_line) {
  char *m = convert_fails("<domain type='lxc'>\n<name>a</name>\n<os>\n</domain>\n", NULL);
  cr_assert(strstr(m, "malformed XML at line 4"), "%s", m);
  free(m);
  m = convert_fails("", NULL);
  cr_assert(strstr(m, "malformed XML"), "%s", m);
  free(m);
}

Test(xml_convert, root_filesystem_rejects) {
  char *m = convert_fails("<domain type='lxc'><name>a</name>" OS "<devices><filesystem "
                          "type='bind'><source dir='/'/><target dir='/'/></filesystem>"
                          "<filesystem type='ram'><source usage='1'/><target dir='/x'/>"
                          "</filesystem></devices></domain>", NULL);
  cr_assert_str_eq(m, "/domain/devices/filesystem[1]: root filesystem of type 'bind' is not "
                      "supported");
  free(m);
}

Test(xml_convert, readonly_root_propagates_and_rootfs_option) {
  struct xml_options o = {.rootfs = "/tmp/rfs", .cgroups_path = "test/xml"};
  spec_config *c = convert_opts("<domain type='lxc'><name>a</name>" OS "<devices>"
                                "<filesystem><source dir='/srv/r'/><target dir='/'/><readonly/>"
                                "</filesystem><filesystem type='ram'><source usage='1' units='M'/>"
                                "<target dir='/t'/></filesystem></devices></domain>", &o);
  cr_assert_str_eq(c->root.path, "/tmp/rfs");
  cr_assert(c->root.readonly.value);
  spec_mount *t = &c->mounts[c->n_mounts - 1];
  cr_assert_str_eq(t->destination, "/t");
  cr_assert(has(&t->options, "size=1048576") && has(&t->options, "ro"));
  cr_assert_str_eq(c->linux_.cgroups_path, "test/xml");
  spec_config_free(c);
}

Test(xml_convert, no_root_shares_the_host_root_read_only) {
  spec_config *c = convert("<domain type='lxc'><name>a</name>" OS "</domain>");
  cr_assert_str_eq(c->root.path, "/");
  cr_assert(c->root.readonly.set && c->root.readonly.value);
  cr_assert(strstr(warnings, "shares the host's root filesystem"), "%s", warnings);
  cr_assert_null(ns(c, "network")); /* no interface, no privnet: host network */
  spec_config_free(c);
}

Test(xml_convert, network_annotation_schema) {
  struct xml_network_map nets[] = {{"default", "br7"}};
  struct xml_options o = {.networks = nets, .n_networks = 1, .net_hook = "/usr/libexec/nethook"};
  spec_config *c = convert_opts("<domain type='lxc'><name>a</name>" OS "<devices>" ROOT
                                "<interface type='network'><source network='default'/>"
                                "<ip address='10.1.2.3'/></interface></devices></domain>", &o);
  const char *v = NULL;
  for (size_t i = 0; i < c->annotations.n; i++)
    if (strcmp(c->annotations.items[i].key, XML_ANNOT_NETWORK) == 0)
      v = c->annotations.items[i].value;
  cr_assert_str_eq(v, "{\"version\":1,\"interfaces\":[{\"type\":\"network\",\"bridge\":\"br7\","
                      "\"network\":\"default\",\"name\":\"eth0\",\"linkState\":\"up\","
                      "\"addresses\":[{\"family\":\"ipv4\",\"address\":\"10.1.2.3\","
                      "\"prefix\":8}],\"routes\":[]}]}");
  cr_assert_not_null(ns(c, "network"));
  cr_assert_eq(c->hooks.create_runtime.n, 1);
  cr_assert_str_eq(c->hooks.create_runtime.items[0].args.items[1], "up");
  cr_assert_str_eq(c->hooks.poststop.items[0].args.items[1], "down");
  spec_config_free(c);
}

static const char *net_annotation(const spec_config *c) {
  for (size_t i = 0; i < c->annotations.n; i++)
    if (strcmp(c->annotations.items[i].key, XML_ANNOT_NETWORK) == 0)
      return c->annotations.items[i].value;
  return NULL;
}

/* libvirt's default is up, with or without addresses: the hook refuses
 * routes on a down link, so only <link state='down'> gives "down". */
Test(xml_convert, link_state_defaults_to_up) {
  spec_config *c = convert("<domain type='lxc'><name>a</name>" OS "<devices>" ROOT
                           "<interface type='bridge'><source bridge='br0'/>"
                           "<route address='169.254.0.0' prefix='16' gateway='169.254.1.1'/>"
                           "</interface><interface type='bridge'><source bridge='br0'/>"
                           "<link state='down'/></interface></devices></domain>");
  const char *v = net_annotation(c);
  cr_assert_not_null(v);
  cr_assert(strstr(v, "\"name\":\"eth0\",\"linkState\":\"up\""), "%s", v);
  cr_assert(strstr(v, "\"name\":\"eth1\",\"linkState\":\"down\""), "%s", v);
  spec_config_free(c);
}

/* An unnamed interface skips the names other interfaces ask for, even
 * when they come later in the domain (ctrun-nethook's rule). */
Test(xml_convert, default_names_skip_explicit_ones) {
  spec_config *c = convert("<domain type='lxc'><name>a</name>" OS "<devices>" ROOT
                           "<interface type='bridge'><source bridge='br0'/></interface>"
                           "<interface type='bridge'><source bridge='br0'/></interface>"
                           "<interface type='bridge'><source bridge='br0'/></interface>"
                           "<interface type='bridge'><source bridge='br0'/>"
                           "<guest dev='eth1'/></interface></devices></domain>");
  const char *v = net_annotation(c);
  cr_assert_not_null(v);
  const char *want[] = {"eth0", "eth2", "eth3", "eth1"};
  const char *p = v;
  for (size_t i = 0; i < 4; i++) {
    char key[32];
    snprintf(key, sizeof(key), "\"name\":\"%s\"", want[i]);
    p = strstr(p, key);
    cr_assert_not_null(p, "interface %zu should be %s: %s", i, want[i], v);
    p++;
  }
  spec_config_free(c);
}

Test(xml_convert, legacy_needs_the_flag) {
  const char *xml = "<domain type='linuxcontainer'><name>c</name><container>"
                    "<application>/bin/init2</application><network hostname='dog'/>"
                    "</container><cpushare>40</cpushare></domain>";
  char *m = convert_fails(xml, NULL);
  cr_assert_str_eq(m, "/domain: domain type 'linuxcontainer' is from the 2008 drafts: pass "
                      "--legacy");
  free(m);
  struct xml_options o = {.legacy = true};
  spec_config *c = convert_opts(xml, &o);
  cr_assert_str_eq(c->process->args.items[0], "/bin/init2");
  cr_assert_str_eq(c->hostname, "dog");
  cr_assert_eq(c->linux_.resources.cpu.shares.value, 40);
  spec_config_free(c);
}

Test(xml_convert, vm_domains_are_refused) {
  char *m = convert_fails("<domain type='kvm'><name>a</name>" OS "</domain>", NULL);
  cr_assert(strstr(m, "not a container driver"), "%s", m);
  free(m);
  m = convert_fails("<domain type='vz'><name>a</name><os><type>hvm</type></os></domain>", NULL);
  cr_assert_str_eq(m, "/domain/os/type: os type 'hvm' is a virtual machine, not a container "
                      "(expected 'exe')");
  free(m);
}

Test(xml_convert, output_parses_back) {
  spec_config *c = convert("<domain type='lxc'><name>a</name><memory unit='G'>1</memory>" OS
                           "<idmap><uid start='0' target='1000' count='10'/><gid start='0' "
                           "target='1000' count='10'/></idmap><devices>" ROOT
                           "<console type='pty'/></devices></domain>");
  char *json = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_config_to_json(c, 0, &json, &err), 0);
  spec_config *back = NULL;
  cr_assert_eq(spec_config_parse(json, strlen(json), "config.json", &back, &err), 0, "%s",
               err ? err->message : "");
  cr_assert_eq(back->linux_.uid_mappings[0].host_id, 1000);
  cr_assert(back->process->terminal.value);
  spec_config_free(back);
  spec_config_free(c);
  free(json);
}
