/* The cgroup2 device controller is an eBPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE: built here from the OCI rules and loaded with
 * the raw bpf() syscall (no libbpf).
 *
 * The program: ctx is struct bpf_cgroup_dev_ctx {access_type, major, minor}
 * with access_type = (access << 16) | type.  The rules are tested from the
 * last to the first, so that the last matching rule wins as with the v1
 * devices.allow/deny files; no match denies. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"
#include "spec/cleanup.h"

#define R0 0
#define R1 1
#define R2 2
#define R3 3
#define R4 4
#define R5 5
#define R6 6
#define R7 7

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  struct bpf_insn i = {.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
  return i;
}
#define LDX_W(dst, src, off) insn(BPF_LDX | BPF_W | BPF_MEM, dst, src, off, 0)
#define MOV_REG(dst, src) insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV_IMM(dst, imm) insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define AND_IMM(dst, imm) insn(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm)
#define RSH_IMM(dst, imm) insn(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm)
#define JNE_IMM(dst, imm) insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, 0, imm) /* offset patched */
#define EXIT() insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int access_bits(const char *a) {
  int bits = 0;
  for (; a && *a; a++)
    bits |= *a == 'r' ? BPF_DEVCG_ACC_READ : *a == 'w' ? BPF_DEVCG_ACC_WRITE : *a == 'm' ? BPF_DEVCG_ACC_MKNOD : 0;
  return bits ? bits : BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;
}

/* Emits the program into out (when not NULL); returns the instruction count. */
static size_t build(const spec_device_rule *rules, size_t n, struct bpf_insn *out) {
  size_t k = 0;
#define EMIT(x)                                                                                  \
  do {                                                                                           \
    if (out)                                                                                     \
      out[k] = (x);                                                                              \
    k++;                                                                                         \
  } while (0)
  EMIT(LDX_W(R2, R1, offsetof(struct bpf_cgroup_dev_ctx, access_type)));
  EMIT(MOV_REG(R3, R2));
  EMIT(AND_IMM(R3, 0xffff)); /* type */
  EMIT(MOV_REG(R4, R2));
  EMIT(RSH_IMM(R4, 16)); /* access */
  EMIT(LDX_W(R5, R1, offsetof(struct bpf_cgroup_dev_ctx, major)));
  EMIT(LDX_W(R6, R1, offsetof(struct bpf_cgroup_dev_ctx, minor)));
  for (size_t i = n; i-- > 0;) {
    const spec_device_rule *r = &rules[i];
    size_t jumps[4], nj = 0;
    const char *t = r->type && *r->type ? r->type : "a";
    if (strcmp(t, "a") != 0) {
      jumps[nj++] = k;
      EMIT(JNE_IMM(R3, strcmp(t, "b") == 0 ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR));
    }
    int acc = access_bits(r->access);
    if (acc != (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD)) {
      /* the request must not ask for anything the rule does not grant */
      EMIT(MOV_REG(R7, R4));
      EMIT(AND_IMM(R7, ~acc & 7));
      jumps[nj++] = k;
      EMIT(JNE_IMM(R7, 0));
    }
    if (r->major.set && r->major.value >= 0) {
      jumps[nj++] = k;
      EMIT(JNE_IMM(R5, (int32_t)r->major.value));
    }
    if (r->minor.set && r->minor.value >= 0) {
      jumps[nj++] = k;
      EMIT(JNE_IMM(R6, (int32_t)r->minor.value));
    }
    EMIT(MOV_IMM(R0, r->allow ? 1 : 0));
    EMIT(EXIT());
    if (out)
      for (size_t j = 0; j < nj; j++)
        out[jumps[j]].off = (int16_t)(k - jumps[j] - 1);
    /* an unconditional rule hides the ones before it; the verifier refuses
     * unreachable code, so stop here */
    if (nj == 0)
      return k;
  }
  EMIT(MOV_IMM(R0, 0));
  EMIT(EXIT());
#undef EMIT
  return k;
}

size_t cgroup_bpf_devices_insns(const spec_device_rule *rules, size_t n) {
  return build(rules, n, NULL);
}

static int sys_bpf(int cmd, union bpf_attr *attr) {
  return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

int cgroup_bpf_devices_load(const spec_device_rule *rules, size_t n, int *ret_fd, ctrun_error **err) {
  size_t count = build(rules, n, NULL);
  if (count > 4096)
    return error_set(err, E2BIG, "linux.resources.devices: too many rules for the eBPF device program");
  _cleanup_free_ struct bpf_insn *prog = calloc(count, sizeof(*prog));
  if (prog == NULL)
    return error_set(err, ENOMEM, "eBPF device program");
  build(rules, n, prog);
  char log[8192];
  union bpf_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = (uint64_t)(uintptr_t)prog;
  attr.insn_cnt = (uint32_t)count;
  attr.license = (uint64_t)(uintptr_t) "Apache-2.0";
  int fd = sys_bpf(BPF_PROG_LOAD, &attr);
  if (fd < 0 && (errno == EINVAL || errno == EACCES)) {
    /* once more with the verifier's log, for the message */
    log[0] = '\0';
    attr.log_buf = (uint64_t)(uintptr_t)log;
    attr.log_size = sizeof(log);
    attr.log_level = 1;
    fd = sys_bpf(BPF_PROG_LOAD, &attr);
    if (fd < 0)
      return error_set(err, errno, "load the eBPF device program (%zu insns): %.200s", count, log);
  }
  if (fd < 0)
    return error_set(err, errno, "load the eBPF device program");
  /* bpf() fds are close-on-exec by default */
  *ret_fd = fd;
  return 0;
}

int cgroup_bpf_devices_attach(const char *dir, int prog_fd, ctrun_error **err) {
  _cleanup_close_ int cgfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cgfd < 0)
    return error_set(err, errno, "open %s", dir);
  uint32_t ids[64];
  union bpf_attr q;
  memset(&q, 0, sizeof(q));
  q.query.target_fd = (uint32_t)cgfd;
  q.query.attach_type = BPF_CGROUP_DEVICE;
  q.query.prog_ids = (uint64_t)(uintptr_t)ids;
  q.query.prog_cnt = ARRAY_SIZE(ids);
  uint32_t n_old = 0;
  if (sys_bpf(BPF_PROG_QUERY, &q) == 0)
    n_old = q.query.prog_cnt;

  union bpf_attr a;
  memset(&a, 0, sizeof(a));
  a.target_fd = (uint32_t)cgfd;
  a.attach_bpf_fd = (uint32_t)prog_fd;
  a.attach_type = BPF_CGROUP_DEVICE;
  a.attach_flags = BPF_F_ALLOW_MULTI;
  if (sys_bpf(BPF_PROG_ATTACH, &a) < 0)
    return error_set(err, errno, "attach the eBPF device program to %s", dir);

  /* With several programs attached all of them must allow, so the old ones
   * (an update) go once the new one is in place: no window without rules. */
  for (uint32_t i = 0; i < n_old; i++) {
    union bpf_attr g;
    memset(&g, 0, sizeof(g));
    g.prog_id = ids[i];
    _cleanup_close_ int old = sys_bpf(BPF_PROG_GET_FD_BY_ID, &g);
    if (old < 0)
      continue; /* gone already */
    union bpf_attr d;
    memset(&d, 0, sizeof(d));
    d.target_fd = (uint32_t)cgfd;
    d.attach_bpf_fd = (uint32_t)old;
    d.attach_type = BPF_CGROUP_DEVICE;
    if (sys_bpf(BPF_PROG_DETACH, &d) < 0 && errno != ENOENT)
      return error_set(err, errno, "detach the previous eBPF device program from %s", dir);
  }
  return 0;
}
