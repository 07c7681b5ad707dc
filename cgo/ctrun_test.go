package ctrun

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestLifecycle(t *testing.T) {
	rt := testRuntime(t)
	spec := testSpec(t, "sh", "-c", "exit 7")
	bundle := testBundle(t, spec)
	id := nextName("life")
	ct, err := rt.Create(id, &CreateOptions{Bundle: bundle})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	defer ct.Close()
	if ct.ID() != id {
		t.Errorf("ID() = %q, want %q", ct.ID(), id)
	}
	st, err := ct.State()
	if err != nil {
		t.Fatalf("State: %v", err)
	}
	if st.Status != StatusCreated || st.Pid <= 0 || st.ID != id || st.Bundle != bundle ||
		st.Rootfs != testRootfs || st.Created.IsZero() || st.OCIVersion == "" {
		t.Errorf("state after Create = %+v", st)
	}
	if cg := cgroupsExist(spec.Linux.CgroupsPath); len(cg) == 0 {
		t.Errorf("cgroup %s not made", spec.Linux.CgroupsPath)
	}
	list, err := rt.List()
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("List = %+v, %v; want %s only", list, err, id)
	}
	// a created container is not stopped: Delete without force refuses
	if err := ct.Delete(0); err == nil {
		t.Errorf("Delete of a created container succeeded")
	} else if e := (*Error)(nil); !errors.As(err, &e) || e.Code != ErrWrongState {
		t.Errorf("Delete of a created container: %v, want ErrWrongState", err)
	}
	if err := ct.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	status, err := ct.Wait(context.Background())
	if err != nil || status != 7 {
		t.Fatalf("Wait = %d, %v; want 7", status, err)
	}
	// a second Wait gives the same status
	if status, err := ct.Wait(context.Background()); err != nil || status != 7 {
		t.Errorf("second Wait = %d, %v; want 7", status, err)
	}
	if st, err := ct.State(); err != nil || st.Status != StatusStopped || st.Pid != 0 {
		t.Errorf("state after Wait = %+v, %v", st, err)
	}
	if err := ct.Delete(0); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if cg := cgroupsExist(spec.Linux.CgroupsPath); len(cg) != 0 {
		t.Errorf("cgroups left after Delete: %v", cg)
	}
	// the handle is stale now; the id is unknown
	if _, err := ct.State(); !errors.Is(err, syscall.ESTALE) {
		t.Errorf("State after Delete: %v, want ESTALE", err)
	}
	if _, err := rt.Load(id); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load after Delete: %v, want fs.ErrNotExist", err)
	}
	if err := ct.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := ct.State(); err != ErrClosed {
		t.Errorf("State after Close: %v, want ErrClosed", err)
	}
}

func TestErrors(t *testing.T) {
	rt := testRuntime(t)
	_, err := rt.Load("no-such-container")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load unknown: %v, want fs.ErrNotExist", err)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Load unknown: %T is not a *Error", err)
	}
	if e.Errno != syscall.ENOENT || e.Code != ErrNotFound || !strings.Contains(e.Message, "no-such-container") {
		t.Errorf("Load unknown: %+v", e)
	}
	if !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("Error() = %q lacks strerror", err.Error())
	}

	// bad input names the field; errno 0
	_, err = ConfigFromJSON([]byte(`{"ociVersion": "1.0.2", "process": {"args": "sh"}}`))
	if !errors.As(err, &e) || e.Code != ErrInvalidArgument || e.Errno != 0 ||
		!strings.Contains(e.Message, "process.args") {
		t.Errorf("bad config: %v (%+v)", err, e)
	}
	if _, err := ConfigFromFile(filepath.Join(testDir, "no-such-config.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ConfigFromFile missing: %v, want fs.ErrNotExist", err)
	}
	if _, err := rt.Create("bad/id", &CreateOptions{Bundle: testDir}); !errors.As(err, &e) || e.Code != ErrInvalidArgument {
		t.Errorf("Create bad id: %v, want ErrInvalidArgument", err)
	}

	// a taken id: fs.ErrExist, and the first container is untouched
	bundle := testBundle(t, testSpec(t, "true"))
	id := nextName("dup")
	ct, err := rt.Create(id, &CreateOptions{Bundle: bundle})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	defer ct.Close()
	if _, err := rt.Create(id, &CreateOptions{Bundle: bundle}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create taken id: %v, want fs.ErrExist", err)
	}
	if st, err := ct.State(); err != nil || st.Status != StatusCreated {
		t.Errorf("first container after the clash: %+v, %v", st, err)
	}
	if err := ct.Delete(DeleteForce); err != nil {
		t.Errorf("Delete force: %v", err)
	}

	// a failing create leaves nothing behind
	spec := testSpec(t, "/no/such/program")
	bad := testBundle(t, spec)
	if _, err := rt.Create(nextName("noexec"), &CreateOptions{Bundle: bad}); err == nil {
		t.Errorf("Create with a missing program succeeded")
	}
	if list, _ := rt.List(); len(list) != 0 {
		t.Errorf("containers left after a failed create: %+v", list)
	}
	if cg := cgroupsExist(spec.Linux.CgroupsPath); len(cg) != 0 {
		t.Errorf("cgroups left after a failed create: %v", cg)
	}
}

func TestStdio(t *testing.T) {
	rt := testRuntime(t)
	bundle := testBundle(t, testSpec(t, "sh", "-c", "read line; echo out:$line; echo err:$line >&2; exit 3"))
	var stdout, stderr bytes.Buffer
	status, err := rt.Run(context.Background(), nextName("stdio"), &CreateOptions{
		Bundle: bundle,
		Stdin:  strings.NewReader("hello\n"),
		Stdout: &stdout,
		Stderr: &stderr,
	})
	if err != nil || status != 3 {
		t.Fatalf("Run = %d, %v; want 3", status, err)
	}
	if stdout.String() != "out:hello\n" || stderr.String() != "err:hello\n" {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}

	// one writer for both; an *os.File is given as it is
	f, err := os.CreateTemp(testDir, "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var both bytes.Buffer
	bundle2 := testBundle(t, testSpec(t, "sh", "-c", "echo a; echo b >&2"))
	if _, err := rt.Run(context.Background(), nextName("stdio"), &CreateOptions{Bundle: bundle2, Stdout: &both, Stderr: &both}); err != nil {
		t.Fatal(err)
	}
	if both.String() != "a\nb\n" {
		t.Errorf("combined output %q", both.String())
	}
	bundle3 := testBundle(t, testSpec(t, "sh", "-c", "echo to-file"))
	if _, err := rt.Run(context.Background(), nextName("stdio"), &CreateOptions{Bundle: bundle3, Stdout: f}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(f.Name()); string(data) != "to-file\n" {
		t.Errorf("file output %q", data)
	}
	// the process's own fds 0..2 are untouched
	var st1, st2 syscall.Stat_t
	if err := syscall.Fstat(1, &st1); err == nil {
		syscall.Fstat(int(os.Stdout.Fd()), &st2)
		if st1.Ino != st2.Ino {
			t.Errorf("fd 1 changed")
		}
	}
}

func TestWaitCancel(t *testing.T) {
	rt := testRuntime(t)
	bundle := testBundle(t, testSpec(t, "sleep", "60"))
	ct, err := rt.Create(nextName("cancel"), &CreateOptions{Bundle: bundle})
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Close()
	if err := ct.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	if _, err := ct.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait with a deadline: %v, want DeadlineExceeded", err)
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("cancelled Wait took %v", d)
	}
	if st, err := ct.State(); err != nil || st.Status != StatusRunning {
		t.Errorf("after a cancelled Wait: %+v, %v; want running", st, err)
	}
	// Wait in one goroutine, Kill in another
	done := make(chan int, 1)
	go func() {
		s, err := ct.Wait(context.Background())
		if err != nil {
			t.Errorf("Wait: %v", err)
		}
		done <- s
	}()
	time.Sleep(50 * time.Millisecond)
	if err := ct.Kill(syscall.SIGKILL, 0); err != nil {
		t.Fatalf("Kill: %v", err)
	}
	select {
	case s := <-done:
		if s != 128+int(syscall.SIGKILL) {
			t.Errorf("status after SIGKILL = %d", s)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Wait did not return after SIGKILL")
	}
	if err := ct.Kill(syscall.SIGKILL, 0); err == nil {
		t.Errorf("Kill of a stopped container succeeded")
	}
	if err := ct.Delete(0); err != nil {
		t.Errorf("Delete: %v", err)
	}
}

func TestRunCancel(t *testing.T) {
	rt := testRuntime(t)
	spec := testSpec(t, "sleep", "60")
	bundle := testBundle(t, spec)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := rt.Run(ctx, nextName("runcancel"), &CreateOptions{Bundle: bundle}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run: %v, want DeadlineExceeded", err)
	}
	if list, _ := rt.List(); len(list) != 0 {
		t.Errorf("containers left after a cancelled Run: %+v", list)
	}
	if cg := cgroupsExist(spec.Linux.CgroupsPath); len(cg) != 0 {
		t.Errorf("cgroups left after a cancelled Run: %v", cg)
	}
}

func TestPauseUpdateStats(t *testing.T) {
	rt := testRuntime(t)
	bundle := testBundle(t, testSpec(t, "sh", "-c", "sleep 60 & sleep 60"))
	ct, err := rt.Create(nextName("pause"), &CreateOptions{Bundle: bundle})
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Close()
	defer ct.Delete(DeleteForce)
	if err := ct.Start(); err != nil {
		t.Fatal(err)
	}
	// sh (which execs the second sleep) and the first sleep
	var pids []int
	for i := 0; i < 100; i++ {
		if pids, err = ct.Processes(); err != nil || len(pids) >= 2 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || len(pids) != 2 {
		t.Errorf("Processes = %v, %v; want 2 pids", pids, err)
	}
	if pid, err := ct.Pid(); err != nil || len(pids) == 0 || pid != pids[0] {
		t.Errorf("Pid = %d, %v; want the first of %v", pid, err, pids)
	}
	if err := ct.Pause(); err != nil {
		t.Fatalf("Pause: %v", err)
	}
	if st, _ := ct.State(); st == nil || st.Status != StatusPaused {
		t.Errorf("state after Pause: %+v", st)
	}
	if err := ct.Pause(); err == nil {
		t.Errorf("Pause of a paused container succeeded")
	}
	if err := ct.Resume(); err != nil {
		t.Fatalf("Resume: %v", err)
	}
	if st, _ := ct.State(); st == nil || st.Status != StatusRunning {
		t.Errorf("state after Resume: %+v", st)
	}

	limit := int64(64)
	if err := ct.Update(&specs.LinuxResources{Pids: &specs.LinuxPids{Limit: limit}}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	stats, err := ct.Stats()
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if v, ok := stats.Get(StatsPidsCurrent); !ok || v != 2 {
		t.Errorf("pids.current = %d (%v), want 2", v, ok)
	}
	if v, ok := stats.Get(StatsPidsLimit); !ok || v != uint64(limit) {
		t.Errorf("pids.max = %d (%v), want %d", v, ok, limit)
	}
	if v, ok := stats.Get(StatsMemoryUsage); !ok || v == 0 {
		t.Errorf("memory usage = %d (%v)", v, ok)
	}
	// a bad update names the field and changes nothing
	var e *Error
	err = ct.Update(&specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "not-a-list"}})
	if !errors.As(err, &e) || e.Code != ErrInvalidArgument {
		t.Errorf("bad Update: %v", err)
	}

	// KillAll reaches the background sleep too
	if err := ct.Kill(syscall.SIGKILL, KillAll); err != nil {
		t.Fatalf("Kill all: %v", err)
	}
	if s, err := ct.Wait(context.Background()); err != nil || s != 137 {
		t.Errorf("Wait = %d, %v", s, err)
	}
	if err := ct.Delete(0); err != nil {
		t.Errorf("Delete: %v", err)
	}
}

func TestDeleteForceReaps(t *testing.T) {
	rt := testRuntime(t)
	bundle := testBundle(t, testSpec(t, "sleep", "60"))
	ct, err := rt.Create(nextName("force"), &CreateOptions{Bundle: bundle})
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Close()
	if err := ct.Start(); err != nil {
		t.Fatal(err)
	}
	pid, _ := ct.Pid()
	if err := ct.Delete(DeleteForce); err != nil {
		t.Fatalf("Delete force: %v", err)
	}
	// reaped by Delete: no zombie, and Wait tells how it ended
	if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
		t.Errorf("init %d still there after Delete force: %v", pid, err)
	}
	if s, err := ct.Wait(context.Background()); err != nil || s != 137 {
		t.Errorf("Wait after Delete force = %d, %v", s, err)
	}
}

func TestConfigSources(t *testing.T) {
	spec := testSpec(t, "echo", "hi")
	spec.Hostname = "from-spec"
	fromSpec, err := ConfigFromSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer fromSpec.Close()
	data, err := fromSpec.JSON(true)
	if err != nil || !bytes.Contains(data, []byte("\n  ")) {
		t.Fatalf("JSON(pretty) = %s, %v", data, err)
	}
	fromJSON, err := ConfigFromJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	defer fromJSON.Close()
	dir := filepath.Join(testDir, nextName("cfg"))
	os.Mkdir(dir, 0o755)
	defer os.RemoveAll(dir)
	if err := fromJSON.WriteBundle(dir, false); err != nil {
		t.Fatal(err)
	}
	if err := fromJSON.WriteBundle(dir, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("WriteBundle over a config: %v, want fs.ErrExist", err)
	}
	fromFile, err := ConfigFromFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer fromFile.Close()
	back, err := fromFile.Spec()
	if err != nil {
		t.Fatal(err)
	}
	if back.Hostname != "from-spec" || strings.Join(back.Process.Args, " ") != "echo hi" ||
		back.Linux.CgroupsPath != spec.Linux.CgroupsPath {
		t.Errorf("round trip: hostname %q args %v cgroups %q", back.Hostname, back.Process.Args, back.Linux.CgroupsPath)
	}
	fromFile.Close()
	if _, err := fromFile.JSON(false); err != ErrClosed {
		t.Errorf("JSON after Close: %v", err)
	}
}

func TestDomainXML(t *testing.T) {
	xml, err := os.ReadFile(filepath.Join(srcdir(), "examples/domain.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cgroup := cgroupPrefix + "/" + nextName("xml")
	var warnings []string
	cfg, err := ConfigFromDomainXML(xml, &DomainXMLOptions{
		Rootfs:           testRootfs,
		CgroupsPath:      cgroup,
		HostCapabilities: true,
		Warn:             func(msg string) { warnings = append(warnings, msg) },
	})
	if err != nil {
		if e := (*Error)(nil); errors.As(err, &e) && e.Code == ErrNotSupported {
			t.Skipf("library built without the converter: %v", err)
		}
		t.Fatalf("ConfigFromDomainXML: %v", err)
	}
	defer cfg.Close()
	spec, err := cfg.Spec()
	if err != nil {
		t.Fatal(err)
	}
	if spec.Hostname != "helloctrun" || spec.Process.Cwd != "/tmp" || spec.Linux.CgroupsPath != cgroup {
		t.Errorf("converted: hostname %q cwd %q cgroups %q", spec.Hostname, spec.Process.Cwd, spec.Linux.CgroupsPath)
	}
	t.Logf("warnings: %q", warnings)

	// and run it
	rt := testRuntime(t)
	dir := filepath.Join(testDir, nextName("xmlbundle"))
	os.Mkdir(dir, 0o755)
	defer os.RemoveAll(dir)
	var out bytes.Buffer
	status, err := rt.Run(context.Background(), nextName("xml"), &CreateOptions{Bundle: dir, Config: cfg, Stdout: &out, Stderr: &out})
	if err != nil || status != 0 {
		t.Fatalf("Run = %d, %v; output %q", status, err, out.String())
	}
	if want := "hello from hello_ctrun on helloctrun in /tmp, GREETING=bonjour\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}

	// bad XML names where
	_, err = ConfigFromDomainXML([]byte("<domain type='lxc'><os><type>exe</type></os></domain>"), nil)
	var e *Error
	if !errors.As(err, &e) || e.Code != ErrInvalidArgument || !strings.Contains(e.Message, "/domain") {
		t.Errorf("bad domain: %v", err)
	}
}

func TestFeaturesVersion(t *testing.T) {
	rt := testRuntime(t)
	f, err := rt.Features()
	if err != nil {
		t.Fatal(err)
	}
	if f.OCIVersionMax == "" || len(f.Hooks) == 0 || len(f.MountOptions) == 0 || len(f.Linux) == 0 {
		t.Errorf("Features = %+v", f)
	}
	if Version() == "" || SpecVersion() == "" {
		t.Errorf("Version %q, SpecVersion %q", Version(), SpecVersion())
	}
	if rt.StateRoot() == "" {
		t.Errorf("StateRoot empty")
	}
	rt.Close()
	if _, err := rt.List(); err != ErrClosed {
		t.Errorf("List after Close: %v", err)
	}
	if err := rt.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// The handle outlives its Runtime: the library keeps the context.
func TestContainerOutlivesRuntime(t *testing.T) {
	var logged int32
	rt, err := Open(&Options{StateRoot: filepath.Join(testDir, nextName("state")), Log: func(LogLevel, string) { logged++ }})
	if err != nil {
		t.Fatal(err)
	}
	bundle := testBundle(t, testSpec(t, "true"))
	ct, err := rt.Create(nextName("outlive"), &CreateOptions{Bundle: bundle})
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Close()
	rt.Close()
	if err := ct.Start(); err != nil {
		t.Fatal(err)
	}
	if s, err := ct.Wait(context.Background()); err != nil || s != 0 {
		t.Errorf("Wait = %d, %v", s, err)
	}
	if err := ct.Delete(0); err != nil {
		t.Errorf("Delete: %v", err)
	}
}
