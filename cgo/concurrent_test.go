package ctrun

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const (
	concurrentContainers = 100
	concurrentGoroutines = 16
	concurrentDeadline   = 180 * time.Second
)

// 100 containers from 16 goroutines with GOMAXPROCS=8: every one runs,
// prints its own line through a pipe and exits with its own status;
// afterwards no container, cgroup, fd or goroutine is left.  Half the
// goroutines share a Runtime, the others have their own.  On a deadlock
// the test fails, kills what its containers run (which unblocks the
// goroutines) and cleans up.
func TestConcurrent100(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	shared := testRuntime(t)
	root := shared.StateRoot()
	spec := testSpec(t, "true")
	cgBase := cgroupPrefix + "/" + nextName("conc")
	bundles := make([]string, concurrentContainers)
	for i := range bundles {
		spec.Process.Args = []string{"sh", "-c", fmt.Sprintf("echo container %d; exit %d", i, i%7)}
		spec.Linux.CgroupsPath = fmt.Sprintf("%s-%d", cgBase, i)
		bundles[i] = testBundle(t, spec)
	}
	runtime.GC()
	fdsBefore, goroutinesBefore := countFDs(), runtime.NumGoroutine()

	var next, ok int64 = -1, 0
	var wg sync.WaitGroup
	errs := make(chan error, concurrentContainers)
	t0 := time.Now()
	for g := 0; g < concurrentGoroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rt := shared
			if g%2 == 1 {
				own, err := Open(&Options{StateRoot: root})
				if err != nil {
					errs <- err
					return
				}
				defer own.Close()
				rt = own
			}
			for {
				i := int(atomic.AddInt64(&next, 1))
				if i >= concurrentContainers {
					return
				}
				if err := runOne(rt, i, bundles[i]); err != nil {
					errs <- err
				} else {
					atomic.AddInt64(&ok, 1)
				}
			}
		}(g)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(concurrentDeadline):
		t.Errorf("deadlock: %d of %d containers started after %v", atomic.LoadInt64(&next), concurrentContainers, concurrentDeadline)
		atomic.StoreInt64(&next, concurrentContainers) // no new ones
		for round := 0; round < 30; round++ {
			killCgroups(cgBase)
			select {
			case <-done:
				round = 30
			case <-time.After(time.Second):
			}
		}
		select {
		case <-done:
		default:
			t.Fatal("goroutines still blocked after killing the containers")
		}
	}
	elapsed := time.Since(t0)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if ok != concurrentContainers {
		t.Errorf("%d of %d containers ran as expected", ok, concurrentContainers)
	}
	if list, err := shared.List(); err != nil || len(list) != 0 {
		t.Errorf("left in the state root: %d containers (%v)", len(list), err)
	}
	for i := 0; i < concurrentContainers; i++ {
		if cg := cgroupsExist(fmt.Sprintf("%s-%d", cgBase, i)); len(cg) != 0 {
			t.Errorf("cgroups left: %v", cg)
		}
	}
	// the threads that gave the containers their stdio end asynchronously
	var fdsAfter, goroutinesAfter int
	for i := 0; i < 50; i++ {
		runtime.GC()
		fdsAfter, goroutinesAfter = countFDs(), runtime.NumGoroutine()
		if fdsAfter <= fdsBefore && goroutinesAfter <= goroutinesBefore {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if fdsAfter != fdsBefore {
		t.Errorf("fds: %d before, %d after", fdsBefore, fdsAfter)
	}
	if goroutinesAfter > goroutinesBefore {
		t.Errorf("goroutines: %d before, %d after", goroutinesBefore, goroutinesAfter)
	}
	t.Logf("%d goroutines ran %d containers in %.2f s (%.1f ms each, GOMAXPROCS=8)",
		concurrentGoroutines, concurrentContainers, elapsed.Seconds(),
		float64(elapsed.Milliseconds())/concurrentContainers)
}

// runOne runs container i: create, start, wait, delete; its output and
// exit status must be its own.
func runOne(rt *Runtime, i int, bundle string) error {
	id := fmt.Sprintf("conc-%d-%d", os.Getpid(), i)
	var out bytes.Buffer
	ct, err := rt.Create(id, &CreateOptions{Bundle: bundle, Stdout: &out})
	if err != nil {
		return fmt.Errorf("container %d: %w", i, err)
	}
	defer ct.Close()
	fail := func(err error) error {
		ct.Delete(DeleteForce)
		return fmt.Errorf("container %d: %w", i, err)
	}
	if err := ct.Start(); err != nil {
		return fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), concurrentDeadline)
	defer cancel()
	status, err := ct.Wait(ctx)
	if err != nil {
		return fail(err)
	}
	if err := ct.Delete(0); err != nil {
		return fail(err)
	}
	if want := fmt.Sprintf("container %d\n", i); status != i%7 || out.String() != want {
		return fmt.Errorf("container %d: status %d output %q; want %d %q", i, status, out.String(), i%7, want)
	}
	return nil
}

// killCgroups SIGKILLs the processes of the cgroups base-* (this test's
// own, named after its pid).
func killCgroups(base string) {
	for _, dir := range ownCgroups() {
		procs, _ := filepath.Glob(filepath.Join(dir, base+"-*", "cgroup.procs"))
		for _, p := range procs {
			data, _ := os.ReadFile(p)
			for _, f := range strings.Fields(string(data)) {
				if pid, err := strconv.Atoi(f); err == nil && pid > 1 {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
		}
	}
}
