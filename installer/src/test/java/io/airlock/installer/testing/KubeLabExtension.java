package io.airlock.installer.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the one {@link KubeLab} of this test run: started by the first class that asks
 * ({@code @BeforeAll static void setUp(KubeLab lab)}), kept in the root store so every later class
 * shares it, and stopped when the run ends, whether tests passed or failed (the root store closes
 * its values; the lab's shutdown hook covers a killed JVM). A lab that failed to start fails every
 * class at once with the same message instead of trying again.
 */
public final class KubeLabExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KubeLabExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubeLab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Started s =
        context
            .getRoot()
            .getStore(NS)
            .getOrComputeIfAbsent(Started.class, k -> Started.attempt(), Started.class);
    if (s.failure() != null) {
      throw new AssertionError("the k8s lab did not start", s.failure());
    }
    return s.lab();
  }

  /** The outcome of starting the lab, closed by JUnit at the end of the run. */
  record Started(KubeLab lab, Throwable failure) implements AutoCloseable {
    static Started attempt() {
      try {
        return new Started(KubeLab.start(), null);
      } catch (RuntimeException | AssertionError e) {
        return new Started(null, e);
      }
    }

    @Override
    public void close() {
      if (lab != null) {
        lab.close();
      }
    }
  }
}
