package io.airlock.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Text that refers to {@link Setting}s without naming them: each front end renders it with its own
 * words for them. Parts are strings (and other facts, by their {@code toString}) and settings.
 */
public record Phrase(List<Object> parts) {

  public Phrase {
    parts = List.copyOf(parts);
  }

  /** A phrase of these parts; a part that is itself a phrase keeps its settings. */
  public static Phrase of(@Nullable Object... parts) {
    List<Object> out = new ArrayList<>(parts.length);
    for (Object part : parts) {
      if (part instanceof Phrase p) {
        out.addAll(p.parts());
      } else {
        out.add(part instanceof Setting ? part : String.valueOf(part));
      }
    }
    return new Phrase(out);
  }

  /** This phrase followed by more parts. */
  public Phrase then(@Nullable Object... more) {
    List<Object> all = new ArrayList<>(parts);
    all.addAll(of(more).parts());
    return new Phrase(all);
  }

  /** The text with each setting in the words given. */
  public String render(Function<Setting, String> words) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      out.append(part instanceof Setting s ? words.apply(s) : Objects.toString(part));
    }
    return out.toString();
  }

  /** Each phrase in the words given. */
  public static List<String> render(List<Phrase> phrases, Function<Setting, String> words) {
    return phrases.stream().map(p -> p.render(words)).toList();
  }

  /** The phrases one after the other, with {@code separator} between them. */
  public static Phrase join(String separator, List<Phrase> phrases) {
    List<Object> all = new ArrayList<>();
    for (Phrase p : phrases) {
      if (!all.isEmpty()) {
        all.add(separator);
      }
      all.addAll(p.parts());
    }
    return new Phrase(all);
  }

  /** The settings it refers to, in order. */
  public List<Setting> settings() {
    List<Setting> out = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof Setting s) {
        out.add(s);
      }
    }
    return out;
  }

  /** The text with each setting as its plain {@link Setting#noun()}. */
  @Override
  public String toString() {
    return render(Setting::noun);
  }
}
