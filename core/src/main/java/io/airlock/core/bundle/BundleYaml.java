package io.airlock.core.bundle;

import io.airlock.core.archive.InputLimits;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads the YAML documents of a bundle (airlock-bundle.yaml, a chart's Chart.yaml) as plain maps,
 * lists and scalars (no tags), within the bounds of docs/limits.md.
 */
public final class BundleYaml {

  /** Nesting of mappings and lists: bundle documents need a handful. */
  static final int MAX_NESTING = 50;

  /** Aliases that expand collections: the guard against "billion laughs". */
  static final int MAX_ALIASES = 50;

  private BundleYaml() {}

  /**
   * Parses one document.
   *
   * @throws YAMLException when it is malformed or beyond a limit
   */
  public static Object load(byte[] bytes) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(InputLimits.MAX_YAML);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    try {
      return new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      throw e;
    } catch (RuntimeException e) {
      // SnakeYAML's scalar constructors let some malformed values through (e.g. "._" as a
      // float): still a malformed document, not a failure of Airlock.
      throw new YAMLException("a value cannot be read (" + e.getMessage() + ")", e);
    }
  }
}
