package io.clusterboot.internal.bootcache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * Where the boot cache's entries live on disk, and what keeps that directory bounded. The
 * root must be private to the master's user, since workers run the code it holds. Each
 * application jar, by its path, has a directory of its own there (its scope), locked by
 * the masters that use it ({@link InUseLock}); each build makes an entry directory in it,
 * named {@code <key>-<built at>}, whose key is made of the jar's content, the JDK and the
 * workers' JVM options, which a class archive must match.
 * <p>
 * The two newest entries of a jar are kept: the older one may still run draining
 * workers. The entries of jars that are no longer on disk are removed, so that the root
 * stays bounded where each version has a file name of its own.
 *
 * @author ClusterBoot team
 */
final class BootCacheStore {

	private static final Logger logger = LoggerFactory.getLogger(BootCacheStore.class);

	private static final int KEPT_ENTRIES = 2;

	private static final String DISCARDED_FILE = "discarded";

	private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.OTHERS_WRITE);

	private final Path root;

	private final ArchiveKind kind;

	private final InUseLock inUse = new InUseLock();

	BootCacheStore(Path root, ArchiveKind kind) {
		this.root = root;
		this.kind = kind;
	}

	Path root() {
		return this.root;
	}

	/**
	 * Returns where the entries of the application's jar go and their key, and holds the
	 * lock of the jar's entries from then on.
	 * @param application how workers run the application
	 * @return where its entries go
	 * @throws IOException if the root cannot be used or the jar cannot be read
	 */
	Location locate(Application application) throws IOException {
		JarIdentity jar = JarIdentity.of(application.jar());
		return new Location(scope(application.jar()), key(application), jar);
	}

	/**
	 * Returns the directory of this jar's entries, made private to this user; the root
	 * must be private too, since workers run the code it holds.
	 */
	private Path scope(Path applicationJar) throws IOException {
		Files.createDirectories(this.root,
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		String owner = Files.getOwner(this.root, LinkOption.NOFOLLOW_LINKS).getName();
		if (!owner.equals(System.getProperty("user.name"))
				|| Files.getPosixFilePermissions(this.root, LinkOption.NOFOLLOW_LINKS).stream()
					.anyMatch(OPEN_TO_OTHERS::contains)) {
			throw new IOException("the directory is not private to user " + System.getProperty("user.name")
					+ " (owner " + owner + ", permissions "
					+ PosixFilePermissions.toString(Files.getPosixFilePermissions(this.root)) + ")");
		}
		String jarName = applicationJar.getFileName().toString().replaceFirst("\\.jar$", "");
		String path = hex(digest().digest(applicationJar.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)));
		Path scope = this.root.resolve(jarName + "-" + path.substring(0, 8));
		Files.createDirectories(scope);
		this.inUse.hold(scope);
		return scope;
	}

	/**
	 * Returns the key of the jar on disk: its content, the JDK and the workers' JVM
	 * options, which a class archive must match.
	 */
	private static String key(Application application) throws IOException {
		MessageDigest digest = digest();
		try (InputStream input = Files.newInputStream(application.jar())) {
			byte[] buffer = new byte[64 * 1024];
			for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
				digest.update(buffer, 0, read);
			}
		}
		digest.update(String.join("\n", System.getProperty("java.home"), System.getProperty("java.vm.version"),
				String.join(" ", application.jvmArguments())).getBytes(StandardCharsets.UTF_8));
		return hex(digest.digest()).substring(0, 20);
	}

	/**
	 * Returns the directory a new entry is built in.
	 * @param location where the jar's entries go
	 * @return a directory that does not exist yet
	 */
	Path newEntry(Location location) {
		return location.scope().resolve(location.key() + "-" + System.currentTimeMillis());
	}

	/**
	 * Returns the newest entry of a key that is ready and not discarded.
	 * @param location where the jar's entries go, and their key
	 * @param jar the application's jar
	 * @return the entry, or {@code null} if there is none
	 */
	Entry findReady(Location location, Path jar) {
		try (Stream<Path> entries = Files.list(location.scope())) {
			return entries.filter((directory) -> directory.getFileName().toString().startsWith(location.key() + "-"))
				.filter((directory) -> Files.isRegularFile(directory.resolve(BootCacheBuilder.READY_FILE))
						&& !Files.exists(directory.resolve(DISCARDED_FILE)))
				.max(Comparator.comparing((directory) -> directory.getFileName().toString()))
				.map((directory) -> new Entry(directory, jar.getFileName().toString(), this.kind))
				.filter((entry) -> Files.isRegularFile(entry.jar()) && Files.isRegularFile(entry.archive()))
				.orElse(null);
		}
		catch (IOException | UncheckedIOException ex) {
			return null;
		}
	}

	/**
	 * Marks an entry that a worker could not use, so that it is not found again.
	 * @param discarded the entry
	 */
	void markDiscarded(Entry discarded) {
		try {
			Files.writeString(discarded.directory().resolve(DISCARDED_FILE), "");
		}
		catch (IOException ex) {
			logger.debug("Could not mark {} discarded", discarded.directory(), ex);
		}
	}

	/**
	 * Returns the key of an entry: its directory is named {@code <key>-<built at>}.
	 * @param entry the entry
	 * @return its key
	 */
	static String keyOf(Entry entry) {
		String name = entry.directory().getFileName().toString();
		return name.substring(0, Math.max(0, name.lastIndexOf('-')));
	}

	/**
	 * Removes all but the newest entries of a jar, oldest first.
	 * @param scope the directory of the jar's entries
	 * @param kept the entry just built, which is kept whatever its name says
	 */
	void prune(Path scope, Entry kept) {
		try (Stream<Path> entries = Files.list(scope)) {
			List<Path> newestFirst = entries.filter(Files::isDirectory)
				.sorted(Comparator.comparing(BootCacheStore::builtAt).reversed())
				.toList();
			newestFirst.stream()
				.skip(KEPT_ENTRIES)
				.filter((directory) -> !directory.equals(kept.directory()))
				.forEach(this::delete);
		}
		catch (IOException | UncheckedIOException ex) {
			logger.debug("Could not prune the boot caches in {}", scope, ex);
		}
	}

	private static long builtAt(Path directory) {
		String name = directory.getFileName().toString();
		try {
			return Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Removes the entries of jars that are no longer on disk, so that the root stays
	 * bounded where each version has a file name of its own ({@code app-1.3.jar} after
	 * {@code app-1.2.jar}): a jar's entries name it in their ready file. Another
	 * application's, whose jar is there, those a running master uses (its jar removed
	 * after it started) and those being built (nothing ready yet) are kept.
	 * @param scope the directory of the entries of the jar on disk, which is kept
	 */
	void pruneJarsGone(Path scope) {
		try (Stream<Path> scopes = Files.list(this.root)) {
			scopes.filter((other) -> !other.equals(scope) && Files.isDirectory(other, LinkOption.NOFOLLOW_LINKS))
				.filter((other) -> isOfJarGone(other) && !InUseLock.isHeld(other))
				.forEach((gone) -> {
					logger.info("Removing the boot cache {}: its jar is gone", gone);
					delete(gone);
				});
		}
		catch (IOException | UncheckedIOException ex) {
			logger.debug("Could not prune the boot caches in {}", this.root, ex);
		}
	}

	private static boolean isOfJarGone(Path scope) {
		try (Stream<Path> entries = Files.list(scope)) {
			List<Path> ready = entries.map((entry) -> entry.resolve(BootCacheBuilder.READY_FILE))
				.filter(Files::isRegularFile)
				.toList();
			for (Path file : ready) {
				Path jar = Path.of(Files.readString(file).trim());
				// a relative path (written before paths were absolute) says nothing
				if (!jar.isAbsolute() || Files.exists(jar)) {
					return false;
				}
			}
			return !ready.isEmpty();
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Removes a directory and what it holds, as far as it can.
	 * @param directory the directory
	 */
	void delete(Path directory) {
		try {
			FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", directory, ex);
		}
	}

	/**
	 * Releases the lock of the jar's entries: another master may remove them once the
	 * jar is gone.
	 */
	void close() {
		this.inUse.release();
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * Where the entries of one jar go, and the key of its content.
	 *
	 * @param scope the directory of the jar's entries
	 * @param key the key of the jar's content, JDK and JVM options
	 * @param jar the jar file the key was made of
	 */
	record Location(Path scope, String key, JarIdentity jar) {
	}

}
