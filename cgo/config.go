package ctrun

// #include "helpers.h"
import "C"

import (
	"encoding/json"
	"runtime"
	"runtime/cgo"
	"sync"
	"unsafe"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Config is a parsed and validated config.json (ctrun_config).  Close it
// when done.  A Config is safe for concurrent use.
type Config struct {
	mu  sync.RWMutex
	cfg *C.ctrun_config
}

func newConfig(cfg *C.ctrun_config) *Config {
	c := &Config{cfg: cfg}
	runtime.SetFinalizer(c, (*Config).Close)
	return c
}

// ConfigFromFile reads and validates a config.json file.
func ConfigFromFile(path string) (*Config, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var cfg *C.ctrun_config
	var cerr *C.ctrun_error
	if r := C.ctrun_config_from_file(cpath, &cfg, &cerr); r < 0 {
		return nil, takeError("config", r, cerr)
	}
	return newConfig(cfg), nil
}

// ConfigFromJSON parses and validates config.json text.
func ConfigFromJSON(data []byte) (*Config, error) {
	cdata := C.CBytes(data)
	defer C.free(cdata)
	var cfg *C.ctrun_config
	var cerr *C.ctrun_error
	if r := C.ctrun_config_from_json((*C.char)(cdata), C.size_t(len(data)), &cfg, &cerr); r < 0 {
		return nil, takeError("config", r, cerr)
	}
	return newConfig(cfg), nil
}

// ConfigFromSpec validates spec (it goes through its JSON form, so the
// library sees exactly what a config.json would hold).
func ConfigFromSpec(spec *specs.Spec) (*Config, error) {
	data, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	return ConfigFromJSON(data)
}

// DefaultConfig returns the config `ctrun spec` writes: rootfs "rootfs",
// sh, the default mounts, masked paths and capabilities.
func DefaultConfig() (*Config, error) {
	var cfg *C.ctrun_config
	var cerr *C.ctrun_error
	if r := C.ctrun_config_new_default(&cfg, &cerr); r < 0 {
		return nil, takeError("config", r, cerr)
	}
	return newConfig(cfg), nil
}

// DomainXMLOptions tune ConfigFromDomainXML.  The zero value is the defaults.
type DomainXMLOptions struct {
	// Rootfs replaces the domain's root filesystem as root.path.
	Rootfs string
	// CgroupsPath replaces <resource><partition>/<name>.
	CgroupsPath string
	// TemplateDir is where OpenVZ/vz templates (<source name='T'>) live.
	TemplateDir string
	// NetHook is a program the createRuntime/poststop hooks run for the
	// domain's interfaces.
	NetHook string
	// Networks map libvirt network names to bridges: "name=bridge".
	Networks []string
	// Strict makes elements that cannot be mapped errors.
	Strict bool
	// Legacy accepts the 2007-2008 libvir-list drafts.
	Legacy bool
	// Warn receives the warnings (each names an XPath); nil drops them.
	Warn func(message string)
	// HostCapabilities keeps only the capabilities this process holds (its
	// bounding set), as ctrun-xml2oci does: a container asking for more
	// fails to start.  The library's converter makes no host look-ups, so
	// this one is made here.
	HostCapabilities bool
}

// ConfigFromDomainXML converts a libvirt container domain (LXC, OpenVZ,
// vz) to a config, with the mapping of ctrun-xml2oci(1), inside the
// library.  No host look-ups happen: user names in the rootfs and devices
// given by path are errors (ctrun-xml2oci resolves those).
func ConfigFromDomainXML(xml []byte, opts *DomainXMLOptions) (*Config, error) {
	if opts == nil {
		opts = &DomainXMLOptions{}
	}
	var strs cStrings
	defer strs.free()
	var networks **C.char
	if len(opts.Networks) > 0 {
		networks = strs.array(opts.Networks)
	}
	var flags C.uint32_t
	if opts.Strict {
		flags |= C.CTRUN_DOMAIN_XML_STRICT
	}
	if opts.Legacy {
		flags |= C.CTRUN_DOMAIN_XML_LEGACY
	}
	var handle C.uintptr_t
	if opts.Warn != nil {
		warn := opts.Warn
		h := cgo.NewHandle(LogFunc(func(_ LogLevel, msg string) { warn(msg) }))
		defer h.Delete()
		handle = C.uintptr_t(h)
	}
	cxml := C.CBytes(xml)
	defer C.free(cxml)
	var cfg *C.ctrun_config
	var cerr *C.ctrun_error
	r := C.ctrun_go_from_domain_xml((*C.char)(cxml), C.size_t(len(xml)), strs.get(opts.Rootfs),
		strs.get(opts.CgroupsPath), strs.get(opts.TemplateDir), strs.get(opts.NetHook),
		networks, handle, flags, &cfg, &cerr)
	if r < 0 {
		return nil, takeError("domain xml", r, cerr)
	}
	config := newConfig(cfg)
	if !opts.HostCapabilities {
		return config, nil
	}
	defer config.Close()
	return limitToHeldCapabilities(config)
}

// JSON returns the config as config.json text, indented when pretty.
func (c *Config) JSON(pretty bool) ([]byte, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.cfg == nil {
		return nil, ErrClosed
	}
	var flags C.uint32_t
	if pretty {
		flags = C.CTRUN_JSON_PRETTY
	}
	var cjson *C.char
	var cerr *C.ctrun_error
	if r := C.ctrun_config_to_json(c.cfg, flags, &cjson, &cerr); r < 0 {
		return nil, takeError("config", r, cerr)
	}
	defer C.ctrun_free(unsafe.Pointer(cjson))
	return []byte(C.GoString(cjson)), nil
}

// Spec returns the config as a *specs.Spec, a copy the caller may change
// (and turn back into a Config with ConfigFromSpec).
func (c *Config) Spec() (*specs.Spec, error) {
	data, err := c.JSON(false)
	if err != nil {
		return nil, err
	}
	var s specs.Spec
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// WriteBundle writes the config as dir/config.json, atomically.  Without
// replace an existing config.json is kept and the call fails with an
// error matching fs.ErrExist.
func (c *Config) WriteBundle(dir string, replace bool) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.cfg == nil {
		return ErrClosed
	}
	cdir := C.CString(dir)
	defer C.free(unsafe.Pointer(cdir))
	var flags C.uint32_t
	if replace {
		flags = C.CTRUN_CONFIG_WRITE_REPLACE
	}
	var cerr *C.ctrun_error
	if r := C.ctrun_config_write_bundle(c.cfg, cdir, flags, &cerr); r < 0 {
		return takeError("write bundle", r, cerr)
	}
	return nil
}

// Close frees the config.  Calling it again does nothing.
func (c *Config) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg != nil {
		C.ctrun_config_free(c.cfg)
		c.cfg = nil
		runtime.SetFinalizer(c, nil)
	}
	return nil
}

// cStrings allocates C strings and frees them together.
type cStrings []unsafe.Pointer

// get returns s as a C string, or NULL for "".
func (cs *cStrings) get(s string) *C.char {
	if s == "" {
		return nil
	}
	p := C.CString(s)
	*cs = append(*cs, unsafe.Pointer(p))
	return p
}

// array returns a NULL-terminated C array of C strings.
func (cs *cStrings) array(list []string) **C.char {
	size := unsafe.Sizeof((*C.char)(nil))
	mem := C.calloc(C.size_t(len(list)+1), C.size_t(size))
	*cs = append(*cs, mem)
	arr := unsafe.Slice((**C.char)(mem), len(list)+1)
	for i, s := range list {
		p := C.CString(s)
		*cs = append(*cs, unsafe.Pointer(p))
		arr[i] = p
	}
	return (**C.char)(mem)
}

func (cs *cStrings) free() {
	for _, p := range *cs {
		C.free(p)
	}
	*cs = nil
}
