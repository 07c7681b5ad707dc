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

// The library takes the process's stdio as three fds of ours (options
// version 2, CTRUN_CREATE_STDIO / CTRUN_EXEC_STDIO) and copies them before
// it returns, so any goroutine on any thread may call it at the same time
// as others; the program's own fds 0..2 are never touched.

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

// fds returns the three fds the library gives the process.
func (s *stdio) fds() (in, out, errfd C.int) {
	return C.int(s.child[0].Fd()), C.int(s.child[1].Fd()), C.int(s.child[2].Fd())
}

// keepAlive keeps the child ends open until the library has its copies
// (their finalizers would close them otherwise).
func (s *stdio) keepAlive() {
	for _, f := range s.child {
		runtime.KeepAlive(f)
	}
}
