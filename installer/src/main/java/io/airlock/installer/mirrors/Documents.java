package io.airlock.installer.mirrors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Serialises node configuration built as maps: TOML with Jackson, YAML with SnakeYAML. */
final class Documents {

  private static final TomlMapper TOML = new TomlMapper();

  private Documents() {}

  static String toml(Object tree, String comment) {
    try {
      return "# " + comment + "\n" + TOML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write TOML", e);
    }
  }

  static String yaml(Object tree, String comment) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndicatorIndent(2);
    o.setIndentWithIndicator(true);
    return "# " + comment + "\n" + new Yaml(o).dump(tree);
  }
}
