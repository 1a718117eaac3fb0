package io.clusterboot.internal.bootcache;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.internal.bootcache.BootCacheBuilder.BuildException;
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * The boot cache of the master: for the jar on disk, an extracted copy and a class
 * archive that workers start from, kept per jar content, JDK and workers' JVM options.
 * It can only help: while it is built, and whenever it is missing, stale, corrupt or
 * cannot be built, workers start the plain way, and its status says why.
 * <p>
 * Entries live in a directory of their own per application jar, in a directory only the
 * master's user can write. A new jar on disk gets an entry of its own, built in the
 * background by one thread; the two newest entries of a jar are kept (the older one may
 * still run draining workers), older ones are removed. Safe to use from any thread.
 *
 * @author ClusterBoot team
 */
public final class BootCache implements Closeable {

	/**
	 * Environment variable set in the processes that build the cache: a training run
	 * runs the application as a single process.
	 */
	public static final String TRAINING_ENVIRONMENT = "CLUSTERBOOT_BOOT_CACHE_TRAINING";

	/**
	 * Environment variable that names the class archive a worker was started from, so
	 * that it can tell whether its JVM uses it.
	 */
	public static final String ARCHIVE_ENVIRONMENT = "CLUSTERBOOT_BOOT_CACHE_ARCHIVE";

	private static final Logger logger = LoggerFactory.getLogger(BootCache.class);

	private static final int KEPT_ENTRIES = 2;

	private static final String DISCARDED_FILE = "discarded";

	/** The file of a jar's entries that a master using them holds a lock on. */
	private static final String IN_USE_FILE = "in-use";

	private static final String WAITING = "Waits until every worker is ready, so that its training run does not "
			+ "slow their start";

	private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.OTHERS_WRITE);

	/**
	 * How workers run the application: a reload may change their JVM options.
	 */
	private volatile Application application;

	private final Path root;

	private final ArchiveKind kind;

	private final Duration trainingTimeout;

	private volatile BootCacheBuilder builder;

	private final Consumer<ClusterStatus.BootCache> listener;

	private final ExecutorService background;

	private final Set<String> discardedKeys = new HashSet<>();

	private BootCacheState state;

	private String reason;

	private Entry entry;

	/**
	 * The jar on disk the state is about: the one being built for, or built for.
	 */
	private JarIdentity jar;

	private long attempt;

	/**
	 * Whether the jar on disk needs an entry that is to be built once no worker starts.
	 */
	private boolean buildPending;

	/**
	 * The lock on the jar's entries that says that this master uses them.
	 */
	private FileLock inUse;

	private BootCache(ClusterProperties.BootCache settings, Application application,
			Consumer<ClusterStatus.BootCache> listener) {
		this.application = application;
		this.root = settings.resolveDirectory().toAbsolutePath();
		this.kind = ArchiveKind.forRelease(Runtime.version().feature());
		this.trainingTimeout = settings.getTrainingTimeout();
		this.builder = new BootCacheBuilder(application, this.kind, this.trainingTimeout);
		this.listener = listener;
		this.background = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-boot-cache");
			thread.setDaemon(true);
			return thread;
		});
		String disabled = disabledReason(settings, application);
		this.state = (disabled != null) ? BootCacheState.DISABLED : BootCacheState.BUILDING;
		this.reason = disabled;
	}

	/**
	 * Starts the boot cache of an application: finds the entry of the jar on disk, or
	 * starts building it in the background.
	 * @param settings the boot cache's settings
	 * @param application how workers run the application
	 * @param listener told of every change of the cache's status, on any thread
	 * @return the boot cache
	 */
	public static BootCache start(ClusterProperties.BootCache settings, Application application,
			Consumer<ClusterStatus.BootCache> listener) {
		BootCache cache = new BootCache(settings, application, listener);
		if (cache.state != BootCacheState.DISABLED) {
			cache.jar = JarIdentity.of(application.jar());
			// the entry of a jar seen before is found before the first worker starts
			cache.lookUp(cache.nextAttempt());
		}
		return cache;
	}

	/**
	 * Builds the entry of the jar on disk now, on the calling thread, unless it has one
	 * already: for an image build, so that the containers' first workers start from it.
	 * @param settings the boot cache's settings
	 * @param application how workers run the application
	 * @return the cache's status at the end: {@code READY}, or why it is not
	 */
	public static ClusterStatus.BootCache prepare(ClusterProperties.BootCache settings, Application application) {
		try (BootCache cache = new BootCache(settings, application, (status) -> {
		})) {
			if (cache.state != BootCacheState.DISABLED) {
				cache.jar = JarIdentity.of(application.jar());
				long attempt = cache.nextAttempt();
				cache.lookUp(attempt);
				if (cache.buildPending) {
					cache.buildPending = false;
					cache.build(attempt);
				}
			}
			return cache.status();
		}
	}

	/**
	 * Returns how to start the next worker: from the cache if it is ready for the jar on
	 * disk, else the plain way. A jar that changed on disk since the cache was made is
	 * started the plain way, and gets a cache of its own.
	 * @return how to start the worker
	 */
	public synchronized Launch launch() {
		if (this.state == BootCacheState.DISABLED) {
			return Launch.PLAIN;
		}
		refresh();
		if (this.state != BootCacheState.READY) {
			return Launch.PLAIN;
		}
		return new Launch(this.entry.jar(), List.of(this.kind.useOption(this.entry.archive())),
				this.entry.archive());
	}

	/**
	 * Returns how to start the next worker that gets a debugger agent: as
	 * {@link #launch()} where the class archive allows the agent (an AppCDS archive does),
	 * else the plain way: a JVM refuses an AOT cache with linked classes next to a JDWP
	 * agent, and one that started without the archive would have the cache discarded.
	 * @return how to start the worker
	 */
	public Launch launchWithDebugger() {
		return (this.kind == ArchiveKind.AOT) ? Launch.PLAIN : launch();
	}

	/**
	 * Looks at the jar on disk again, as a reload does: a new jar uses its entry if it
	 * has one (a jar rolled back to), else gets one built; the same jar keeps its cache,
	 * or its reason for having none.
	 */
	public synchronized void refresh() {
		refresh(this.application);
	}

	/**
	 * Looks at the jar on disk again for workers that run it another way: a reload read
	 * other JVM options for them, which need an entry of their own.
	 * @param application how workers run the application from now on
	 */
	public synchronized void refresh(Application application) {
		if (this.state == BootCacheState.DISABLED) {
			return;
		}
		JarIdentity current = JarIdentity.of(application.jar());
		boolean sameApplication = application.equals(this.application);
		if (sameApplication && Objects.equals(current, this.jar)) {
			return;
		}
		this.jar = current;
		long attempt = nextAttempt();
		this.buildPending = false;
		// a training run of the jar that was is of no use now, and would slow the workers that start
		this.builder.stop();
		if (!sameApplication) {
			this.application = application;
			this.builder = new BootCacheBuilder(application, this.kind, this.trainingTimeout);
		}
		changed(BootCacheState.BUILDING, "Looking for the entry of the jar on disk");
		this.background.execute(() -> lookUp(attempt));
	}

	/**
	 * Builds the entry the jar on disk needs, if it needs one: the master calls this once
	 * every worker is ready, so that the training run never slows a worker's start.
	 */
	public synchronized void buildIfNeeded() {
		if (this.buildPending) {
			this.buildPending = false;
			long attempt = this.attempt;
			changed(BootCacheState.BUILDING, null);
			this.background.execute(() -> build(attempt));
		}
	}

	/**
	 * Gives up the cache that a worker started from and could not use: it is built once
	 * more, and if that one fails too, the cache is reported unavailable for this jar.
	 * @param why what the worker did
	 */
	public synchronized void discard(String why) {
		if (this.state != BootCacheState.READY) {
			return;
		}
		logger.warn("Not using the boot cache {} any more: {}", this.entry.directory(), why);
		markDiscarded(this.entry);
		nextAttempt();
		if (this.discardedKeys.add(keyOf(this.entry.directory()))) {
			this.buildPending = true;
			changed(BootCacheState.BUILDING, WAITING);
		}
		else {
			changed(BootCacheState.UNAVAILABLE, "Discarded twice for this jar; the last time: " + why);
		}
	}

	/**
	 * Returns the cache's status.
	 * @return the status
	 */
	public synchronized ClusterStatus.BootCache status() {
		boolean none = this.state == BootCacheState.DISABLED;
		return new ClusterStatus.BootCache(this.state, this.reason, none ? null : this.kind.name(),
				(this.entry != null && this.state == BootCacheState.READY) ? this.entry.directory().toString() : null);
	}

	/**
	 * Uses the ready entry of the jar on disk, or asks for one to be built.
	 */
	private void lookUp(long attempt) {
		Location location = locate(attempt);
		if (location == null) {
			return;
		}
		pruneJarsGone(location.scope());
		Entry found = findReady(location.scope(), location.key());
		if (found != null) {
			finish(attempt, found, null);
			return;
		}
		synchronized (this) {
			if (attempt == this.attempt) {
				this.buildPending = true;
				changed(BootCacheState.BUILDING, WAITING);
			}
		}
	}

	private void build(long attempt) {
		Location location = locate(attempt);
		if (location == null) {
			return;
		}
		Path scope = location.scope();
		Path directory = scope.resolve(location.key() + "-" + System.currentTimeMillis());
		logger.info("Building the boot cache of {} in {}: workers start the plain way meanwhile",
				this.application.jar().getFileName(), directory);
		try {
			Entry built = this.builder.build(directory);
			if (!Objects.equals(location.jar(), JarIdentity.of(this.application.jar()))) {
				// the extraction may have read the new jar: its entry would hold it under the old one's key
				throw new BuildException("The jar changed on disk while its boot cache was built; the jar on disk "
						+ "gets one of its own");
			}
			prune(scope, built);
			logger.info("Boot cache of {} is ready: workers start from it", this.application.jar().getFileName());
			finish(attempt, built, null);
		}
		catch (BuildException | RuntimeException ex) {
			String failure = (ex instanceof BuildException) ? ex.getMessage() : "Building failed: " + ex;
			logger.warn("Could not build the boot cache of {}; workers start the plain way: {}",
					this.application.jar().getFileName(), failure);
			finish(attempt, null, failure);
			delete(directory);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			delete(directory);
		}
	}

	/**
	 * Returns where the entries of the jar on disk go and their key, or {@code null}
	 * once the attempt is finished as unavailable because the directory cannot be used.
	 */
	private Location locate(long attempt) {
		try {
			JarIdentity jar = JarIdentity.of(this.application.jar());
			return new Location(scope(), key(), jar);
		}
		catch (IOException ex) {
			finish(attempt, null, "Cannot use " + this.root + ": " + ex.getMessage());
			return null;
		}
	}

	private synchronized void finish(long attempt, Entry built, String failure) {
		if (attempt == this.attempt) {
			this.entry = built;
			changed((built != null) ? BootCacheState.READY : BootCacheState.UNAVAILABLE, failure);
		}
	}

	private void changed(BootCacheState state, String reason) {
		this.state = state;
		this.reason = reason;
		this.listener.accept(status());
	}

	private long nextAttempt() {
		return ++this.attempt;
	}

	/**
	 * Returns the directory of this jar's entries, made private to this user; the root
	 * must be private too, since workers run the code it holds.
	 */
	private Path scope() throws IOException {
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
		String jarName = this.application.jar().getFileName().toString().replaceFirst("\\.jar$", "");
		String path = hex(sha256(this.application.jar().toAbsolutePath().toString()));
		Path scope = this.root.resolve(jarName + "-" + path.substring(0, 8));
		Files.createDirectories(scope);
		holdInUse(scope);
		return scope;
	}

	/**
	 * Locks the jar's entries for as long as this master runs, so that no other master
	 * removes them: the lock goes with the process, however it ends.
	 */
	private synchronized void holdInUse(Path scope) {
		if (this.inUse != null) {
			return;
		}
		try {
			FileChannel channel = FileChannel.open(scope.resolve(IN_USE_FILE), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			this.inUse = channel.tryLock();
			if (this.inUse == null) {
				// another master of the same jar holds it
				channel.close();
			}
		}
		catch (IOException | OverlappingFileLockException ex) {
			logger.debug("Could not lock {}", scope, ex);
		}
	}

	private static boolean isInUse(Path scope) {
		Path file = scope.resolve(IN_USE_FILE);
		if (!Files.exists(file)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock()) {
			return lock == null;
		}
		catch (IOException | OverlappingFileLockException ex) {
			return true;
		}
	}

	/**
	 * Returns the key of the jar on disk: its content, the JDK and the workers' JVM
	 * options, which a class archive must match.
	 */
	private String key() throws IOException {
		MessageDigest digest = digest();
		try (InputStream input = Files.newInputStream(this.application.jar())) {
			byte[] buffer = new byte[64 * 1024];
			for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
				digest.update(buffer, 0, read);
			}
		}
		digest.update(String.join("\n", System.getProperty("java.home"), System.getProperty("java.vm.version"),
				String.join(" ", this.application.jvmArguments())).getBytes(StandardCharsets.UTF_8));
		return hex(digest.digest()).substring(0, 20);
	}

	private Entry findReady(Path scope, String key) {
		try (Stream<Path> entries = Files.list(scope)) {
			return entries.filter((directory) -> directory.getFileName().toString().startsWith(key + "-"))
				.filter((directory) -> Files.isRegularFile(directory.resolve(BootCacheBuilder.READY_FILE))
						&& !Files.exists(directory.resolve(DISCARDED_FILE)))
				.max(Comparator.comparing((directory) -> directory.getFileName().toString()))
				.map((directory) -> new Entry(directory, this.application.jar().getFileName().toString(), this.kind))
				.filter((entry) -> Files.isRegularFile(entry.jar()) && Files.isRegularFile(entry.archive()))
				.orElse(null);
		}
		catch (IOException | UncheckedIOException ex) {
			return null;
		}
	}

	/**
	 * Removes all but the newest entries of this jar, oldest first.
	 */
	private void prune(Path scope, Entry kept) {
		try (Stream<Path> entries = Files.list(scope)) {
			List<Path> newestFirst = entries.filter(Files::isDirectory)
				.sorted(Comparator.comparing(BootCache::builtAt).reversed())
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

	/**
	 * Removes the entries of jars that are no longer on disk, so that the directory stays
	 * bounded where each version has a file name of its own ({@code app-1.3.jar} after
	 * {@code app-1.2.jar}): a jar's entries name it in their ready file. Another
	 * application's, whose jar is there, those a running master uses (its jar removed
	 * after it started) and those being built (nothing ready yet) are kept.
	 */
	private void pruneJarsGone(Path scope) {
		try (Stream<Path> scopes = Files.list(this.root)) {
			scopes.filter((other) -> !other.equals(scope) && Files.isDirectory(other, LinkOption.NOFOLLOW_LINKS))
				.filter((other) -> isOfJarGone(other) && !isInUse(other))
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

	private void markDiscarded(Entry discarded) {
		try {
			Files.writeString(discarded.directory().resolve(DISCARDED_FILE), "");
		}
		catch (IOException ex) {
			logger.debug("Could not mark {} discarded", discarded.directory(), ex);
		}
	}

	/**
	 * Returns the key of an entry: its directory is named {@code <key>-<built at>}.
	 */
	private static String keyOf(Path directory) {
		String name = directory.getFileName().toString();
		return name.substring(0, Math.max(0, name.lastIndexOf('-')));
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

	private void delete(Path directory) {
		try {
			FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", directory, ex);
		}
	}

	private static String disabledReason(ClusterProperties.BootCache settings, Application application) {
		if (!settings.isEnabled()) {
			return "cluster.boot-cache.enabled is false";
		}
		if (application.jar() == null) {
			return "the application does not run with java -jar";
		}
		if (!System.getProperty("java.vm.name", "").contains("HotSpot")
				&& !System.getProperty("java.vm.name", "").contains("OpenJDK")) {
			return "the JVM (" + System.getProperty("java.vm.name") + ") has no class archive ClusterBoot knows";
		}
		for (String option : application.jvmArguments()) {
			if (ArchiveKind.ARCHIVE_OPTIONS.stream().anyMatch(option::startsWith)) {
				return "the JVM options choose a class archive of their own (" + option + ")";
			}
		}
		return null;
	}

	private static byte[] sha256(String text) {
		return digest().digest(text.getBytes(StandardCharsets.UTF_8));
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

	@Override
	public void close() {
		this.background.shutdownNow();
		this.builder.stop();
		synchronized (this) {
			if (this.inUse != null) {
				try {
					this.inUse.channel().close();
				}
				catch (IOException ex) {
					logger.debug("Could not unlock the boot cache", ex);
				}
			}
		}
	}

	/**
	 * What tells a jar file from another without reading it: which file it is, its size
	 * and when it was written. A deploy's atomic rename makes it another file.
	 *
	 * @param fileKey the file's identity
	 * @param size its size
	 * @param modified when it was last written, in milliseconds
	 */
	record JarIdentity(Object fileKey, long size, long modified) {

		static JarIdentity of(Path jar) {
			try {
				BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
				return new JarIdentity(attributes.fileKey(), attributes.size(),
						attributes.lastModifiedTime().toMillis());
			}
			catch (IOException ex) {
				return null;
			}
		}

	}

	/**
	 * Where the entries of one jar go, and the key of its content.
	 *
	 * @param scope the directory of the jar's entries
	 * @param key the key of the jar's content, JDK and JVM options
	 * @param jar the jar file the key was made of
	 */
	private record Location(Path scope, String key, JarIdentity jar) {
	}

}
