package io.airlock.core.logging;

import java.util.ResourceBundle;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Hands {@link System.Logger}s to {@code java.util.logging}, as the JDK's own default does. It
 * exists so that the JDK finds it at once: without a {@code System.LoggerFinder} named in one of
 * the first jars, the first {@code System.getLogger} (SnakeYAML's, Guava's, the JDK's own) makes
 * the JDK search every jar of the class path for one, opening all of them (about 75 ms of CPU on a
 * cold JVM, for 76 jars and 24,000 entries), which every command used to pay.
 *
 * <p>Named twice in core's service file ({@link SecondEntry}) and once in the installer's: the JDK
 * asks for a second provider after the first (to warn of two), and its class loader looks for the
 * next jar naming the service after each hit. Both questions end in the first two jars of the class
 * path instead of the last.
 */
public class JulLoggerFinder extends System.LoggerFinder {

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new JulLogger(Logger.getLogger(name));
  }

  /** The second name the JDK looks for; never chosen, since the JDK takes the first. */
  public static final class SecondEntry extends JulLoggerFinder {}

  private record JulLogger(Logger jul) implements System.Logger {

    private static final StackWalker STACK = StackWalker.getInstance();

    @Override
    public String getName() {
      return jul.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
      return jul.isLoggable(jul(level));
    }

    @Override
    public void log(
        Level level, @Nullable ResourceBundle bundle, String msg, @Nullable Throwable thrown) {
      log(level, bundle, msg, thrown, null);
    }

    @Override
    public void log(
        Level level, @Nullable ResourceBundle bundle, String format, @Nullable Object... params) {
      log(level, bundle, format, null, params);
    }

    private void log(
        Level level,
        @Nullable ResourceBundle bundle,
        String msg,
        @Nullable Throwable thrown,
        Object @Nullable [] params) {
      java.util.logging.Level julLevel = jul(level);
      if (!jul.isLoggable(julLevel)) {
        return;
      }
      LogRecord record = new LogRecord(julLevel, msg);
      record.setLoggerName(jul.getName());
      record.setResourceBundle(bundle);
      record.setThrown(thrown);
      record.setParameters(params);
      // The caller, not this bridge, is where the message comes from (what java.util.logging
      // would infer on its own stops at the first frame outside itself: this class).
      STACK
          .walk(frames -> frames.dropWhile(JulLogger::isBridge).findFirst())
          .ifPresent(
              caller -> {
                record.setSourceClassName(caller.getClassName());
                record.setSourceMethodName(caller.getMethodName());
              });
      jul.log(record);
    }

    private static boolean isBridge(StackWalker.StackFrame frame) {
      String name = frame.getClassName();
      String finder = JulLoggerFinder.class.getName();
      return name.equals(finder)
          || name.startsWith(finder + "$")
          || name.equals(System.Logger.class.getName());
    }

    /** The mapping of the JDK's own bridge (sun.util.logging.PlatformLogger). */
    private static java.util.logging.Level jul(Level level) {
      return switch (level) {
        case ALL -> java.util.logging.Level.ALL;
        case TRACE -> java.util.logging.Level.FINER;
        case DEBUG -> java.util.logging.Level.FINE;
        case INFO -> java.util.logging.Level.INFO;
        case WARNING -> java.util.logging.Level.WARNING;
        case ERROR -> java.util.logging.Level.SEVERE;
        case OFF -> java.util.logging.Level.OFF;
      };
    }
  }
}
