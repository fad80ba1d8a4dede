package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// proxy forwards each accepted connection to the registry over its own mutual-TLS connection.
type proxy struct {
	cfg   *config
	log   *log.Logger
	slots chan struct{}
	open  sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func newProxy(cfg *config, logger *log.Logger) *proxy {
	return &proxy{
		cfg:   cfg,
		log:   logger,
		slots: make(chan struct{}, cfg.maxConnections),
		conns: map[net.Conn]struct{}{},
	}
}

// serve accepts on ln until it is closed.
func (p *proxy) serve(ln net.Listener) {
	backoff := 5 * time.Millisecond
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			p.log.Printf("accept on %s failed: %v", ln.Addr(), err)
			time.Sleep(backoff)
			if backoff < time.Second {
				backoff *= 2
			}
			continue
		}
		backoff = 5 * time.Millisecond
		select {
		case p.slots <- struct{}{}:
			p.open.Add(1)
			go p.handle(c)
		default:
			p.log.Printf("connection from %s refused: %d connections already open (--max-connections)",
				c.RemoteAddr(), p.cfg.maxConnections)
			c.Close()
		}
	}
}

func (p *proxy) track(c net.Conn, add bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
}

// closeAll ends the connections still open when the shutdown grace is over.
func (p *proxy) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

func (p *proxy) handle(client net.Conn) {
	defer func() { <-p.slots; p.open.Done() }()
	defer client.Close()
	p.track(client, true)
	defer p.track(client, false)

	raw, err := (&net.Dialer{Timeout: p.cfg.dialTimeout, KeepAlive: 30 * time.Second}).Dial("tcp", p.cfg.upstream)
	if err != nil {
		p.log.Printf("connection from %s: cannot reach the registry %s: %v", client.RemoteAddr(), p.cfg.upstream, err)
		return
	}
	upstream := tls.Client(raw, p.cfg.tls)
	defer upstream.Close()
	hctx, hcancel := context.WithTimeout(context.Background(), p.cfg.handshakeTimeout)
	err = upstream.HandshakeContext(hctx)
	hcancel()
	if err != nil {
		p.log.Printf("connection from %s: TLS handshake with the registry %s failed, nothing forwarded: %v",
			client.RemoteAddr(), p.cfg.upstream, err)
		return
	}
	p.track(upstream, true)
	defer p.track(upstream, false)

	var last atomic.Int64
	last.Store(time.Now().UnixNano())
	errs := make(chan error, 2)
	go func() { errs <- p.pipe(upstream, client, &last) }()
	go func() { errs <- p.pipe(client, upstream, &last) }()
	first := <-errs
	second := <-errs
	for _, e := range []error{first, second} {
		if e != nil && !benign(e) {
			p.log.Printf("connection from %s to the registry %s ended with an error: %v", client.RemoteAddr(), p.cfg.upstream, e)
			break
		}
	}
}

// pipe copies src to dst until src ends, then half-closes dst so the other side sees the end.
// A read that times out is an error only when neither direction moved for the idle timeout.
func (p *proxy) pipe(dst, src net.Conn, last *atomic.Int64) error {
	buf := make([]byte, 64<<10)
	for {
		src.SetReadDeadline(time.Now().Add(p.cfg.idleTimeout))
		n, err := src.Read(buf)
		if n > 0 {
			last.Store(time.Now().UnixNano())
			dst.SetWriteDeadline(time.Now().Add(p.cfg.idleTimeout))
			if _, werr := dst.Write(buf[:n]); werr != nil {
				closeBoth(dst, src)
				return werr
			}
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() && time.Since(time.Unix(0, last.Load())) < p.cfg.idleTimeout {
				continue
			}
			if errors.Is(err, io.EOF) {
				closeWrite(dst)
				return nil
			}
			closeBoth(dst, src)
			if errors.As(err, &ne) && ne.Timeout() {
				return fmt.Errorf("idle for %v, closed", p.cfg.idleTimeout)
			}
			return err
		}
	}
}

func closeWrite(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
		return
	}
	c.Close()
}

func closeBoth(a, b net.Conn) {
	a.Close()
	b.Close()
}

// benign errors are a peer going away normally, or our own close after the other side ended.
func benign(err error) bool {
	return errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}
