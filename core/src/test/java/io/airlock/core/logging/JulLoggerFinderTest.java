package io.airlock.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class JulLoggerFinderTest {

  @Test
  void theJdkTakesTheFirstNameAndLogsReachJavaUtilLogging() {
    assertSame(JulLoggerFinder.class, System.LoggerFinder.getLoggerFinder().getClass());

    Logger jul = Logger.getLogger("airlock.test.bridge");
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(handler);
    jul.setUseParentHandlers(false);
    jul.setLevel(Level.INFO);
    try {
      System.Logger logger = System.getLogger("airlock.test.bridge");
      assertFalse(logger.isLoggable(System.Logger.Level.DEBUG));
      assertTrue(logger.isLoggable(System.Logger.Level.WARNING));
      logger.log(System.Logger.Level.DEBUG, "dropped");
      logger.log(System.Logger.Level.ERROR, "disk {0} is full", "/var");
      IllegalStateException thrown = new IllegalStateException("boom");
      logger.log(System.Logger.Level.WARNING, "with a cause", thrown);

      assertEquals(2, records.size());
      assertEquals(Level.SEVERE, records.get(0).getLevel());
      assertEquals("disk {0} is full", records.get(0).getMessage());
      assertEquals("/var", records.get(0).getParameters()[0]);
      // the caller, not the bridge, as where the message comes from
      assertEquals(JulLoggerFinderTest.class.getName(), records.get(0).getSourceClassName());
      assertEquals(
          "theJdkTakesTheFirstNameAndLogsReachJavaUtilLogging",
          records.get(0).getSourceMethodName());
      assertEquals(Level.WARNING, records.get(1).getLevel());
      assertSame(thrown, records.get(1).getThrown());
      assertEquals(JulLoggerFinderTest.class.getName(), records.get(1).getSourceClassName());
    } finally {
      jul.removeHandler(handler);
    }
  }
}
