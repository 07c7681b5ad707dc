package ctrun

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// capNames are the capabilities by number (linux/capability.h).
var capNames = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
}

// heldCapabilities returns the bounding set of this process (CapBnd).
func heldCapabilities() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "CapBnd:") {
			return strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(line, "CapBnd:")), 16, 64)
		}
	}
	return 0, fmt.Errorf("ctrun: no CapBnd in /proc/self/status")
}

// limitToHeldCapabilities returns a copy of config whose capability sets
// hold only what this process holds.  Names it does not know are kept.
func limitToHeldCapabilities(config *Config) (*Config, error) {
	held, err := heldCapabilities()
	if err != nil {
		return nil, err
	}
	spec, err := config.Spec()
	if err != nil {
		return nil, err
	}
	if spec.Process == nil || spec.Process.Capabilities == nil {
		return ConfigFromSpec(spec)
	}
	keep := func(list []string) []string {
		out := list[:0]
		for _, name := range list {
			n := -1
			for i, c := range capNames {
				if strings.EqualFold(c, name) {
					n = i
				}
			}
			if n < 0 || held&(1<<uint(n)) != 0 {
				out = append(out, name)
			}
		}
		return out
	}
	c := spec.Process.Capabilities
	c.Bounding, c.Effective, c.Permitted = keep(c.Bounding), keep(c.Effective), keep(c.Permitted)
	c.Inheritable, c.Ambient = keep(c.Inheritable), keep(c.Ambient)
	return ConfigFromSpec(spec)
}
