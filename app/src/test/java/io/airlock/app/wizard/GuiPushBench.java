package io.airlock.app.wizard;

import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;

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
  private static void printThreadCpu(java.util.Map<String, Long> before) {
    if (!Boolean.getBoolean("bench.threads")) {
      return;
    }
    threadCpu()
        .forEach(
            (name, ns) -> {
              long d = ns - before.getOrDefault(name, 0L);
              if (d > 5_000_000) {
                System.out.printf(
                    java.util.Locale.ROOT, "thread-cpu-ms %6d %s%n", d / 1_000_000, name);
              }
            });
  }

  /** CPU time of the live threads, summed by name without its number. */
  private static java.util.Map<String, Long> threadCpu() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> cpu = new java.util.TreeMap<>();
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        long ns = mx.getThreadCpuTime(info.getThreadId());
        cpu.merge(info.getThreadName().replaceAll("[-0-9]+$", ""), Math.max(ns, 0), Long::sum);
      }
    }
    // The JIT and GC threads are not Java threads: read them from /proc.
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      for (var task : (Iterable<java.nio.file.Path>) tasks::iterator) {
        String comm = java.nio.file.Files.readString(task.resolve("comm")).strip();
        if (comm.contains("Compiler") || comm.startsWith("VM ") || comm.startsWith("GC")) {
          String stat = java.nio.file.Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          cpu.merge("[" + comm + "]", ticks * 10_000_000L, Long::sum);
        }
      }
    } catch (java.io.IOException e) {
      // not Linux: Java threads only
    }
    return cpu;
  }

  private static void walk(Path bundle, String registry, Path work, Path key) throws Exception {
    TrainingRun walk = TrainingRun.start(work);
    walk.toInstall(bundle, key, registry);
    Thread.sleep(3000); // as below: the time a person takes to read the Install page
    java.util.Map<String, Long> before = threadCpu();
    walk.installAndFinish();
    printThreadCpu(before);
    double engine = walk.wizard().state().pushed.get().elapsed().toMillis() / 1000.0;
    System.out.printf(java.util.Locale.ROOT, "gui-push-seconds %.3f%n", engine);
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
    var opened = new BundleOpener(work.resolve("bundles"), ProgressListener.NONE).open(bundle);
    if (Boolean.getBoolean("bench.headless")) {
      // The same push in this JVM without any window: tells the window's cost from the JVM's.
      var target = io.airlock.core.push.PushTarget.parse(registry);
      var report =
          new io.airlock.core.push.PushEngine(
                  io.airlock.core.push.PushOptions.defaults(target, true, work.resolve("state")),
                  work.resolve("push"),
                  ProgressListener.NONE)
              .push(opened);
      System.out.printf(
          java.util.Locale.ROOT, "gui-push-seconds %.3f%n", report.elapsed().toMillis() / 1000.0);
      System.exit(0);
    }
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Wizard> wizard = new AtomicReference<>();
    Platform.startup(
        () -> {
          wizard.set(
              Wizard.show(
                  new Stage(),
                  new WizardOptions(work.resolve("work"), work.resolve("reports"), 0, false)));
          started.countDown();
        });
    started.await();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> failure = new AtomicReference<>();
    long[] t = new long[2];
    Platform.runLater(
        () -> {
          Wizard w = wizard.get();
          WizardState s = w.state();
          s.bundlePath.set(bundle);
          s.bundle.set(opened);
          s.skipConfirmation.set("benchmark: the bundle is made and checked by the script");
          s.noCluster.set(true);
          s.registry.set(RegistryChoice.EXTERNAL);
          s.externalUrl.set(registry);
          s.plainHttp.set(true);
          w.goTo(7); // Install
          s.report.addListener(
              (o, was, now) -> {
                if (now != null) {
                  t[1] = System.nanoTime();
                  done.countDown();
                }
              });
          InstallPage page = (InstallPage) w.page(7);
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
      java.util.Map<String, Long> idleBefore = threadCpu();
      var report =
          new io.airlock.core.push.PushEngine(
                  io.airlock.core.push.PushOptions.defaults(
                      io.airlock.core.push.PushTarget.parse(registry), true, work.resolve("state")),
                  work.resolve("push"),
                  ProgressListener.NONE)
              .push(opened);
      printThreadCpu(idleBefore);
      System.out.printf(
          java.util.Locale.ROOT, "gui-push-seconds %.3f%n", report.elapsed().toMillis() / 1000.0);
      System.exit(0);
    }
    java.util.Map<String, Long> before = threadCpu();
    Platform.runLater(
        () -> {
          t[0] = System.nanoTime();
          ((InstallPage) wizard.get().page(7)).start();
        });
    done.await();
    printThreadCpu(before);
    if (failure.get() != null) {
      System.err.println("error: " + failure.get());
      System.exit(1);
    }
    double engine = wizard.get().state().pushed.get().elapsed().toMillis() / 1000.0;
    System.out.printf(java.util.Locale.ROOT, "gui-push-seconds %.3f%n", engine);
    System.out.printf(java.util.Locale.ROOT, "gui-install-seconds %.3f%n", (t[1] - t[0]) / 1e9);
    Platform.runLater(() -> wizard.get().close());
    Platform.exit();
    System.exit(0);
  }
}
