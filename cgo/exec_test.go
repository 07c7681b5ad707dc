package ctrun

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestExec(t *testing.T) {
	rt := testRuntime(t)
	bundle := testBundle(t, testSpec(t, "sleep", "60"))
	var initOut bytes.Buffer
	ct, err := rt.Create(nextName("exec"), &CreateOptions{Bundle: bundle, Stdout: &initOut})
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Close()
	defer ct.Delete(DeleteForce)
	if err := ct.Start(); err != nil {
		t.Fatal(err)
	}
	proc := func(args ...string) *specs.Process {
		return &specs.Process{Args: args, Cwd: "/", Env: []string{"PATH=/bin", "WHO=exec"}}
	}

	// output, input and exit status are the process's own; it runs in the
	// container's pid namespace (not pid 1, which is the init's)
	var out, errb bytes.Buffer
	p, err := ct.Exec(proc("sh", "-c", "read x; echo $x $WHO $$; echo oops >&2; exit 5"),
		&ExecOptions{Stdin: strings.NewReader("hello\n"), Stdout: &out, Stderr: &errb})
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	defer p.Close()
	if p.Pid <= 0 {
		t.Errorf("Pid = %d", p.Pid)
	}
	if s, err := p.Wait(context.Background()); err != nil || s != 5 {
		t.Errorf("Wait = %d, %v; want 5", s, err)
	}
	f := strings.Fields(out.String())
	if len(f) != 3 || f[0] != "hello" || f[1] != "exec" || f[2] == "1" || errb.String() != "oops\n" {
		t.Errorf("stdout %q stderr %q", out.String(), errb.String())
	}
	if s, err := p.Wait(context.Background()); err != nil || s != 5 {
		t.Errorf("second Wait = %d, %v", s, err)
	}

	// Wait is cancellable; Signal reaches the process through its pidfd
	p2, err := ct.Exec(proc("sleep", "60"), nil)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	defer p2.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := p2.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait with a deadline: %v", err)
	}
	if err := p2.Signal(syscall.SIGKILL); err != nil {
		t.Errorf("Signal: %v", err)
	}
	if s, err := p2.Wait(context.Background()); err != nil || s != 137 {
		t.Errorf("Wait after SIGKILL = %d, %v", s, err)
	}
	p2.Close()
	if err := p2.Signal(syscall.SIGKILL); err != ErrClosed {
		t.Errorf("Signal after Close: %v", err)
	}

	// a missing program: an error naming it, nothing started
	_, err = ct.Exec(proc("/no/such/program"), nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Exec of a missing program: %v, want fs.ErrNotExist", err)
	}
	// the init is untouched by all this
	if st, err := ct.State(); err != nil || st.Status != StatusRunning {
		t.Errorf("state %+v, %v", st, err)
	}
	// a process nobody waits for is reaped all the same: else, as a zombie
	// of the container's pid namespace, it would keep the init from ever
	// finishing its exit
	p3, err := ct.Exec(proc("sleep", "60"), nil)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	p3.Close()
	if err := ct.Kill(syscall.SIGKILL, 0); err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if s, err := ct.Wait(ctx); err != nil || s != 137 {
		t.Errorf("init Wait = %d, %v", s, err)
	}
	if s, err := p3.Wait(context.Background()); err != nil || s != 137 {
		t.Errorf("Wait of the closed process = %d, %v", s, err)
	}
	// exec into a stopped container
	var e *Error
	if _, err := ct.Exec(proc("true"), nil); !errors.As(err, &e) || e.Code != ErrWrongState {
		t.Errorf("Exec into a stopped container: %v, want ErrWrongState", err)
	}
	if err := ct.Delete(0); err != nil {
		t.Errorf("Delete: %v", err)
	}
}
