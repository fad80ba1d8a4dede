package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// config is everything the proxy needs, checked before anything listens.
type config struct {
	listen           []string
	upstream         string
	tls              *tls.Config
	maxConnections   int
	dialTimeout      time.Duration
	handshakeTimeout time.Duration
	idleTimeout      time.Duration
	shutdownGrace    time.Duration
}

// usageError is bad configuration: the proxy exits 2 with its message and never starts.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func bad(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

type addresses []string

func (a *addresses) String() string     { return strings.Join(*a, ",") }
func (a *addresses) Set(v string) error { *a = append(*a, v); return nil }

const usageText = `usage: airlock-proxy --listen ADDRESS [--listen ADDRESS]... --upstream HOST:PORT
                     --ca FILE --cert FILE --key FILE [options]

Forwards plain connections from the node's loopback to the cluster's registry over mutual TLS:
the registry sees this proxy's client certificate, and the proxy accepts only a registry
certificate signed by the CA.

`

func parseConfig(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("airlock-proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	var listen addresses
	fs.Var(&listen, "listen", "`address` to listen on, 127.0.0.1:5000 or [::1]:5000; may be repeated")
	upstream := fs.String("upstream", "", "the registry, `host:port` (its Service name or ClusterIP)")
	serverName := fs.String("server-name", "", "`name` the registry certificate must carry (default: the upstream host)")
	caFile := fs.String("ca", "", "PEM `file` of the CA that signed the registry certificate")
	certFile := fs.String("cert", "", "PEM `file` of this proxy's client certificate")
	keyFile := fs.String("key", "", "PEM `file` of this proxy's client key")
	allowAny := fs.Bool("allow-non-loopback", false, "also accept non-loopback listen addresses (hostPort mode: inside the pod network)")
	maxConns := fs.Int("max-connections", 256, "connections served at once; more are refused")
	dial := fs.Duration("dial-timeout", 5*time.Second, "time to connect to the registry")
	handshake := fs.Duration("handshake-timeout", 10*time.Second, "time for the TLS handshake with the registry")
	idle := fs.Duration("idle-timeout", 2*time.Minute, "close a connection silent in both directions this long")
	grace := fs.Duration("shutdown-grace", 10*time.Second, "on SIGTERM, time open connections get to finish")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, bad("%v", err)
	}
	if fs.NArg() > 0 {
		return nil, bad("unexpected argument %q; every setting is a --flag", fs.Arg(0))
	}
	c := &config{
		upstream:         *upstream,
		maxConnections:   *maxConns,
		dialTimeout:      *dial,
		handshakeTimeout: *handshake,
		idleTimeout:      *idle,
		shutdownGrace:    *grace,
	}
	if len(listen) == 0 {
		return nil, bad("--listen is required, e.g. --listen 127.0.0.1:5000 --listen [::1]:5000")
	}
	for _, a := range listen {
		if err := checkListen(a, *allowAny); err != nil {
			return nil, err
		}
	}
	c.listen = listen
	host, port, err := net.SplitHostPort(*upstream)
	if *upstream == "" {
		return nil, bad("--upstream is required: the registry Service as host:port")
	}
	if err != nil || host == "" || !validPort(port) {
		return nil, bad("--upstream %q is not host:port", *upstream)
	}
	if *maxConns < 1 || *maxConns > 65536 {
		return nil, bad("--max-connections must be from 1 to 65536, not %d", *maxConns)
	}
	for name, d := range map[string]time.Duration{"dial-timeout": *dial, "handshake-timeout": *handshake, "idle-timeout": *idle} {
		if d <= 0 {
			return nil, bad("--%s must be positive, not %v", name, d)
		}
	}
	if *grace < 0 {
		return nil, bad("--shutdown-grace must not be negative")
	}
	name := *serverName
	if name == "" {
		name = host
	}
	c.tls, err = clientTLS(*caFile, *certFile, *keyFile, name)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

// checkListen refuses a non-loopback address unless allowed: the proxy adds the client
// certificate for whoever connects, so on the host network it must be reachable from the node only.
func checkListen(address string, allowAny bool) error {
	host, port, err := net.SplitHostPort(address)
	if err != nil || !validPort(port) {
		return bad("--listen %q is not an address such as 127.0.0.1:5000 or [::1]:5000", address)
	}
	ip := net.ParseIP(host)
	if host != "" && ip == nil {
		return bad("--listen %q: use an IP literal, not a host name", address)
	}
	if (ip == nil || !ip.IsLoopback()) && !allowAny {
		return bad("--listen %q is not a loopback address; the proxy presents its client certificate for "+
			"every connection, so it listens on 127.0.0.1 or [::1] unless --allow-non-loopback is given "+
			"(hostPort mode, inside the pod network)", address)
	}
	return nil
}

func clientTLS(caFile, certFile, keyFile, serverName string) (*tls.Config, error) {
	for flagName, file := range map[string]string{"ca": caFile, "cert": certFile, "key": keyFile} {
		if file == "" {
			return nil, bad("--%s is required: mutual TLS needs the CA, the client certificate and its key", flagName)
		}
	}
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		return nil, bad("cannot read the CA file (--ca): %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, bad("--ca %s holds no PEM certificate", caFile)
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, bad("cannot load the client certificate (--cert %s, --key %s): %v", certFile, keyFile, err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, bad("--cert %s is not a valid certificate: %v", certFile, err)
	}
	now := time.Now()
	if now.After(leaf.NotAfter) || now.Before(leaf.NotBefore) {
		return nil, bad("the client certificate %s is valid only from %s to %s; issue a new one",
			certFile, leaf.NotBefore.UTC().Format(time.RFC3339), leaf.NotAfter.UTC().Format(time.RFC3339))
	}
	files := &tlsFiles{caFile: caFile, certFile: certFile, keyFile: keyFile}
	files.current()
	files.mu.Lock()
	if files.pair == nil {
		// the files changed while being read: start from what was checked above
		files.pair, files.pool = &pair, pool
	}
	files.mu.Unlock()
	return files.config(serverName), nil
}
