package io.airlock.installer.mirrors;

/** The README of {@link NodeArtifacts}: the exact commands to prepare a node by hand. */
final class NodeReadme {

  private NodeReadme() {}

  static String text(NodeArtifacts a) {
    MirrorTarget t = a.target();
    StringBuilder b = new StringBuilder();
    b.append("# Registry mirrors for the nodes, prepared by hand\n\n")
        .append("Written by Airlock. Pulls of these upstream names go to the site registry ")
        .append(t.baseUrl())
        .append(" instead, at the paths Airlock pushed to:\n\n");
    MirrorFormat first = a.formats().get(0);
    for (String u : t.upstreams()) {
      b.append("- `")
          .append(u)
          .append("` -> `")
          .append(MirrorConfigs.endpoint(first, t, u))
          .append("`\n");
    }
    b.append("\nCheck the copy first: `sha256sum -c ")
        .append(NodeArtifacts.SUMS)
        .append("` in this directory.\n");
    if (t.caPem() != null) {
      b.append("\n`")
          .append(NodeArtifacts.CA)
          .append(
              "` is the CA that signed the registry's certificate. The files below already put it where")
          .append(
              " each runtime reads it; other clients want it too (Docker: `/etc/docker/certs.d/")
          .append(t.registry())
          .append("/ca.crt`).\n");
    } else if (t.plainHttp()) {
      b.append(
          "\nThe nodes reach the registry on their own loopback in plain HTTP: no CA certificate is needed.\n");
    }
    for (MirrorFormat f : a.formats()) {
      MirrorConfig config = MirrorConfigs.of(f, t);
      b.append("\n## ").append(f.id()).append("\n\n");
      if (f == MirrorFormat.TALOS) {
        b.append(
                "Not copied to the nodes: apply the patch to every node's machine configuration:\n\n```\n")
            .append("talosctl patch machineconfig --nodes NODE[,NODE...] --patch @talos")
            .append(TalosPatch.PATCH)
            .append("\n```\n\n");
      } else {
        b.append("Files (in `").append(f.id()).append("/`, at their node paths):\n\n");
        for (String p : a.nodePaths(f)) {
          b.append("- `").append(p).append("`\n");
        }
        b.append(
                "\nOn every node of this kind, as root, in this directory (a file of the site's that is")
            .append(" replaced is kept once as `FILE")
            .append(NodeArtifacts.BACKUP_SUFFIX)
            .append(
                "`; `ROOT` stays empty on a node, or names a node image mounted here):\n\n```\n")
            .append("cd ")
            .append(f.id())
            .append("\nfor f in $(find etc -type f); do\n")
            .append("  if [ -e \"$ROOT/$f\" ] && [ ! -e \"$ROOT/$f")
            .append(NodeArtifacts.BACKUP_SUFFIX)
            .append("\" ] && ! cmp -s \"$f\" \"$ROOT/$f\"; then cp -p \"$ROOT/$f\" \"$ROOT/$f")
            .append(NodeArtifacts.BACKUP_SUFFIX)
            .append("\"; fi\n")
            .append("  install -D -m 0644 \"$f\" \"$ROOT/$f\"\n")
            .append("done\n```\n\n");
      }
      b.append("Then:\n\n");
      config.steps().forEach(s -> b.append("- ").append(s).append("\n"));
      if (f != MirrorFormat.TALOS) {
        b.append("\nTo undo, in `")
            .append(f.id())
            .append("/`:\n\n```\nfor f in $(find etc -type f); do\n")
            .append("  if [ -e \"$ROOT/$f")
            .append(NodeArtifacts.BACKUP_SUFFIX)
            .append("\" ]; then mv \"$ROOT/$f")
            .append(NodeArtifacts.BACKUP_SUFFIX)
            .append("\" \"$ROOT/$f\"; else rm -f \"$ROOT/$f\"; fi\n")
            .append("done\n```\n");
      }
    }
    if (a.example() != null) {
      b.append("\n## Check\n\nOn a node, after the steps above: `crictl pull ")
          .append(a.example())
          .append("` pulls from ")
          .append(t.baseUrl())
          .append(" (its log shows the request).\n");
    }
    return b.toString();
  }
}
