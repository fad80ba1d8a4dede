package io.airlock.installer.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives test classes the test lab of this run ({@code @ExtendWith(KubeLabExtension.class)}): a
 * {@link KubeLab} parameter is the cluster without a node, a {@link NodeLab} parameter the cluster
 * with a real node of the family the class's {@link NeedsNode} names, a {@link KubeLabs} parameter
 * all of them. Each is started by the first class that asks and shared by every later one; all stop
 * when the run ends, whether tests passed or failed (JUnit's root store closes {@link KubeLabs}). A
 * lab that failed to start fails every class that asks for it with the same message at once. A
 * failed test keeps the labs' logs in target/testlab.
 */
public final class KubeLabExtension
    implements ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KubeLabExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubeLab.class || type == NodeLab.class || type == KubeLabs.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    KubeLabs labs = labs(context);
    if (type == KubeLabs.class) {
      return labs;
    }
    if (type == KubeLab.class) {
      return labs.cluster();
    }
    NeedsNode needs = context.getRequiredTestClass().getAnnotation(NeedsNode.class);
    if (needs == null) {
      throw new AssertionError(
          context.getRequiredTestClass().getName()
              + " asks for a NodeLab: annotate the class @NeedsNode (the family it needs)");
    }
    return labs.node(needs.value());
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw recorded(context, failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw recorded(context, failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw recorded(context, failure);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw recorded(context, failure);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw recorded(context, failure);
  }

  /** A failure anywhere in a lab test class keeps the labs' logs. */
  private static Throwable recorded(ExtensionContext context, Throwable failure) {
    labs(context).failed();
    return failure;
  }

  private static KubeLabs labs(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(KubeLabs.class, k -> KubeLabs.forThisBuild(), KubeLabs.class);
  }
}
