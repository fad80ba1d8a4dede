package io.airlock.installer.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs test classes grouped by the lab they need: none or the cluster without a node first, then
 * those that need an IPv4 node, then an IPv6 one ({@link NeedsNode}), each group by name. The node
 * is one per machine, so this order starts it at most once per family and run. Set as the default
 * in src/test/resources/junit-platform.properties.
 */
public final class LabClassOrder implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(
            Comparator.comparingInt(LabClassOrder::group)
                .thenComparing(d -> d.getTestClass().getName()));
  }

  private static int group(ClassDescriptor d) {
    return d.findAnnotation(NeedsNode.class).map(n -> 1 + n.value().ordinal()).orElse(0);
  }
}
