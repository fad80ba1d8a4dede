package io.airlock.installer.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says that a test class needs the test lab's real node, of one address family: {@link
 * KubeLabExtension} then gives its {@link NodeLab} parameters that node's cluster, started on first
 * use. Classes run grouped by what they need ({@link LabClassOrder}), so the node changes family
 * once per run.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NeedsNode {
  NodeLab.Family value() default NodeLab.Family.IPV4;
}
