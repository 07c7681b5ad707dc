package ctrun

// The cost of running a container from Go: in-process through libctrun
// (create + start + wait + delete) against exec'ing a runtime binary's
// `run` (crun, runc, and ctrun's own CLI when built).  Every iteration runs
// /bin/true in the same busybox bundle, stdio on /dev/null.
//
//	go test -run XXX -bench . -benchtime 100x     (in cgo/, as root)
//
// The ratio is crun's ns/op over InProcess's.

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchBundle is a bundle running /bin/true, with a cgroup that each
// iteration makes and removes again.
func benchBundle(b *testing.B) string {
	spec := testSpec(b, "/bin/true")
	spec.Version = "1.0.2" // what crun 1.8 accepts
	spec.Linux.CgroupsPath = cgroupPrefix + "/" + nextName("bench")
	return testBundle(b, spec)
}

func BenchmarkInProcess(b *testing.B) {
	rt := testRuntime(b)
	bundle := benchBundle(b)
	ctx := context.Background()
	opts := &CreateOptions{Bundle: bundle}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ct, err := rt.Create(fmt.Sprintf("bench-%d", i), opts)
		if err != nil {
			b.Fatal(err)
		}
		if err := ct.Start(); err != nil {
			b.Fatal(err)
		}
		if status, err := ct.Wait(ctx); err != nil || status != 0 {
			b.Fatalf("Wait = %d, %v", status, err)
		}
		if err := ct.Delete(0); err != nil {
			b.Fatal(err)
		}
		ct.Close()
	}
}

// InProcess through Run, with stdout through a pipe that Wait drains.
func BenchmarkInProcessPiped(b *testing.B) {
	rt := testRuntime(b)
	bundle := benchBundle(b)
	ctx := context.Background()
	opts := &CreateOptions{Bundle: bundle, Stdout: io.Discard}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if status, err := rt.Run(ctx, fmt.Sprintf("bench-%d", i), opts); err != nil || status != 0 {
			b.Fatalf("Run = %d, %v", status, err)
		}
	}
}

// benchExec runs `RUNTIME [FLAGS] --root ROOT run --bundle BUNDLE ID` b.N times.
func benchExec(b *testing.B, runtimePath string, flags ...string) {
	root := filepath.Join(testDir, nextName("state"))
	bundle := benchBundle(b)
	b.Cleanup(func() {
		os.RemoveAll(root)
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprintf("bench-%d", i)
		args := append(append([]string{}, flags...), "--root", root, "run", "--bundle", bundle, id)
		cmd := exec.Command(runtimePath, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			exec.Command(runtimePath, "--root", root, "delete", "--force", id).Run()
			b.Fatalf("%s run: %v: %s", runtimePath, err, out)
		}
	}
}

// crun refuses a hybrid cgroup layout whose cgroup2 has controllers
// ("cgroups in hybrid mode not supported"), even without a cgroup manager.
// There the benchmark runs again in a mount namespace of its own where a
// tmpfs hides /sys/fs/cgroup/unified, and that run's ns/op is reported.
// crun then sees cgroup v1 only, where it puts a relative cgroupsPath at
// the root of the memory hierarchy, outside this process's cgroup: so it
// runs without cgroups (--cgroup-manager=disabled), less work than the
// others do.
func BenchmarkExecCrun(b *testing.B) {
	crun, err := exec.LookPath("crun")
	if err != nil {
		b.Skip("crun not installed")
	}
	if os.Getenv("CTRUN_GO_BENCH_NS") == "" && hybridWithV2Controllers() {
		benchInMountNamespace(b, "BenchmarkExecCrun")
		return
	}
	var flags []string
	if os.Getenv("CTRUN_GO_BENCH_NS") != "" {
		flags = []string{"--cgroup-manager=disabled"}
	}
	benchExec(b, crun, flags...)
}

func hybridWithV2Controllers() bool {
	data, err := os.ReadFile("/sys/fs/cgroup/unified/cgroup.controllers")
	return err == nil && len(strings.TrimSpace(string(data))) > 0
}

// benchInMountNamespace runs benchmark name of this test binary, b.N
// times, in a private mount namespace without cgroup2, and reports its ns/op.
func benchInMountNamespace(b *testing.B, name string) {
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		b.Skip("unshare(1) not installed")
	}
	cmd := exec.Command(unshare, "--mount", "--propagation", "private", "sh", "-c",
		`mount -t tmpfs -o size=1m ctrun-go-bench /sys/fs/cgroup/unified && exec "$@"`, "sh",
		os.Args[0], "-test.run=XXX", "-test.bench=^"+name+"$", fmt.Sprintf("-test.benchtime=%dx", b.N))
	cmd.Env = append(os.Environ(), "CTRUN_GO_BENCH_NS=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%s in a mount namespace: %v\n%s", name, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && strings.HasPrefix(f[0], name) && f[3] == "ns/op" {
			if ns, err := strconv.ParseFloat(f[2], 64); err == nil {
				b.ReportMetric(ns, "ns/op")
				return
			}
		}
	}
	b.Fatalf("%s in a mount namespace: no result in\n%s", name, out)
}

func BenchmarkExecRunc(b *testing.B) {
	runc, err := exec.LookPath("runc")
	if err != nil {
		b.Skip("runc not installed")
	}
	benchExec(b, runc)
}

func BenchmarkExecCtrun(b *testing.B) {
	path := os.Getenv("CTRUN")
	if path == "" {
		if d := os.Getenv("top_builddir"); d != "" {
			path = filepath.Join(d, "ctrun")
		} else if p, err := exec.LookPath("ctrun"); err == nil {
			path = p
		}
	}
	if _, err := os.Stat(path); path == "" || err != nil {
		b.Skip("no ctrun binary (set CTRUN=...)")
	}
	benchExec(b, path)
}
