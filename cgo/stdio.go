package ctrun

// #include "helpers.h"
import "C"

import (
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
	"syscall"
)

// Why a thread of its own: the library gives the container's init (and an
// exec'd process) the caller's fds 0, 1 and 2, and a Go program has only
// one set of those.  So the call runs on a fresh OS thread that first
// unshares its fd table (unshare(CLONE_FILES)) and puts the container's
// stdio there; the rest of the program never sees it, and the thread ends
// with the goroutine (LockOSThread without Unlock), dropping its table.
// The library resets the init's parent-death signal before the call
// returns, so the thread's end does not touch the container.

// stdio is the plumbing of one process's fds 0..2, as os/exec does it:
// *os.File values are given as they are, other readers and writers get a
// pipe and a copying goroutine.
type stdio struct {
	child      [3]*os.File // the fds the process gets
	closeAfter []*os.File  // our copies of the child's ends, closed once it has them
	parentEnds []*os.File  // the pipe ends the copiers use, closed on failure
	copiers    []func() error
	drained    chan struct{} // closed when every copier is done
	copyErr    error         // the first copier error, set before drained closes
}

func newStdio(in io.Reader, out, errw io.Writer) (*stdio, error) {
	s := &stdio{}
	var err error
	if s.child[0], err = s.reader(in); err == nil {
		if s.child[1], err = s.writer(out); err == nil {
			if errw != nil && errw == out {
				s.child[2] = s.child[1]
			} else {
				s.child[2], err = s.writer(errw)
			}
		}
	}
	if err != nil {
		s.abort()
		return nil, err
	}
	return s, nil
}

func (s *stdio) devNull(flag int) (*os.File, error) {
	f, err := os.OpenFile(os.DevNull, flag, 0)
	if err == nil {
		s.closeAfter = append(s.closeAfter, f)
	}
	return f, err
}

func (s *stdio) reader(r io.Reader) (*os.File, error) {
	if r == nil {
		return s.devNull(os.O_RDONLY)
	}
	if f, ok := r.(*os.File); ok {
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s.closeAfter = append(s.closeAfter, pr)
	s.parentEnds = append(s.parentEnds, pw)
	s.copiers = append(s.copiers, func() error {
		_, err := io.Copy(pw, r)
		if errors.Is(err, syscall.EPIPE) {
			err = nil // the process did not read it all
		}
		if cerr := pw.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return pr, nil
}

func (s *stdio) writer(w io.Writer) (*os.File, error) {
	if w == nil {
		return s.devNull(os.O_WRONLY)
	}
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s.closeAfter = append(s.closeAfter, pw)
	s.parentEnds = append(s.parentEnds, pr)
	s.copiers = append(s.copiers, func() error {
		_, err := io.Copy(w, pr)
		pr.Close()
		return err
	})
	return pw, nil
}

// started closes our copies of the child's ends and starts the copiers.
func (s *stdio) started() {
	for _, f := range s.closeAfter {
		f.Close()
	}
	s.closeAfter = nil
	s.drained = make(chan struct{})
	var wg sync.WaitGroup
	var once sync.Once
	for _, fn := range s.copiers {
		wg.Add(1)
		go func(fn func() error) {
			defer wg.Done()
			if err := fn(); err != nil {
				once.Do(func() { s.copyErr = err })
			}
		}(fn)
	}
	go func() { wg.Wait(); close(s.drained) }()
}

// abort closes everything after a failed start.
func (s *stdio) abort() {
	for _, f := range append(s.closeAfter, s.parentEnds...) {
		f.Close()
	}
	s.closeAfter, s.parentEnds, s.copiers = nil, nil, nil
}

// wait waits for the copiers (the output pipes reach EOF when every process
// holding them has exited); cancel ends the wait early.  It returns the
// first copy error.
func (s *stdio) wait(cancel <-chan struct{}) error {
	if s == nil || s.drained == nil {
		return nil
	}
	select {
	case <-s.drained:
		return s.copyErr
	case <-cancel:
		return errWaitCancelled
	}
}

var errWaitCancelled = errors.New("cancelled")

// fds returns the three fds for ctrun_go_private_stdio.
func (s *stdio) fds() (in, out, errfd C.int) {
	return C.int(s.child[0].Fd()), C.int(s.child[1].Fd()), C.int(s.child[2].Fd())
}

// withStdio runs fn on a fresh OS thread whose fds 0..2 are s's, and
// returns what fn returned.  The thread ends afterwards.
func withStdio(s *stdio, fn func() error) error {
	type result struct{ err error }
	ch := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		// No Unlock: the thread ends with this goroutine.  But Go never ends
		// the main thread; a private fd table there would outlive the call,
		// so from the main thread go once more (it stays locked to us, so
		// the new goroutine lands elsewhere).
		if syscall.Gettid() == syscall.Getpid() {
			ch <- result{withStdio(s, fn)}
			runtime.UnlockOSThread()
			return
		}
		in, out, errfd := s.fds()
		if r := C.ctrun_go_private_stdio(in, out, errfd); r < 0 {
			ch <- result{errnoError("stdio", syscall.Errno(-r), "give the container its stdio")}
			return
		}
		ch <- result{fn()}
	}()
	res := <-ch
	for _, f := range s.child {
		runtime.KeepAlive(f)
	}
	return res.err
}
