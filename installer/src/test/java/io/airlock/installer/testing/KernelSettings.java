package io.airlock.installer.testing;

import io.airlock.core.testing.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The kernel's settings ({@code sysctl -a}) under kernel., vm. and net., the ones a node could
 * change on the machine it shares, without the counters that change by themselves. The lab's
 * self-test compares them before a node starts and after it stops.
 */
record KernelSettings(Map<String, String> values) {

  private static final Pattern COUNTERS =
      Pattern.compile(
          "kernel\\.ns_last_pid|kernel\\.random\\..*|kernel\\.pty\\.nr|kernel\\.tainted"
              + "|net\\.netfilter\\.nf_conntrack_count");

  static KernelSettings read() {
    Map<String, String> values = new TreeMap<>();
    for (String line : Command.ok("sysctl", "-a").out().lines().toList()) {
      int eq = line.indexOf(" = ");
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      if (key.matches("(kernel|vm|net)\\..*") && !COUNTERS.matcher(key).matches()) {
        values.put(key, line.substring(eq + 3));
      }
    }
    return new KernelSettings(values);
  }

  /** {@code key: before -> now} for every setting that differs, appeared or went. */
  List<String> changedSince(KernelSettings before) {
    List<String> changed = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(before.values.keySet());
    keys.addAll(values.keySet());
    for (String k : keys) {
      String was = before.values.get(k);
      String is = values.get(k);
      if (!Objects.equals(was, is)) {
        changed.add(k + ": " + was + " -> " + is);
      }
    }
    return changed;
  }
}
