// Command ctrun-go is a tiny container orchestrator over the ctrun Go
// package: it runs one container in-process through libctrun, from an OCI
// bundle, a config.json or a libvirt domain XML, streams the container's
// output line by line, and waits for it; it exits with the container's
// status.  SIGINT and SIGTERM are passed on to the container (a second
// one kills it).
//
// Usage (as root):
//
//	ctrun-go [flags] -bundle DIR            DIR/config.json
//	ctrun-go [flags] -config FILE           FILE (root.path relative to its directory)
//	ctrun-go [flags] -xml FILE -rootfs DIR  a libvirt domain (<domain type='lxc'>)
//
// Arguments after the flags replace process.args.  A config that
// ctrun-go changes (arguments, -cgroup, a terminal turned off, a
// converted domain) goes into a temporary bundle; a bundle's own
// config.json is never rewritten.  For example:
//
//	ctrun-go -xml examples/domain.xml -rootfs /var/lib/lxc/hello/rootfs
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	ctrun "ctrun.dev/ctrun"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program, testable: the exit status of the container, or 125
// when ctrun-go itself failed (as podman does).
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ctrun-go", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		root     = fs.String("root", "/run/ctrun", "state root")
		id       = fs.String("id", fmt.Sprintf("ctrun-go-%d", os.Getpid()), "container id")
		bundle   = fs.String("bundle", "", "a bundle directory to run")
		config   = fs.String("config", "", "a config.json to run")
		xml      = fs.String("xml", "", "a libvirt domain XML to run")
		rootfs   = fs.String("rootfs", "", "with -xml: the root filesystem")
		cgroup   = fs.String("cgroup", "", "linux.cgroupsPath (default: the config's; with -xml, ctrun-go-PID)")
		prefix   = fs.Bool("prefix", false, "prefix every output line with the container id")
		stdin    = fs.Bool("i", false, "give the container this program's stdin (default /dev/null)")
		timeout  = fs.Duration("timeout", 0, "kill the container after this long (0: never)")
		verbose  = fs.Bool("v", false, "print the library's messages and the steps")
		strict   = fs.Bool("strict", false, "with -xml: elements that cannot be mapped are errors")
		hostCaps = fs.Bool("host-caps", true, "with -xml: keep only the capabilities this process holds")
	)
	if err := fs.Parse(args); err != nil {
		return 125
	}
	sources := 0
	for _, s := range []string{*config, *xml} {
		if s != "" {
			sources++
		}
	}
	if *bundle != "" {
		sources++
	}
	if sources != 1 {
		fmt.Fprintln(stderr, "ctrun-go: give one of -bundle DIR, -config FILE, -xml FILE")
		return 125
	}
	logf := func(format string, a ...interface{}) {
		if *verbose {
			fmt.Fprintf(stderr, "ctrun-go: "+format+"\n", a...)
		}
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "ctrun-go: %v\n", err)
		return 125
	}

	// the config
	var cfg *ctrun.Config
	var err error
	switch {
	case *xml != "":
		data, rerr := os.ReadFile(*xml)
		if rerr != nil {
			return fail(rerr)
		}
		cg := *cgroup
		if cg == "" {
			cg = fmt.Sprintf("ctrun-go-%d", os.Getpid())
		}
		cfg, err = ctrun.ConfigFromDomainXML(data, &ctrun.DomainXMLOptions{
			Rootfs:           absOrEmpty(*rootfs),
			CgroupsPath:      cg,
			Strict:           *strict,
			HostCapabilities: *hostCaps,
			Warn:             func(msg string) { fmt.Fprintf(stderr, "ctrun-go: warning: %s\n", msg) },
		})
		logf("converted %s", *xml)
	case *config != "":
		cfg, err = ctrun.ConfigFromFile(*config)
	default:
		cfg, err = ctrun.ConfigFromFile(filepath.Join(*bundle, "config.json"))
	}
	if err != nil {
		return fail(err)
	}
	defer cfg.Close()
	spec, err := cfg.Spec()
	if err != nil {
		return fail(err)
	}
	changed := *config != "" || *xml != ""
	if *cgroup != "" && spec.Linux != nil && spec.Linux.CgroupsPath != *cgroup {
		spec.Linux.CgroupsPath = *cgroup
		changed = true
	}
	if fs.NArg() > 0 && spec.Process != nil {
		spec.Process.Args = fs.Args()
		changed = true
	}
	if spec.Process != nil && spec.Process.Terminal {
		spec.Process.Terminal = false // the output is streamed through pipes
		changed = true
	}
	if changed {
		// into a bundle of our own; a relative root.path stays relative to
		// the directory of the config it came from
		base := *bundle
		if *config != "" {
			base = filepath.Dir(*config)
		}
		if base != "" && spec.Root != nil && !filepath.IsAbs(spec.Root.Path) {
			spec.Root.Path, _ = filepath.Abs(filepath.Join(base, spec.Root.Path))
		}
		next, err := ctrun.ConfigFromSpec(spec)
		if err != nil {
			return fail(err)
		}
		cfg.Close()
		cfg = next
		defer cfg.Close()
		dir, err := os.MkdirTemp("", "ctrun-go-bundle.")
		if err != nil {
			return fail(err)
		}
		defer os.RemoveAll(dir)
		*bundle = dir
	} else {
		cfg.Close()
		cfg = nil // the bundle's config.json as it is
	}

	rt, err := ctrun.Open(&ctrun.Options{StateRoot: *root, Log: func(l ctrun.LogLevel, msg string) {
		if *verbose || l <= ctrun.LogWarning {
			fmt.Fprintf(stderr, "ctrun-go: libctrun %s: %s\n", l, msg)
		}
	}})
	if err != nil {
		return fail(err)
	}
	defer rt.Close()

	// the output: line by line, prefixed, through pipes; or straight to
	// our stdout and stderr
	out, errOut := stdout, stderr
	var flush []func()
	if *prefix {
		o, e := newLineWriter(stdout, *id+"| "), newLineWriter(stderr, *id+"! ")
		out, errOut = o, e
		flush = append(flush, o.Flush, e.Flush)
	}
	opts := &ctrun.CreateOptions{Bundle: *bundle, Config: cfg, Stdout: out, Stderr: errOut}
	if *stdin {
		opts.Stdin = os.Stdin
	}
	ct, err := rt.Create(*id, opts)
	if err != nil {
		return fail(err)
	}
	defer ct.Close()
	logf("created %s", *id)

	// signals go to the container; a second one kills it
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if *timeout > 0 {
		var cancelT context.CancelFunc
		ctx, cancelT = context.WithTimeout(ctx, *timeout)
		defer cancelT()
	}
	go func() {
		n := 0
		for {
			select {
			case s := <-sigs:
				n++
				sig := s.(syscall.Signal)
				if n > 1 {
					sig = syscall.SIGKILL
				}
				logf("passing on %v", sig)
				ct.Kill(sig, 0)
			case <-ctx.Done():
				return
			}
		}
	}()

	start := time.Now()
	if err := ct.Start(); err != nil {
		ct.Delete(ctrun.DeleteForce)
		return fail(err)
	}
	logf("started %s", *id)
	status, err := ct.Wait(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		logf("timeout after %v: killing %s", *timeout, *id)
		ct.Kill(syscall.SIGKILL, ctrun.KillAll)
		status, err = ct.Wait(context.Background())
	}
	for _, f := range flush {
		f()
	}
	if err != nil {
		ct.Delete(ctrun.DeleteForce)
		return fail(err)
	}
	logf("%s exited with status %d after %v", *id, status, time.Since(start).Round(time.Millisecond))
	if err := ct.Delete(0); err != nil {
		return fail(err)
	}
	return status
}

func absOrEmpty(p string) string {
	if p == "" {
		return ""
	}
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// lineWriter writes whole lines, each with a prefix; safe for concurrent use.
type lineWriter struct {
	mu     sync.Mutex
	w      *bufio.Writer
	prefix string
	bol    bool // at the beginning of a line
}

func newLineWriter(w io.Writer, prefix string) *lineWriter {
	return &lineWriter{w: bufio.NewWriter(w), prefix: prefix, bol: true}
}

// Write writes p, a line at a time once it is whole.
func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range p {
		if l.bol {
			l.w.WriteString(l.prefix)
			l.bol = false
		}
		l.w.WriteByte(b)
		if b == '\n' {
			l.bol = true
			if err := l.w.Flush(); err != nil {
				return 0, err
			}
		}
	}
	return len(p), nil
}

// Flush ends a last line without a newline.
func (l *lineWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.bol {
		l.w.WriteByte('\n')
		l.bol = true
	}
	l.w.Flush()
}
