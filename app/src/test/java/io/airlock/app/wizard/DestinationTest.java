package io.airlock.app.wizard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DestinationTest {

  @Test
  void thePasswordNeverAppearsInItsText() {
    Destination d =
        new Destination(false, "registry.site:5000", "site", false, null, "pusher", "s3cret-pw");
    assertFalse(d.toString().contains("s3cret-pw"), d.toString());
    assertTrue(d.toString().contains("registry.site:5000"), d.toString());
  }
}
