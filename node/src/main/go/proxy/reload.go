package main

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"strconv"
	"sync"
	"time"
)

// tlsFiles keeps the client certificate and the CA as their files hold them now. The installer
// renews certificates in their Secrets and the kubelet swaps the mounted files in place, so a
// running proxy takes the renewed ones at its next connection, without a restart (a moment where
// the node cannot pull). A file caught half-written keeps the last good pair in use.
type tlsFiles struct {
	caFile, certFile, keyFile string

	mu    sync.Mutex
	stamp string
	pair  *tls.Certificate
	pool  *x509.CertPool
}

// stampOf is what changes when a file is replaced: its size and modification time.
func stampOf(files ...string) string {
	s := ""
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return ""
		}
		s += fi.ModTime().Format(time.RFC3339Nano) + "/" + strconv.FormatInt(fi.Size(), 10) + ";"
	}
	return s
}

// current returns the pair and the pool, reloading them when a file changed.
func (t *tlsFiles) current() (*tls.Certificate, *x509.CertPool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	stamp := stampOf(t.caFile, t.certFile, t.keyFile)
	if stamp != "" && stamp != t.stamp {
		pair, perr := tls.LoadX509KeyPair(t.certFile, t.keyFile)
		caPEM, cerr := os.ReadFile(t.caFile)
		pool := x509.NewCertPool()
		if perr == nil && cerr == nil && pool.AppendCertsFromPEM(caPEM) {
			t.pair, t.pool, t.stamp = &pair, pool, stamp
		}
	}
	return t.pair, t.pool
}

// config verifies the registry against the CA file's current content and presents the current
// client certificate.
func (t *tlsFiles) config(serverName string) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		ServerName: serverName,
		// The chain and the name are verified below against the CA as the file holds it now.
		InsecureSkipVerify: true,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			pair, _ := t.current()
			return pair, nil
		},
		VerifyConnection: func(cs tls.ConnectionState) error {
			_, pool := t.current()
			if len(cs.PeerCertificates) == 0 {
				return x509.CertificateInvalidError{Reason: x509.NotAuthorizedToSign, Detail: "no certificate"}
			}
			opts := x509.VerifyOptions{Roots: pool, DNSName: serverName, Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(opts)
			return err
		},
	}
}
