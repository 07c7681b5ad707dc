package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// setup returns a busybox rootfs, a state root and a cgroup parent, all
// removed when the test ends.
func setup(t *testing.T) (rootfs, root, cgroup string) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	rootfs = filepath.Join(dir, "rootfs")
	src := os.Getenv("top_srcdir")
	if src == "" {
		src = "../../.."
	}
	if out, err := exec.Command("sh", filepath.Join(src, "tests/rootfs/make-rootfs.sh"), rootfs).CombinedOutput(); err != nil {
		t.Skipf("no busybox rootfs: %v: %s", err, out)
	}
	cgroup = fmt.Sprintf("ctrun-go-cmd-%d", os.Getpid())
	t.Cleanup(func() {
		// the library removes the containers' cgroups; the parent is ours
		matches, _ := filepath.Glob("/sys/fs/cgroup/*/" + cgroup)
		for _, m := range matches {
			subs, _ := filepath.Glob(m + "/*/")
			for _, s := range subs {
				t.Errorf("cgroup left: %s", s)
				os.Remove(s)
			}
			os.Remove(m)
		}
		if left, _ := os.ReadDir(filepath.Join(dir, "state")); len(left) > 0 {
			t.Errorf("containers left in the state root: %v", left)
		}
	})
	return rootfs, filepath.Join(dir, "state"), cgroup
}

func TestDomainXML(t *testing.T) {
	rootfs, root, cgroup := setup(t)
	src := os.Getenv("top_srcdir")
	if src == "" {
		src = "../../.."
	}
	var out, errb bytes.Buffer
	status := run([]string{"-root", root, "-id", "xml", "-cgroup", cgroup + "/xml", "-prefix",
		"-xml", filepath.Join(src, "examples/domain.xml"), "-rootfs", rootfs}, &out, &errb)
	if status != 0 {
		t.Fatalf("status %d; stderr %s", status, errb.String())
	}
	if want := "xml| hello from hello_ctrun on helloctrun in /tmp, GREETING=bonjour\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestConfigArgsStatus(t *testing.T) {
	rootfs, root, cgroup := setup(t)
	dir := t.TempDir()
	// a config whose root.path is relative to the config's directory
	os.Symlink(rootfs, filepath.Join(dir, "rootfs"))
	cfg := `{"ociVersion": "1.0.2", "root": {"path": "rootfs", "readonly": true},
	  "process": {"args": ["false"], "cwd": "/", "env": ["PATH=/bin"]},
	  "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
	  "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}]}}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	status := run([]string{"-root", root, "-id", "cfg", "-cgroup", cgroup + "/cfg", "-prefix",
		"-config", filepath.Join(dir, "config.json"), "sh", "-c", "echo one; echo two >&2; printf three; exit 3"}, &out, &errb)
	if status != 3 {
		t.Fatalf("status %d; stderr %s", status, errb.String())
	}
	if out.String() != "cfg| one\ncfg| three\n" || !strings.Contains(errb.String(), "cfg! two\n") {
		t.Errorf("stdout %q stderr %q", out.String(), errb.String())
	}
}

func TestTimeout(t *testing.T) {
	rootfs, root, cgroup := setup(t)
	var out, errb bytes.Buffer
	dir := t.TempDir()
	os.Symlink(rootfs, filepath.Join(dir, "rootfs"))
	cfg := `{"ociVersion": "1.0.2", "root": {"path": "rootfs"}, "process": {"args": ["sleep", "60"], "cwd": "/"},
	  "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}]}}`
	os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o644)
	status := run([]string{"-root", root, "-id", "slow", "-cgroup", cgroup + "/slow", "-timeout", "300ms",
		"-bundle", dir}, &out, &errb)
	if status != 137 {
		t.Errorf("status %d, want 137 (SIGKILL); stderr %s", status, errb.String())
	}
	// -bundle alone runs the bundle's config.json as it is: untouched
	if data, _ := os.ReadFile(filepath.Join(dir, "config.json")); string(data) != cfg {
		t.Errorf("config.json changed: %s", data)
	}
	if status := run([]string{"-root", root}, &out, &errb); status != 125 {
		t.Errorf("no source: status %d, want 125", status)
	}
}
