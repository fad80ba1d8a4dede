package io.airlock.core.registry;

import io.airlock.core.testing.EmbeddedRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the tests that speak HTTP to one registry per class share: a registry with its defaults on a
 * fresh store, and a client of it. JUnit closes the registry after the class.
 */
abstract class EmbeddedRegistryTestBase {

  @AutoClose static EmbeddedRegistry registry;
  static Http http;

  @BeforeAll
  static void startRegistry() {
    registry = EmbeddedRegistry.start();
    http = new Http(registry.url());
  }
}
