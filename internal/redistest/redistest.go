// Package redistest runs a real redis-server for tests, one per test, on a
// free loopback port.
package redistest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// readyTimeout bounds how long a server may take to answer PING, and how
// long a killed one may take to exit.
const readyTimeout = 10 * time.Second

// Server is a redis-server process owned by one test.
type Server struct {
	bin  string
	dir  string
	args []string
	// password is the --requirepass among args, "" for none.
	password string
	port     int
	cmd      *exec.Cmd
	out      *bytes.Buffer
	done     chan struct{} // closed when the process has exited
	// cluster, when set, is what this Server stands for: a shared
	// cluster (Shared), which cannot be stopped or looked into.
	cluster *Cluster
}

// IsCluster reports whether s stands for a Redis Cluster; tests that stop
// the server or read its files skip then.
func (s *Server) IsCluster() bool { return s.cluster != nil }

func (s *Server) notOnCluster(t testing.TB, what string) {
	t.Helper()
	if s.cluster != nil {
		t.Skipf("redistest: %s is not done on the shared cluster", what)
	}
}

// Start runs redis-server with an append-only file in a temporary
// directory, waits until it answers and stops it when the test ends. args
// are more redis-server options, e.g. "--cluster-enabled", "yes". It fails
// the test when redis-server is not installed: the store's tests are meant
// to run against the real thing.
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	return start(t, t.TempDir(), args)
}

// StartFrom runs redis-server, as Start does, on a copy of the files in
// dir: a backup restored into a fresh server.
func StartFrom(t testing.TB, dir string, args ...string) *Server {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatalf("redistest: copy %s: %v", dir, err)
	}
	return start(t, to, args)
}

// Dir is the server's working directory, where its append-only files and
// snapshots are.
func (s *Server) Dir() string { return s.dir }

func start(t testing.TB, dir string, args []string) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server is not on PATH; install it (e.g. apt-get install redis-server, brew install redis): %v", err)
	}
	s := &Server{bin: bin, dir: dir, args: args}
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--requirepass" {
			s.password = args[i+1]
		}
	}
	// Registered after TempDir, so it runs before the directory is removed.
	t.Cleanup(s.kill)
	// The free port is closed before redis-server binds it, so another
	// process may take it in between; then try another port.
	for range 3 {
		s.port, err = freePort()
		if err != nil {
			t.Fatalf("redistest: %v", err)
		}
		if err = s.launch(); err == nil {
			return s
		}
	}
	t.Fatalf("redistest: %v", err)
	return nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Files returns the content of every file the server wrote (its
// append-only file), for a test to look through.
func (s *Server) Files(t testing.TB) []byte {
	t.Helper()
	s.notOnCluster(t, "Files")
	var all []byte
	err := filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		all = append(all, b...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// URL is the server's redis:// URL, database 0.
func (s *Server) URL() string {
	if s.cluster != nil {
		return s.cluster.url()
	}
	u := url.URL{Scheme: "redis", Host: s.Addr(), Path: "/0"}
	if s.password != "" {
		u.User = url.UserPassword("", s.password)
	}
	return u.String()
}

// Client returns a client of the server, or of the cluster, closed when
// the test ends.
func (s *Server) Client(t testing.TB) redis.UniversalClient {
	t.Helper()
	var c redis.UniversalClient
	if s.cluster != nil {
		c = s.cluster.client()
	} else {
		c = redis.NewClient(&redis.Options{Addr: s.Addr(), Password: s.password})
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Stop kills the server, as a crash would, and waits until it has exited
// and its port is free.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	s.notOnCluster(t, "Stop")
	if !s.running() {
		t.Fatalf("redistest: Stop: server on %s is not running", s.Addr())
	}
	if err := s.stop(); err != nil {
		t.Fatalf("redistest: %v", err)
	}
}

// Start restarts a stopped server on the same port and directory, so what
// its append-only file holds survives, and waits until it answers.
func (s *Server) Start(t testing.TB) {
	t.Helper()
	s.notOnCluster(t, "Start")
	if s.running() {
		t.Fatalf("redistest: Start: server on %s is already running", s.Addr())
	}
	if err := s.launch(); err != nil {
		t.Fatalf("redistest: %v", err)
	}
}

func (s *Server) running() bool {
	if s.done == nil {
		return false
	}
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// launch starts the process and waits for it to answer PING.
func (s *Server) launch() error {
	s.out = new(bytes.Buffer)
	args := append([]string{
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--dir", s.dir,
		"--save", "",
		"--appendonly", "yes",
	}, s.args...)
	s.cmd = exec.Command(s.bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	done := make(chan struct{})
	s.done = done
	go func(cmd *exec.Cmd) {
		_ = cmd.Wait()
		close(done)
	}(s.cmd)

	deadline := time.Now().Add(readyTimeout)
	for {
		select {
		case <-done:
			// out is safe to read: Wait has copied all output.
			return fmt.Errorf("redis-server on port %d exited before it answered:\n%s", s.port, s.out)
		default:
		}
		if ping(s.Addr(), s.password) == nil {
			return nil
		}
		if time.Now().After(deadline) {
			err := s.stop()
			return errors.Join(fmt.Errorf("redis-server on port %d did not answer PING within %v:\n%s", s.port, readyTimeout, s.out), err)
		}
		time.Sleep(5 * time.Millisecond) // poll interval
	}
}

// stop kills the process and waits for it to exit.
func (s *Server) stop() error {
	_ = s.cmd.Process.Kill()
	select {
	case <-s.done:
		return nil
	case <-time.After(readyTimeout):
		return fmt.Errorf("redis-server (pid %d) did not exit within %v", s.cmd.Process.Pid, readyTimeout)
	}
}

// kill ends the process, if any, at the end of the test.
func (s *Server) kill() {
	if s.running() {
		_ = s.stop()
	}
}

// ping sends an inline PING and expects +PONG; a server still loading its
// append-only file answers -LOADING instead.
func ping(addr, password string) error {
	conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	cmds := "PING\r\n"
	if password != "" {
		cmds = "AUTH " + password + "\r\n" + cmds
	}
	if _, err := conn.Write([]byte(cmds)); err != nil {
		return err
	}
	r := bufio.NewReader(conn)
	if password != "" {
		if line, err := r.ReadString('\n'); err != nil || strings.TrimSpace(line) != "+OK" {
			return fmt.Errorf("AUTH answered %q, %v", strings.TrimSpace(line), err)
		}
	}
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("PING answered %q", strings.TrimSpace(line))
	}
	return nil
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
