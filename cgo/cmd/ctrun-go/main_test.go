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

var testRootfs string // a busybox rootfs the tests share

func TestMain(m *testing.M) {
	if os.Geteuid() != 0 {
		fmt.Println("SKIP: the tests run real containers: they need root")
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "ctrun-go-cmd.")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Chmod(dir, 0o755)
	testRootfs = filepath.Join(dir, "rootfs")
	out, err := exec.Command("sh", filepath.Join(srcdir(), "tests/rootfs/make-rootfs.sh"), testRootfs).CombinedOutput()
	code := 0
	if err != nil {
		fmt.Printf("SKIP: no busybox rootfs: %v: %s\n", err, out)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// srcdir is the top of the source tree: $top_srcdir under make check.
func srcdir() string {
	if d := os.Getenv("top_srcdir"); d != "" {
		return d
	}
	return "../../.."
}

// setup returns the rootfs, a state root and a cgroup parent; the test
// fails when a container or a cgroup is left, and removes them.
func setup(t *testing.T) (rootfs, root, cgroup string) {
	root = filepath.Join(t.TempDir(), "state")
	prefix := os.Getenv("CTRUN_GO_CGROUP_PREFIX") // set by cgo/go-test.sh
	if prefix == "" {
		prefix = "ctrun-go"
	}
	cgroup = fmt.Sprintf("%s-cmd-%d", prefix, os.Getpid())
	t.Cleanup(func() {
		if left, _ := os.ReadDir(root); len(left) > 0 {
			t.Errorf("containers left in the state root: %v", left)
			for _, e := range left {
				exec.Command(os.Getenv("CTRUN"), "--root", root, "delete", "--force", e.Name()).Run()
			}
		}
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
	})
	return testRootfs, root, cgroup
}

func TestDomainXML(t *testing.T) {
	rootfs, root, cgroup := setup(t)
	var out, errb bytes.Buffer
	status := run([]string{"-root", root, "-id", "xml", "-cgroup", cgroup + "/xml", "-prefix",
		"-xml", filepath.Join(srcdir(), "examples/domain.xml"), "-rootfs", rootfs}, &out, &errb)
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
