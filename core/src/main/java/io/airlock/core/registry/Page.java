package io.airlock.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/** One page of a listing (tags, catalog), and whether more follow. */
public record Page(List<String> items, boolean more) {

  /** The names after {@code last} (exclusive), at most {@code n} (null: all). */
  static Page of(SortedSet<String> all, @Nullable Integer n, @Nullable String last) {
    SortedSet<String> rest = last == null || last.isEmpty() ? all : all.tailSet(last + "\0");
    List<String> items = new ArrayList<>();
    for (String s : rest) {
      if (n != null && items.size() >= n) {
        return new Page(items, true);
      }
      items.add(s);
    }
    return new Page(items, false);
  }
}
