package io.airlock.installer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the fields of a request that the API server's answer lacks. Before Kubernetes 1.25 the
 * server drops unknown fields without a word (no server-side field validation), and a feature gate
 * that is off drops its fields the same way; comparing the answer with the request is the only way
 * to notice. Values may differ (the server normalises quantities and fills in defaults); only the
 * presence of each field counts. List items are matched by content, not position, since server-side
 * apply merges lists by key.
 */
final class DroppedFields {

  /**
   * Parts of a request that never come back as sent: status (a subresource), the server's own
   * bookkeeping, and a Secret's {@code stringData} (merged into {@code data}).
   */
  private static final Set<String> IGNORED =
      Set.of("status", "metadata.managedFields", "stringData");

  private DroppedFields() {}

  /**
   * The paths ({@code spec.ports[].appProtocol}) present in {@code sent} but not in {@code answer}.
   */
  static List<String> of(JsonNode sent, JsonNode answer) {
    Set<String> dropped = new TreeSet<>();
    compare("", sent, answer, dropped);
    return new ArrayList<>(dropped);
  }

  private static void compare(String path, JsonNode sent, JsonNode answer, Set<String> dropped) {
    if (IGNORED.contains(path) || sent == null || sent.isNull()) {
      return;
    }
    if (answer == null || answer.isMissingNode() || answer.isNull()) {
      if (!isEmpty(sent)) {
        dropped.add(path);
      }
      return;
    }
    if (sent.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = sent.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        compare(
            path.isEmpty() ? f.getKey() : path + "." + f.getKey(),
            f.getValue(),
            answer.get(f.getKey()),
            dropped);
      }
    } else if (sent.isArray() && answer.isArray()) {
      for (JsonNode item : sent) {
        if (!item.isContainerNode()) {
          continue; // a scalar list item: normalised values make presence checks meaningless
        }
        // The answer's item that keeps most of this one's fields is its counterpart.
        Set<String> best = null;
        for (JsonNode candidate : answer) {
          Set<String> missing = new TreeSet<>();
          compare(path + "[]", item, candidate, missing);
          if (best == null || missing.size() < best.size()) {
            best = missing;
          }
        }
        if (best == null) {
          dropped.add(path + "[]");
        } else {
          dropped.addAll(best);
        }
      }
    }
  }

  /** An empty object or list carries no field to lose. */
  private static boolean isEmpty(JsonNode n) {
    return n.isContainerNode() && n.isEmpty();
  }
}
