package io.airlock.app.wizard;

import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEngine;
import io.airlock.core.push.PushOptions;
import io.airlock.core.push.PushTarget;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/**
 * For bench/gui.sh: pushes a bundle with the wizard's window open and drawing, through its Install
 * page (the same Task, coalescer and live tables a person sees), and prints the seconds the push
 * took. Arguments: BUNDLE REGISTRY_HOST[/PREFIX] WORK_DIR [KEY]. Runs on a real display (Xvfb).
 *
 * <p>By default the Install page is shown directly, the bundle opened behind it: the strictest
 * case, a push in a JVM that has done nothing else. With -Dbench.walk=true (and KEY, the bundle's
 * public key) the window is walked as a person walks it, through opening and verifying the bundle
 * and choosing the registry, before Install is pressed.
 */
public final class GuiPushBench {

  private GuiPushBench() {}

  /** With -Dbench.threads=true: the CPU each kind of thread used since {@code before}. */
  private static void printThreadCpu(Map<String, Long> before) {
    if (!Boolean.getBoolean("bench.threads")) {
      return;
    }
    threadCpu()
        .forEach(
            (name, ns) -> {
              long d = ns - before.getOrDefault(name, 0L);
              if (d > 5_000_000) {
                System.out.printf(Locale.ROOT, "thread-cpu-ms %6d %s%n", d / 1_000_000, name);
              }
            });
  }

  /** CPU time of the live threads, summed by name without its number. */
  private static Map<String, Long> threadCpu() {
    var mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new TreeMap<>();
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        long ns = mx.getThreadCpuTime(info.getThreadId());
        cpu.merge(info.getThreadName().replaceAll("[-0-9]+$", ""), Math.max(ns, 0), Long::sum);
      }
    }
    // The JIT and GC threads are not Java threads: read them from /proc.
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (var task : (Iterable<Path>) tasks::iterator) {
        String comm = Files.readString(task.resolve("comm")).strip();
        if (comm.contains("Compiler") || comm.startsWith("VM ") || comm.startsWith("GC")) {
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          cpu.merge("[" + comm + "]", ticks * 10_000_000L, Long::sum);
        }
      }
    } catch (IOException e) {
      // not Linux: Java threads only
    }
    return cpu;
  }

  private static void printSeconds(String what, double seconds) {
    System.out.printf(Locale.ROOT, "%s %.3f%n", what, seconds);
  }

  /** The push engine alone, no window told anything: the seconds it took. */
  private static double pushWithoutWindow(Bundle opened, String registry, Path work)
      throws Exception {
    PushOptions options =
        PushOptions.defaults(PushTarget.parse(registry), true, work.resolve("state"));
    var report = new PushEngine(options, work.resolve("push"), ProgressListener.NONE).push(opened);
    return report.elapsed().toMillis() / 1000.0;
  }

  private static void walk(Path bundle, String registry, Path work, Path key) throws Exception {
    TrainingRun walk = TrainingRun.start(work);
    walk.toInstall(bundle, key, registry);
    Thread.sleep(3000); // as below: the time a person takes to read the Install page
    Map<String, Long> before = threadCpu();
    walk.installAndFinish();
    printThreadCpu(before);
    printSeconds(
        "gui-push-seconds", walk.wizard().state().pushed.get().elapsed().toMillis() / 1000.0);
    walk.close();
    System.exit(0);
  }

  public static void main(String[] args) throws Exception {
    Path bundle = Path.of(args[0]);
    String registry = args[1];
    Path work = Path.of(args[2]);
    if (Boolean.getBoolean("bench.walk")) {
      walk(bundle, registry, work, Path.of(args[3]));
    }
    Bundle opened = new BundleOpener(work.resolve("bundles"), ProgressListener.NONE).open(bundle);
    if (Boolean.getBoolean("bench.headless")) {
      // The same push in this JVM without any window: tells the window's cost from the JVM's.
      printSeconds("gui-push-seconds", pushWithoutWindow(opened, registry, work));
      System.exit(0);
    }
    TrainingRun shown = TrainingRun.start(work);
    Wizard wizard = shown.wizard();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> failure = new AtomicReference<>();
    long[] t = new long[2];
    Platform.runLater(
        () -> {
          WizardState s = wizard.state();
          s.bundlePath.set(bundle);
          s.bundle.set(opened);
          s.skipConfirmation.set("benchmark: the bundle is made and checked by the script");
          s.noCluster.set(true);
          s.registry.set(RegistryChoice.EXTERNAL);
          s.externalUrl.set(registry);
          s.plainHttp.set(true);
          wizard.goTo(7); // Install
          s.report.addListener(
              (o, was, now) -> {
                if (now != null) {
                  t[1] = System.nanoTime();
                  done.countDown();
                }
              });
          InstallPage page = (InstallPage) wizard.page(7);
          page.errorText()
              .addListener(
                  (o, was, now) -> {
                    if (!now.isEmpty()) {
                      failure.set(now);
                      done.countDown();
                    }
                  });
        });
    // A person reaches Install after seven steps: the window has long finished starting (CSS,
    // fonts, the JIT compiling JavaFX). Starting the push in the first second would measure that.
    Thread.sleep(3000);
    if (Boolean.getBoolean("bench.idle")) {
      // The window open but not told anything: tells drawing progress from having a window.
      Map<String, Long> idleBefore = threadCpu();
      double seconds = pushWithoutWindow(opened, registry, work);
      printThreadCpu(idleBefore);
      printSeconds("gui-push-seconds", seconds);
      System.exit(0);
    }
    Map<String, Long> before = threadCpu();
    Platform.runLater(
        () -> {
          t[0] = System.nanoTime();
          ((InstallPage) wizard.page(7)).start();
        });
    done.await();
    printThreadCpu(before);
    if (failure.get() != null) {
      System.err.println("error: " + failure.get());
      System.exit(1);
    }
    printSeconds("gui-push-seconds", wizard.state().pushed.get().elapsed().toMillis() / 1000.0);
    printSeconds("gui-install-seconds", (t[1] - t[0]) / 1e9);
    shown.close();
    System.exit(0);
  }
}
