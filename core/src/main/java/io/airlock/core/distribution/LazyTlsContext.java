package io.airlock.core.distribution;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's default TLS context, set up on first use. An HttpClient sets up its TLS context when it
 * is built, even one that speaks only plain HTTP: loading the trust store and weighing every cipher
 * suite was a quarter of a plain-HTTP push's start. A registry on plain HTTP may still send its
 * client to a token server on HTTPS: then the default context is made, as before.
 */
final class LazyTlsContext extends SSLContext {

  private final Spi spi;

  private LazyTlsContext(Spi spi) {
    super(spi, null, "Default");
    this.spi = spi;
  }

  /** A context for a client that will most likely never speak TLS. */
  static LazyTlsContext create() {
    return new LazyTlsContext(new Spi());
  }

  /** True once something needed TLS and the default context was made. */
  boolean made() {
    return spi.made();
  }

  /** Parameters that leave every choice to the default context, so building a client reads none. */
  static SSLParameters parameters() {
    return new SSLParameters();
  }

  private static final class Spi extends SSLContextSpi {

    private @Nullable SSLContext context;

    synchronized boolean made() {
      return context != null;
    }

    private synchronized SSLContext context() {
      if (context == null) {
        try {
          context = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("this Java runtime cannot set up TLS: " + e, e);
        }
      }
      return context;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("the default TLS context is initialised by the JDK");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return context().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return context().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return context().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return context().getSupportedSSLParameters();
    }
  }
}
