package ctrun

// #include "helpers.h"
import "C"

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"runtime"
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
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Process is a process started by Container.Exec.  Wait for it, then
// Close it.
type Process struct {
	// Pid is the process's pid in this pid namespace.
	Pid int

	mu    sync.RWMutex // Close against Wait and Signal
	pidfd int          // -1 once closed
	io    *stdio

	waitMu sync.Mutex
	exited bool
	status int
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
	var pidfd C.int = -1
	err = withStdio(io, func() error {
		err := ct.call("exec", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
			return C.ctrun_go_exec(c, cproc, pidFile, console, &pid, cerr)
		})
		if err == nil {
			// at once: the process is our child (not reaped), so its pid
			// cannot have been reused
			if pidfd = C.ctrun_go_pidfd_open(pid); pidfd < 0 {
				err = errnoError("exec", syscall.Errno(-pidfd), "pidfd_open of the exec'd process")
			}
		}
		return err
	})
	if err != nil {
		io.abort()
		return nil, err
	}
	io.started()
	if err := syscall.SetNonblock(int(pidfd), true); err != nil {
		syscall.Close(int(pidfd))
		return nil, err
	}
	p := &Process{Pid: int(pid), pidfd: int(pidfd), io: io}
	runtime.SetFinalizer(p, (*Process).Close)
	return p, nil
}

// Wait waits until the process exits and returns its exit status (128+N
// when killed by signal N; -1 when it is not a child of this process),
// and until its stdio pipes are drained.  Cancelling ctx ends the wait
// with ctx.Err() and leaves the process alone.  The wait is in Go's
// netpoller, on the process's pidfd.
func (p *Process) Wait(ctx context.Context) (int, error) {
	p.waitMu.Lock()
	exited, status := p.exited, p.status
	p.waitMu.Unlock()
	if !exited {
		p.mu.RLock()
		if p.pidfd < 0 {
			p.mu.RUnlock()
			return -1, ErrClosed
		}
		// a Wait of its own: its own File, deadline and poll registration
		fd, err := dupCloexec(p.pidfd)
		p.mu.RUnlock()
		if err != nil {
			return -1, err
		}
		if err := waitReadable(ctx, os.NewFile(uintptr(fd), "pidfd")); err != nil {
			return -1, err
		}
		if status, err = p.reap(); err != nil {
			return -1, err
		}
	}
	if err := p.io.wait(ctx.Done()); err != nil {
		if err == errWaitCancelled {
			return -1, ctx.Err()
		}
		return -1, err
	}
	return status, nil
}

// reap collects the exit status of the exited process, once.
func (p *Process) reap() (int, error) {
	p.waitMu.Lock()
	defer p.waitMu.Unlock()
	if p.exited {
		return p.status, nil
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.pidfd < 0 {
		return -1, ErrClosed
	}
	var status C.int
	switch r := C.ctrun_go_reap(C.int(p.pidfd), &status); {
	case r == -C.ECHILD: // not our child: its status is not ours to read
		status = -1
	case r < 0:
		return -1, errnoError("wait", syscall.Errno(-r), "waitid of the exec'd process")
	}
	p.exited, p.status = true, int(status)
	return p.status, nil
}

// Signal sends sig to the process through its pidfd.
func (p *Process) Signal(sig syscall.Signal) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.pidfd < 0 {
		return ErrClosed
	}
	if r := C.ctrun_go_pidfd_signal(C.int(p.pidfd), C.int(sig)); r < 0 {
		return errnoError("signal", syscall.Errno(-r), "signal the exec'd process")
	}
	return nil
}

// Close releases the process's pidfd.  It does not wait: Wait first, or
// the process stays a zombie when it exits.  Calling it again does nothing.
func (p *Process) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pidfd >= 0 {
		syscall.Close(p.pidfd)
		p.pidfd = -1
		runtime.SetFinalizer(p, nil)
	}
	return nil
}

// dupCloexec duplicates fd with close-on-exec.
func dupCloexec(fd int) (int, error) {
	r, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(r), nil
}
