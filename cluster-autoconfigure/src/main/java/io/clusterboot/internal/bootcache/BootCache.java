package io.clusterboot.internal.bootcache;

import java.io.Closeable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot cache of the master: for the jar on disk, an extracted copy and a class
 * archive that workers start from, kept per jar content, JDK and workers' JVM options.
 * It can only help: while it is built, and whenever it is missing, stale, corrupt or
 * cannot be built, workers start the plain way, and its status says why.
 * <p>
 * This class is the cache's state machine ({@link BootCacheState}): it decides when the
 * jar on disk is looked up and when its entry is built, on one background thread once
 * every worker is ready ({@link BootCacheWork}), discards an entry a worker could not
 * use, and tells how a worker starts. Where entries live, and which are kept, is the
 * {@link BootCacheStore}'s. Safe to use from any thread.
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

	private static final String WAITING = "Waits until every worker is ready, so that its training run does not "
			+ "slow their start";

	private final ArchiveKind kind;

	private final BootCacheStore store;

	private final BootCacheWork work;

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

	private BootCache(BootCacheSettings settings, Application application,
			Consumer<ClusterStatus.BootCache> listener) {
		this.kind = ArchiveKind.forRelease(Runtime.version().feature());
		this.store = new BootCacheStore(settings.directory().toAbsolutePath(), this.kind);
		Duration trainingTimeout = settings.trainingTimeout();
		this.work = new BootCacheWork(this.store, application,
				(workers) -> new BootCacheBuilder(workers, this.kind, trainingTimeout), this::finish,
				this::buildNeeded);
		this.listener = listener;
		this.background = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-boot-cache");
			thread.setDaemon(true);
			return thread;
		});
		String disabled = DisabledReason.of(settings, application);
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
	public static BootCache start(BootCacheSettings settings, Application application,
			Consumer<ClusterStatus.BootCache> listener) {
		BootCache cache = new BootCache(settings, application, listener);
		if (cache.state != BootCacheState.DISABLED) {
			cache.jar = JarIdentity.of(application.jar());
			// the entry of a jar seen before is found before the first worker starts
			cache.work.lookUp(cache.nextAttempt());
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
	public static ClusterStatus.BootCache prepare(BootCacheSettings settings, Application application) {
		try (BootCache cache = new BootCache(settings, application, (status) -> {
		})) {
			if (cache.state != BootCacheState.DISABLED) {
				cache.jar = JarIdentity.of(application.jar());
				long attempt = cache.nextAttempt();
				cache.work.lookUp(attempt);
				if (cache.buildPending) {
					cache.buildPending = false;
					cache.work.build(attempt);
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
	synchronized void refresh() {
		refresh(this.work.application());
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
		boolean sameApplication = application.equals(this.work.application());
		if (sameApplication && Objects.equals(current, this.jar)) {
			return;
		}
		this.jar = current;
		long attempt = nextAttempt();
		this.buildPending = false;
		// a training run of the jar that was is of no use now, and would slow the workers that start
		this.work.stop();
		if (!sameApplication) {
			this.work.use(application);
		}
		changed(BootCacheState.BUILDING, "Looking for the entry of the jar on disk");
		this.background.execute(() -> this.work.lookUp(attempt));
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
			this.background.execute(() -> this.work.build(attempt));
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
		this.store.markDiscarded(this.entry);
		nextAttempt();
		if (this.discardedKeys.add(BootCacheStore.keyOf(this.entry))) {
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
	 * Takes the outcome of the work of an attempt, unless a later attempt replaced it.
	 */
	private synchronized void finish(long attempt, Entry built, String failure) {
		if (attempt == this.attempt) {
			this.entry = built;
			changed((built != null) ? BootCacheState.READY : BootCacheState.UNAVAILABLE, failure);
		}
	}

	/**
	 * Notes that the jar on disk has no entry, unless a later attempt replaced this one:
	 * it is built once every worker is ready ({@link #buildIfNeeded()}).
	 */
	private synchronized void buildNeeded(long attempt) {
		if (attempt == this.attempt) {
			this.buildPending = true;
			changed(BootCacheState.BUILDING, WAITING);
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

	@Override
	public void close() {
		this.background.shutdownNow();
		this.work.stop();
		this.store.close();
	}

}
