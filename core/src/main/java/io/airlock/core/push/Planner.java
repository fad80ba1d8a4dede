package io.airlock.core.push;

import io.airlock.core.BadInputException;
import io.airlock.core.CheckFailedException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a push sends: every image with all its manifests (children before the index) and
 * blobs, every chart as a Helm OCI artifact, and signatures and referrers in the repository of the
 * image they belong to, after it.
 */
final class Planner {

  /** Cosign's tags: {@code sha256-<hex>.sig}, {@code .att}, {@code .sbom}. */
  static final Pattern SIGNATURE_TAG =
      Pattern.compile("^(sha256|sha512)-([0-9a-f]{64}|[0-9a-f]{128})\\.(sig|att|sbom)$");

  /** Registries refuse manifests above 4 MiB. */
  static final int MAX_MANIFEST = 4 << 20;

  private final Bundle bundle;
  private final TargetNaming naming;
  private final Globs only;
  private final Path workDir;
  private final ProgressListener listener;

  Planner(
      Bundle bundle,
      TargetNaming naming,
      List<String> only,
      Path workDir,
      ProgressListener listener) {
    this.bundle = bundle;
    this.naming = naming;
    this.only = new Globs(only);
    this.workDir = workDir;
    this.listener = listener;
  }

  PushPlan plan() throws BadInputException, CheckFailedException {
    List<PushPlan.Artifact> all = new ArrayList<>();
    for (BundleImage image : bundle.images()) {
      PushPlan.Artifact a = image(image);
      if (a != null) {
        all.add(a);
      }
    }
    for (BundleChart chart : bundle.charts()) {
      all.add(chart(chart));
    }
    List<PushPlan.Artifact> ordered = attachDependents(all);
    checkNoClashes(ordered);
    return new PushPlan(select(ordered));
  }

  // ---------------------------------------------------------------- images

  private PushPlan.@Nullable Artifact image(BundleImage image)
      throws BadInputException, CheckFailedException {
    ImageRef ref;
    try {
      ref = ImageRef.parse(image.ref());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "Image " + image.ref() + " in " + image.source() + ": " + e.getMessage() + ".");
    }
    if (!MediaTypes.isManifestOrIndex(image.mediaType()) && !image.mediaType().isEmpty()) {
      listener.onEvent(
          Notice.warning(
              "Skipped "
                  + image.ref()
                  + ": its media type "
                  + image.mediaType()
                  + " is neither a manifest nor an index, so no registry can store it as an image."));
      return null;
    }
    List<PushPlan.ManifestDoc> manifests = new ArrayList<>();
    Map<Digest, PushPlan.Blob> blobs = new LinkedHashMap<>();
    Manifest top =
        walk(
            image.ref(),
            new Descriptor(image.mediaType(), image.digest(), -1),
            ref.tag() != null ? ref.tag() : image.digest().toString(),
            manifests,
            blobs);
    PushPlan.Kind kind = PushPlan.Kind.IMAGE;
    Digest subject = null;
    Matcher sig = ref.tag() == null ? null : SIGNATURE_TAG.matcher(ref.tag());
    if (sig != null && sig.matches()) {
      kind = PushPlan.Kind.SIGNATURE;
      subject = Digest.parse(sig.group(1) + ":" + sig.group(2));
    } else if (top.subject() != null) {
      kind = PushPlan.Kind.REFERRER;
      subject = top.subject().digest();
    }
    return new PushPlan.Artifact(
        image.ref(),
        kind,
        naming.repository(ref),
        ref.tag(),
        image.digest(),
        top.mediaType(),
        manifests,
        new ArrayList<>(blobs.values()),
        subject,
        -1);
  }

  /** Adds a manifest's children (depth first) and then the manifest itself. */
  private Manifest walk(
      String name,
      Descriptor d,
      String reference,
      List<PushPlan.ManifestDoc> manifests,
      Map<Digest, PushPlan.Blob> blobs)
      throws BadInputException, CheckFailedException {
    ContentSource source = source(name, d.digest());
    byte[] bytes = readDocument(source, d.digest(), name);
    Manifest manifest;
    try {
      manifest = Manifest.parse(bytes, d.mediaType().isEmpty() ? null : d.mediaType());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "Manifest " + d.digest() + " of " + name + " is malformed: " + e.getMessage() + ".");
    }
    if (manifest.isIndex()) {
      for (Descriptor child : manifest.manifests()) {
        if (!MediaTypes.isManifestOrIndex(child.mediaType())) {
          addBlob(name, child, blobs);
        } else if (manifests.stream().noneMatch(m -> m.digest().equals(child.digest()))) {
          walk(name, child, child.digest().toString(), manifests, blobs);
        }
      }
    } else {
      addBlob(name, manifest.imageConfig(), blobs);
      for (Descriptor layer : manifest.layers()) {
        addBlob(name, layer, blobs);
      }
    }
    manifests.add(new PushPlan.ManifestDoc(d.digest(), manifest.mediaType(), source, reference));
    return manifest;
  }

  private void addBlob(String name, Descriptor d, Map<Digest, PushPlan.Blob> blobs)
      throws BadInputException {
    if (!blobs.containsKey(d.digest())) {
      ContentSource source = source(name, d.digest());
      if (source.size() != d.size()) {
        throw new BadInputException(
            "Blob "
                + d.digest()
                + " of "
                + name
                + " has "
                + source.size()
                + " bytes in the bundle but its manifest says "
                + d.size()
                + ".",
            "The bundle is damaged or was altered; get it again from its vendor.");
      }
      blobs.put(d.digest(), new PushPlan.Blob(d.digest(), d.size(), source));
    }
  }

  private ContentSource source(String name, Digest digest) throws BadInputException {
    return bundle
        .blob(digest)
        .orElseThrow(
            () ->
                new BadInputException(
                    "The bundle lacks blob " + digest + " of " + name + ".",
                    "The bundle is incomplete; get it again from its vendor."));
  }

  /** Reads a manifest and checks it is what its digest says. */
  static byte[] readDocument(ContentSource source, Digest digest, String name)
      throws BadInputException, CheckFailedException {
    if (source.size() > MAX_MANIFEST) {
      throw new BadInputException(
          "Manifest "
              + digest
              + " of "
              + name
              + " is "
              + source.size()
              + " bytes; registries accept at most 4 MiB.");
    }
    byte[] bytes;
    try (InputStream in = source.open()) {
      bytes = in.readNBytes((int) source.size());
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read manifest " + digest + " of " + name + ": " + e.getMessage(), null, e);
    }
    Digest actual =
        Digest.of(digest.algorithm(), digest.algorithm().newMessageDigest().digest(bytes));
    if (!actual.equals(digest)) {
      throw new CheckFailedException(
          "Manifest "
              + digest
              + " of "
              + name
              + " in the bundle hashes to "
              + actual
              + "; it was not pushed.",
          "The bundle is damaged or was altered; get it again from its vendor.");
    }
    return bytes;
  }

  // ---------------------------------------------------------------- charts

  private PushPlan.Artifact chart(BundleChart chart)
      throws BadInputException, CheckFailedException {
    String name = "charts/" + chart.name() + ":" + chart.version();
    String repository = naming.chartRepository(chart.name());
    String tag = TargetNaming.chartTag(chart.version());
    Optional<Digest> recorded = chart.ociManifestIfAny();
    if (recorded.isPresent()) {
      List<PushPlan.ManifestDoc> manifests = new ArrayList<>();
      Map<Digest, PushPlan.Blob> blobs = new LinkedHashMap<>();
      Digest digest = recorded.get();
      Manifest top =
          walk(name, new Descriptor(MediaTypes.OCI_MANIFEST, digest, -1), tag, manifests, blobs);
      return new PushPlan.Artifact(
          name,
          PushPlan.Kind.CHART,
          repository,
          tag,
          digest,
          top.mediaType(),
          manifests,
          new ArrayList<>(blobs.values()),
          null,
          -1);
    }
    HelmChartArtifact.Parts parts = HelmChartArtifact.make(chart, workDir);
    return new PushPlan.Artifact(
        name,
        PushPlan.Kind.CHART,
        repository,
        tag,
        parts.manifest(),
        MediaTypes.OCI_MANIFEST,
        List.of(
            new PushPlan.ManifestDoc(
                parts.manifest(), MediaTypes.OCI_MANIFEST, parts.manifestBytes(), tag)),
        List.of(parts.config(), parts.layer()),
        null,
        -1);
  }

  // ---------------------------------------------------------------- dependents

  /**
   * Moves signatures and referrers into the repository of the artifact holding their subject and
   * orders each after that artifact.
   */
  private List<PushPlan.Artifact> attachDependents(List<PushPlan.Artifact> all) {
    Map<Digest, PushPlan.Artifact> holders = new HashMap<>();
    for (PushPlan.Artifact a : all) {
      for (PushPlan.ManifestDoc m : a.manifests()) {
        holders.putIfAbsent(m.digest(), a);
      }
    }
    List<PushPlan.Artifact> ordered = new ArrayList<>();
    Map<PushPlan.Artifact, Integer> position = new HashMap<>();
    Set<PushPlan.Artifact> pending = new LinkedHashSet<>(all);
    // Independent artifacts first, then dependents whose subject is placed; repeat for chains.
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (PushPlan.Artifact a : new ArrayList<>(pending)) {
        PushPlan.Artifact holder = a.subject() == null ? null : holders.get(a.subject());
        if (holder == a) {
          holder = null;
        }
        if (holder == null) {
          place(a, a, ordered, position, pending);
          progress = true;
        } else if (position.containsKey(holder)) {
          place(
              a,
              a.withSubject(holder.repository(), position.get(holder)),
              ordered,
              position,
              pending);
          progress = true;
        }
      }
    }
    for (PushPlan.Artifact a : pending) { // a cycle, which content addressing makes impossible
      place(a, a, ordered, position, pending);
    }
    return ordered;
  }

  private static void place(
      PushPlan.Artifact original,
      PushPlan.Artifact placed,
      List<PushPlan.Artifact> ordered,
      Map<PushPlan.Artifact, Integer> position,
      Set<PushPlan.Artifact> pending) {
    position.put(original, ordered.size());
    ordered.add(placed);
    pending.remove(original);
  }

  private void checkNoClashes(List<PushPlan.Artifact> artifacts) throws BadInputException {
    Map<String, PushPlan.Artifact> byTarget = new HashMap<>();
    for (PushPlan.Artifact a : artifacts) {
      if (a.tag() == null) {
        continue;
      }
      String key = a.repository() + ":" + a.tag();
      PushPlan.Artifact other = byTarget.putIfAbsent(key, a);
      if (other != null && !other.digest().equals(a.digest())) {
        throw new BadInputException(
            Phrase.of(
                other.name(),
                " and ",
                a.name(),
                " would both be pushed to ",
                key,
                " with different content."),
            naming.flatten()
                ? Phrase.of(
                    "Drop ", Setting.FLATTEN, ": the source registry in the path keeps them apart.")
                : Phrase.of(
                    "The bundle holds two versions under one name; ask its maker which one is"
                        + " meant."));
      }
    }
  }

  /** Keeps what --only selects, and with each selected artifact its signatures and referrers. */
  private List<PushPlan.Artifact> select(List<PushPlan.Artifact> ordered) {
    if (only.selectsAll()) {
      return ordered;
    }
    List<PushPlan.Artifact> kept = new ArrayList<>();
    Map<Integer, Integer> newIndex = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      PushPlan.Artifact a = ordered.get(i);
      boolean selected =
          only.matches(a.name())
              || (a.subjectArtifact() >= 0 && newIndex.containsKey(a.subjectArtifact()));
      if (selected) {
        newIndex.put(i, kept.size());
        int subject =
            a.subjectArtifact() >= 0 ? newIndex.getOrDefault(a.subjectArtifact(), -1) : -1;
        kept.add(subject == a.subjectArtifact() ? a : a.withSubject(a.repository(), subject));
      }
    }
    return kept;
  }
}
