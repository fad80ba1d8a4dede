package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The registry's own storage on disk, content-addressed:
 *
 * <pre>
 * STORE/blobs/sha256/ab/abcd...                   content, immutable once renamed in
 * STORE/repositories/NAME/_blobs/sha256/abcd...   empty: the blob belongs to the repository
 * STORE/repositories/NAME/_manifests/sha256/abcd  the manifest's media type
 * STORE/repositories/NAME/_tags/TAG               the digest the tag points to
 * STORE/repositories/NAME/_referrers/sha256/SUBJECT/sha256-REFERRER   descriptor JSON
 * STORE/uploads/UUID/{data,repository}            upload sessions, kept across restarts
 * STORE/tmp/                                      temporary files, emptied at start
 * </pre>
 *
 * Repository directories hold their data under names starting with {@code _}, which no valid name
 * component can, so {@code a} and {@code a/b} never collide. Every file appears by an atomic rename
 * of an fsynced temporary file; one process at a time holds {@code STORE/.lock}.
 */
public final class DiskStore implements AutoCloseable {

  private final Path root;
  private final Path blobs;
  private final Path repositories;
  private final Path uploads;
  private final Path tmp;
  private final ReferrerFiles referrerFiles;
  private final Quota quota;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ConcurrentHashMap<String, Object> repoLocks = new ConcurrentHashMap<>();

  private DiskStore(Path root, long maxBytes, FileChannel lockChannel, FileLock lock)
      throws IOException {
    this.root = root;
    this.blobs = root.resolve("blobs");
    this.repositories = root.resolve("repositories");
    this.uploads = root.resolve("uploads");
    this.tmp = root.resolve("tmp");
    this.referrerFiles = new ReferrerFiles(tmp);
    this.lockChannel = lockChannel;
    this.lock = lock;
    for (Path dir : List.of(blobs, repositories, uploads, tmp)) {
      Files.createDirectories(dir);
    }
    clearTemporaryFiles();
    this.quota = new Quota(maxBytes, StoreFiles.bytesUnder(blobs) + StoreFiles.bytesUnder(uploads));
  }

  /**
   * Opens (creating when needed) a store and takes its lock.
   *
   * @param maxBytes the most the store may hold, or 0 for no limit beyond the disk
   * @throws BadInputException when the directory cannot be used or another process holds it
   */
  public static DiskStore open(Path root, long maxBytes) throws BadInputException {
    FileChannel channel = null;
    try {
      Files.createDirectories(root);
      channel =
          FileChannel.open(
              root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new BadInputException(
                Phrase.of("The registry storage ", root, " is in use by another Airlock process."),
                Phrase.of(
                    "Stop ",
                    Setting.SERVE,
                    " (or ",
                    Setting.REGISTRY_GC,
                    ") first, or change ",
                    Setting.STORAGE,
                    "."))
            .coded("registry.storage-in-use");
      }
      return new DiskStore(root, maxBytes, channel, lock);
    } catch (IOException e) {
      StoreFiles.closeQuietly(channel);
      throw new BadInputException(
          "Cannot use " + root + " as registry storage: " + e.getMessage(),
          "Check that the directory exists, is writable and is on a local file system.",
          e);
    } catch (BadInputException | RuntimeException e) {
      StoreFiles.closeQuietly(channel);
      throw e;
    }
  }

  public Path root() {
    return root;
  }

  Path tmpDir() {
    return tmp;
  }

  Path uploadsDir() {
    return uploads;
  }

  Quota quota() {
    return quota;
  }

  // ------------------------------------------------------------------ blobs

  Path blobPath(Digest digest) {
    return blobs
        .resolve(digest.algorithm().ociName())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  /** The content file when the store holds the blob, whichever repository it came with. */
  Optional<Path> blobFile(Digest digest) {
    Path p = blobPath(digest);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  private Path repoDir(String repo) {
    return repositories.resolve(repo);
  }

  private Path blobLink(String repo, Digest digest) {
    return repoDir(repo)
        .resolve("_blobs")
        .resolve(digest.algorithm().ociName())
        .resolve(digest.hex());
  }

  /** True when the blob is in the store and belongs to the repository. */
  boolean hasBlob(String repo, Digest digest) {
    return Files.exists(blobLink(repo, digest)) && Files.isRegularFile(blobPath(digest));
  }

  void linkBlob(String repo, Digest digest) throws IOException {
    Path link = blobLink(repo, digest);
    if (!Files.exists(link)) {
      Files.createDirectories(link.getParent());
      Durable.write(tmp, link, new byte[0]);
    }
  }

  boolean unlinkBlob(String repo, Digest digest) throws IOException {
    return Durable.delete(blobLink(repo, digest));
  }

  /**
   * Moves a verified, fsynced file into the content store. When the blob is already there the file
   * is deleted instead and its bytes given back to the quota.
   */
  void commitBlob(Path verified, Digest digest, long size) throws IOException {
    if (!Durable.moveInto(verified, blobPath(digest), false)) {
      Files.deleteIfExists(verified);
      quota.release(size);
    }
  }

  /** Stores a small document (a manifest) as a blob; returns false when it was there already. */
  boolean putDocument(Digest digest, byte[] bytes) throws IOException, RegistryException {
    Path target = blobPath(digest);
    if (Files.isRegularFile(target)) {
      return false;
    }
    quota.reserve(bytes.length);
    try {
      Files.createDirectories(target.getParent());
      Durable.write(tmp, target, bytes);
      return true;
    } catch (IOException e) {
      quota.release(bytes.length);
      throw e;
    }
  }

  // ------------------------------------------------------------------ manifests and tags

  private Path manifestLink(String repo, Digest digest) {
    return repoDir(repo)
        .resolve("_manifests")
        .resolve(digest.algorithm().ociName())
        .resolve(digest.hex());
  }

  private Path tagFile(String repo, String tag) {
    return repoDir(repo).resolve("_tags").resolve(tag);
  }

  /** The media type of a manifest the repository holds, if it holds it. */
  Optional<String> manifestMediaType(String repo, Digest digest) throws IOException {
    Path link = manifestLink(repo, digest);
    try {
      String mediaType = Files.readString(link, StandardCharsets.UTF_8);
      return Files.isRegularFile(blobPath(digest)) ? Optional.of(mediaType) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  void linkManifest(String repo, Digest digest, String mediaType) throws IOException {
    Path link = manifestLink(repo, digest);
    Files.createDirectories(link.getParent());
    Durable.write(tmp, link, mediaType.getBytes(StandardCharsets.UTF_8));
  }

  Optional<Digest> tag(String repo, String tag) throws IOException {
    try {
      String text = Files.readString(tagFile(repo, tag), StandardCharsets.UTF_8).trim();
      return Optional.of(Digest.parse(text));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      throw new IOException("tag file " + tagFile(repo, tag) + " is damaged: " + e.getMessage());
    }
  }

  void setTag(String repo, String tag, Digest digest) throws IOException {
    Path file = tagFile(repo, tag);
    Files.createDirectories(file.getParent());
    Durable.write(tmp, file, digest.toString().getBytes(StandardCharsets.UTF_8));
  }

  boolean deleteTag(String repo, String tag) throws IOException {
    return Durable.delete(tagFile(repo, tag));
  }

  /** Every tag of the repository, unsorted. */
  List<String> tags(String repo) throws IOException {
    return StoreFiles.listNames(repoDir(repo).resolve("_tags"));
  }

  /** Removes a manifest from a repository with every tag that points to it. */
  boolean unlinkManifest(String repo, Digest digest) throws IOException {
    boolean removed = Durable.delete(manifestLink(repo, digest));
    for (String t : tags(repo)) {
      if (tag(repo, t).filter(digest::equals).isPresent()) {
        deleteTag(repo, t);
      }
    }
    return removed;
  }

  /** Every manifest digest linked in the repository. */
  List<Digest> manifests(String repo) throws IOException {
    return StoreFiles.listDigests(repoDir(repo).resolve("_manifests"));
  }

  List<Digest> linkedBlobs(String repo) throws IOException {
    return StoreFiles.listDigests(repoDir(repo).resolve("_blobs"));
  }

  /** True when the repository has ever had a manifest, a tag or a blob pushed. */
  boolean hasRepository(String repo) {
    Path dir = repoDir(repo);
    return Files.isDirectory(dir.resolve("_manifests"))
        || Files.isDirectory(dir.resolve("_tags"))
        || Files.isDirectory(dir.resolve("_blobs"));
  }

  /** Names of all repositories, unsorted. */
  List<String> repositories() throws IOException {
    List<String> names = new ArrayList<>();
    Files.walkFileTree(
        repositories,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName().toString();
            if (name.startsWith("_")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (!dir.equals(repositories)) {
              String repo = repositories.relativize(dir).toString().replace('\\', '/');
              if (hasRepository(repo)) {
                names.add(repo);
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return names;
  }

  // ------------------------------------------------------------------ referrers

  void addReferrer(String repo, Digest subject, Digest referrer, byte[] descriptorJson)
      throws IOException {
    referrerFiles.add(repoDir(repo), subject, referrer, descriptorJson);
  }

  void removeReferrer(String repo, Digest subject, Digest referrer) throws IOException {
    referrerFiles.remove(repoDir(repo), subject, referrer);
  }

  /** Descriptor JSON documents of the manifests that name {@code subject}. */
  List<byte[]> referrers(String repo, Digest subject) throws IOException {
    return referrerFiles.list(repoDir(repo), subject);
  }

  // ------------------------------------------------------------------ housekeeping

  /** A lock object per repository, for changes that touch several files of it. */
  Object repositoryLock(String repo) {
    return repoLocks.computeIfAbsent(repo, r -> new Object());
  }

  /** Every blob in the content store with its size. */
  List<Digest> allBlobs() throws IOException {
    List<Digest> all = new ArrayList<>();
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      Path dir = blobs.resolve(algorithm.ociName());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files
            .filter(Files::isRegularFile)
            .forEach(
                f -> {
                  try {
                    all.add(new Digest(algorithm, f.getFileName().toString()));
                  } catch (IllegalArgumentException e) {
                    // not ours; leave it alone
                  }
                });
      }
    }
    return all;
  }

  /** Deletes a blob from the content store; returns its size, or -1 when it was not there. */
  long deleteBlob(Digest digest) throws IOException {
    Path p = blobPath(digest);
    try {
      long size = Files.size(p);
      if (Durable.delete(p)) {
        quota.release(size);
        return size;
      }
    } catch (NoSuchFileException e) {
      // gone already
    }
    return -1;
  }

  private void clearTemporaryFiles() throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp)) {
      for (Path p : stream) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
