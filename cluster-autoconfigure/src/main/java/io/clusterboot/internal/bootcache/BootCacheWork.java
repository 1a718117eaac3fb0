package io.clusterboot.internal.bootcache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongConsumer;

import io.clusterboot.internal.bootcache.BootCacheBuilder.BuildException;
import io.clusterboot.internal.bootcache.BootCacheStore.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot cache's work on disk for the application as workers run it now: finding the
 * ready entry of the jar on disk in the {@link BootCacheStore}, and building one with a
 * {@link BootCacheBuilder}. It runs on the cache's background thread, or on the caller's
 * for an image build. Each piece of work belongs to an attempt of the {@link BootCache},
 * which it tells how it ended; the cache takes the outcome only while the attempt is its
 * latest, so that work on a jar that changed meanwhile goes unused.
 *
 * @author ClusterBoot team
 */
final class BootCacheWork {

	private static final Logger logger = LoggerFactory.getLogger(BootCacheWork.class);

	private final BootCacheStore store;

	private final Function<Application, BootCacheBuilder> builders;

	private final Outcome finish;

	private final LongConsumer buildNeeded;

	/**
	 * How workers run the application: a reload may change their JVM options.
	 */
	private volatile Application application;

	private volatile BootCacheBuilder builder;

	/**
	 * Creates the work of a cache.
	 * @param store where the entries live
	 * @param application how workers run the application
	 * @param builders makes the builder of an entry for workers that run the application
	 * a given way
	 * @param finish told that an attempt found or built its entry, or why it has none
	 * @param buildNeeded told that an attempt found no entry: one is to be built
	 */
	BootCacheWork(BootCacheStore store, Application application, Function<Application, BootCacheBuilder> builders,
			Outcome finish, LongConsumer buildNeeded) {
		this.store = store;
		this.builders = builders;
		this.finish = finish;
		this.buildNeeded = buildNeeded;
		use(application);
	}

	Application application() {
		return this.application;
	}

	/**
	 * Works for workers that run the application another way from now on.
	 * @param application how they run it
	 */
	void use(Application application) {
		this.application = application;
		this.builder = this.builders.apply(application);
	}

	/**
	 * Uses the ready entry of the jar on disk, or asks for one to be built.
	 * @param attempt the cache's attempt this look-up is for
	 */
	void lookUp(long attempt) {
		Location location = locate(attempt);
		if (location == null) {
			return;
		}
		this.store.pruneJarsGone(location.scope());
		Entry found = this.store.findReady(location, this.application.jar());
		if (found != null) {
			this.finish.finish(attempt, found, null);
			return;
		}
		this.buildNeeded.accept(attempt);
	}

	/**
	 * Builds the entry of the jar on disk, and keeps the newest entries of the jar.
	 * @param attempt the cache's attempt this build is for
	 */
	void build(long attempt) {
		Location location = locate(attempt);
		if (location == null) {
			return;
		}
		Path directory = this.store.newEntry(location);
		logger.info("Building the boot cache of {} in {}: workers start the plain way meanwhile",
				this.application.jar().getFileName(), directory);
		try {
			Entry built = this.builder.build(directory);
			if (!Objects.equals(location.jar(), JarIdentity.of(this.application.jar()))) {
				// the extraction may have read the new jar: its entry would hold it under the old one's key
				throw new BuildException("The jar changed on disk while its boot cache was built; the jar on disk "
						+ "gets one of its own");
			}
			this.store.prune(location.scope(), built);
			logger.info("Boot cache of {} is ready: workers start from it", this.application.jar().getFileName());
			this.finish.finish(attempt, built, null);
		}
		catch (BuildException | RuntimeException ex) {
			String failure = (ex instanceof BuildException) ? ex.getMessage() : "Building failed: " + ex;
			logger.warn("Could not build the boot cache of {}; workers start the plain way: {}",
					this.application.jar().getFileName(), failure);
			this.finish.finish(attempt, null, failure);
			this.store.delete(directory);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.store.delete(directory);
		}
	}

	/**
	 * Returns where the entries of the jar on disk go and their key, or {@code null}
	 * once the attempt is finished as unavailable because the directory cannot be used.
	 */
	private Location locate(long attempt) {
		try {
			return this.store.locate(this.application);
		}
		catch (IOException ex) {
			this.finish.finish(attempt, null, "Cannot use " + this.store.root() + ": " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Kills the training run or extraction that runs, if any: the build fails.
	 */
	void stop() {
		this.builder.stop();
	}

	/**
	 * How the work of an attempt ended.
	 */
	@FunctionalInterface
	interface Outcome {

		/**
		 * Called once an attempt found or built its entry, or knows why it has none.
		 * @param attempt the attempt
		 * @param entry the entry, or {@code null}
		 * @param failure why there is none, or {@code null}
		 */
		void finish(long attempt, Entry entry, String failure);

	}

}
