package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boot cache with real processes (issue 12, item 7): the master builds it once the
 * workers are ready and starts later workers from it; a corrupt class archive leaves the
 * workers starting and serving, and the cache is rebuilt; a new jar gets a cache of its
 * own, and the directory keeps only the newest two; a cache directory that cannot be
 * written leaves serving as it is, and the status says why. Each cluster has a cache
 * directory of its own. How much faster workers start is the benchmarks' business.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BootCacheIT {

	private static final Duration REPLACED = Duration.ofMinutes(1);

	@TempDir
	Path directory;

	@Test
	void cacheIsBuiltUsedAndRebuiltWhenItsArchiveIsCorrupt(TestInfo testInfo) throws Exception {
		Path cache = this.directory.resolve("cache");
		try (ClusterProcess cluster = startServing(ClusterProcess.builder(testInfo).workers(2), cache)) {
			ClusterActuator actuator = new ClusterActuator(cluster);
			ClusterStatus plain = actuator.status();
			assertThat(plain.processes()).as("first workers in %s", plain)
				.extracting(ClusterStatus.Worker::bootCache)
				.containsOnly(false);
			ClusterStatus.BootCache built = actuator.awaitBootCacheReady(null);
			assertThat(built.directory()).as("cache in %s", built).startsWith(cache.toString());

			long fromCache = replaceAWorker(cluster, actuator);
			assertThat(actuator.status().process(fromCache).orElseThrow().bootCache())
				.as("worker %d started from the cache%s", fromCache, cluster.describe())
				.isTrue();

			corrupt(archive(built));
			long withoutArchive = replaceAWorker(cluster, actuator);
			ClusterStatus afterCorruption = actuator.status();
			assertThat(afterCorruption.process(withoutArchive).orElseThrow().bootCache())
				.as("worker %d started from the corrupt cache: %s", withoutArchive, afterCorruption)
				.isFalse();
			cluster.awaitOutput("Not using the boot cache .* any more: Worker \\d \\(pid " + withoutArchive
					+ "\\) started from it, but its JVM did not use the class archive", Duration.ofSeconds(10));

			ClusterStatus.BootCache rebuilt = actuator.awaitBootCacheReady(built.directory());
			long fromRebuilt = replaceAWorker(cluster, actuator);
			assertThat(actuator.status().process(fromRebuilt).orElseThrow().bootCache())
				.as("worker %d started from the rebuilt cache %s%s", fromRebuilt, rebuilt, cluster.describe())
				.isTrue();
			assertThat(HttpConnection.get(cluster.port(), "/hello").status()).isEqualTo(200);
		}
	}

	@Test
	void cacheBuiltAheadWithBuildOnlyServesTheFirstWorkers(TestInfo testInfo) throws Exception {
		Path cache = this.directory.resolve("cache");
		try (ClusterProcess build = ClusterProcess.builder("BootCacheIT-buildOnly")
			.workers(2)
			.property(ClusterProcess.BOOT_CACHE_DIRECTORY, cache.toString())
			.property("cluster.boot-cache.build-only", "true")
			.start()) {
			assertThat(build.awaitExit(Duration.ofMinutes(3))).as("exit code of the build%s", build.describe())
				.isZero();
			assertThat(build.lines()).as("the build's output%s", build.describe())
				.anyMatch((line) -> line.contains("Boot cache ready in " + cache))
				.noneMatch((line) -> ClusterProcess.STARTING_WORKER.matcher(line).find())
				.noneMatch((line) -> line.contains("Cluster master (pid"));
			assertThat(build.runningDescendantsEverSeen()).as("processes left by the build%s", build.describe())
				.isEmpty();
		}
		try (ClusterProcess cluster = startServing(ClusterProcess.builder(testInfo).workers(2), cache)) {
			ClusterStatus status = new ClusterActuator(cluster).status();
			assertThat(status.bootCache().state()).as("cache in %s", status).isEqualTo("READY");
			assertThat(status.processes()).as("first workers in %s", status)
				.hasSize(2)
				.extracting(ClusterStatus.Worker::bootCache)
				.containsOnly(true);
		}
	}

	@Test
	void eachNewJarGetsACacheOfItsOwnAndOnlyTheNewestTwoAreKept(TestInfo testInfo) throws Exception {
		Path cache = this.directory.resolve("cache");
		Deployment deployment = Deployment.of(Files.createDirectory(this.directory.resolve("deploy")));
		try (ClusterProcess cluster = startServing(
				ClusterProcess.builder(testInfo).jar(deployment.jar()).workers(1), cache)) {
			ClusterActuator actuator = new ClusterActuator(cluster);
			List<String> caches = new ArrayList<>();
			caches.add(actuator.awaitBootCacheReady(null).directory());
			// two swaps make one cache more than the two kept (a third swap removed another the
			// same way, and took a quarter of a minute of CI)
			for (int swap = 1; swap <= 2; swap++) {
				deployment.swapIn(deployment.stageVersion("swap-" + swap));
				actuator.rollOut(ReloadTrigger.ENDPOINT);
				caches.add(actuator.awaitBootCacheReady(caches.get(caches.size() - 1)).directory());
			}
			cluster.note("caches: " + caches);
			assertThat(Set.copyOf(caches)).as("one cache per jar").hasSize(3);
			assertThat(Path.of(caches.get(0))).as("cache of the first jar after 2 swaps").doesNotExist();
			try (Stream<Path> entries = Files.list(Path.of(caches.get(2)).getParent())) {
				assertThat(entries.filter(Files::isDirectory)).as("entries kept")
					.containsExactlyInAnyOrder(Path.of(caches.get(1)), Path.of(caches.get(2)));
			}
			long fromCache = replaceAWorker(cluster, actuator);
			assertThat(actuator.status().process(fromCache).orElseThrow().bootCache()).as("worker from the cache")
				.isTrue();
		}
	}

	@Test
	void cacheDirectoryThatCannotBeWrittenLeavesServingAsItIsAndSaysWhy(TestInfo testInfo) throws Exception {
		// a directory under a regular file: not even root can create it
		Path file = Files.writeString(this.directory.resolve("file"), "not a directory");
		Path cache = file.resolve("cache");
		try (ClusterProcess cluster = startServing(ClusterProcess.builder(testInfo).workers(2), cache)) {
			ClusterActuator actuator = new ClusterActuator(cluster);
			ClusterStatus status = actuator.status();
			assertThat(status.bootCache().state()).as("boot cache in %s", status).isEqualTo("UNAVAILABLE");
			assertThat(status.bootCache().reason()).as("reason in %s", status).startsWith("Cannot use " + cache);
			long replacement = replaceAWorker(cluster, actuator);
			assertThat(actuator.status().process(replacement).orElseThrow().bootCache()).isFalse();
			assertThat(HttpConnection.get(cluster.port(), "/hello").status()).isEqualTo(200);
		}
	}

	/** Starts a cluster with its boot cache in {@code cache} and waits until every worker is ready. */
	private static ClusterProcess startServing(ClusterProcess.Builder builder, Path cache) {
		ClusterProcess cluster = builder.property(ClusterProcess.BOOT_CACHE_DIRECTORY, cache.toString()).start();
		try {
			cluster.awaitReadyWorkers(builder.workerCount(), ClusterProcess.STARTUP);
			return cluster;
		}
		catch (RuntimeException | AssertionError ex) {
			cluster.close();
			throw ex;
		}
	}

		/** Kills a worker and waits for its replacement to be ready. */
	private static long replaceAWorker(ClusterProcess cluster, ClusterActuator actuator) throws IOException {
		long victim = actuator.status().processes().get(0).pid();
		Set<Long> known = cluster.readyEvents()
			.stream()
			.map(ClusterProcess.WorkerReady::pid)
			.collect(Collectors.toSet());
		cluster.signal(victim, Signal.KILL);
		long replacement = cluster.awaitNewReadyWorker(known, REPLACED).pid();
		Waits.until("worker " + replacement + " in the status", Duration.ofSeconds(10),
				() -> actuator.status().process(replacement).map(ClusterStatus.Worker::bootCache),
				Optional::isPresent, cluster::describe);
		return replacement;
	}

	private static Path archive(ClusterStatus.BootCache cache) {
		Path directory = Path.of(cache.directory());
		return directory.resolve("AOT".equals(cache.archive()) ? "classes.aot" : "classes.jsa");
	}

	/** Overwrites the archive's header with random bytes. */
	private static void corrupt(Path archive) throws IOException {
		assertThat(archive).as("class archive").isRegularFile();
		archive.toFile().setWritable(true);
		byte[] garbage = new byte[4096];
		ThreadLocalRandom.current().nextBytes(garbage);
		try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
			file.write(garbage);
		}
	}

}
