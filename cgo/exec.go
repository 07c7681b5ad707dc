package ctrun

// #include "helpers.h"
import "C"

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"sync"
	"syscall"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// ExecOptions tune Container.Exec.
type ExecOptions struct {
	// PidFile, when set, receives the process's pid.
	PidFile string
	// ConsoleSocket receives the pty master when the process has a terminal.
	ConsoleSocket string
	// Stdin, Stdout and Stderr are the process's fds 0, 1 and 2, as in
	// CreateOptions.
	Stdin io.Reader
	// Stdout is fd 1 (see Stdin).
	Stdout io.Writer
	// Stderr is fd 2 (see Stdin); it may be the same writer as Stdout.
	Stderr io.Writer
}

// Process is a process started by Container.Exec.  It is a child of this
// process, and it is reaped as soon as it exits, whether Wait is called or
// not: an unreaped process of a container's pid namespace would keep the
// container's init from ever finishing its exit.  The reaper is a
// goroutine parked in Go's netpoller on the process's pidfd; no thread
// waits for it.
type Process struct {
	// Pid is the process's pid in this pid namespace.
	Pid int

	mu     sync.Mutex // pidfd against the reaper; closed
	pidfd  *os.File   // nil once reaped
	closed bool
	io     *stdio

	done    chan struct{} // closed once reaped; status and reapErr set before
	status  int
	reapErr error
}

// Exec runs proc in the running container (`ctrun exec`) and returns once
// it has started; Process.Wait waits for it.
func (ct *Container) Exec(proc *specs.Process, opts *ExecOptions) (*Process, error) {
	if opts == nil {
		opts = &ExecOptions{}
	}
	data, err := json.Marshal(proc)
	if err != nil {
		return nil, err
	}
	cdata := C.CBytes(data)
	defer C.free(cdata)
	var cproc *C.ctrun_process
	var cerr *C.ctrun_error
	if r := C.ctrun_process_from_json((*C.char)(cdata), C.size_t(len(data)), &cproc, &cerr); r < 0 {
		return nil, takeError("exec", r, cerr)
	}
	defer C.ctrun_process_free(cproc)

	io, err := newStdio(opts.Stdin, opts.Stdout, opts.Stderr)
	if err != nil {
		return nil, err
	}
	var strs cStrings
	defer strs.free()
	pidFile, console := strs.get(opts.PidFile), strs.get(opts.ConsoleSocket)
	var pid C.int
	in, out, errfd := io.fds()
	err = ct.call("exec", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_go_exec(c, cproc, pidFile, console, in, out, errfd, &pid, cerr)
	})
	io.keepAlive()
	if err != nil {
		io.abort()
		return nil, err
	}
	io.started()
	// The
	// process is our child and not reaped, so its pid cannot have been
	// reused.
	pidfd := C.ctrun_go_pidfd_open(pid)
	if pidfd >= 0 {
		if err := syscall.SetNonblock(int(pidfd), true); err != nil {
			syscall.Close(int(pidfd))
			pidfd = -C.int(err.(syscall.Errno))
		}
	}
	if pidfd < 0 {
		// unusable without its pidfd: end it rather than leave it unreaped
		syscall.Kill(int(pid), syscall.SIGKILL)
		var ws syscall.WaitStatus
		syscall.Wait4(int(pid), &ws, 0, nil)
		return nil, errnoError("exec", syscall.Errno(-pidfd), "pidfd_open of the exec'd process")
	}
	p := &Process{Pid: int(pid), pidfd: os.NewFile(uintptr(pidfd), "pidfd"), io: io, done: make(chan struct{})}
	go p.reap()
	return p, nil
}

// reap waits for the process to exit, collects its status and releases
// its pidfd.
func (p *Process) reap() {
	defer close(p.done)
	p.status = -1
	err := waitReadable(context.Background(), p.pidfd)
	p.mu.Lock()
	defer p.mu.Unlock()
	defer func() {
		p.pidfd.Close()
		p.pidfd = nil
	}()
	if err != nil {
		p.reapErr = err
		return
	}
	rc, err := p.pidfd.SyscallConn()
	if err != nil {
		p.reapErr = err
		return
	}
	var r, status C.int
	rc.Control(func(fd uintptr) { r = C.ctrun_go_reap(C.int(fd), &status) })
	switch {
	case r == 0:
		p.status = int(status)
	case r != -C.ECHILD: // ECHILD: reaped by someone else (a wait(-1))
		p.reapErr = errnoError("wait", syscall.Errno(-r), "waitid of the exec'd process")
	}
}

// Wait waits until the process has exited and its stdio pipes are drained,
// and returns its exit status (128+N when killed by signal N).  Cancelling
// ctx ends the wait with ctx.Err() and leaves the process alone.  Wait may
// be called any number of times, also after Close.
func (p *Process) Wait(ctx context.Context) (int, error) {
	select {
	case <-p.done:
	case <-ctx.Done():
		return -1, ctx.Err()
	}
	if p.reapErr != nil {
		return -1, p.reapErr
	}
	if err := p.io.wait(ctx.Done()); err != nil {
		if err == errWaitCancelled {
			return -1, ctx.Err()
		}
		return -1, err
	}
	return p.status, nil
}

// Signal sends sig to the process through its pidfd, so that a reused pid
// is never signalled.  After the process has been reaped the error is
// ESRCH.
func (p *Process) Signal(sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if p.pidfd == nil {
		return errnoError("signal", syscall.ESRCH, "the exec'd process has exited")
	}
	rc, err := p.pidfd.SyscallConn()
	if err != nil {
		return err
	}
	var r C.int
	rc.Control(func(fd uintptr) { r = C.ctrun_go_pidfd_signal(C.int(fd), C.int(sig)) })
	if r < 0 {
		return errnoError("signal", syscall.Errno(-r), "signal the exec'd process")
	}
	return nil
}

// Close ends the use of p: Signal fails afterwards.  The process is still
// reaped when it exits, and Wait still works.  Calling Close again does
// nothing.
func (p *Process) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	return nil
}
