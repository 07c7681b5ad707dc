package ctrun

// What every test shares: root, a busybox rootfs, a private state root
// per test, a relative cgroupsPath with a prefix unique to this process,
// and a clean-up that force-deletes the containers and removes the
// cgroups the test made, on failure too.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

var (
	testDir    string // everything the tests make on disk
	testRootfs string // a busybox rootfs, read-only in the containers
	// the Example's state root and bundle
	exampleStateRoot, exampleBundle string
	cgroupPrefix                    = fmt.Sprintf("%s-%d", prefixFromEnv(), os.Getpid())
	counter                         int64
)

// prefixFromEnv is $CTRUN_GO_CGROUP_PREFIX (set by cgo/go-test.sh, which
// removes what a crashed test leaves), or "ctrun-go".
func prefixFromEnv() string {
	if p := os.Getenv("CTRUN_GO_CGROUP_PREFIX"); p != "" {
		return p
	}
	return "ctrun-go"
}

// srcdir is the top of the ctrun source tree: $top_srcdir under make
// check, else the parent of this package.
func srcdir() string {
	if d := os.Getenv("top_srcdir"); d != "" {
		return d
	}
	d, _ := filepath.Abs("..")
	return d
}

func TestMain(m *testing.M) {
	if os.Geteuid() != 0 {
		fmt.Println("SKIP: the tests run real containers: they need root")
		os.Exit(0)
	}
	var err error
	if testDir, err = os.MkdirTemp("", "ctrun-go."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Chmod(testDir, 0o755)
	testRootfs = filepath.Join(testDir, "rootfs")
	exampleStateRoot = filepath.Join(testDir, "state-example")
	exampleBundle = filepath.Join(testDir, "bundle-example")
	os.Mkdir(exampleBundle, 0o755)
	mk := exec.Command("sh", filepath.Join(srcdir(), "tests/rootfs/make-rootfs.sh"), testRootfs)
	if out, err := mk.CombinedOutput(); err != nil {
		fmt.Printf("SKIP: no busybox rootfs: %v: %s\n", err, out)
		os.RemoveAll(testDir)
		os.Exit(0)
	}
	code := m.Run()
	// whatever a test (or the Example) left: containers, then cgroups
	cleanStateRoots(testDir)
	if left := removeCgroups(cgroupPrefix); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: cgroups left behind: %v\n", left)
		code = 1
	}
	os.RemoveAll(testDir)
	os.Exit(code)
}

// nextName returns a name unique in this process: prefix-N.
func nextName(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, atomic.AddInt64(&counter, 1))
}

// testRuntime is a Runtime with a private state root, closed and emptied
// when the test ends.
func testRuntime(t testing.TB) *Runtime {
	t.Helper()
	root := filepath.Join(testDir, nextName("state"))
	rt, err := Open(&Options{StateRoot: root, Log: func(l LogLevel, msg string) {
		if l <= LogWarning {
			t.Logf("libctrun %s: %s", l, msg)
		}
	}})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		rt.Close() // the test may have closed it: clean up with another
		if again, err := Open(&Options{StateRoot: root}); err == nil {
			forceDeleteAll(t, again)
			again.Close()
		}
	})
	return rt
}

// forceDeleteAll deletes every container of rt's state root.
func forceDeleteAll(t testing.TB, rt *Runtime) {
	states, err := rt.List()
	if err != nil {
		t.Errorf("clean-up: list: %v", err)
		return
	}
	for _, s := range states {
		if ct, err := rt.Load(s.ID); err == nil {
			if err := ct.Delete(DeleteForce); err != nil {
				t.Errorf("clean-up: delete %s: %v", s.ID, err)
			}
			ct.Close()
		}
	}
}

// cleanStateRoots force-deletes the containers of every state root under dir.
func cleanStateRoots(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "state-") {
			continue
		}
		rt, err := Open(&Options{StateRoot: filepath.Join(dir, e.Name())})
		if err != nil {
			continue
		}
		states, _ := rt.List()
		for _, s := range states {
			if ct, err := rt.Load(s.ID); err == nil {
				fmt.Fprintf(os.Stderr, "clean-up: container %s left in %s\n", s.ID, e.Name())
				ct.Delete(DeleteForce)
				ct.Close()
			}
		}
		rt.Close()
	}
}

const cgroup2Magic = 0x63677270

// ownCgroups returns this process's cgroup directories, one per hierarchy.
func ownCgroups() []string {
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return nil
	}
	defer f.Close()
	var dirs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" { // cgroup2: hybrid or unified
			for _, mnt := range []string{"/sys/fs/cgroup/unified", "/sys/fs/cgroup"} {
				var st syscall.Statfs_t
				if syscall.Statfs(mnt, &st) == nil && st.Type == cgroup2Magic {
					dirs = append(dirs, filepath.Join(mnt, parts[2]))
				}
			}
			continue
		}
		for _, ctl := range strings.Split(parts[1], ",") {
			dirs = append(dirs, filepath.Join("/sys/fs/cgroup", strings.TrimPrefix(ctl, "name="), parts[2]))
		}
	}
	return dirs
}

// removeCgroups removes this process's cgroup parent (prefix, holding one
// cgroup per container) under each of its own cgroups, and returns the
// container cgroups that were still there: those the library left.
func removeCgroups(prefix string) []string {
	var left []string
	for _, dir := range ownCgroups() {
		parent := filepath.Join(dir, prefix)
		subs, _ := os.ReadDir(parent)
		for _, s := range subs {
			if s.IsDir() {
				left = append(left, filepath.Join(parent, s.Name()))
				os.Remove(filepath.Join(parent, s.Name()))
			}
		}
		os.Remove(parent)
	}
	return left
}

// cgroupsExist returns the cgroup directories of the container cgroup
// rel (cgroupsPath) that exist.
func cgroupsExist(rel string) []string {
	var found []string
	for _, dir := range ownCgroups() {
		if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			found = append(found, filepath.Join(dir, rel))
		}
	}
	return found
}

// testSpec is the default config running args in the test rootfs
// (read-only, absolute), without a terminal, in a cgroup of its own.
func testSpec(t testing.TB, args ...string) *specs.Spec {
	t.Helper()
	cfg, err := DefaultConfig()
	if err != nil {
		t.Fatalf("DefaultConfig: %v", err)
	}
	defer cfg.Close()
	s, err := cfg.Spec()
	if err != nil {
		t.Fatalf("Spec: %v", err)
	}
	s.Root = &specs.Root{Path: testRootfs, Readonly: true}
	s.Process.Terminal = false
	s.Process.Args = args
	s.Linux.CgroupsPath = cgroupPrefix + "/" + nextName("c")
	return s
}

// testBundle makes a bundle directory with spec as its config.json.
func testBundle(t testing.TB, spec *specs.Spec) string {
	t.Helper()
	dir := filepath.Join(testDir, nextName("bundle"))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, err := ConfigFromSpec(spec)
	if err != nil {
		t.Fatalf("ConfigFromSpec: %v", err)
	}
	defer cfg.Close()
	if err := cfg.WriteBundle(dir, false); err != nil {
		t.Fatalf("WriteBundle: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// countFDs counts this process's open fds.
func countFDs() int {
	entries, _ := os.ReadDir("/proc/self/fd")
	return len(entries)
}
