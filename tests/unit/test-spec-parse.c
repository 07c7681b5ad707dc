/* Every field of config.json lands where the model says: full.json (in the
 * fuzz corpus) sets them all, and each is checked by hand here. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "spec-test-util.h"

static spec_config *full;

static void load_full(void) {
  char *text = read_srcdir_file("tests/fuzz/corpus/config/full.json", NULL);
  full = parse_ok(text);
  free(text);
}

static void free_full(void) {
  spec_config_free(full);
}

TestSuite(spec_parse_full, .init = load_full, .fini = free_full);

static void expect_strv(const strv_t *v, size_t n, const char *const *items) {
  cr_assert(v->present);
  cr_assert_eq(v->n, n);
  for (size_t i = 0; i < n; i++)
    cr_expect_str_eq(v->items[i], items[i]);
  cr_expect_null(v->items[n], "NULL-terminated");
}

Test(spec_parse_full, top_level) {
  cr_expect_str_eq(full->oci_version, "1.2.0");
  cr_expect_str_eq(full->hostname, "box");
  cr_expect_str_eq(full->domainname, "example.org");
  cr_expect(full->root.present);
  cr_expect_str_eq(full->root.path, "rootfs");
  cr_expect(full->root.readonly.set && !full->root.readonly.value);
  cr_assert(full->annotations.present);
  cr_assert_eq(full->annotations.n, 2);
  cr_expect_str_eq(full->annotations.items[0].key, "org.example.key");
  cr_expect_str_eq(full->annotations.items[0].value, "value");
  cr_expect_str_eq(full->annotations.items[1].key, "com.example.empty");
  cr_expect_str_eq(full->annotations.items[1].value, "");
}

Test(spec_parse_full, process) {
  const spec_process *p = full->process;
  cr_assert_not_null(p);
  cr_expect(p->terminal.set && p->terminal.value);
  cr_expect(p->console_size.set && p->console_size.height == 25 && p->console_size.width == 80);
  cr_expect_eq(p->user.uid, 1000);
  cr_expect_eq(p->user.gid, 1000);
  cr_expect(p->user.umask.set && p->user.umask.value == 18);
  cr_assert_eq(p->user.n_additional_gids, 3);
  cr_expect_eq(p->user.additional_gids[0], 5);
  cr_expect_eq(p->user.additional_gids[2], 4294967295u);
  cr_expect_str_eq(p->user.username, "someone");
  expect_strv(&p->args, 3, (const char *[]){"/bin/sh", "-c", "echo hi"});
  cr_expect_str_eq(p->command_line, "cmd /c echo");
  expect_strv(&p->env, 2, (const char *[]){"PATH=/usr/bin:/bin", "TERM=xterm"});
  cr_expect_str_eq(p->cwd, "/work");
  cr_expect(p->capabilities.present);
  expect_strv(&p->capabilities.bounding, 3,
              (const char *[]){"CAP_CHOWN", "CAP_KILL", "CAP_CHECKPOINT_RESTORE"});
  expect_strv(&p->capabilities.effective, 1, (const char *[]){"CAP_KILL"});
  expect_strv(&p->capabilities.inheritable, 0, NULL);
  expect_strv(&p->capabilities.permitted, 2, (const char *[]){"CAP_KILL", "CAP_NET_RAW"});
  expect_strv(&p->capabilities.ambient, 1, (const char *[]){"CAP_NET_BIND_SERVICE"});
  cr_assert(p->rlimits_present);
  cr_assert_eq(p->n_rlimits, 2);
  cr_expect_str_eq(p->rlimits[0].type, "RLIMIT_NOFILE");
  cr_expect_eq(p->rlimits[0].soft, 1024);
  cr_expect_eq(p->rlimits[0].hard, 4096);
  cr_expect_eq(p->rlimits[1].hard, 9223372036854775807ull);
  cr_expect(p->no_new_privileges.set && p->no_new_privileges.value);
  cr_expect_str_eq(p->apparmor_profile, "ctrun-default");
  cr_expect(p->oom_score_adj.set && p->oom_score_adj.value == -500);
  cr_expect_str_eq(p->selinux_label, "system_u:system_r:svirt_lxc_net_t:s0:c124,c675");
  cr_expect(p->io_priority.present);
  cr_expect_str_eq(p->io_priority.class_, "IOPRIO_CLASS_BE");
  cr_expect_eq(p->io_priority.priority, 4);
  const spec_scheduler *s = &p->scheduler;
  cr_expect(s->present);
  cr_expect_str_eq(s->policy, "SCHED_DEADLINE");
  cr_expect(s->nice.set && s->nice.value == -5);
  cr_expect(s->priority.set && s->priority.value == 0);
  expect_strv(&s->flags, 2, (const char *[]){"SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM"});
  cr_expect(s->runtime.set && s->runtime.value == 10000000);
  cr_expect(s->deadline.set && s->deadline.value == 30000000);
  cr_expect(s->period.set && s->period.value == 30000000);
  cr_expect(p->exec_cpu_affinity.present);
  cr_expect_str_eq(p->exec_cpu_affinity.initial, "0-3,7");
  cr_expect_str_eq(p->exec_cpu_affinity.final, "1");
}

Test(spec_parse_full, mounts) {
  cr_assert(full->mounts_present);
  cr_assert_eq(full->n_mounts, 4);
  const spec_mount *m = &full->mounts[2];
  cr_expect_str_eq(m->destination, "/data");
  cr_expect_str_eq(m->type, "bind");
  cr_expect_str_eq(m->source, "/srv/data");
  expect_strv(&m->options, 2, (const char *[]){"rbind", "ro"});
  cr_assert_eq(m->n_uid_mappings, 1);
  cr_expect_eq(m->uid_mappings[0].container_id, 0);
  cr_expect_eq(m->uid_mappings[0].host_id, 100000);
  cr_expect_eq(m->uid_mappings[0].size, 65536);
  cr_assert_eq(m->n_gid_mappings, 1);
  cr_expect_eq(m->gid_mappings[0].host_id, 100000);
  cr_expect(!full->mounts[0].options.present, "absent options stay absent");
  cr_expect(full->mounts[3].options.present && full->mounts[3].options.n == 0, "[] stays []");
}

Test(spec_parse_full, hooks) {
  const spec_hooks *h = &full->hooks;
  cr_assert(h->present);
  cr_assert_eq(h->prestart.n, 1);
  cr_expect_str_eq(h->prestart.items[0].path, "/usr/bin/old-hook");
  cr_expect(!h->prestart.items[0].timeout.set);
  cr_assert_eq(h->create_runtime.n, 1);
  const spec_hook *cr = &h->create_runtime.items[0];
  cr_expect_str_eq(cr->path, "/usr/bin/netns-setup");
  expect_strv(&cr->args, 2, (const char *[]){"netns-setup", "--verbose"});
  expect_strv(&cr->env, 1, (const char *[]){"A=1"});
  cr_expect(cr->timeout.set && cr->timeout.value == 10);
  cr_expect_eq(h->create_container.items[0].timeout.value, 1);
  cr_expect(h->start_container.items[0].args.present && h->start_container.items[0].args.n == 0);
  cr_expect_str_eq(h->poststart.items[0].args.items[1], "started");
  cr_expect(h->poststop.present && h->poststop.n == 0);
}

Test(spec_parse_full, linux_ids_and_namespaces) {
  const spec_linux *l = &full->linux_;
  cr_assert(l->present);
  cr_assert_eq(l->n_uid_mappings, 2);
  cr_expect_eq(l->uid_mappings[1].container_id, 1);
  cr_expect_eq(l->uid_mappings[1].host_id, 100000);
  cr_expect_eq(l->uid_mappings[1].size, 65535);
  cr_assert_eq(l->n_gid_mappings, 1);
  cr_assert_eq(l->sysctl.n, 2);
  cr_expect_str_eq(l->sysctl.items[1].key, "kernel.shmmax");
  cr_expect_str_eq(l->sysctl.items[1].value, "4294967296");
  cr_expect_str_eq(l->cgroups_path, "ctrun-test/box");
  cr_assert(l->namespaces_present);
  cr_assert_eq(l->n_namespaces, 8);
  cr_expect_str_eq(l->namespaces[1].type, "network");
  cr_expect_str_eq(l->namespaces[1].path, "/var/run/netns/box");
  cr_expect_null(l->namespaces[0].path);
  cr_expect_str_eq(l->namespaces[7].type, "time");
  cr_expect(l->time_offsets_present);
  cr_expect(l->time_monotonic.set && l->time_monotonic.secs == 86400 &&
            l->time_monotonic.nanosecs == 500);
  cr_expect(l->time_boottime.set && l->time_boottime.secs == -3600);
  cr_assert(l->devices_present && l->n_devices == 3);
  const spec_device *d = &l->devices[0];
  cr_expect_str_eq(d->path, "/dev/fuse");
  cr_expect_str_eq(d->type, "c");
  cr_expect_eq(d->major, 10);
  cr_expect_eq(d->minor, 229);
  cr_expect(d->file_mode.set && d->file_mode.value == 0666);
  cr_expect(d->uid.set && d->uid.value == 0);
  cr_expect(d->gid.set && d->gid.value == 0);
  cr_expect(!l->devices[1].file_mode.set);
  cr_assert(l->net_devices_present && l->n_net_devices == 2);
  cr_expect_str_eq(l->net_devices[0].name, "eth1");
  cr_expect_str_eq(l->net_devices[0].new_name, "ctr1");
  cr_expect_str_eq(l->net_devices[1].name, "macvlan0");
  cr_expect_null(l->net_devices[1].new_name);
  cr_expect_str_eq(l->rootfs_propagation, "rslave");
  expect_strv(&l->masked_paths, 2, (const char *[]){"/proc/kcore", "/sys/firmware"});
  expect_strv(&l->readonly_paths, 0, NULL);
  cr_expect_str_eq(l->mount_label, "system_u:object_r:svirt_sandbox_file_t:s0:c715,c811");
  cr_expect(l->intel_rdt.present);
  cr_expect_str_eq(l->intel_rdt.clos_id, "guaranteed_group");
  cr_expect_str_eq(l->intel_rdt.l3_cache_schema, "L3:0=7f0;1=1f");
  cr_expect_str_eq(l->intel_rdt.mem_bw_schema, "MB:0=20;1=70");
  cr_expect(l->intel_rdt.enable_cmt.set && l->intel_rdt.enable_cmt.value);
  cr_expect(l->intel_rdt.enable_mbm.set && !l->intel_rdt.enable_mbm.value);
  cr_expect(l->personality.present);
  cr_expect_str_eq(l->personality.domain, "LINUX32");
  expect_strv(&l->personality.flags, 0, NULL);
}

Test(spec_parse_full, linux_resources) {
  const spec_resources *r = &full->linux_.resources;
  cr_assert(r->present);
  cr_assert(r->devices_present && r->n_devices == 3);
  cr_expect(!r->devices[0].allow);
  cr_expect_null(r->devices[0].type);
  cr_expect_str_eq(r->devices[0].access, "rwm");
  cr_expect(r->devices[1].allow);
  cr_expect_str_eq(r->devices[1].type, "c");
  cr_expect(r->devices[1].major.set && r->devices[1].major.value == 1);
  cr_expect(r->devices[1].minor.set && r->devices[1].minor.value == 3);
  cr_expect(r->devices[2].major.value == -1);
  const spec_memory *m = &r->memory;
  cr_expect(m->present);
  cr_expect(m->limit.set && m->limit.value == 536870912);
  cr_expect(m->reservation.set && m->reservation.value == 268435456);
  cr_expect(m->swap.set && m->swap.value == -1);
  cr_expect(m->kernel.set && m->kernel.value == 0);
  cr_expect(m->kernel_tcp.set && m->kernel_tcp.value == 0);
  cr_expect(m->swappiness.set && m->swappiness.value == 60);
  cr_expect(m->disable_oom_killer.set && !m->disable_oom_killer.value);
  cr_expect(m->use_hierarchy.set && m->use_hierarchy.value);
  cr_expect(m->check_before_update.set && m->check_before_update.value);
  const spec_cpu *c = &r->cpu;
  cr_expect(c->present);
  cr_expect(c->shares.value == 1024 && c->quota.value == 50000 && c->burst.value == 1000);
  cr_expect(c->period.value == 100000 && c->realtime_runtime.value == 950000);
  cr_expect(c->realtime_period.value == 1000000 && c->idle.set && c->idle.value == 0);
  cr_expect_str_eq(c->cpus, "0-1");
  cr_expect_str_eq(c->mems, "0");
  cr_expect(r->pids_present && r->pids_limit.set && r->pids_limit.value == 128);
  const spec_blkio *b = &r->blkio;
  cr_expect(b->present);
  cr_expect(b->weight.value == 500 && b->leaf_weight.value == 300);
  cr_assert(b->weight_device_present && b->n_weight_device == 2);
  cr_expect(b->weight_device[0].major == 8 && b->weight_device[0].minor == 0);
  cr_expect(b->weight_device[0].weight.value == 600 &&
            b->weight_device[0].leaf_weight.value == 200);
  cr_expect(!b->weight_device[1].weight.set && b->weight_device[1].minor == 16);
  cr_expect(b->throttle_read_bps.present && b->throttle_read_bps.n == 1);
  cr_expect_eq(b->throttle_read_bps.items[0].rate, 104857600);
  cr_expect(b->throttle_write_bps.present && b->throttle_write_bps.n == 0);
  cr_expect_eq(b->throttle_read_iops.items[0].rate, 1000);
  cr_expect_eq(b->throttle_write_iops.items[0].rate, 300);
  cr_assert(r->hugepage_limits_present && r->n_hugepage_limits == 2);
  cr_expect_str_eq(r->hugepage_limits[0].page_size, "2MB");
  cr_expect_eq(r->hugepage_limits[0].limit, 209715200);
  cr_expect(r->network.present && r->network.class_id.value == 1048577);
  cr_assert_eq(r->network.n_priorities, 2);
  cr_expect_str_eq(r->network.priorities[1].name, "lo");
  cr_expect_eq(r->network.priorities[1].priority, 1000);
  cr_assert(r->rdma_present && r->n_rdma == 2);
  cr_expect_str_eq(r->rdma[0].device, "mlx5_1");
  cr_expect(r->rdma[0].hca_handles.value == 3 && r->rdma[0].hca_objects.value == 10000);
  cr_expect(!r->rdma[1].hca_handles.set && r->rdma[1].hca_objects.value == 1000);
  cr_assert(r->unified.present && r->unified.n == 2);
  cr_expect_str_eq(r->unified.items[1].key, "io.weight");
  cr_expect_str_eq(r->unified.items[1].value, "default 100");
}

Test(spec_parse_full, linux_seccomp) {
  const spec_seccomp *s = &full->linux_.seccomp;
  cr_assert(s->present);
  cr_expect_str_eq(s->default_action, "SCMP_ACT_ERRNO");
  cr_expect(s->default_errno_ret.set && s->default_errno_ret.value == 1);
  expect_strv(&s->architectures, 3,
              (const char *[]){"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"});
  expect_strv(&s->flags, 2,
              (const char *[]){"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"});
  cr_expect_str_eq(s->listener_path, "/run/seccomp-agent.sock");
  cr_expect_str_eq(s->listener_metadata, "profile=strict");
  cr_assert_eq(s->n_syscalls, 4);
  expect_strv(&s->syscalls[0].names, 3, (const char *[]){"read", "write", "exit_group"});
  cr_expect_str_eq(s->syscalls[0].action, "SCMP_ACT_ALLOW");
  cr_expect_eq(s->syscalls[0].n_args, 0);
  const spec_syscall *p = &s->syscalls[1];
  cr_assert_eq(p->n_args, 2);
  cr_expect(p->args[0].index == 0 && p->args[0].value == 0 && !p->args[0].has_value_two);
  cr_expect_str_eq(p->args[0].op, "SCMP_CMP_EQ");
  cr_expect(p->args[1].value == 8 && p->args[1].has_value_two && p->args[1].value_two == 0);
  cr_expect(s->syscalls[2].errno_ret.set && s->syscalls[2].errno_ret.value == 97);
  cr_expect_eq(s->syscalls[2].args[0].value_two, 4294967295u);
  cr_expect_str_eq(s->syscalls[2].args[0].op, "SCMP_CMP_MASKED_EQ");
}

Test(spec_parse, absent_parts_stay_absent) {
  spec_config *c = parse_ok("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"/\"}}");
  cr_expect_null(c->process);
  cr_expect_null(c->hostname);
  cr_expect(!c->mounts_present && c->n_mounts == 0);
  cr_expect(!c->hooks.present);
  cr_expect(!c->annotations.present);
  cr_expect(!c->linux_.present);
  cr_expect(!c->root.readonly.set);
  spec_config_free(c);
}

Test(spec_parse, empty_arrays_and_objects_stay_present) {
  spec_config *c = parse_ok("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"/\"}, "
                            "\"mounts\": [], \"annotations\": {}, \"hooks\": {}, "
                            "\"linux\": {\"namespaces\": [], \"resources\": {}, \"devices\": [], "
                            "\"maskedPaths\": [], \"sysctl\": {}, \"netDevices\": {}}}");
  cr_expect(c->mounts_present && c->n_mounts == 0);
  cr_expect(c->annotations.present && c->annotations.n == 0);
  cr_expect(c->hooks.present && !c->hooks.poststop.present);
  cr_expect(c->linux_.present && c->linux_.namespaces_present && c->linux_.n_namespaces == 0);
  cr_expect(c->linux_.resources.present && !c->linux_.resources.memory.present);
  cr_expect(c->linux_.devices_present);
  cr_expect(c->linux_.masked_paths.present && c->linux_.masked_paths.n == 0);
  cr_expect(!c->linux_.readonly_paths.present);
  cr_expect(c->linux_.sysctl.present);
  cr_expect(c->linux_.net_devices_present);
  spec_config_free(c);
}

Test(spec_parse, runc_spec_output) {
  char *text = read_srcdir_file("tests/fuzz/corpus/config/runc-spec.json", NULL);
  spec_config *c = parse_ok(text);
  cr_expect_str_eq(c->oci_version, "1.0.2-dev");
  cr_expect_eq(c->n_mounts, 7);
  cr_expect_str_eq(c->mounts[6].destination, "/sys/fs/cgroup");
  cr_expect_eq(c->linux_.n_namespaces, 5);
  cr_expect_eq(c->linux_.masked_paths.n, 10);
  cr_expect_eq(c->process->n_rlimits, 1);
  spec_config_free(c);
  free(text);
}

Test(spec_parse, text_need_not_be_nul_terminated) {
  const char *doc = "{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"/\"}}garbage";
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  size_t len = strlen(doc) - strlen("garbage");
  cr_assert_eq(spec_config_parse(doc, len, "config.json", &c, &err), 0);
  spec_config_free(c);
}
